/**
 * Decomposable scores of a DAG given data: the score of a graph is the sum
 * over variables of a family score, a function of the family's counts only.
 * All in nats; higher is better.
 *
 * For a family with child cardinality r, q parent assignments (every
 * combination of parent states, seen or not), counts N_jk (parent assignment
 * j, child state k), N_j = sum_k N_jk and N rows:
 * - log-likelihood: LL = sum_jk N_jk log(N_jk / N_j)
 * - BIC: LL - (log N / 2) q (r - 1)              (Schwarz 1978; bnlearn's `bic`)
 * - AIC: LL - q (r - 1)                           (Akaike 1974; bnlearn's `aic`)
 * - BDeu(ess): sum_j [lnG(a_j) - lnG(a_j + N_j)] + sum_jk [lnG(a_jk + N_jk) - lnG(a_jk)],
 *   a_jk = ess / (q r), a_j = ess / q           (Heckerman, Geiger & Chickering 1995)
 * - K2: the same with a_jk = 1                    (Cooper & Herskovits 1992)
 * BIC, AIC, log-likelihood and BDeu give Markov-equivalent DAGs equal
 * scores; K2 does not.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StructureError } from './errors.js'
import { logGamma } from './special-functions.js'

/** Which decomposable score to maximise. */
export type Score =
  | { readonly kind: 'bic' }
  | { readonly kind: 'aic' }
  | { readonly kind: 'logLikelihood' }
  | { readonly kind: 'bdeu'; readonly equivalentSampleSize: number }
  | { readonly kind: 'k2' }

/**
 * Check a score's parameters (BDeu's equivalent sample size finite and > 0).
 *
 * @example
 * ```ts
 * import { checkScore } from '@chainrule/structure'
 * checkScore({ kind: 'bdeu', equivalentSampleSize: 0 })._tag // => 'Left'
 * ```
 */
export const checkScore = (score: Score): E.Either<StructureError, Score> => {
  switch (score.kind) {
    case 'bic':
    case 'aic':
    case 'logLikelihood':
    case 'k2':
      return E.right(score)
    case 'bdeu':
      return Number.isFinite(score.equivalentSampleSize) && score.equivalentSampleSize > 0
        ? E.right(score)
        : E.left({ _tag: 'InvalidOption', option: 'equivalentSampleSize', value: String(score.equivalentSampleSize), reason: 'expected a finite number > 0' })
    default:
      return E.left({ _tag: 'InvalidOption', option: 'score', value: String((score as { kind?: unknown }).kind), reason: "expected 'bic', 'aic', 'logLikelihood', 'bdeu' or 'k2'" })
  }
}

/** sum_jk N_jk log N_jk - sum_j N_j log N_j over rows of length `card`. */
const logLikelihoodOf = (counts: ArrayLike<number>, size: number, card: number): number => {
  let ll = 0
  for (let at = 0; at < size; at += card) {
    let total = 0
    for (let k = 0; k < card; k++) {
      const n = counts[at + k]!
      if (n > 0) {
        ll += n * Math.log(n)
        total += n
      }
    }
    if (total > 0) ll -= total * Math.log(total)
  }
  return ll
}

/** The Dirichlet marginal likelihood with alpha_jk = alpha (BDeu, K2). */
const dirichletOf = (counts: ArrayLike<number>, size: number, card: number, alpha: number): number => {
  const rowAlpha = alpha * card
  const logGammaAlpha = logGamma(alpha)
  const logGammaRowAlpha = logGamma(rowAlpha)
  let score = 0
  for (let at = 0; at < size; at += card) {
    let total = 0
    for (let k = 0; k < card; k++) {
      const n = counts[at + k]!
      if (n > 0) {
        score += logGamma(alpha + n) - logGammaAlpha
        total += n
      }
    }
    // An empty parent row contributes lnG(a_j) - lnG(a_j) = 0.
    if (total > 0) score += logGammaRowAlpha - logGamma(rowAlpha + total)
  }
  return score
}

/**
 * The score of one family from its counts: `size` entries laid out as rows
 * of `card` (one row per parent assignment, the child's state fastest), over
 * `rows` data rows.
 *
 * @example
 * ```ts
 * import { familyScore } from '@chainrule/structure'
 * // A child with no parents seen 3 times in state 0 and once in state 1:
 * const ll = familyScore({ kind: 'logLikelihood' }, [3, 1], 4, 2, 4)
 * Math.abs(ll - (3 * Math.log(0.75) + Math.log(0.25))) < 1e-12 // => true
 * ```
 */
export const familyScore = (score: Score, counts: ArrayLike<number>, size: number, card: number, rows: number): number => {
  const parameters = (size / card) * (card - 1)
  switch (score.kind) {
    case 'logLikelihood':
      return logLikelihoodOf(counts, size, card)
    case 'bic':
      return logLikelihoodOf(counts, size, card) - (rows > 0 ? 0.5 * Math.log(rows) * parameters : 0)
    case 'aic':
      return logLikelihoodOf(counts, size, card) - parameters
    case 'bdeu':
      return dirichletOf(counts, size, card, score.equivalentSampleSize / size)
    case 'k2':
      return dirichletOf(counts, size, card, 1)
  }
}

/**
 * A short name for a score, as the command line spells it (`bic`, `bdeu(10)`).
 *
 * @example
 * ```ts
 * import { scoreName } from '@chainrule/structure'
 * scoreName({ kind: 'bdeu', equivalentSampleSize: 10 }) // => 'bdeu(10)'
 * ```
 */
export const scoreName = (score: Score): string =>
  score.kind === 'bdeu' ? `bdeu(${score.equivalentSampleSize})` : score.kind === 'logLikelihood' ? 'loglik' : score.kind
