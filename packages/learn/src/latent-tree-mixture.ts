/**
 * Mixtures of latent tree models over the same observed variables: a hidden
 * component T picks the tree that draws the row, p(x) = sum_k p(T = k) p_k(x).
 * Each tree stays exact, so the mixture's log-likelihood is exact too (a
 * log-sum-exp of the trees'), and so is every posterior: p(T | x), and each
 * tree's hidden variables given x and T = k.
 *
 * Trees with different skeletons see the rows differently: hierarchical trees
 * over patch tilings shifted against each other put every pixel near the
 * middle of some patch, which no single tree over disjoint patches can. Their
 * hidden posteriors side by side are the mixture's features.
 *
 * The trees are learned one after another by EM on the same rows, then the
 * weights by EM on the trees' fixed log-likelihoods (which never lowers the
 * mixture's log-likelihood).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Rng } from '@chainrule/models'
import type { LearnError } from './errors.js'
import type { RowData } from './row-data.js'
import type { LatentSkeleton, LatentTree } from './latent-tree.js'
import { learnLatentTree, type LatentEmOptions, type LatentFit, type LatentStart } from './latent-em.js'
import { latentLogLikelihoods, latentPosteriors, latentPosteriorsOnThreads, type FeatureMatrix, type Posteriors } from './latent-scores.js'
import { draw, reconstructLatentTree, sampleLatentTree } from './latent-sample.js'
import { combineMixtureScores, fitWeightsToScores } from './mixture-weights.js'
import type { Threads } from './threads.js'

/** A hidden component T over latent trees of the same observed variables. */
export interface LatentTreeMixture {
  /** p(T = k), one per tree. */
  readonly weights: Float64Array
  readonly components: readonly LatentTree[]
}

/** Options of {@link learnLatentTreeMixture}: each tree's EM options, and the weights' EM. */
export interface LatentTreeMixtureOptions extends Omit<LatentEmOptions, 'start' | 'onIteration'> {
  /** Each tree's start; tree k draws from seed + k * restarts, so no two runs share a seed (default rows, seed 1). */
  readonly start?: Exclude<LatentStart, { readonly kind: 'model' }>
  /** Most EM steps on the weights (default 100). */
  readonly weightIterations?: number
  /** Relative change of the training log-likelihood at which the weights' EM stops (default 1e-9; `tolerance` is the trees'). */
  readonly weightTolerance?: number
  /** Called after each E-step of tree `component`'s EM. */
  readonly onIteration?: (component: number, iteration: number, objective: number) => void
}

/** A learned mixture, each tree's EM fit, and the weights' trace. */
export interface LatentTreeMixtureFit {
  readonly mixture: LatentTreeMixture
  readonly fits: readonly LatentFit[]
  /** Log-likelihood (nats) of the training rows under the mixture at each weight step (step 0: equal weights). */
  readonly logLikelihood: Float64Array
}

const invalid = (option: string, value: string, reason: string): E.Either<LearnError, never> => E.left({ _tag: 'InvalidOption', option, value, reason })

/** The trees must describe the same observed variables, and the weights be a distribution over them. */
const checkMixture = (mixture: LatentTreeMixture): E.Either<LearnError, LatentTreeMixture> => {
  const { weights, components } = mixture
  if (components.length === 0) return E.left({ _tag: 'EmptyData', what: 'mixture components' })
  if (weights.length !== components.length) return E.left({ _tag: 'ShapeMismatch', what: 'mixture weights', expected: components.length, got: weights.length })
  let sum = 0
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) return invalid('weights', String(w), 'expected finite weights >= 0')
    sum += w
  }
  if (Math.abs(sum - 1) > 1e-9) return invalid('weights', String(sum), 'expected weights summing to 1')
  return sameObserved(components) ?? E.right(mixture)
}

/** A typed error when the skeletons do not share their observed variables (names and states). */
const sameObserved = (skeletons: readonly LatentSkeleton[]): E.Either<LearnError, never> | undefined => {
  const first = skeletons[0]!
  for (const s of skeletons) {
    if (s.observedNames.length !== first.observedNames.length)
      return E.left({ _tag: 'ShapeMismatch', what: 'observed variables of a mixture component', expected: first.observedNames.length, got: s.observedNames.length })
    for (let i = 0; i < s.observedNames.length; i++)
      if (s.observedNames[i] !== first.observedNames[i] || s.observedCards[i] !== first.observedCards[i])
        return invalid('components', s.observedNames[i]!, `every component must have the observed variables of the first, in its order (${first.observedNames[i]})`)
  }
  return undefined
}

/** Each tree's log-likelihood of every row. */
const treeLogLikelihoods = (trees: readonly LatentTree[], data: RowData): E.Either<LearnError, Float64Array[]> => {
  const out: Float64Array[] = []
  for (const tree of trees) {
    const ll = latentLogLikelihoods(tree, data)
    if (E.isLeft(ll)) return ll
    out.push(ll.right)
  }
  return E.right(out)
}

/**
 * Rows made tree by tree, put back in row order: `make(k, rows)` gives tree k's rows (n values each) for
 * the rows assigned to it (`assigned[r] === k`, in increasing order); trees go in order, so seeded draws
 * repeat.
 */
const treeByTree = (
  assigned: Int32Array,
  K: number,
  n: number,
  make: (k: number, rows: readonly number[]) => E.Either<LearnError, Uint8Array>,
): E.Either<LearnError, Uint8Array> => {
  const values = new Uint8Array(assigned.length * n)
  for (let k = 0; k < K; k++) {
    const mine: number[] = []
    for (let r = 0; r < assigned.length; r++) if (assigned[r] === k) mine.push(r)
    if (mine.length === 0) continue
    const made = make(k, mine)
    if (E.isLeft(made)) return made
    mine.forEach((r, i) => values.set(made.right.subarray(i * n, (i + 1) * n), r * n))
  }
  return E.right(values)
}

/**
 * log p(row) in nats under the mixture for every row, exact.
 *
 * @example
 * ```ts
 * import { latentMixtureLogLikelihoods } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const tree = (p1: number) => ({
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(1),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(1)], observedTables: [Float64Array.of(1 - p1, p1)],
 * })
 * const mixture = { weights: Float64Array.of(0.25, 0.75), components: [tree(0.2), tree(0.6)] }
 * const ll = latentMixtureLogLikelihoods(mixture, { rows: 1, cards: Int32Array.of(2), values: Uint8Array.of(1) })
 * E.isRight(ll) && ll.right[0] // ~> Math.log(0.25 * 0.2 + 0.75 * 0.6)
 * ```
 */
export const latentMixtureLogLikelihoods = (mixture: LatentTreeMixture, data: RowData): E.Either<LearnError, Float64Array> => {
  const checked = checkMixture(mixture)
  if (E.isLeft(checked)) return checked
  return E.map((perTree: Float64Array[]) => combineMixtureScores(perTree, mixture.weights))(treeLogLikelihoods(mixture.components, data))
}

/**
 * The mixture's exact posteriors as features: p(T = k | row) first (columns `T=k`), then each tree's
 * hidden posteriors given the row and T = k (columns `T<k>.<hidden>=s<j>`, each hidden variable's block
 * summing to 1).
 *
 * @example
 * ```ts
 * import { latentMixtureFeatures } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const tree = (p1: number) => ({
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['h'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(1 - p1, p1, p1, 1 - p1)],
 * })
 * const mixture = { weights: Float64Array.of(0.5, 0.5), components: [tree(0.1), tree(0.3)] }
 * const f = latentMixtureFeatures(mixture, { rows: 1, cards: Int32Array.of(2), values: Uint8Array.of(1) })
 * E.isRight(f) && f.right.names // => ['T=0', 'T=1', 'T0.h=s0', 'T0.h=s1', 'T1.h=s0', 'T1.h=s1']
 * E.isRight(f) && f.right.values[2] // ~> 0.1
 * ```
 */
export const latentMixtureFeatures = (mixture: LatentTreeMixture, data: RowData): E.Either<LearnError, FeatureMatrix> => {
  const checked = checkMixture(mixture)
  if (E.isLeft(checked)) return checked
  const perTree: Posteriors[] = []
  for (const tree of mixture.components) {
    const p = latentPosteriors(tree, data)
    if (E.isLeft(p)) return p
    perTree.push(p.right)
  }
  return E.right(joinedFeatures(mixture, data.rows, perTree))
}

/** {@link latentMixtureFeatures} with each tree's pass split over threads (`latentPosteriorsOnThreads`): the same features. */
export const latentMixtureFeaturesOnThreads = async (mixture: LatentTreeMixture, data: RowData, threads: Threads): Promise<E.Either<LearnError, FeatureMatrix>> => {
  const checked = checkMixture(mixture)
  if (E.isLeft(checked)) return checked
  const perTree: Posteriors[] = []
  for (const tree of mixture.components) {
    const p = await latentPosteriorsOnThreads(tree, data, threads)
    if (E.isLeft(p)) return p
    perTree.push(p.right)
  }
  return E.right(joinedFeatures(mixture, data.rows, perTree))
}

/** p(T = k | row) from each tree's log-likelihoods, then each tree's features, row by row. */
const joinedFeatures = (mixture: LatentTreeMixture, rows: number, perTree: readonly Posteriors[]): FeatureMatrix => {
  const K = mixture.components.length
  const blocks = perTree.map((p) => p.features)
  const responsibilities = new Float64Array(rows * K)
  combineMixtureScores(perTree.map((p) => p.logLikelihood), mixture.weights, responsibilities)
  const dims = K + blocks.reduce((s, b) => s + b.dims, 0)
  const values = new Float32Array(rows * dims)
  for (let r = 0; r < rows; r++) {
    let at = r * dims
    for (let k = 0; k < K; k++) values[at++] = responsibilities[r * K + k]!
    for (const b of blocks) {
      values.set(b.values.subarray(r * b.dims, (r + 1) * b.dims), at)
      at += b.dims
    }
  }
  const names = [...Array.from({ length: K }, (_, k) => `T=${k}`), ...blocks.flatMap((b, k) => b.names.map((n) => `T${k}.${n}`))]
  return { rows, dims, values, names }
}

/**
 * `count` rows drawn from the mixture (seeded): a tree per row by the weights, then the row from that tree.
 * Also returns each row's tree.
 *
 * @example
 * ```ts
 * import { sampleLatentTreeMixture } from '@chainrule/learn'
 * import { createRng } from '@chainrule/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const tree = (p1: number) => ({
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(1),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(1)], observedTables: [Float64Array.of(1 - p1, p1)],
 * })
 * // Tree 0 always draws 0, tree 1 always 1: each row shows its tree.
 * const s = sampleLatentTreeMixture({ weights: Float64Array.of(0.5, 0.5), components: [tree(0), tree(1)] }, 6, createRng(4))
 * E.isRight(s) && Array.from(s.right.rows.values).join() === Array.from(s.right.component).join() // => true
 * ```
 */
export const sampleLatentTreeMixture = (mixture: LatentTreeMixture, count: number, rng: Rng): E.Either<LearnError, { readonly rows: RowData; readonly component: Int32Array }> => {
  const checked = checkMixture(mixture)
  if (E.isLeft(checked)) return checked
  if (!(Number.isSafeInteger(count) && count >= 0)) return invalid('count', String(count), 'expected an integer >= 0')
  const K = mixture.components.length
  const component = Int32Array.from({ length: count }, () => draw(mixture.weights, 0, K, rng))
  const first = mixture.components[0]!
  const drawn = treeByTree(component, K, first.observedNames.length, (k, rows) =>
    E.map((s: { rows: RowData }) => s.rows.values)(sampleLatentTree(mixture.components[k]!, rows.length, rng)),
  )
  if (E.isLeft(drawn)) return drawn
  const values = drawn.right
  return E.right({ rows: { rows: count, cards: first.observedCards, values }, component })
}

/**
 * Reconstructions: for each row, a tree drawn from p(T | row), then that tree's hidden variables from
 * their exact posterior given the row, then a new row drawn from them.
 *
 * @example
 * ```ts
 * import { reconstructLatentTreeMixture } from '@chainrule/learn'
 * import { createRng } from '@chainrule/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const tree = (p1: number) => ({
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(1),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(1)], observedTables: [Float64Array.of(1 - p1, p1)],
 * })
 * // A row that only tree 1 can draw comes back as tree 1 draws rows: always 1.
 * const mixture = { weights: Float64Array.of(0.5, 0.5), components: [tree(0), tree(1)] }
 * const r = reconstructLatentTreeMixture(mixture, { rows: 3, cards: Int32Array.of(2), values: Uint8Array.of(1, 0, 1) }, createRng(2))
 * E.isRight(r) && Array.from(r.right.values) // => [1, 0, 1]
 * ```
 */
export const reconstructLatentTreeMixture = (mixture: LatentTreeMixture, data: RowData, rng: Rng): E.Either<LearnError, RowData> => {
  const checked = checkMixture(mixture)
  if (E.isLeft(checked)) return checked
  const perTree = treeLogLikelihoods(mixture.components, data)
  if (E.isLeft(perTree)) return perTree
  const K = mixture.components.length
  const responsibilities = new Float64Array(data.rows * K)
  const logLikelihood = combineMixtureScores(perTree.right, mixture.weights, responsibilities)
  const impossible = logLikelihood.indexOf(-Infinity)
  if (impossible >= 0) return E.left({ _tag: 'ImpossibleRow', row: impossible, iteration: 0 })
  const tree = Int32Array.from({ length: data.rows }, (_, r) => draw(responsibilities, r * K, K, rng))
  // Each tree reconstructs the rows drawn for it (a row it cannot draw has responsibility 0 there and is never sent to it).
  const n = data.cards.length
  const values = treeByTree(tree, K, n, (k, rows) => {
    const subset = new Uint8Array(rows.length * n)
    rows.forEach((r, i) => subset.set(data.values.subarray(r * n, (r + 1) * n), i * n))
    return E.map((back: { rows: RowData }) => back.rows.values)(reconstructLatentTree(mixture.components[k]!, { rows: rows.length, cards: data.cards, values: subset }, rng))
  })
  if (E.isLeft(values)) return values
  return E.right({ rows: data.rows, cards: data.cards, values: values.right })
}

/**
 * Learn a mixture of latent trees, one per skeleton: each tree by EM on all the rows
 * (`learnLatentTree`, with the same options), then the weights by `fitWeightsToScores` on the training rows.
 *
 * @example
 * ```ts
 * import { latentClassSkeleton, learnLatentTreeMixture } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const data = { rows: 4, cards: Int32Array.of(2, 2), values: Uint8Array.of(0, 0, 1, 1, 0, 0, 1, 1) }
 * const skeleton = latentClassSkeleton(Int32Array.of(2, 2), 2)
 * const fit = await learnLatentTreeMixture(data, [skeleton, skeleton], { maxIterations: 20 })
 * E.isRight(fit) && fit.right.mixture.weights.reduce((a, b) => a + b, 0) // ~> 1
 * ```
 */
export const learnLatentTreeMixture = async (
  data: RowData,
  skeletons: readonly LatentSkeleton[],
  options: LatentTreeMixtureOptions = {},
): Promise<E.Either<LearnError, LatentTreeMixtureFit>> => {
  if (skeletons.length === 0) return E.left({ _tag: 'EmptyData', what: 'mixture components' })
  const mismatch = sameObserved(skeletons)
  if (mismatch !== undefined) return mismatch
  const weightIterations = options.weightIterations ?? 100
  if (!(Number.isSafeInteger(weightIterations) && weightIterations >= 0)) return invalid('weightIterations', String(weightIterations), 'expected an integer >= 0')
  const { start = { kind: 'rows', seed: 1 }, onIteration, weightIterations: _, weightTolerance = 1e-9, ...treeOptions } = options
  if (!(weightTolerance >= 0 && Number.isFinite(weightTolerance))) return invalid('weightTolerance', String(weightTolerance), 'expected a finite number >= 0')
  const restarts = options.restarts ?? 1
  const fits: LatentFit[] = []
  for (let k = 0; k < skeletons.length; k++) {
    const fit = await learnLatentTree(data, skeletons[k]!, {
      ...treeOptions,
      start: { ...start, seed: start.seed + k * restarts },
      ...(onIteration === undefined ? {} : { onIteration: (iteration: number, objective: number) => onIteration(k, iteration, objective) }),
    })
    if (E.isLeft(fit)) return fit
    fits.push(fit.right)
  }
  const components = fits.map((f) => f.model)
  const perTree = treeLogLikelihoods(components, data)
  if (E.isLeft(perTree)) return perTree
  const { weights, logLikelihood } = fitWeightsToScores(perTree.right, weightIterations, weightTolerance)
  return E.right({ mixture: { weights, components }, fits, logLikelihood })
}
