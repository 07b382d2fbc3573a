/**
 * Estimators of a conditional table from (expected) counts.
 *
 * For a family with child cardinality r and q parent assignments, with counts
 * N_jk (parent assignment j, child state k) and N_j = sum_k N_jk:
 * - maximum likelihood: theta_jk = N_jk / N_j. A row with N_j = 0 (a parent
 *   assignment the data never shows) has no maximum; by default it is the
 *   uniform row 1 / r, and with `emptyRows: 'error'` it is `EmptyParentRow`.
 * - Dirichlet (posterior mean under a symmetric prior): theta_jk = (N_jk + alpha) / (N_j + r alpha),
 *   alpha > 0 per entry ("add-alpha"; alpha = 1 is Laplace smoothing).
 * - BDeu (Heckerman, Geiger & Chickering 1995; Buntine 1991): the Dirichlet
 *   with alpha_jk = ESS / (q r), an equivalent sample size spread uniformly
 *   over the entries of the family's table, so that the prior does not depend
 *   on how the graph is drawn (likelihood equivalence).
 * The pseudo-count estimate is the posterior mean of theta_j under
 * Dirichlet(alpha), which is also the posterior mode (MAP) under
 * Dirichlet(alpha + 1); EM uses the second reading to stay monotone.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type LearnError, invalidOption as bad } from './errors.js'

/** How to turn counts into a table. */
export type Estimator =
  | { readonly kind: 'maximumLikelihood'; readonly emptyRows?: 'uniform' | 'error' }
  | { readonly kind: 'dirichlet'; readonly alpha: number }
  | { readonly kind: 'bdeu'; readonly equivalentSampleSize: number }

/**
 * The pseudo-count added to every entry of a family's table: 0 for maximum
 * likelihood, alpha for Dirichlet, ESS / (q r) for BDeu.
 *
 * @example
 * ```ts
 * import { pseudoCount } from '@chainrule/learn'
 * pseudoCount({ kind: 'bdeu', equivalentSampleSize: 10 }, 2, 4) // => 10 / (4 * 2)
 * pseudoCount({ kind: 'dirichlet', alpha: 0.5 }, 2, 4) // => 0.5
 * ```
 */
export const pseudoCount = (estimator: Estimator, card: number, parentRows: number): number => {
  switch (estimator.kind) {
    case 'maximumLikelihood':
      return 0
    case 'dirichlet':
      return estimator.alpha
    case 'bdeu':
      return estimator.equivalentSampleSize / (parentRows * card)
  }
}

/**
 * Check an estimator's numbers: alpha and ESS must be finite and positive.
 *
 * @example
 * ```ts
 * import { checkEstimator } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * const bad = checkEstimator({ kind: 'dirichlet', alpha: -1 })
 * E.isLeft(bad) && bad.left // => { _tag: 'InvalidOption', option: 'alpha', value: '-1', reason: 'expected a finite number > 0' }
 * ```
 */
export const checkEstimator = (estimator: Estimator): E.Either<LearnError, Estimator> => {
  switch (estimator.kind) {
    case 'maximumLikelihood':
      return estimator.emptyRows === undefined || estimator.emptyRows === 'uniform' || estimator.emptyRows === 'error'
        ? E.right(estimator)
        : bad('emptyRows', estimator.emptyRows, "expected 'uniform' or 'error'")
    case 'dirichlet':
      return Number.isFinite(estimator.alpha) && estimator.alpha > 0 ? E.right(estimator) : bad('alpha', estimator.alpha, 'expected a finite number > 0')
    case 'bdeu':
      return Number.isFinite(estimator.equivalentSampleSize) && estimator.equivalentSampleSize > 0
        ? E.right(estimator)
        : bad('equivalentSampleSize', estimator.equivalentSampleSize, 'expected a finite number > 0')
    default:
      return bad('estimator', (estimator as { kind?: unknown }).kind, "expected 'maximumLikelihood', 'dirichlet' or 'bdeu'")
  }
}

/**
 * Estimate a table from counts in place of `out` (same layout, rows of
 * length `card`). Returns the index of the first empty row when maximum
 * likelihood must refuse it (`emptyRows: 'error'`), else -1.
 *
 * `estimateTable(Float64Array.of(3, 1, 0, 0), 2, { kind: 'maximumLikelihood' }, out)` returns -1 and
 * writes `[0.75, 0.25, 0.5, 0.5]` (an empty row uniform); with `{ kind: 'dirichlet', alpha: 1 }` it writes
 * `[4/6, 2/6, 0.5, 0.5]`.
 */
export const estimateTable = (counts: Float64Array, card: number, estimator: Estimator, out: Float64Array): number => {
  const rows = counts.length / card
  const alpha = pseudoCount(estimator, card, rows)
  const refuse = estimator.kind === 'maximumLikelihood' && estimator.emptyRows === 'error'
  for (let j = 0, at = 0; j < rows; j++, at += card) {
    let total = 0
    for (let k = 0; k < card; k++) total += counts[at + k]!
    if (total === 0 && alpha === 0) {
      if (refuse) return j
      for (let k = 0; k < card; k++) out[at + k] = 1 / card
      continue
    }
    const denominator = total + card * alpha
    for (let k = 0; k < card; k++) out[at + k] = (counts[at + k]! + alpha) / denominator
  }
  return -1
}
