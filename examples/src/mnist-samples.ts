/**
 * Sample binary digits from a learned autoregressive chain with a seed and
 * write them as a PNG grid beside real test images (left: 100 samples,
 * right: 100 real binarized test digits).
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/mnist-samples.js [--model neighbourhood|fvsbn|mixed] [--seed 7] [--out examples/output/mnist-samples.png]
 */
import { performance } from 'node:perf_hooks'
import { createRng } from '@chainrule/models'
import type { ZooModelName } from '@chainrule/learn'
import { describeError as describeLearnError, learnZooModel } from '@chainrule/learn'
import { progressBar, workerThreads } from '@chainrule/learn/node'
import { flag, loadMnist, option, unwrap } from './lib/mnist-load.js'
import { canvas, drawGray, writePng } from './lib/mnist-png.js'

const model = option('--model', 'neighbourhood') as ZooModelName
const seed = Number(option('--seed', '7'))
const out = option('--out', `examples/output/mnist-samples-${model}.png`)
const { train, validation, test } = loadMnist()
const bar = progressBar(`training ${model}`, { quiet: flag('--quiet') })
const t0 = performance.now()
const fit = unwrap(await learnZooModel(model, train, validation, { threads: workerThreads(2), progress: bar.update }), describeLearnError)
bar.finish()
console.log(`${model}: trained in ${((performance.now() - t0) / 1000).toFixed(1)} s (${fit.description})`)

// Warm the sampler once, then time 100 images.
fit.sample(10, createRng(seed + 1))
const t1 = performance.now()
const samples = fit.sample(100, createRng(seed))
console.log(`100 samples (seed ${seed}) in ${(performance.now() - t1).toFixed(1)} ms`)
const again = fit.sample(100, createRng(seed))
console.log(`same seed, same images: ${samples.pixels.every((b, i) => b === again.pixels[i])}`)

const scale = 2
const gridWidth = 10 * (28 * scale + 2) - 2
const c = canvas(2 * gridWidth + 24, gridWidth)
drawGray(c, samples.pixels, 100, 28, 10, 0, 0, scale)
drawGray(c, test.pixels, 100, 28, 10, gridWidth + 24, 0, scale)
const bytes = writePng(out, c)
console.log(`wrote ${out} (${(bytes / 1024).toFixed(0)} KB): left ${model} samples, right real test images`)
