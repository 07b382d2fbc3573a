/**
 * Evidence given by names, checked against a domain and turned into the dense
 * form propagation reads: one state index (or -1) per variable, and optional
 * likelihood vectors for soft (virtual) evidence.
 */
import type { Domain } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { InferError } from './errors.js'
import type { DenseEvidence } from './propagate.js'

/**
 * What is known when asking a question.
 * - `evidence`: hard evidence, variable name -> observed state name;
 * - `likelihoods`: soft evidence, variable name -> one non-negative weight per
 *   state (P(observation | state) up to a constant), not all zero.
 */
export interface Observations<A extends Readonly<Record<string, string>> = Readonly<Record<string, string>>> {
  readonly evidence?: Readonly<Partial<A>>
  readonly likelihoods?: Readonly<Partial<Record<keyof A & string, readonly number[]>>>
}

/** Dense evidence plus a readable list of what was observed (for error messages). */
export interface CheckedEvidence extends DenseEvidence {
  readonly states: Int32Array
  readonly description: readonly string[]
}

/**
 * Check names and states against the domain and build the dense evidence.
 *
 * @example
 * // with a domain over rain (no, yes) and wet (no, yes)
 * // denseEvidence(domain, { evidence: { wet: 'yes' } }) -> Right({ states: [-1, 1], ... })
 */
export const denseEvidence = (domain: Domain, observations: Observations = {}): E.Either<InferError, CheckedEvidence> => {
  const n = domain.variables.length
  const states = new Int32Array(n).fill(-1)
  const description: string[] = []
  for (const [name, state] of Object.entries(observations.evidence ?? {}) as [string, string | undefined][]) {
    if (state === undefined) continue
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    const known = domain.variables[v]!.states
    const s = known.indexOf(state)
    if (s < 0) return E.left({ _tag: 'UnknownState', variable: name, state, states: known })
    states[v] = s
    description.push(`${name}=${state}`)
  }
  const soft = (Object.entries(observations.likelihoods ?? {}) as [string, readonly number[] | undefined][]).filter(
    (entry): entry is [string, readonly number[]] => entry[1] !== undefined,
  )
  if (soft.length === 0) return E.right({ states, description })
  const likelihoods: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(n).fill(undefined)
  for (const [name, weights] of soft) {
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    const card = domain.variables[v]!.states.length
    if (weights.length !== card)
      return E.left({ _tag: 'InvalidLikelihood', variable: name, reason: `expected ${card} weights, got ${weights.length}` })
    if (!weights.every((w) => Number.isFinite(w) && w >= 0))
      return E.left({ _tag: 'InvalidLikelihood', variable: name, reason: 'weights must be finite and non-negative' })
    const peak = Math.max(...weights)
    if (peak === 0) return E.left({ _tag: 'InvalidLikelihood', variable: name, reason: 'all weights are zero' })
    // Only ratios matter: scale to a peak of 1 so that P(e) stays a probability.
    likelihoods[v] = Float64Array.from(weights, (w) => w / peak)
    description.push(`${name}~(${weights.join(':')})`)
  }
  return E.right({ states, likelihoods, description })
}
