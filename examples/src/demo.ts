/**
 * The main demo of chainrule: a short tour of the mission.
 * 1. What modelling assumptions cost, exactly (bigint parameter counts).
 * 2. A network declared in code, compiled once into a junction tree and queried
 *    exactly: every posterior marginal, and the most probable explanation.
 * 3. Which variables are independent of which, given what (d-separation, with a witness trail).
 * 4. Seeing is not doing: an observation against an intervention, on the same compiled tree.
 * 5. Samples drawn with a seed, next to the exact answer.
 * 6. The graph learned back from the samples, against the true one.
 * 7. A small autoregressive image chain, sampled and printed as ASCII.
 *
 * Run: npm run demo (or: pnpm build && node examples/dist/demo.js)
 */
import { activeTrail, dSeparated } from '@chainrule/graph'
import { compile, marginals, mpe, toRecord } from '@chainrule/infer'
import * as O from 'fp-ts/lib/Option.js'
import {
  ancestralSample,
  asciiImage,
  autoregressive,
  createRng,
  defineNetwork,
  frequencies,
  fullJointParameters,
  independentParameters,
  likelihoodWeighting,
  markovParameters,
  parameterCount,
  withTables,
} from '@chainrule/models'
import { fromSamples, memorySource } from '@chainrule/data'
import { arcsOf, compareGraphs, cpdagOf, learnStructure, undirectedOf } from '@chainrule/structure'
import { unwrap } from './lib/print.js'

const pixels = Array<number>(784).fill(2)
const joint = unwrap(fullJointParameters(pixels)).toString()

console.log('chainrule: discrete Bayesian networks, exact\n')
console.log('1. What each assumption costs (28x28 binary image, exact counts)')
console.log(`   one RGB pixel, full joint       ${unwrap(fullJointParameters([256, 256, 256]))}`)
console.log(`   full joint / chain rule         2^784 - 1 = ${joint.slice(0, 20)}... (${joint.length} digits)`)
console.log(`   every pixel independent         ${unwrap(independentParameters(pixels))}`)
console.log(`   first-order Markov chain        ${unwrap(markovParameters(pixels, 1))}`)
const window = unwrap(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 3 } }))
console.log(`   causal window of 3 neighbours   ${window.parameterCount}\n`)

const bn = unwrap(
  defineNetwork({
    states: { cloudy: ['no', 'yes'], sprinkler: ['off', 'on'], rain: ['no', 'yes'], wet: ['no', 'yes'] },
    parents: { sprinkler: ['cloudy'], rain: ['cloudy'], wet: ['sprinkler', 'rain'] },
    tables: {
      cloudy: [0.5, 0.5],
      sprinkler: { no: [0.5, 0.5], yes: [0.9, 0.1] },
      rain: { no: [0.8, 0.2], yes: [0.2, 0.8] },
      wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : sprinkler === 'on' && rain === 'yes' ? [0.01, 0.99] : [0.1, 0.9]),
    },
  }),
)
const engine = unwrap(compile(bn))
const posterior = toRecord(unwrap(marginals(engine, { evidence: { wet: 'yes' } })))
const exact = posterior.rain!
console.log(`2. The sprinkler network, declared in code (${parameterCount(bn)} parameters), queried exactly`)
console.log(`   P(rain = yes | wet = yes) = ${exact.yes!.toFixed(6)}`)
const best = unwrap(mpe(engine, { evidence: { wet: 'yes' } }))
console.log(`   compiled once (${engine.plan.clusters} clusters, largest ${engine.plan.largestCluster.entries} entries), every posterior given wet = yes:`)
for (const [variable, states] of Object.entries(posterior))
  console.log(`     ${variable.padEnd(10)} ${Object.entries(states).map(([s, p]) => `${s} ${p.toFixed(4)}`).join('   ')}`)
const explanation = Object.entries(best.assignment).map(([v, s]) => `${v}=${s}`).join(', ')
console.log(`   most probable explanation: ${explanation} (P = ${Math.exp(best.logProbability).toFixed(4)})\n`)

console.log('3. Independence, read off the graph (d-separation)')
for (const given of [[], ['cloudy'], ['cloudy', 'wet']]) {
  const separated = unwrap(dSeparated(bn.dag, ['sprinkler'], ['rain'], given))
  const trail = unwrap(activeTrail(bn.dag, 'sprinkler', 'rain', given))
  const why = separated ? 'yes' : `no: active trail ${O.isSome(trail) ? trail.value.join(' - ') : '?'}`
  console.log(`   sprinkler independent of rain${given.length > 0 ? ` given ${given.join(', ')}` : ''}? ${why}`)
}
console.log('')

const seen = toRecord(unwrap(marginals(engine, { evidence: { sprinkler: 'on' }, targets: ['rain'] }))).rain!.yes!
const done = toRecord(unwrap(marginals(engine, { do: { sprinkler: 'on' }, targets: ['rain'] }))).rain!.yes!
console.log('4. Seeing is not doing (same compiled tree; the intervention replaces one table for one question)')
console.log(`   P(rain = yes | sprinkler = on)     = ${seen.toFixed(4)}   seeing the sprinkler on says the sky is probably clear`)
console.log(`   P(rain = yes | do(sprinkler = on)) = ${done.toFixed(4)}   turning it on says nothing about the weather\n`)

const n = 200_000
const forward = unwrap(ancestralSample(bn, n, createRng(7)))
const rainFreq = unwrap(frequencies(forward, 'rain'))[1]!
const rainExact = toRecord(unwrap(marginals(engine, { targets: ['rain'] }))).rain!.yes!
const weighted = unwrap(likelihoodWeighting(bn, { wet: 'yes' }, n, createRng(7)))
const posteriorFreq = unwrap(frequencies(weighted, 'rain'))[1]!
console.log(`5. ${n.toLocaleString('en-US')} samples (seed 7) against the exact answers`)
console.log('   quantity                     sampled     exact')
console.log(`   P(rain = yes)               ${rainFreq.toFixed(4).padStart(8)}  ${rainExact.toFixed(4).padStart(8)}   ancestral sampling`)
console.log(`   P(rain = yes | wet = yes)   ${posteriorFreq.toFixed(4).padStart(8)}  ${exact.yes!.toFixed(4).padStart(8)}   likelihood weighting\n`)

const rows = unwrap(fromSamples(forward))
const learned = unwrap(await learnStructure(memorySource(rows), { kind: 'tabu' }))
const found = cpdagOf(learned.dag)
const comparison = unwrap(compareGraphs(found, cpdagOf(bn.dag)))
const edges = [...arcsOf(found).map(([x, y]) => `${x} -> ${y}`), ...undirectedOf(found).map(([x, y]) => `${x} - ${y}`)]
console.log('6. The graph learned back from those samples (tabu search, BIC), as an equivalence class')
console.log(`   ${edges.join(', ')}`)
console.log(`   structural Hamming distance to the true graph's class: ${comparison.shd}\n`)

const grid = { width: 28, height: 12 }
const chain = unwrap(autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 3 } }))
const image = unwrap(
  withTables(chain, (_v, parents) => {
    let lit = 0
    for (let j = 0; j < parents.length; j++) lit += parents[j]!
    const on = parents.length === 0 ? 0.1 : [0.03, 0.45, 0.85, 0.97][lit]!
    return [1 - on, on]
  }),
)
console.log(`7. An autoregressive image chain: 28x12 pixels, raster order, 3-pixel causal window, ${chain.parameterCount} parameters`)
const samples = unwrap(ancestralSample(image, 2, createRng(3)))
const [a, b] = [0, 1].map((r) => asciiImage(samples, r, grid, '.#').split('\n'))
for (let y = 0; y < grid.height; y++) console.log(`   ${a![y]}   ${b![y]}`)
