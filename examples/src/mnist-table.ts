/**
 * The MNIST table: every zoo model of @chainrule/learn learned on binarized
 * MNIST (train 50k, early stopping / smoothing on validation 10k) and scored
 * on the 10k test images: test NLL in nats per image (lower is better), bits
 * per dimension, train and scoring time, model size; published anchors below.
 * Latent models also carry a linear probe of their features (exact hidden
 * posteriors; multinomial logistic regression trained on the 50k training
 * images' features with their labels, the best epoch chosen on validation,
 * accuracy on the 10k test images), the number of feature dimensions, and the
 * purity and NMI of their root's clusters on the test images. The row
 * `raw-pixels` is the same probe on the binarized pixels. With more than one
 * worker, features are computed and the probe trained on the worker threads
 * (the same numbers as on one thread; `featureSeconds`, `probeSeconds`). Models of one chain
 * are also scored split over the worker threads (`scoreMsPer10kThreads`,
 * checked to give the same numbers).
 *
 * `mixture` mixes the `nade` model under `--orderings` orderings (default 2,
 * raster and column-major; up to 4 adds both reversed, each one more `nade`
 * to train), so that every row fits in 20 minutes on two cores.
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/mnist-table.js [--json] [--quiet] [--workers 1|2] [--models fvsbn,mixed] [--no-probe] [--train-rows N] [--orderings 1..4]
 */
import { performance } from 'node:perf_hooks'
import { createRng } from '@chainrule/models'
import { MNIST_PROTOCOL } from '@chainrule/data'
import type { BinaryChain, FeatureMatrix, ImageMatrix, ZooFit, ZooModelName } from '@chainrule/learn'
import { ZOO_MODELS, chainLogLikelihoodsOnThreads, clusterScores, describeError as describeLearnError, learnZooModel, nllSummary, probeAccuracy, trainLinearProbe, trainLinearProbeOnThreads } from '@chainrule/learn'
import { progressBar, workerThreads } from '@chainrule/learn/node'
import { fail, flag, loadMnist, option, unwrap } from './lib/mnist-load.js'

const json = flag('--json')
const quiet = flag('--quiet') || json
const probe = !flag('--no-probe')
const workers = Number(option('--workers', '2'))
const orderings = Number(option('--orderings', '2'))
const models = option('--models', ['raw-pixels', ...ZOO_MODELS].join(',')).split(',') as (ZooModelName | 'raw-pixels')[]
for (const m of models) if (m !== 'raw-pixels' && !ZOO_MODELS.includes(m)) fail(`unknown model ${m}; expected raw-pixels or one of ${ZOO_MODELS.join(', ')}`)
if (models.includes('latent-mixture') && !models.slice(0, models.indexOf('latent-mixture')).includes('mixture')) fail('latent-mixture shares a hidden cause between the chains of mixture: list mixture before it')

const started = performance.now()
const splits = loadMnist()
// --train-rows N: the first N training images only (a quick look; figures not comparable with the table's).
const trainRows = Number(option('--train-rows', String(splits.train.rows)))
const train = { ...splits.train, rows: trainRows, pixels: splits.train.pixels.subarray(0, trainRows * 784), labels: splits.train.labels.subarray(0, trainRows) }
const { validation, test } = splits
const rows: Record<string, string | number | null | readonly number[]>[] = []
let rasterNade: BinaryChain | undefined
let mixtureChains: readonly BinaryChain[] | undefined
const pool = workers > 1 ? workerThreads(workers) : undefined
const threads = pool === undefined ? {} : { threads: pool }

/**
 * Probe accuracy (test), feature dimensions, and the seconds spent on the features of the three splits and on
 * the probe (its classes split over the worker threads: the same weights as on one thread).
 */
const probeRow = async (features: (images: ImageMatrix) => FeatureMatrix | Promise<FeatureMatrix>) => {
  const t = performance.now()
  const train_ = await features(train)
  const validation_ = { features: await features(validation), labels: validation.labels }
  const test_ = await features(test)
  const t1 = performance.now()
  const options = { validation: validation_ }
  const p = unwrap(pool !== undefined ? await trainLinearProbeOnThreads(train_, train.labels, options, pool) : trainLinearProbe(train_, train.labels, options), describeLearnError)
  const probeSeconds = (performance.now() - t1) / 1000
  return {
    probeAccuracy: Number(probeAccuracy(p, test_, test.labels).toFixed(4)),
    featureDims: train_.dims,
    featureSeconds: Number(((t1 - t) / 1000).toFixed(1)),
    probeSeconds: Number(probeSeconds.toFixed(1)),
    probeEpoch: p.epoch + 1,
  }
}

for (const name of models) {
  if (name === 'raw-pixels') {
    if (!probe) continue
    const raw = (images: ImageMatrix): FeatureMatrix => ({ rows: images.rows, dims: 784, values: Float32Array.from(images.pixels), names: [] })
    const row = { model: 'raw-pixels', testNll: null, trainSeconds: 0, ...(await probeRow(raw)), description: 'linear probe on the 784 binarized pixels (no generative model)' }
    rows.push(row)
    if (!json) console.error(`raw-pixels: probe accuracy ${row.probeAccuracy}`)
    continue
  }
  const bar = progressBar(`training ${name}`, { quiet })
  const start = performance.now()
  // The mixture's raster component is the nade model: reuse it when it was just trained.
  const reuse = name === 'mixture' && rasterNade !== undefined ? { rasterChain: rasterNade } : name === 'latent-mixture' && mixtureChains !== undefined ? { mixtureChains } : {}
  const fit: ZooFit = unwrap(await learnZooModel(name, train, validation, { ...threads, progress: bar.update, orderings, ...reuse }), describeLearnError)
  bar.finish()
  if (name === 'nade') rasterNade = fit.chains[0]
  if (name === 'mixture') mixtureChains = fit.chains
  // Reported train time of the mixture includes its reused raster component; the latent mixture's, its chains'.
  const reusedSeconds =
    name === 'mixture' && 'rasterChain' in reuse ? Number(rows.find((r) => r.model === 'nade')?.trainSeconds ?? 0) : name === 'latent-mixture' ? Number(rows.find((r) => r.model === 'mixture')?.trainSeconds ?? 0) : 0
  const trainSeconds = (performance.now() - start) / 1000 + reusedSeconds
  const t = performance.now()
  const ll = unwrap(fit.score(test), describeLearnError)
  const scoreMs = performance.now() - t
  // A single chain is also scored split over the worker threads (first call too); the numbers must be the same.
  let threadedScoreMs: number | undefined
  if (pool !== undefined && fit.chains.length === 1 && fit.latent === undefined) {
    const t1 = performance.now()
    const split = unwrap(await chainLogLikelihoodsOnThreads(fit.chains[0]!, test, pool), describeLearnError)
    threadedScoreMs = performance.now() - t1
    if (split.some((x, i) => x !== ll[i])) fail(`${name}: scores on ${workers} threads differ from one thread`)
  }
  // Seeded sampling of 100 images (timed after one warm-up call).
  fit.sample(10, createRng(2))
  const t2 = performance.now()
  fit.sample(100, createRng(1))
  const sampleMs = performance.now() - t2
  const s = nllSummary(ll, 784)
  let latent = {}
  if (fit.latent !== undefined && probe) {
    const view = fit.latent
    const clusters = unwrap(clusterScores(unwrap(view.assignments(test), describeLearnError), test.labels), describeLearnError)
    latent = {
      // Features on the worker threads (the same numbers as on one thread).
      ...(await probeRow(async (images) => unwrap(pool !== undefined ? await view.featuresOnThreads(images, pool) : view.features(images), describeLearnError))),
      rootStates: view.rootStates,
      purity: Number(clusters.purity.toFixed(4)),
      nmi: Number(clusters.nmi.toFixed(4)),
    }
  }
  const row = {
    model: name,
    testNll: Number(s.meanNll.toFixed(2)),
    standardError: Number(s.standardError.toFixed(2)),
    bitsPerDim: Number(s.bitsPerDimension.toFixed(4)),
    validationNll: Number((-unwrap(fit.score(validation), describeLearnError).reduce((a, b) => a + b, 0) / validation.rows).toFixed(2)),
    trainSeconds: Number(trainSeconds.toFixed(1)),
    scoreMsPer10k: Number(((scoreMs * 10_000) / test.rows).toFixed(0)),
    ...(threadedScoreMs === undefined ? {} : { scoreMsPer10kThreads: Number(((threadedScoreMs * 10_000) / test.rows).toFixed(0)) }),
    sample100Ms: Number(sampleMs.toFixed(1)),
    ...(fit.validationHistory.length === 0 ? {} : { validationHistory: fit.validationHistory.map((v) => Number(v.toFixed(2))) }),
    parameters: fit.parameters,
    storedMB: Number(((fit.storedNumbers * 8) / 2 ** 20).toFixed(1)),
    ...latent,
    description: fit.description,
  }
  rows.push(row)
  if (!json) console.error(`${name}: test NLL ${row.testNll} in ${row.trainSeconds}s`)
}
const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(0))

if (json) console.log(JSON.stringify({ protocol: MNIST_PROTOCOL, workers, totalSeconds, rows }, null, 2))
else {
  console.log(`\n${MNIST_PROTOCOL}\n`)
  const head = ['model', 'test NLL', '+-se', 'bits/dim', 'val NLL', 'train s', 'score ms/10k', `on ${workers} threads`, 'sample 100 ms', 'parameters', 'MB', 'probe', 'dims', 'purity', 'NMI']
  const keys = ['model', 'testNll', 'standardError', 'bitsPerDim', 'validationNll', 'trainSeconds', 'scoreMsPer10k', 'scoreMsPer10kThreads', 'sample100Ms', 'parameters', 'storedMB', 'probeAccuracy', 'featureDims', 'purity', 'nmi']
  const table = [head, ...rows.map((r) => keys.map((k) => (r[k] === undefined || r[k] === null ? '' : String(r[k]))))]
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)))
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
  console.log('')
  for (const r of rows) console.log(`${String(r.model).padEnd(16)}${r.description}`)
  console.log(`\nwhole run: ${totalSeconds} s`)
  console.log('published anchors (same protocol): mixture of Bernoullis K=500 137.64, Chow-Liu tree 134.96, FVSBN 97.45, NADE 88.86, MADE 86.64, PixelCNN 81.30')
}
