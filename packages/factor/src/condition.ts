/**
 * Exact conditioning by Bayes rule: P(A | e) = P(A, e) / P(e), with P(e) returned too.
 * Evidence of probability zero is the typed error `ImpossibleEvidence`, never NaN or a uniform guess.
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkCardinalities } from './consistency.js'
import { type Domain, type Evidence, describeEvidence, labelOf, stateOf } from './domain.js'
import type { FactorError } from './errors.js'
import { type Factor, type VarId, tableOf } from './factor.js'
import { total } from './normalize.js'
import { product } from './product.js'
import { reduce } from './reduce.js'

/** A posterior and the probability of the evidence it was conditioned on. */
export interface Conditioned {
  /** Normalised posterior over the unobserved variables (observed ones are dropped from the scope). */
  readonly posterior: Factor
  /** P(evidence) = mass consistent with the evidence / total mass. */
  readonly probability: number
  /** Natural log of `probability`. */
  readonly logProbability: number
}

/**
 * Condition a joint table on evidence: the posterior over the other variables and P(evidence).
 * The joint need not be normalised (P(e) is relative to its total). Errors: `UnknownVariable`
 * (evidence on a variable not in the joint), `UnknownState`, `NotNormalizable` (a joint of zero
 * mass), `ImpossibleEvidence`.
 *
 * @example
 * ```ts
 * import { condition, fromFlat, type VarId } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * const [rain, wet] = [0 as VarId, 1 as VarId]
 * F.pipe(
 *   fromFlat([rain, wet], [2, 2], [0.56, 0.14, 0.03, 0.27]),
 *   E.chain((joint) => condition(joint, new Map([[wet, 1]]))),
 *   E.map((c) => [c.posterior.values, c.probability]),
 * ) // ~> E.right([Float64Array.of(0.14 / 0.41, 0.27 / 0.41), 0.41])
 * ```
 */
export const condition = (joint: Factor, evidence: Evidence, d?: Domain): E.Either<FactorError, Conditioned> => {
  for (const [v, s] of evidence) {
    const i = joint.scope.indexOf(v)
    if (i < 0) return E.left({ _tag: 'UnknownVariable', variable: labelOf(d, v), where: 'evidence (not in the joint)' })
    if (!Number.isSafeInteger(s) || s < 0 || s >= joint.cards[i]!)
      return E.left({ _tag: 'UnknownState', variable: labelOf(d, v), state: String(s) })
  }
  const all = total(joint)
  if (!(all > 0 && all < Infinity)) return E.left({ _tag: 'NotNormalizable', total: all })
  return conditioned(reduce(joint, evidence), all, d, evidence)
}

/**
 * Bayes rule for one observation: P(A | B = b) = P(B = b | A) P(A) / P(B = b), with P(B = b).
 * `likelihood` is a conditional table whose LAST scope variable is B and whose other variables are
 * in the prior's scope; `observed` is B's state index, or its name when a domain is given. The
 * posterior has the prior's scope.
 *
 * @example
 * ```ts
 * import { bayes, fromFlat, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [disease, test] = [0 as VarId, 1 as VarId]
 * const prior = fromFlat([disease], [2], [0.99, 0.01])
 * const sensitivity = fromFlat([disease, test], [2, 2], [0.95, 0.05, 0.05, 0.95])
 * if (E.isRight(prior) && E.isRight(sensitivity)) bayes(prior.right, sensitivity.right, 1)
 * // right({ posterior: [0.838..., 0.161...], probability: 0.059, ... })
 * ```
 */
export const bayes = (
  prior: Factor,
  likelihood: Factor,
  observed: number | string,
  d?: Domain,
): E.Either<FactorError, Conditioned> => {
  const b = likelihood.scope[likelihood.scope.length - 1]
  if (b === undefined)
    return E.left({ _tag: 'InvalidOption', option: 'likelihood', reason: 'it has an empty scope (no observed variable)' })
  if (prior.scope.includes(b))
    return E.left({ _tag: 'InvalidOption', option: 'likelihood', reason: `observed variable ${labelOf(d, b)} is in the prior` })
  for (const v of likelihood.scope)
    if (v !== b && !prior.scope.includes(v))
      return E.left({ _tag: 'UnknownVariable', variable: labelOf(d, v), where: 'the prior (the likelihood conditions on it)' })
  const cards = checkCardinalities([prior, likelihood], d)
  if (E.isLeft(cards)) return cards
  let state: number
  if (typeof observed === 'string') {
    if (d === undefined) return E.left({ _tag: 'UnknownState', variable: labelOf(d, b), state: JSON.stringify(observed) })
    const s = stateOf(d, b, observed)
    if (E.isLeft(s)) return s
    state = s.right
  } else {
    state = observed
  }
  if (!Number.isSafeInteger(state) || state < 0 || state >= likelihood.cards[likelihood.cards.length - 1]!)
    return E.left({ _tag: 'UnknownState', variable: labelOf(d, b), state: String(state) })
  const priorMass = total(prior)
  if (!(priorMass > 0 && priorMass < Infinity)) return E.left({ _tag: 'NotNormalizable', total: priorMass })
  const evidence = new Map<VarId, number>([[b, state]])
  // P(b) = sum_a P(a) P(b | a) / sum_a P(a): relative to the prior's mass, so an unnormalised
  // likelihood (a likelihood function rather than a table) still gives the right evidence.
  return conditioned(reduce(product(prior, likelihood), evidence), priorMass, d, evidence)
}

/**
 * The posterior from a table already reduced to the evidence: normalised by
 * its own mass, with P(e) = mass / `before` (the mass before reduction).
 */
const conditioned = (
  reduced: Factor,
  before: number,
  d: Domain | undefined,
  evidence: Evidence,
): E.Either<FactorError, Conditioned> => {
  const mass = total(reduced)
  if (mass === 0) return E.left({ _tag: 'ImpossibleEvidence', evidence: describeEvidence(d, evidence) })
  const values = new Float64Array(reduced.values.length)
  for (let i = 0; i < values.length; i++) values[i] = reduced.values[i]! / mass
  return E.right({
    posterior: tableOf(reduced.scope, reduced.cards, values),
    probability: mass / before,
    logProbability: Math.log(mass) - Math.log(before),
  })
}
