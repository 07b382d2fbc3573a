/**
 * learn's worker threads from the built package (packages/learn/dist, made by
 * `pnpm build`; from the TypeScript sources a worker script cannot load):
 * training split over two threads runs there (by positions, or with hidden
 * units by minibatch shards, to the same bits), and a worker that crashes
 * rejects the run through the pool of @chainrule/workers, so that
 * `learnLogisticChain` returns `WorkerFailed` instead of staying pending.
 * The latent tree E-step split over two real threads (rows in shared memory)
 * gives the run the calling thread gives. Scoring split over threads gives the
 * numbers of one thread, and so do features (exact hidden posteriors) of a
 * latent tree and of a mixture of trees. The linear probe split by classes over two and three
 * threads gives the weights of one thread, and a probe thread that fails stops
 * the others (which wait for it at a barrier) and settles the call.
 */
import {
  chainLogLikelihoods,
  chainLogLikelihoodsOnThreads,
  latentFeatures,
  latentFeaturesOnThreads,
  latentMixtureFeatures,
  latentMixtureFeaturesOnThreads,
  hiddenCauseLogLikelihoods,
  hiddenCauseLogLikelihoodsOnThreads,
  latentSkeleton,
  learnHiddenCause,
  learnLatentTree,
  learnLogisticChain,
  sampleChain,
  trainLinearProbe,
  trainLinearProbeOnThreads,
  type BinaryChain,
  type FeatureMatrix,
  type RowData,
  type Threads,
} from '@chainrule/learn'
import { autoregressive, createRng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { workerThreads } = (await import(pathToFileURL(join(root, 'packages', 'learn', 'dist', 'node.js')).href)) as { workerThreads: (count?: number) => Threads }

const structure = autoregressive({ grid: { width: 3, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
if (E.isLeft(structure)) throw new Error('structure')
const truth: BinaryChain = {
  width: 3,
  height: 2,
  n: 6,
  ordering: Int32Array.from([0, 1, 2, 3, 4, 5]),
  bias: Float64Array.from([0.5, -1, -1, -1.5, -1, -2]),
  dense: Float64Array.from({ length: 36 }, (_, k) => (k === 1 || k === 8 || k === 3 ? 2 : 0)),
  contexts: [],
}
const train = sampleChain(truth, 1500, createRng(1))
const validation = sampleChain(truth, 500, createRng(2))

describe('workerThreads of @chainrule/learn/node (built)', () => {
  it('scores images split over two and three threads to the numbers of one thread', async () => {
    // A chain with a dense part and a context table, and an odd number of images.
    const scored: BinaryChain = {
      ...truth,
      contexts: [{ k: 2, counts: Uint8Array.from([0, 1, 2, 2, 2, 2]), parents: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4]), logits: Float64Array.from({ length: 24 }, (_, i) => Math.sin(i)) }],
    }
    const images = sampleChain(truth, 301, createRng(9))
    const one = chainLogLikelihoods(scored, images)
    if (E.isLeft(one)) throw new Error(one.left._tag)
    for (const count of [2, 3]) {
      const split = await chainLogLikelihoodsOnThreads(scored, images, workerThreads(count))
      if (E.isLeft(split)) throw new Error(split.left._tag)
      expect(Array.from(split.right)).toEqual(Array.from(one.right))
    }
  })

  it('trains a chain split over two threads to the numbers the calling thread gets', async () => {
    const options = { structure: structure.right, validation, epochs: 2, seed: 3 }
    const [threaded, here] = await Promise.all([learnLogisticChain(train, { ...options, threads: workerThreads(2) }), learnLogisticChain(train, options)])
    if (E.isLeft(threaded) || E.isLeft(here)) throw new Error(`fit: ${E.isLeft(threaded) ? threaded.left._tag : ''}`)
    expect(threaded.right.workers).toBe(2)
    // Positions train independently (the log-likelihood decomposes over them): the same numbers either way.
    expect(threaded.right.validationNll).toBe(here.right.validationNll)
    expect(threaded.right.chain.bias).toEqual(here.right.chain.bias)
    expect(threaded.right.chain.dense).toEqual(here.right.chain.dense)
  })

  it('trains hidden units with each minibatch split over two threads to the chain the calling thread gets, bit for bit', async () => {
    const options = { structure: structure.right, validation, epochs: 3, hiddenUnits: 5, seed: 4, patience: 3 }
    const [threaded, here] = await Promise.all([learnLogisticChain(train, { ...options, threads: workerThreads(2) }), learnLogisticChain(train, options)])
    if (E.isLeft(threaded) || E.isLeft(here)) throw new Error(`fit: ${E.isLeft(threaded) ? threaded.left._tag : ''}`)
    expect(threaded.right.workers).toBe(2)
    // The gradient of a minibatch is summed in two fixed shards on one thread and on two: the same numbers.
    expect(threaded.right.validationHistory).toEqual(here.right.validationHistory)
    expect(threaded.right.chain.hidden).toEqual(here.right.chain.hidden)
    expect(threaded.right.chain.dense).toEqual(here.right.chain.dense)
    // And training moved the units: the validation NLL fell.
    expect(here.right.validationHistory[2]!).toBeLessThan(here.right.validationHistory[0]!)
  })

  it('a hidden-unit thread that fails stops the thread waiting for it at the barrier: WorkerFailed, and the call settles', async () => {
    const threads = workerThreads(2)
    // The second thread's training images are missing: it throws at its first image, while the first waits for it.
    const broken: Threads = { count: 2, run: (task, jobs, progress) => threads.run(task, jobs.map((job, k) => (k === 1 ? { ...(job as object), train: undefined } : job)), progress) }
    const failed = await learnLogisticChain(train, { structure: structure.right, validation, epochs: 2, hiddenUnits: 3, threads: broken })
    expect(E.isLeft(failed) && failed.left._tag).toBe('WorkerFailed')
  })

  it('runs the latent tree E-step over two threads to the run the calling thread gets', async () => {
    // Two clusters of 8 binary variables (rows drawn near two prototypes), a latent class model with 3 states.
    const rng = createRng(5)
    const rows = 600
    const values = new Uint8Array(rows * 8)
    for (let r = 0; r < rows; r++) for (let i = 0; i < 8; i++) values[r * 8 + i] = (rng.float() < 0.9) === (r % 2 === 0 ? i < 4 : i >= 4) ? 1 : 0
    const data: RowData = { rows, cards: new Int32Array(8).fill(2), values }
    const skeleton = latentSkeleton({ kind: 'latentClass', states: 3 }, data)
    if (E.isLeft(skeleton)) throw new Error(skeleton.left._tag)
    const options = { start: { kind: 'rows', seed: 1 } as const, maxIterations: 6, tolerance: 0 }
    const [threaded, here] = await Promise.all([learnLatentTree(data, skeleton.right, { ...options, threads: workerThreads(2) }), learnLatentTree(data, skeleton.right, options)])
    if (E.isLeft(threaded) || E.isLeft(here)) throw new Error('latent fit')
    expect(threaded.right.iterations).toBe(here.right.iterations)
    // Counts are summed in two ranges instead of one: equal up to the order of the sums.
    threaded.right.logLikelihood.forEach((ll, t) => expect(Math.abs(ll - here.right.logLikelihood[t]!)).toBeLessThanOrEqual(1e-9 * Math.abs(ll)))
    expect(here.right.logLikelihood[6]! - here.right.logLikelihood[0]!).toBeGreaterThan(0)
  })

  it('computes the features of a latent tree and of a mixture of trees on two and three threads to the numbers of one thread', async () => {
    // A hidden-Chow-Liu model over 12 binary variables (hidden parents over pieces of the tree), and a mixture of it with a latent class model.
    const rng = createRng(6)
    const rows = 401
    const values = new Uint8Array(rows * 12)
    for (let r = 0; r < rows; r++) for (let i = 0; i < 12; i++) values[r * 12 + i] = (rng.float() < 0.85) === ((r % 3) * 4 <= i && i < (r % 3) * 4 + 4) ? 1 : 0
    const data: RowData = { rows, cards: new Int32Array(12).fill(2), values }
    const fit = async (family: Parameters<typeof latentSkeleton>[0]) => {
      const skeleton = latentSkeleton(family, data)
      if (E.isLeft(skeleton)) throw new Error(skeleton.left._tag)
      const fitted = await learnLatentTree(data, skeleton.right, { start: { kind: 'rows', seed: 2 }, maxIterations: 4 })
      if (E.isLeft(fitted)) throw new Error(fitted.left._tag)
      return fitted.right.model
    }
    const tree = await fit({ kind: 'hiddenChowLiu', states: 3, clusters: { kind: 'tree', size: 4 } })
    const mixture = { weights: Float64Array.of(0.6, 0.4), components: [tree, await fit({ kind: 'latentClass', states: 4 })] }
    const one = [latentFeatures(tree, data), latentMixtureFeatures(mixture, data)]
    for (const count of [2, 3]) {
      const split = [await latentFeaturesOnThreads(tree, data, workerThreads(count)), await latentMixtureFeaturesOnThreads(mixture, data, workerThreads(count))]
      split.forEach((s, k) => {
        const o = one[k]!
        if (E.isLeft(s) || E.isLeft(o)) throw new Error('features')
        expect(s.right.dims).toBe(o.right.dims)
        expect(s.right.names).toEqual(o.right.names)
        expect(Array.from(s.right.values)).toEqual(Array.from(o.right.values))
      })
    }
    expect(E.isRight(one[1]!) && one[1].right.dims).toBeGreaterThan(E.isRight(one[0]!) ? one[0].right.dims : Infinity)
  })

  it('learns a hidden cause shared by two chains with E- and M-steps split over two and three threads to the run of one thread, and scores with it the same way', async () => {
    const other: BinaryChain = { ...truth, ordering: Int32Array.from([5, 4, 3, 2, 1, 0]), bias: Float64Array.from([-0.5, 1, -1, 0.5, -1, 0]) }
    const images = sampleChain(truth, 301, createRng(7))
    const options = { states: 3, maxIterations: 4, tolerance: 0 }
    const one = await learnHiddenCause([truth, other], images, options)
    if (E.isLeft(one)) throw new Error(one.left._tag)
    for (const count of [2, 3]) {
      const split = await learnHiddenCause([truth, other], images, { ...options, threads: workerThreads(count) })
      if (E.isLeft(split)) throw new Error(split.left._tag)
      expect(Array.from(split.right.objective)).toEqual(Array.from(one.right.objective))
      expect(Array.from(split.right.logLikelihood)).toEqual(Array.from(one.right.logLikelihood))
      expect(Array.from(split.right.model.weights)).toEqual(Array.from(one.right.model.weights))
      expect(Array.from(split.right.model.offsets)).toEqual(Array.from(one.right.model.offsets))
    }
    // Scores and posteriors over (chain, state) split over threads: the numbers of one thread.
    const scored = hiddenCauseLogLikelihoods(one.right.model, images, { posteriors: true })
    if (E.isLeft(scored)) throw new Error(scored.left._tag)
    for (const count of [2, 3]) {
      const split = await hiddenCauseLogLikelihoodsOnThreads(one.right.model, images, workerThreads(count), { posteriors: true })
      if (E.isLeft(split)) throw new Error(split.left._tag)
      expect(Array.from(split.right.logLikelihood)).toEqual(Array.from(scored.right.logLikelihood))
      expect(Array.from(split.right.posteriors!)).toEqual(Array.from(scored.right.posteriors!))
    }
    // EM moved: the offsets are not all zero and the objective rose.
    expect(one.right.model.offsets.some((u) => u !== 0)).toBe(true)
    expect(one.right.objective[4]!).toBeGreaterThan(one.right.objective[0]!)
  })

  it('trains the linear probe split by classes over two and three threads to the weights of one thread, to the bit', async () => {
    // Five classes (an odd one out), odd batches, validation rows with early stopping; features not in shared memory.
    const rng = createRng(3)
    const rows = 301
    const dims = 13
    const features = (count: number): { f: FeatureMatrix; labels: Int32Array } => {
      const labels = Int32Array.from({ length: count }, () => rng.int(5))
      const values = Float32Array.from({ length: count * dims }, (_, i) => Math.fround(rng.float() + (i % dims === labels[Math.floor(i / dims)]! ? 0.8 : 0)))
      return { f: { rows: count, dims, values, names: [] }, labels }
    }
    const train = features(rows)
    const held = features(97)
    const options = { epochs: 12, batchSize: 17, learningRate: 0.05, patience: 2, validation: { features: held.f, labels: held.labels } }
    const one = trainLinearProbe(train.f, train.labels, options)
    if (E.isLeft(one)) throw new Error(one.left._tag)
    expect(one.right.validationAccuracy.length).toBeGreaterThan(1)
    for (const count of [2, 3]) {
      const split = await trainLinearProbeOnThreads(train.f, train.labels, options, workerThreads(count))
      if (E.isLeft(split)) throw new Error(split.left._tag)
      expect(split.right.epoch).toBe(one.right.epoch)
      expect(split.right.validationAccuracy).toEqual(one.right.validationAccuracy)
      expect(split.right.trainAccuracy).toEqual(one.right.trainAccuracy)
      expect(Array.from(split.right.weights)).toEqual(Array.from(one.right.weights))
      expect(Array.from(split.right.bias)).toEqual(Array.from(one.right.bias))
    }
  })

  it('a probe thread that fails stops the thread waiting for it at the barrier: WorkerFailed, and the call settles', async () => {
    const threads = workerThreads(2)
    // The second thread's labels are missing: it fails after its first logits, while the first waits for it.
    const broken: Threads = { count: 2, run: (task, jobs, progress) => threads.run(task, jobs.map((job, k) => (k === 1 ? { ...(job as object), labels: undefined } : job)), progress) }
    const values = Float32Array.from({ length: 400 }, (_, i) => i % 3)
    const failed = await trainLinearProbeOnThreads({ rows: 100, dims: 4, values, names: [] }, Int32Array.from({ length: 100 }, (_, r) => r % 4), { epochs: 50 }, broken)
    expect(E.isLeft(failed) && failed.left._tag).toBe('WorkerFailed')
  })

  it('a worker that crashes rejects the run with the pool reason (the call settles)', async () => {
    const threads = workerThreads(2)
    await expect(threads.run('logisticRange', [{}, {}], () => undefined)).rejects.toThrow(/^worker \d crashed: /)
  })
})
