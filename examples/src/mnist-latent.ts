/**
 * Looking at what a latent model learned on binarized MNIST, as PNG grids:
 * - prototypes: each state of the root hidden variable, its expected image
 *   (P(pixel = 1 | root = k), exact for latent tree models);
 * - samples per state: images drawn with the root clamped to each state;
 * - reconstructions: test images, each followed by images drawn back from the
 *   exact posterior of its hidden variables.
 * Also prints the root's purity and NMI against the test labels (never seen in training).
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/mnist-latent.js [--model latent-class|tree-mixture|hidden-chow-liu|hierarchical|tiling-mixture] [--seed 7] [--out-dir examples/output] [--train-rows N] [--states K]
 */
import { performance } from 'node:perf_hooks'
import { createRng } from '@chainrule/models'
import type { ZooModelName } from '@chainrule/learn'
import { clusterScores, describeError as describeLearnError, learnZooModel } from '@chainrule/learn'
import { progressBar, workerThreads } from '@chainrule/learn/node'
import { fail, flag, loadMnist, option, unwrap } from './lib/mnist-load.js'
import { canvas, drawGray, writePng } from './lib/mnist-png.js'

const model = option('--model', 'latent-class') as ZooModelName
const seed = Number(option('--seed', '7'))
const dir = option('--out-dir', 'examples/output')
const splits = loadMnist()
// --train-rows N: learn on the first N training images only (a quick look).
const trainRows = Number(option('--train-rows', String(splits.train.rows)))
const train = { ...splits.train, rows: trainRows, pixels: splits.train.pixels.subarray(0, trainRows * 784), labels: splits.train.labels.subarray(0, trainRows) }
const { validation, test } = splits
const bar = progressBar(`training ${model}`, { quiet: flag('--quiet') })
const t0 = performance.now()
const states = option('--states', '')
// Worker threads pay for themselves on large sets only (each E-step starts them).
const fit = unwrap(
  await learnZooModel(model, train, validation, { ...(train.rows >= 10_000 ? { threads: workerThreads(2) } : {}), ...(states === '' ? {} : { latentStates: Number(states) }), progress: bar.update }),
  describeLearnError,
)
bar.finish()
const view = fit.latent ?? fail(`${model} has no hidden root to look at; try latent-class, tree-mixture, hidden-chow-liu, hierarchical or tiling-mixture`)
console.log(`${model}: trained in ${((performance.now() - t0) / 1000).toFixed(1)} s (${fit.description})`)
const clusters = unwrap(clusterScores(unwrap(view.assignments(test), describeLearnError), test.labels), describeLearnError)
console.log(`root ${view.root} (${view.rootStates} states): purity ${clusters.purity.toFixed(4)}, NMI ${clusters.nmi.toFixed(4)} on the test labels, ${clusters.clustersUsed} states used`)

const rng = createRng(seed)
const scale = 2
const cell = 28 * scale + 2
const shown = Math.min(view.rootStates, 50)
const columns = Math.min(10, shown)

// Prototypes: one expected image per root state.
const { means, exact } = unwrap(view.prototypes(rng), describeLearnError)
const p = canvas(columns * cell - 2, Math.ceil(shown / columns) * cell - 2)
const flat = new Float64Array(shown * 784)
for (let k = 0; k < shown; k++) flat.set(means[k]!, k * 784)
drawGray(p, flat, shown, 28, columns, 0, 0, scale)
const prototypes = `${dir}/latent-${model}-prototypes.png`
writePng(prototypes, p)
console.log(`wrote ${prototypes}: the ${shown} root states' ${exact ? 'expected images (exact)' : 'mean of 200 samples each'}`)

// Samples per state: a row of 10 per state (up to 16 states).
const rowsShown = Math.min(view.rootStates, 16)
const s = canvas(10 * cell - 2, rowsShown * cell - 2)
for (let k = 0; k < rowsShown; k++) drawGray(s, unwrap(view.sampleState(k, 10, rng), describeLearnError).pixels, 10, 28, 10, 0, k * cell, scale)
const samples = `${dir}/latent-${model}-samples.png`
writePng(samples, s)
console.log(`wrote ${samples}: 10 samples (seed ${seed}) with the root clamped to each of its first ${rowsShown} states, one state per row`)

// Reconstructions: 10 test images (first column of each pair of rows) and 3 draws back from each one's posterior.
const originals = { ...test, rows: 10, pixels: test.pixels.subarray(0, 10 * 784) }
const r = canvas(10 * cell - 2, 4 * cell - 2)
drawGray(r, originals.pixels, 10, 28, 10, 0, 0, scale)
for (let i = 1; i <= 3; i++) drawGray(r, unwrap(view.reconstruct(originals, rng), describeLearnError).pixels, 10, 28, 10, 0, i * cell, scale)
const reconstructions = `${dir}/latent-${model}-reconstructions.png`
writePng(reconstructions, r)
console.log(`wrote ${reconstructions}: top row 10 test images, below each 3 images drawn from its hidden posterior`)
