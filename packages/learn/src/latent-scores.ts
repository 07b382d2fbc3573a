/**
 * What a fitted latent tree model says about rows: exact log-likelihoods
 * (log p(x) in nats), and features: the exact posterior of every hidden
 * variable, concatenated, one row of a Float32 matrix per data row (what
 * the model "has learned the row has in common with others").
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'
import type { RowData } from './row-data.js'
import { hiddenStateNames, latentLayout, type LatentTree } from './latent-tree.js'
import { latentPass, passTables, prepareRows } from './latent-pass.js'
import { passOverRows, shareRows } from './latent-parallel.js'
import type { Threads } from './threads.js'

/** Features: one row per data row, `dims` columns. */
export interface FeatureMatrix {
  readonly rows: number
  readonly dims: number
  /** `values[r * dims + d]`. */
  readonly values: Float32Array
  /** What each column is (`H3=s5`: the posterior probability that H3 is in state s5). */
  readonly names: readonly string[]
}

const checkRows = (model: LatentTree, data: RowData): E.Either<LearnError, RowData> => {
  const n = model.observedNames.length
  if (data.cards.length !== n) return E.left({ _tag: 'ShapeMismatch', what: 'observed variables per row', expected: n, got: data.cards.length })
  for (let i = 0; i < n; i++)
    if (data.cards[i]! !== model.observedCards[i]!)
      return E.left({ _tag: 'ShapeMismatch', what: `states of ${model.observedNames[i]}`, expected: model.observedCards[i]!, got: data.cards[i]! })
  return E.right(data)
}

/** Run the pass over every row with the given outputs. */
const passAll = (
  model: LatentTree,
  data: RowData,
  posteriors: boolean,
): E.Either<LearnError, { logLikelihood: Float64Array; posteriors?: Float32Array; states: number }> => {
  const checked = checkRows(model, data)
  if (E.isLeft(checked)) return checked
  const layout = latentLayout(model)
  if (E.isLeft(layout)) return layout
  const prepared = prepareRows(model, data)
  const tables = passTables(model, layout.right, prepared)
  const logLikelihood = new Float64Array(data.rows)
  const out = posteriors ? new Float32Array(data.rows * layout.right.states) : undefined
  latentPass(model, layout.right, prepared, tables, 0, data.rows, { logLikelihood, ...(out === undefined ? {} : { posteriors: out }) })
  return E.right({ logLikelihood, ...(out === undefined ? {} : { posteriors: out }), states: layout.right.states })
}

/**
 * log p(row) in nats for every row, exact (-Infinity for a row of probability zero).
 *
 * @example
 * ```ts
 * import { latentLogLikelihoods } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.3, 0.7)],
 * }
 * const ll = latentLogLikelihoods(model, { rows: 1, cards: Int32Array.of(2), values: Uint8Array.of(1) })
 * E.isRight(ll) && ll.right[0] // ~> Math.log(0.5 * 0.1 + 0.5 * 0.7)
 * ```
 */
export const latentLogLikelihoods = (model: LatentTree, data: RowData): E.Either<LearnError, Float64Array> =>
  E.map((r: { logLikelihood: Float64Array }) => r.logLikelihood)(passAll(model, data, false))

/**
 * The exact posterior of every hidden variable for every row, as features
 * (Float32; each hidden variable's block sums to 1).
 *
 * @example
 * ```ts
 * import { latentFeatures } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.3, 0.7)],
 * }
 * const f = latentFeatures(model, { rows: 1, cards: Int32Array.of(2), values: Uint8Array.of(1) })
 * E.isRight(f) && f.right.names // => ['z=s0', 'z=s1']
 * E.isRight(f) && f.right.values[1] // ~> 0.875
 * ```
 */
export const latentFeatures = (model: LatentTree, data: RowData): E.Either<LearnError, FeatureMatrix> =>
  E.map((r: { features: FeatureMatrix }) => r.features)(latentPosteriors(model, data))

/** Features and log-likelihoods from one pass over the rows (for mixtures, which weigh each tree's features by its likelihood). */
export const latentPosteriors = (model: LatentTree, data: RowData): E.Either<LearnError, Posteriors> =>
  E.map((r: { logLikelihood: Float64Array; posteriors?: Float32Array; states: number }) => posteriorsOf(model, data.rows, r.states, r))(passAll(model, data, true))

/** What {@link latentPosteriors} gives: the features and each row's log-likelihood. */
export interface Posteriors {
  readonly features: FeatureMatrix
  readonly logLikelihood: Float64Array
}

const posteriorsOf = (model: LatentTree, rows: number, states: number, pass: { logLikelihood: Float64Array; posteriors?: Float32Array }): Posteriors => ({
  logLikelihood: pass.logLikelihood,
  features: {
    rows,
    dims: states,
    values: pass.posteriors!,
    names: model.hiddenNames.flatMap((name, v) => hiddenStateNames(model.hiddenCards[v]!).map((s) => `${name}=${s}`)),
  },
})

/**
 * {@link latentPosteriors} with the rows cut into one range per thread (`workerThreads(2)` of
 * `@chainrule/learn/node`), the rows in shared memory: every row's numbers are computed by the same
 * code as in one thread, so they are the same. A thread that fails is a `WorkerFailed` error.
 */
export const latentPosteriorsOnThreads = async (model: LatentTree, data: RowData, threads: Threads): Promise<E.Either<LearnError, Posteriors>> => {
  const checked = checkRows(model, data)
  if (E.isLeft(checked)) return checked
  const layout = latentLayout(model)
  if (E.isLeft(layout)) return layout
  try {
    const pass = await passOverRows(model, layout.right, shareRows(prepareRows(model, data)), { counts: false, posteriors: true }, threads)
    return E.right(posteriorsOf(model, data.rows, layout.right.states, pass))
  } catch (e) {
    return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
  }
}

/**
 * {@link latentFeatures} with the rows cut into one range per thread (`workerThreads(2)` of
 * `@chainrule/learn/node`), the rows in shared memory: the same features. A thread that fails is a
 * `WorkerFailed` error.
 *
 * @example
 * ```ts
 * import { latentFeatures, latentFeaturesOnThreads } from '@chainrule/learn'
 * import { workerThreads } from '@chainrule/learn/node'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.3, 0.7)],
 * }
 * const rows = { rows: 3, cards: Int32Array.of(2), values: Uint8Array.of(0, 1, 1) }
 * const split = await latentFeaturesOnThreads(model, rows, workerThreads(2))
 * const one = latentFeatures(model, rows)
 * E.isRight(split) && E.isRight(one) && split.right.values.every((p, i) => p === one.right.values[i]) // => true
 * ```
 */
export const latentFeaturesOnThreads = async (model: LatentTree, data: RowData, threads: Threads): Promise<E.Either<LearnError, FeatureMatrix>> =>
  E.map((r: Posteriors) => r.features)(await latentPosteriorsOnThreads(model, data, threads))

/**
 * The most probable state of one hidden variable per row (argmax of its exact posterior): cluster assignments.
 *
 * @example
 * ```ts
 * import { latentAssignments } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.3, 0.7)],
 * }
 * const a = latentAssignments(model, { rows: 2, cards: Int32Array.of(2), values: Uint8Array.of(0, 1) }, 'z')
 * E.isRight(a) && Array.from(a.right) // => [0, 1]
 * ```
 */
export const latentAssignments = (model: LatentTree, data: RowData, hidden: string): E.Either<LearnError, Int32Array> => {
  const v = model.hiddenNames.indexOf(hidden)
  if (v < 0) return E.left({ _tag: 'InvalidOption', option: 'hidden', value: hidden, reason: 'not a hidden variable of the model' })
  const features = latentFeatures(model, data)
  if (E.isLeft(features)) return features
  let offset = 0
  for (let u = 0; u < v; u++) offset += model.hiddenCards[u]!
  const K = model.hiddenCards[v]!
  const { dims, values } = features.right
  const out = new Int32Array(data.rows)
  for (let r = 0; r < data.rows; r++) {
    let best = 0
    for (let k = 1; k < K; k++) if (values[r * dims + offset + k]! > values[r * dims + offset + best]!) best = k
    out[r] = best
  }
  return E.right(out)
}
