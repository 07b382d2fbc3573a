/**
 * Table CPDs over a few earlier pixels (independent pixels, the last k pixels
 * of the ordering, a causal neighbourhood on the grid), learned by counting
 * with a symmetric Dirichlet prior:
 *
 *   p(x_p = 1 | context c) = (n1[p, c] + alpha) / (n[p, c] + 2 alpha)
 *
 * with alpha chosen among candidates by the exact log-likelihood of a
 * validation set (computed from the validation counts, without rescanning).
 *
 * Counting and smoothing are the package's table learning (`countFamilies`,
 * `estimateTable`) on the images as a `@chainrule/data` data set; this module
 * only chooses alpha and compiles the tables into a `BinaryChain` (log-odds
 * per position and context, contexts in CPT row order).
 */
import * as E from 'fp-ts/lib/Either.js'
import { domain as makeDomain } from '@chainrule/factor'
import { imageDataSet } from '@chainrule/data'
import type { AutoregressiveStructure } from '@chainrule/models'
import type { ImageMatrix } from './image-data.js'
import type { LearnError } from './errors.js'
import type { BinaryChain, ContextGroup } from './image-chain.js'
import { countFamilies } from './table-learning.js'
import { estimateTable } from './dirichlet.js'

/** Most parents a context table may have (2^20 rows per position). */
export const MAX_CONTEXT_PARENTS = 20

/**
 * Family counts per variable (CPT layout: `counts[v][2 * c + x]` = images with
 * parents in row c and pixel v = x), as `countFamilies` returns them.
 */
export type ContextCounts = readonly Float64Array[]

/**
 * The skeleton of a context group (parents as positions, no log-odds yet) from
 * an autoregressive structure of `@chainrule/models`. Error: more than
 * {@link MAX_CONTEXT_PARENTS} parents at some variable, non-binary states.
 *
 * @example
 * ```ts
 * import { imageMatrix, contextGroupOf } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const group = contextGroupOf(s.right)
 *   E.isRight(group) && group.right.k // => 1
 * }
 * ```
 */
export const contextGroupOf = (structure: AutoregressiveStructure): E.Either<LearnError, ContextGroup> => {
  const n = structure.names.length
  if (structure.states.length !== 2)
    return E.left({ _tag: 'NonBinaryVariable', variable: structure.names[0] ?? '', states: structure.states.length })
  const k = structure.maxParents
  if (k > MAX_CONTEXT_PARENTS) {
    const v = structure.parentIds.findIndex((ps) => ps.length === k)
    return E.left({ _tag: 'TooManyParents', variable: structure.names[v] ?? '', parents: k, limit: MAX_CONTEXT_PARENTS })
  }
  const position = new Int32Array(n)
  structure.ordering.forEach((v, p) => (position[v] = p))
  const counts = new Uint8Array(n)
  const parents = new Int32Array(n * Math.max(k, 1))
  for (let p = 0; p < n; p++) {
    const ps = structure.dag.parentIds[structure.ordering[p]!]!
    counts[p] = ps.length
    ps.forEach((parent, j) => (parents[p * k + j] = position[parent]!))
  }
  return E.right({ k, counts, parents, logits: new Float64Array(n * (1 << k)) })
}

/** The ordering of a structure as an Int32Array (position -> variable). */
export const orderingOf = (structure: AutoregressiveStructure): Int32Array => Int32Array.from(structure.ordering)

/**
 * Count every family of the structure over the images (the package's
 * `countFamilies` on the images as a data set).
 *
 * @example
 * ```ts
 * import { imageMatrix, countContexts } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const counts = countContexts(images.right, s.right)
 *   // The first pixel has no parent: two images with it off, two with it on
 *   E.isRight(counts) && Array.from(counts.right[0]!) // => [2, 2]
 * }
 * ```
 */
export const countContexts = (images: ImageMatrix, structure: AutoregressiveStructure): E.Either<LearnError, ContextCounts> => {
  const domain = makeDomain(structure.names.map((name) => ({ name, states: structure.states })))
  if (E.isLeft(domain)) return E.left({ _tag: 'Factor', error: domain.left })
  const counted = countFamilies(imageDataSet(images), { dag: structure.dag, domain: domain.right })
  return E.isLeft(counted) ? counted : E.right(counted.right.counts)
}

/** Fill a group's log-odds (position layout) from family counts and a pseudo-count alpha per cell. */
export const smoothedLogits = (
  counts: ContextCounts,
  ordering: Int32Array,
  group: ContextGroup,
  alpha: number,
  out: Float64Array,
): Float64Array => {
  const stride = 1 << group.k
  for (let p = 0; p < ordering.length; p++) {
    const c = counts[ordering[p]!]!
    const probabilities = new Float64Array(c.length)
    estimateTable(c, 2, { kind: 'dirichlet', alpha }, probabilities)
    for (let r = 0; r < c.length / 2; r++) out[p * stride + r] = Math.log(probabilities[2 * r + 1]! / probabilities[2 * r]!)
  }
  return out
}

/**
 * Exact log-likelihood (nats, summed over images) of a held-out set from its
 * family counts, under the tables smoothed from the training counts.
 *
 * @example
 * ```ts
 * import { imageMatrix, countContexts, heldOutLogLikelihood } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const counts = countContexts(images.right, s.right)
 *   // The training images scored under their own smoothed tables: a log-likelihood, below 0
 *   E.isRight(counts) && heldOutLogLikelihood(counts.right, counts.right, 1) < 0 // => true
 * }
 * ```
 */
export const heldOutLogLikelihood = (train: ContextCounts, heldOut: ContextCounts, alpha: number): number => {
  let ll = 0
  for (let v = 0; v < train.length; v++) {
    const t = train[v]!
    const h = heldOut[v]!
    for (let i = 0; i < t.length; i += 2) {
      const m0 = h[i]!
      const m1 = h[i + 1]!
      if (m0 + m1 === 0) continue
      const total = t[i]! + t[i + 1]! + 2 * alpha
      if (m1 > 0) ll += m1 * Math.log((t[i + 1]! + alpha) / total)
      if (m0 > 0) ll += m0 * Math.log((t[i]! + alpha) / total)
    }
  }
  return ll
}

/** Options of {@link learnTableChain}. */
export interface TableChainOptions {
  /** Pseudo-count per cell; a list is searched on `validation` (default [0.01, 0.03, 0.1, 0.3, 1, 3]). */
  readonly alpha?: number | readonly number[]
  /** Images to choose alpha on (required when alpha is a list of more than one value). */
  readonly validation?: ImageMatrix
}

/** A learned table chain and how its smoothing was chosen. */
export interface TableChainFit {
  readonly chain: BinaryChain
  readonly alpha: number
  /** Mean validation NLL (nats per image) for each candidate alpha, when a validation set was given. */
  readonly validationNll: readonly { readonly alpha: number; readonly meanNll: number }[]
}

/**
 * Learn table CPDs for every pixel of an autoregressive structure (binary
 * states, at most 20 parents per pixel) by smoothed counting.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   E.isRight(fit) && fit.right.chain.n // => 4
 * }
 * ```
 */
export const learnTableChain = (
  train: ImageMatrix,
  structure: AutoregressiveStructure,
  options: TableChainOptions = {},
): E.Either<LearnError, TableChainFit> => {
  const n = structure.names.length
  if (train.width * train.height !== n)
    return E.left({ _tag: 'ShapeMismatch', what: 'pixels per image', expected: n, got: train.width * train.height })
  if (train.rows === 0) return E.left({ _tag: 'EmptyData', what: 'training images' })
  const candidates = typeof options.alpha === 'number' ? [options.alpha] : (options.alpha ?? [0.01, 0.03, 0.1, 0.3, 1, 3])
  if (candidates.length === 0 || candidates.some((a) => !(a > 0) || !Number.isFinite(a)))
    return E.left({ _tag: 'InvalidOption', option: 'alpha', value: candidates.join(','), reason: 'expected positive finite pseudo-counts' })
  const { validation } = options
  if (candidates.length > 1 && validation === undefined)
    return E.left({ _tag: 'InvalidOption', option: 'validation', value: 'undefined', reason: 'needed to choose among several alpha' })
  if (validation !== undefined && validation.width * validation.height !== n)
    return E.left({ _tag: 'ShapeMismatch', what: 'validation pixels per image', expected: n, got: validation.width * validation.height })
  const group = contextGroupOf(structure)
  if (E.isLeft(group)) return group
  const ordering = orderingOf(structure)
  const counts = countContexts(train, structure)
  if (E.isLeft(counts)) return counts
  const scores: { alpha: number; meanNll: number }[] = []
  let alpha = candidates[0]!
  if (validation !== undefined && validation.rows > 0) {
    const held = countContexts(validation, structure)
    if (E.isLeft(held)) return held
    let best = -Infinity
    for (const a of candidates) {
      const ll = heldOutLogLikelihood(counts.right, held.right, a)
      scores.push({ alpha: a, meanNll: -ll / validation.rows })
      if (ll > best) {
        best = ll
        alpha = a
      }
    }
  }
  smoothedLogits(counts.right, ordering, group.right, alpha, group.right.logits)
  const chain: BinaryChain = {
    width: train.width,
    height: train.height,
    n,
    ordering,
    bias: new Float64Array(n),
    contexts: [group.right],
  }
  return E.right({ chain, alpha, validationNll: scores })
}
