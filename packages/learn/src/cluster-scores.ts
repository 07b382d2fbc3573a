/**
 * How well cluster assignments match labels they never saw: purity (each
 * cluster counts its most common label as right) and normalised mutual
 * information NMI = I(C; L) / ((H(C) + H(L)) / 2) (the arithmetic-mean
 * normalisation; Strehl & Ghosh 2002 use the geometric mean, scikit-learn's
 * default is this one). Both are 1 for a perfect match; NMI is 0 for
 * independent assignments, while purity rises with the number of clusters.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'

/** Clustering scores. */
export interface ClusterScores {
  readonly purity: number
  readonly nmi: number
  /** Clusters that received at least one row. */
  readonly clustersUsed: number
}

/**
 * Purity and NMI of `clusters` against `labels` (same length, non-negative integers).
 *
 * @example
 * ```ts
 * import { clusterScores } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const s = clusterScores(Int32Array.of(0, 0, 1, 1), Uint8Array.of(3, 3, 5, 5))
 * E.isRight(s) && [s.right.purity, s.right.nmi] // ~> [1, 1]
 * ```
 */
export const clusterScores = (clusters: ArrayLike<number>, labels: ArrayLike<number>): E.Either<LearnError, ClusterScores> => {
  const n = clusters.length
  if (labels.length !== n) return E.left({ _tag: 'ShapeMismatch', what: 'labels', expected: n, got: labels.length })
  if (n === 0) return E.left({ _tag: 'EmptyData', what: 'cluster assignments' })
  const joint = new Map<number, Map<number, number>>()
  const byLabel = new Map<number, number>()
  for (let r = 0; r < n; r++) {
    const c = clusters[r]!
    const l = labels[r]!
    if (!(Number.isInteger(c) && c >= 0)) return E.left({ _tag: 'InvalidOption', option: 'clusters', value: String(c), reason: `row ${r}: expected a non-negative integer` })
    if (!(Number.isInteger(l) && l >= 0)) return E.left({ _tag: 'InvalidOption', option: 'labels', value: String(l), reason: `row ${r}: expected a non-negative integer` })
    const row = joint.get(c) ?? new Map<number, number>()
    row.set(l, (row.get(l) ?? 0) + 1)
    joint.set(c, row)
    byLabel.set(l, (byLabel.get(l) ?? 0) + 1)
  }
  let right = 0
  let mutual = 0
  let hClusters = 0
  for (const row of joint.values()) {
    let size = 0
    let most = 0
    for (const count of row.values()) {
      size += count
      most = Math.max(most, count)
    }
    right += most
    hClusters -= (size / n) * Math.log(size / n)
    for (const [l, count] of row) mutual += (count / n) * Math.log((count * n) / (size * byLabel.get(l)!))
  }
  let hLabels = 0
  for (const count of byLabel.values()) hLabels -= (count / n) * Math.log(count / n)
  const denominator = (hClusters + hLabels) / 2
  return E.right({ purity: right / n, nmi: denominator > 0 ? Math.max(0, mutual) / denominator : 1, clustersUsed: joint.size })
}
