/**
 * The MNIST table: every zoo model of @chainrule/learn learned on binarized
 * MNIST (train 50k, early stopping / smoothing on validation 10k) and scored
 * on the 10k test images: test NLL in nats per image (lower is better), bits
 * per dimension, train and scoring time, model size; published anchors below.
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/mnist-table.js [--json] [--quiet] [--workers 1|2] [--models fvsbn,mixed]
 * (about 10 minutes on 2 cores)
 */
import { performance } from 'node:perf_hooks'
import { createRng } from '@chainrule/models'
import { MNIST_PROTOCOL } from '@chainrule/data'
import type { BinaryChain, ZooModelName } from '@chainrule/learn'
import { ZOO_MODELS, chainStoredNumbers, describeError as describeLearnError, learnZooModel, nllSummary } from '@chainrule/learn'
import { progressBar, workerThreads } from '@chainrule/learn/node'
import { fail, flag, loadMnist, option, unwrap } from './lib/mnist-load.js'

const json = flag('--json')
const quiet = flag('--quiet') || json
const workers = Number(option('--workers', '2'))
const models = option('--models', ZOO_MODELS.join(',')).split(',') as ZooModelName[]
for (const m of models) if (!ZOO_MODELS.includes(m)) fail(`unknown model ${m}; expected one of ${ZOO_MODELS.join(', ')}`)

const { train, validation, test } = loadMnist()
const rows: Record<string, string | number>[] = []
let rasterMixed: BinaryChain | undefined
for (const name of models) {
  const bar = progressBar(`training ${name}`, { quiet })
  const start = performance.now()
  // The mixture's raster component is the mixed model: reuse it when it was just trained.
  const reuse = name === 'mixture' && rasterMixed !== undefined ? { rasterMixed } : {}
  const fit = unwrap(await learnZooModel(name, train, validation, { ...(workers > 1 ? { threads: workerThreads(workers) } : {}), progress: bar.update, ...reuse }), describeLearnError)
  bar.finish()
  if (name === 'mixed') rasterMixed = fit.chains[0]
  // Reported train time of the mixture includes its reused raster component.
  const reusedSeconds = name === 'mixture' && reuse.rasterMixed !== undefined ? Number(rows.find((r) => r.model === 'mixed')?.trainSeconds ?? 0) : 0
  const trainSeconds = (performance.now() - start) / 1000 + reusedSeconds
  const t = performance.now()
  const ll = unwrap(fit.score(test), describeLearnError)
  const scoreMs = performance.now() - t
  // Seeded sampling of 100 images (timed after one warm-up call).
  fit.sample(10, createRng(2))
  const t2 = performance.now()
  fit.sample(100, createRng(1))
  const sampleMs = performance.now() - t2
  const s = nllSummary(ll, 784)
  const stored = fit.chains.reduce((sum, c) => sum + chainStoredNumbers(c), 0)
  const row = {
    model: name,
    testNll: Number(s.meanNll.toFixed(2)),
    standardError: Number(s.standardError.toFixed(2)),
    bitsPerDim: Number(s.bitsPerDimension.toFixed(4)),
    validationNll: Number((-unwrap(fit.score(validation), describeLearnError).reduce((a, b) => a + b, 0) / validation.rows).toFixed(2)),
    trainSeconds: Number(trainSeconds.toFixed(1)),
    scoreMsPer10k: Number(((scoreMs * 10_000) / test.rows).toFixed(0)),
    sample100Ms: Number(sampleMs.toFixed(1)),
    parameters: fit.parameters,
    storedMB: Number(((stored * 8) / 2 ** 20).toFixed(1)),
    description: fit.description,
  }
  rows.push(row)
  if (!json) console.error(`${name}: test NLL ${row.testNll} in ${row.trainSeconds}s`)
}

if (json) console.log(JSON.stringify({ protocol: MNIST_PROTOCOL, workers, rows }, null, 2))
else {
  console.log(`\n${MNIST_PROTOCOL}\n`)
  const head = ['model', 'test NLL', '+-se', 'bits/dim', 'val NLL', 'train s', 'score ms/10k', 'sample 100 ms', 'parameters', 'MB']
  const keys = ['model', 'testNll', 'standardError', 'bitsPerDim', 'validationNll', 'trainSeconds', 'scoreMsPer10k', 'sample100Ms', 'parameters', 'storedMB']
  const table = [head, ...rows.map((r) => keys.map((k) => String(r[k])))]
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)))
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
  console.log('')
  for (const r of rows) console.log(`${String(r.model).padEnd(14)}${r.description}`)
  console.log('\npublished anchors (same protocol): mixture of Bernoullis K=500 137.64, FVSBN 97.45, NADE 88.86, MADE 86.64, PixelCNN 81.30')
}
