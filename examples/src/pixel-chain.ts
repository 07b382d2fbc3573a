/**
 * A 28x28 autoregressive chain: raster ordering, each pixel conditioned on a
 * causal window of 3 earlier neighbours. Prints the structure and its exact
 * parameter count (next to the chain rule's and the Markov chain's), fills
 * the tables by hand and samples a few images as ASCII art.
 *
 * Run: pnpm build && node examples/dist/pixel-chain.js
 */
import * as E from 'fp-ts/lib/Either.js'
import { edgeCount } from '@chainrule/graph'
import { ancestralSample, asciiImage, autoregressive, createRng, describeError, withTables } from '@chainrule/models'
import { unwrap } from './lib/print.js'

const grid = { width: 28, height: 28 }
const structure = unwrap(autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 3 } }))
const histogram = new Map<number, number>()
for (const ps of structure.parentIds) histogram.set(ps.length, (histogram.get(ps.length) ?? 0) + 1)

console.log('28x28 binary pixels, raster order, causal window of 3 (up, up-right, left)\n')
console.log(`variables       ${structure.names.length}`)
console.log(`edges           ${edgeCount(structure.dag)}`)
console.log(`max parents     ${structure.maxParents}`)
console.log(`pixels by parent count  ${[...histogram].sort((a, b) => a[0] - b[0]).map(([k, c]) => `${k}: ${c}`).join(', ')}`)
console.log(`free parameters ${structure.parameterCount}`)
console.log(`table entries   ${structure.tableEntryCount}`)
console.log(`parents of x5_y5: ${structure.parentIds[5 * 28 + 5]!.map((p) => structure.names[p]).join(', ')}\n`)

const markov = unwrap(autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } }))
const full = unwrap(autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } }))
const pad = (s: string) => s.padEnd(28)
console.log(`${pad('assumption')}free parameters`)
console.log(`${pad('previous pixel (Markov)')}${markov.parameterCount}`)
console.log(`${pad('causal window of 3')}${structure.parameterCount}`)
console.log(`${pad('full history (chain rule)')}${full.parameterCount}`)
const refused = withTables(full, () => [0.5, 0.5])
if (E.isLeft(refused)) console.log(`full-history tables: ${describeError(refused.left[0]!)}\n`)

// Hand-set tables: a pixel is on with a probability that grows with its lit neighbours,
// which grows blobs; a faint bias switches pixels on out of nothing.
const bn = unwrap(
  withTables(structure, (_v, parentStates) => {
    let lit = 0
    for (let j = 0; j < parentStates.length; j++) lit += parentStates[j]!
    const on = parentStates.length === 0 ? 0.1 : [0.03, 0.45, 0.85, 0.97][lit]!
    return [1 - on, on]
  }),
)
const samples = unwrap(ancestralSample(bn, 3, createRng(28)))
const images = [0, 1, 2].map((r) => asciiImage(samples, r, grid, '.#').split('\n'))
console.log('three samples (seed 28):\n')
for (let y = 0; y < grid.height; y++) console.log(images.map((lines) => lines[y]).join('   '))
