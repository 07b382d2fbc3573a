/**
 * The latent models of the MNIST table, built by name like the chains of
 * `zoo.ts`, each with what its hidden variables offer besides density:
 * features (exact hidden posteriors), cluster assignments of a root, its
 * states' prototypes, samples per state and reconstructions.
 *
 * - `chow-liu`: the Chow-Liu tree over the pixels (no hidden variable; the
 *   tree families' anchor, 134.96 nats in the literature).
 * - `latent-class`: a mixture of Bernoullis, one hidden root over every pixel.
 * - `tree-mixture`: a hidden root over the Chow-Liu tree (K sets of tree tables).
 * - `hidden-chow-liu`: the Chow-Liu tree with a hidden parent over each
 *   connected piece of 16 pixels, the hidden variables joined along the tree.
 * - `hierarchical`: hidden variables over 4 x 4 patches, over 2 x 2 groups of
 *   those, over 2 x 2 groups again, and a root.
 * - `latent-mixture`: the chains of `mixture` (one per ordering)
 *   sharing a hidden cause (`hidden-cause.ts`), learned on the first
 *   `latentRows` training images with the chains fixed.
 * - `tiling-mixture`: a mixture of two hierarchical trees (64 states over 4 x 4
 *   patches, 16 over 2 x 2 of those, 16 over 2 x 2 again, a 16-state root)
 *   whose patch tilings are shifted by two pixels against each other, learned
 *   on the first `latentRows` training images (`latent-tree-mixture.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Rng } from '@chainrule/models'
import type { LearnError } from './errors.js'
import type { ImageMatrix } from './image-data.js'
import type { BinaryChain } from './image-chain.js'
import type { ProgressCallback } from './image-progress.js'
import type { Threads } from './threads.js'
import { imageRows } from './row-data.js'
import { latentSkeleton, type LatentFamily } from './latent-families.js'
import { learnLatentTree } from './latent-em.js'
import { latentParameterCount, type LatentTree } from './latent-tree.js'
import { latentAssignments, latentFeatures, latentFeaturesOnThreads, latentLogLikelihoods, type FeatureMatrix } from './latent-scores.js'
import { latentPrototypes, reconstructLatentTree, sampleLatentTree } from './latent-sample.js'
import { hiddenCauseLogLikelihoods, hiddenCauseLogLikelihoodsOnThreads, learnHiddenCause, sampleHiddenCause } from './hidden-cause.js'
import { latentMixtureFeatures, latentMixtureFeaturesOnThreads, latentMixtureLogLikelihoods, learnLatentTreeMixture, reconstructLatentTreeMixture, sampleLatentTreeMixture, type LatentTreeMixture } from './latent-tree-mixture.js'
import { chainParameterCount, chainStoredNumbers } from './image-chain.js'

/** The latent models of the zoo. */
export type LatentZooName = 'chow-liu' | 'latent-class' | 'tree-mixture' | 'hidden-chow-liu' | 'hierarchical' | 'latent-mixture' | 'tiling-mixture'

/** Every latent zoo model, in table order. */
export const LATENT_ZOO_MODELS: readonly LatentZooName[] = ['chow-liu', 'latent-class', 'tree-mixture', 'hidden-chow-liu', 'hierarchical', 'latent-mixture', 'tiling-mixture']

/** What a latent model's hidden variables offer. */
export interface LatentView {
  /** The hidden variable whose states are the clusters (the root). */
  readonly root: string
  readonly rootStates: number
  /** Exact hidden posteriors per image. */
  readonly features: (images: ImageMatrix) => E.Either<LearnError, FeatureMatrix>
  /** The same features with the images split over threads. */
  readonly featuresOnThreads: (images: ImageMatrix, threads: Threads) => Promise<E.Either<LearnError, FeatureMatrix>>
  /** The root's most probable state per image. */
  readonly assignments: (images: ImageMatrix) => E.Either<LearnError, Int32Array>
  /** Per root state, the probability of each pixel being on; `exact` false when it is a mean of samples. */
  readonly prototypes: (rng: Rng) => E.Either<LearnError, { readonly means: Float64Array[]; readonly exact: boolean }>
  /** `count` images drawn with the root clamped to `state` (`InvalidOption` for a state the root does not have). */
  readonly sampleState: (state: number, count: number, rng: Rng) => E.Either<LearnError, ImageMatrix>
  /** Each image's hidden variables drawn from their exact posterior, then an image drawn from them. */
  readonly reconstruct: (images: ImageMatrix, rng: Rng) => E.Either<LearnError, ImageMatrix>
  /** Training log-likelihood per EM iteration (nats, total). */
  readonly trace: Float64Array
}

/** Options of the latent zoo models (see `ZooOptions`). */
export interface LatentZooOptions {
  /** States of the hidden variables (of the first layer for `hierarchical` and `tiling-mixture`). */
  readonly latentStates?: number
  /** Most EM iterations. */
  readonly latentIterations?: number
  /** For `latent-mixture`: the chains to share a hidden cause (the `mixture` model's components). */
  readonly mixtureChains?: readonly BinaryChain[]
  /** For `latent-mixture` and `tiling-mixture`: training images their EM uses (default 10,000: the first ones). */
  readonly latentRows?: number
  readonly threads?: Threads
  readonly progress?: ProgressCallback
}

/** A learned latent zoo model: the zoo's interface plus its latent view. */
export interface LatentZooFit {
  /** What was learned, in one line (family, states, EM iterations). */
  readonly description: string
  /** Free parameters (for `latent-mixture`, its chains' included). */
  readonly parameters: number
  /** Numbers held in memory. */
  readonly storedNumbers: number
  /** Exact log-likelihood (nats) of each image. */
  readonly score: (images: ImageMatrix) => E.Either<LearnError, Float64Array>
  /** `count` images drawn from the model. */
  readonly sample: (count: number, rng: Rng) => ImageMatrix
  /** The hidden variables' view (features, clusters, prototypes, samples per state, reconstructions). */
  readonly latent?: LatentView
}

const images = (rows: { readonly rows: number; readonly values: Uint8Array }, grid: { width: number; height: number }): ImageMatrix => ({
  rows: rows.rows,
  width: grid.width,
  height: grid.height,
  pixels: rows.values,
})

/** The zoo view of a fitted latent tree model. */
const treeView = (model: LatentTree, root: string, trace: Float64Array, grid: { width: number; height: number }): LatentView => ({
  root,
  rootStates: model.hiddenCards[model.hiddenNames.indexOf(root)]!,
  features: (x) => latentFeatures(model, imageRows(x)),
  featuresOnThreads: (x, threads) => latentFeaturesOnThreads(model, imageRows(x), threads),
  assignments: (x) => latentAssignments(model, imageRows(x), root),
  prototypes: () => E.map((means: Float64Array[]) => ({ means, exact: true }))(latentPrototypes(model, root)),
  sampleState: (state, count, rng) => E.map((s: { rows: { rows: number; values: Uint8Array } }) => images(s.rows, grid))(sampleLatentTree(model, count, rng, { hidden: root, state })),
  reconstruct: (x, rng) => E.map((s: { rows: { rows: number; values: Uint8Array } }) => images(s.rows, grid))(reconstructLatentTree(model, imageRows(x), rng)),
  trace,
})

const familyOf = (name: Exclude<LatentZooName, 'latent-mixture' | 'tiling-mixture'>, states: number | undefined): { family: LatentFamily; what: string } => {
  switch (name) {
    case 'chow-liu':
      return { family: { kind: 'treeMixture', states: 1 }, what: 'Chow-Liu tree over the pixels (maximum mutual information spanning tree), Dirichlet 1 tables' }
    case 'latent-class':
      return { family: { kind: 'latentClass', states: states ?? 50 }, what: `latent class model (mixture of Bernoullis), K = ${states ?? 50}` }
    case 'tree-mixture':
      return { family: { kind: 'treeMixture', states: states ?? 8 }, what: `hidden root (K = ${states ?? 8}) over the Chow-Liu tree: ${states ?? 8} sets of tree tables` }
    case 'hidden-chow-liu':
      return {
        family: { kind: 'hiddenChowLiu', states: states ?? 16, clusters: { kind: 'tree', size: 16 } },
        what: `Chow-Liu tree with a hidden parent (K = ${states ?? 16}) over each connected piece of at most 16 pixels, hidden variables joined along the tree`,
      }
    case 'hierarchical':
      return {
        family: {
          kind: 'hierarchical',
          layers: [
            { states: states ?? 32, clusters: { kind: 'patches', width: 4, height: 4 } },
            { states: 8, clusters: { kind: 'patches', width: 2, height: 2 } },
            { states: 16, clusters: { kind: 'patches', width: 2, height: 2 } },
          ],
          rootStates: 16,
        },
        what: `hierarchical latent model: ${states ?? 32}-state hidden variables over 4x4 patches, 8-state over 2x2 of those, 16-state over 2x2 again, a 16-state root`,
      }
  }
}

/**
 * Learn one latent zoo model on `train` (EM on the training images; `latent-mixture` also needs the chains).
 *
 * @example
 * ```ts
 * import { imageMatrix, learnLatentZooModel } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const fit = E.isRight(images) ? await learnLatentZooModel('latent-class', images.right, { latentStates: 2 }) : undefined
 * if (fit !== undefined && E.isRight(fit)) {
 *   // A latent class model is an exact mixture: the probabilities of all 16 images sum to 1
 *   const every = imageMatrix(Uint8Array.from({ length: 64 }, (_, i) => (Math.floor(i / 4) >> (i % 4)) & 1), 2, 2)
 *   const ll = E.isRight(every) ? fit.right.score(every.right) : every
 *   E.isRight(ll) && Array.from(ll.right, Math.exp).reduce((a, b) => a + b, 0) // ~> 1
 * }
 * ```
 */
export const learnLatentZooModel = async (name: LatentZooName, train: ImageMatrix, options: LatentZooOptions = {}): Promise<E.Either<LearnError, LatentZooFit>> => {
  const grid = { width: train.width, height: train.height }
  if (name === 'latent-mixture') {
    const chains = options.mixtureChains
    if (chains === undefined || chains.length === 0)
      return E.left({ _tag: 'InvalidOption', option: 'mixtureChains', value: 'undefined', reason: "latent-mixture shares a hidden cause between given chains (the 'mixture' model's)" })
    const { rows, subset } = firstRows(train, options)
    const K = options.latentStates ?? 8
    const iterations = options.latentIterations ?? 8
    const fit = await learnHiddenCause(chains, subset, {
      states: K,
      maxIterations: iterations,
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      onIteration: (t) => options.progress?.(t + 1, iterations + 1, `EM ${t}`),
    })
    if (E.isLeft(fit)) return fit
    const model = fit.right.model
    const C = chains.length
    const byState = (posteriors: Float32Array, rowsOf: number): Float32Array => {
      const out = new Float32Array(rowsOf * K)
      for (let r = 0; r < rowsOf; r++) for (let c = 0; c < C; c++) for (let z = 0; z < K; z++) out[r * K + z]! += posteriors[r * C * K + c * K + z]!
      return out
    }
    const asFeatures =
      (x: ImageMatrix) =>
      (s: { posteriors?: Float32Array }): FeatureMatrix => ({ rows: x.rows, dims: C * K, values: s.posteriors!, names: Array.from({ length: C * K }, (_, k) => `O${Math.floor(k / K)},Z=s${k % K}`) })
    const features = (x: ImageMatrix): E.Either<LearnError, FeatureMatrix> => E.map(asFeatures(x))(hiddenCauseLogLikelihoods(model, x, { posteriors: true }))
    const view: LatentView = {
      root: 'Z',
      rootStates: K,
      features,
      featuresOnThreads: async (x, threads) => E.map(asFeatures(x))(await hiddenCauseLogLikelihoodsOnThreads(model, x, threads, { posteriors: true })),
      assignments: (x) =>
        E.map((s: { posteriors?: Float32Array }) => {
          const q = byState(s.posteriors!, x.rows)
          return Int32Array.from({ length: x.rows }, (_, r) => {
            let best = 0
            for (let z = 1; z < K; z++) if (q[r * K + z]! > q[r * K + best]!) best = z
            return best
          })
        })(hiddenCauseLogLikelihoods(model, x, { posteriors: true })),
      prototypes: (rng) => {
        // Chains have no closed-form pixel marginals: the mean of 200 samples per state.
        const means = Array.from({ length: K }, (_, z) => {
          const s = sampleHiddenCause(model, 200, rng, { state: z })
          const n = grid.width * grid.height
          const m = new Float64Array(n)
          for (let r = 0; r < s.rows; r++) for (let v = 0; v < n; v++) m[v]! += s.pixels[r * n + v]! / s.rows
          return m
        })
        return E.right({ means, exact: false })
      },
      sampleState: (state, count, rng) =>
        Number.isInteger(state) && state >= 0 && state < K
          ? E.right(sampleHiddenCause(model, count, rng, { state }))
          : E.left({ _tag: 'InvalidOption', option: 'state', value: String(state), reason: `expected 0..${K - 1}` }),
      reconstruct: (x, rng) =>
        E.map((s: { posteriors?: Float32Array }) => {
          const n = grid.width * grid.height
          const pixels = new Uint8Array(x.rows * n)
          for (let r = 0; r < x.rows; r++) {
            let u = rng.float()
            let k = 0
            for (; k < C * K - 1; k++) {
              u -= s.posteriors![r * C * K + k]!
              if (u < 0) break
            }
            pixels.set(sampleHiddenCause({ ...model, weights: Float64Array.from(model.weights, (_, j) => (j === k ? 1 : 0)) }, 1, rng).pixels, r * n)
          }
          return { rows: x.rows, width: grid.width, height: grid.height, pixels }
        })(hiddenCauseLogLikelihoods(model, x, { posteriors: true })),
      trace: fit.right.logLikelihood,
    }
    return E.right({
      description: `the ${C} chains of 'mixture' sharing a hidden cause Z (K = ${K}): per-pixel log-odds offsets for each chain and state, EM on ${rows} training images (${fit.right.iterations} iterations)`,
      parameters: chains.reduce((s, c) => s + chainParameterCount(c), 0) + model.offsets.length + model.weights.length - 1,
      storedNumbers: chains.reduce((s, c) => s + chainStoredNumbers(c), 0) + model.offsets.length + model.weights.length,
      score: (x) => E.map((s: { logLikelihood: Float64Array }) => s.logLikelihood)(hiddenCauseLogLikelihoods(model, x)),
      sample: (count, rng) => sampleHiddenCause(model, count, rng),
      latent: view,
    })
  }
  if (name === 'tiling-mixture') return learnTilingMixture(train, options)
  const data = imageRows(train)
  const { family, what } = familyOf(name, options.latentStates)
  const skeleton = latentSkeleton(family, data, { grid })
  if (E.isLeft(skeleton)) return skeleton
  const iterations = name === 'chow-liu' ? 1 : (options.latentIterations ?? (name === 'hidden-chow-liu' || name === 'hierarchical' ? 10 : 25))
  const fit = await learnLatentTree(data, skeleton.right, {
    start: { kind: 'rows', seed: 1 },
    maxIterations: iterations,
    tolerance: 1e-5,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onIteration: (t) => options.progress?.(t + 1, iterations + 1, `EM ${t}`),
  })
  if (E.isLeft(fit)) return fit
  const model = fit.right.model
  const root = rootOf(model)
  return E.right({
    description: `${what}; EM from data-seeded states, ${fit.right.iterations} iterations${fit.right.converged ? ' (converged)' : ''}`,
    parameters: latentParameterCount(model),
    storedNumbers: treeStoredNumbers(model),
    score: (x) => latentLogLikelihoods(model, imageRows(x)),
    sample: (count, rng) => images(E.getOrElseW(() => ({ rows: { rows: 0, values: new Uint8Array(0) } }))(sampleLatentTree(model, count, rng)).rows, grid),
    ...(model.hiddenCards[model.hiddenNames.indexOf(root)]! > 1 ? { latent: treeView(model, root, fit.right.logLikelihood, grid) } : {}),
  })
}

/** The numbers a latent tree keeps: its hidden and observed tables. */
const treeStoredNumbers = (model: LatentTree): number =>
  model.hiddenTables.reduce((s, t) => s + t.length, 0) + model.observedTables.reduce((s, t) => s + t.length, 0)

/** The name of a latent tree's root (its hidden variable without a parent). */
const rootOf = (model: LatentTree): string => model.hiddenNames[model.hiddenParent.indexOf(-1)]!

/** The first `latentRows` training images (default 10,000). */
const firstRows = (train: ImageMatrix, options: LatentZooOptions): { rows: number; subset: ImageMatrix } => {
  const rows = Math.min(train.rows, options.latentRows ?? 10_000)
  return { rows, subset: { ...train, rows, pixels: train.pixels.subarray(0, rows * train.width * train.height) } }
}

/** Patch lattices of the tiling mixture's trees: the second shifted by half a 4 x 4 patch each way. */
const TILING_OFFSETS = [
  { x: 0, y: 0 },
  { x: 2, y: 2 },
] as const

/** `tiling-mixture`: hierarchical trees over shifted tilings, mixed (see the module comment). */
const learnTilingMixture = async (train: ImageMatrix, options: LatentZooOptions): Promise<E.Either<LearnError, LatentZooFit>> => {
  const grid = { width: train.width, height: train.height }
  const { rows, subset } = firstRows(train, options)
  const data = imageRows(subset)
  const K = options.latentStates ?? 64
  const skeletons = []
  for (const offset of TILING_OFFSETS) {
    const family: LatentFamily = {
      kind: 'hierarchical',
      layers: [
        { states: K, clusters: { kind: 'patches', width: 4, height: 4, offset } },
        { states: 16, clusters: { kind: 'patches', width: 2, height: 2 } },
        { states: 16, clusters: { kind: 'patches', width: 2, height: 2 } },
      ],
      rootStates: 16,
    }
    const skeleton = latentSkeleton(family, data, { grid })
    if (E.isLeft(skeleton)) return skeleton
    skeletons.push(skeleton.right)
  }
  const iterations = options.latentIterations ?? 10
  const steps = skeletons.length * (iterations + 1)
  const fit = await learnLatentTreeMixture(data, skeletons, {
    start: { kind: 'rows', seed: 1 },
    maxIterations: iterations,
    tolerance: 1e-5,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onIteration: (k, t) => options.progress?.(k * (iterations + 1) + t + 1, steps, `tree ${k}, EM ${t}`),
  })
  if (E.isLeft(fit)) return fit
  const mixture = fit.right.mixture
  const shifts = TILING_OFFSETS.map((o) => `(${o.x}, ${o.y})`).join(' and ')
  return E.right({
    description: `mixture of ${mixture.components.length} hierarchical latent trees (${K}-state hidden variables over 4x4 patches, 16-state over 2x2 of those, 16-state over 2x2 again, a 16-state root) over patch tilings shifted by ${shifts}, weights ${Array.from(mixture.weights, (w) => w.toFixed(3)).join('/')}; each tree by EM on the first ${rows} training images (${fit.right.fits.map((f) => f.iterations).join(' and ')} iterations), then the weights`,
    parameters: mixture.components.reduce((s, c) => s + latentParameterCount(c), mixture.weights.length - 1),
    storedNumbers: mixture.components.reduce((s, c) => s + treeStoredNumbers(c), mixture.weights.length),
    score: (x) => latentMixtureLogLikelihoods(mixture, imageRows(x)),
    sample: (count, rng) => images(E.getOrElseW(() => ({ rows: { rows: 0, values: new Uint8Array(0) } }))(sampleLatentTreeMixture(mixture, count, rng)).rows, grid),
    latent: tilingView(mixture, fit.right.logLikelihood, grid),
  })
}

/**
 * The view of a tiling mixture: the first tree's (clusters, prototypes and samples per state of its root, given
 * that tree), with the mixture's features (which tree, and every tree's hidden posteriors) and reconstructions
 * (the tree drawn from its posterior, then a reconstruction through it).
 */
const tilingView = (mixture: LatentTreeMixture, trace: Float64Array, grid: { width: number; height: number }): LatentView => {
  const first = mixture.components[0]!
  return {
    ...treeView(first, rootOf(first), trace, grid),
    features: (x) => latentMixtureFeatures(mixture, imageRows(x)),
    featuresOnThreads: (x, threads) => latentMixtureFeaturesOnThreads(mixture, imageRows(x), threads),
    reconstruct: (x, rng) => E.map((rows: { rows: number; values: Uint8Array }) => images(rows, grid))(reconstructLatentTreeMixture(mixture, imageRows(x), rng)),
  }
}
