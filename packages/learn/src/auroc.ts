/**
 * Area under the ROC curve of a score that should be higher for positives
 * (e.g. an anomaly score: the NLL of out-of-distribution images), computed as
 * the Mann-Whitney statistic: the probability that a random positive scores
 * above a random negative, ties counting one half. O((m + n) log(m + n)) by
 * sorting once and walking tied groups.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'

/**
 * AUROC of `positives` against `negatives` (higher score = more positive).
 * Errors: an empty set, a NaN score.
 *
 * @example
 * ```ts
 * import { auroc } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * auroc([3, 4], [1, 2]) // => E.right(1)
 * auroc([1, 2], [1, 2]) // => E.right(0.5)
 * ```
 */
export const auroc = (positives: ArrayLike<number>, negatives: ArrayLike<number>): E.Either<LearnError, number> => {
  const m = positives.length
  const k = negatives.length
  if (m === 0) return E.left({ _tag: 'EmptyData', what: 'positive scores' })
  if (k === 0) return E.left({ _tag: 'EmptyData', what: 'negative scores' })
  const scores = new Float64Array(m + k)
  for (let i = 0; i < m; i++) scores[i] = positives[i]!
  for (let i = 0; i < k; i++) scores[m + i] = negatives[i]!
  for (let i = 0; i < scores.length; i++)
    if (Number.isNaN(scores[i]!)) return E.left({ _tag: 'InvalidOption', option: 'scores', value: 'NaN', reason: `score ${i} is not a number` })
  const index = new Int32Array(m + k)
  for (let i = 0; i < index.length; i++) index[i] = i
  index.sort((a, b) => scores[a]! - scores[b]!)
  // Wins of positives over negatives: for each tied group, every positive beats the
  // negatives below the group and half-beats the negatives inside it.
  let negativesBelow = 0
  let wins = 0
  for (let start = 0; start < index.length; ) {
    let end = start
    let pos = 0
    let neg = 0
    while (end < index.length && scores[index[end]!] === scores[index[start]!]) {
      if (index[end]! < m) pos++
      else neg++
      end++
    }
    wins += pos * (negativesBelow + neg / 2)
    negativesBelow += neg
    start = end
  }
  return E.right(wins / (m * k))
}

/** Equal-width bins over [min, max]: `counts[i]` values fall in [edges[i], edges[i + 1]) (the last bin includes max). */
export interface Histogram {
  readonly edges: Float64Array
  readonly counts: Int32Array
}

/**
 * Histogram of several value sets on shared equal-width bins (the range of
 * all finite values, or `range`); values outside the range or non-finite are left out.
 * Error: fewer than one bin, an empty or inverted range.
 *
 * @example
 * ```ts
 * import { histogram } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * histogram([[0, 1, 2, 3]], 2) // => E.right([{ edges: Float64Array.of(0, 1.5, 3), counts: Int32Array.of(2, 2) }])
 * ```
 */
export const histogram = (
  sets: readonly ArrayLike<number>[],
  bins: number,
  range?: readonly [number, number],
): E.Either<LearnError, Histogram[]> => {
  if (!Number.isSafeInteger(bins) || bins < 1) return E.left({ _tag: 'InvalidOption', option: 'bins', value: String(bins), reason: 'expected a positive integer' })
  let lo = Infinity
  let hi = -Infinity
  if (range !== undefined) [lo, hi] = range
  else
    for (const s of sets)
      for (let i = 0; i < s.length; i++) {
        const x = s[i]!
        if (Number.isFinite(x)) (lo = Math.min(lo, x), hi = Math.max(hi, x))
      }
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi))
    return E.left({ _tag: 'EmptyData', what: 'histogram range (no finite values)' })
  const width = hi > lo ? (hi - lo) / bins : 1
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? (hi > lo ? hi : lo + 1) : lo + i * width))
  return E.right(
    sets.map((s) => {
      const counts = new Int32Array(bins)
      for (let i = 0; i < s.length; i++) {
        const x = s[i]!
        if (!Number.isFinite(x) || x < lo || x > hi) continue
        // (x - lo) / (hi - lo) stays exact-enough even when the range is subnormal.
        counts[hi > lo ? Math.min(bins - 1, Math.floor(bins * ((x - lo) / (hi - lo)))) : 0]!++
      }
      return { edges, counts }
    }),
  )
}
