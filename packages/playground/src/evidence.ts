/**
 * The evidence the user has set: hard observations (variable -> state), soft
 * ones (variable -> likelihood weights) and interventions (variable -> forced
 * state, do()), as an immutable value. Clicking a state toggles it; hard and
 * soft evidence on one variable replace each other; intervening on a
 * variable clears what was observed of it. `questionOf` turns it into the
 * question `@chainrule/infer` asks.
 */
import type { Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import type { PlaygroundError } from './errors.js'

/** What is known and done: hard and soft evidence (each variable in at most one of them), and interventions. */
export interface EvidenceState {
  readonly hard: ReadonlyMap<string, string>
  readonly soft: ReadonlyMap<string, readonly number[]>
  /** do(variable = state): the variable cut from its parents and forced. */
  readonly interventions: ReadonlyMap<string, string>
}

/** No evidence. */
export const noEvidence: EvidenceState = { hard: new Map(), soft: new Map(), interventions: new Map() }

const without = <V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> => {
  if (!map.has(key)) return map
  const next = new Map(map)
  next.delete(key)
  return next
}

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> => new Map(map).set(key, value)

/**
 * Click on `state` of `variable`: observe it, or clear the observation when it
 * is already the observed state. Any soft evidence or intervention on the variable is replaced (a variable is
 * seen or done, never both).
 *
 * @example
 * const once = toggleHard(noEvidence, 'smoke', 'yes')  // hard: { smoke: 'yes' }
 * toggleHard(once, 'smoke', 'yes')                     // hard: {} again
 * toggleHard(once, 'smoke', 'no')                      // hard: { smoke: 'no' }
 */
export const toggleHard = (evidence: EvidenceState, variable: string, state: string): EvidenceState =>
  evidence.hard.get(variable) === state
    ? { ...evidence, hard: without(evidence.hard, variable) }
    : { hard: withEntry(evidence.hard, variable, state), soft: without(evidence.soft, variable), interventions: without(evidence.interventions, variable) }

/**
 * Set likelihood weights (soft evidence) on `variable`, replacing any hard
 * observation of it or intervention on it.
 *
 * @example
 * setSoft(noEvidence, 'xray', [0.8, 0.2]) // soft: { xray: [0.8, 0.2] }
 */
export const setSoft = (evidence: EvidenceState, variable: string, weights: readonly number[]): EvidenceState => ({
  hard: without(evidence.hard, variable),
  soft: withEntry(evidence.soft, variable, [...weights]),
  interventions: without(evidence.interventions, variable),
})

/**
 * Intervene: do(variable = state), or undo it when it is already the
 * intervention. Intervening clears the hard or soft evidence on the variable
 * (what is seen of a forced variable says nothing).
 *
 * @example
 * const done = toggleIntervention(toggleHard(noEvidence, 'lung', 'no'), 'lung', 'yes') // interventions: { lung: 'yes' }, hard: {}
 * toggleIntervention(done, 'lung', 'yes')                                           // no interventions
 */
export const toggleIntervention = (evidence: EvidenceState, variable: string, state: string): EvidenceState =>
  evidence.interventions.get(variable) === state
    ? { ...evidence, interventions: without(evidence.interventions, variable) }
    : { hard: without(evidence.hard, variable), soft: without(evidence.soft, variable), interventions: withEntry(evidence.interventions, variable, state) }

/**
 * Remove all evidence and any intervention on one variable.
 *
 * @example
 * clearVariable(toggleHard(noEvidence, 'smoke', 'yes'), 'smoke') // no evidence
 */
export const clearVariable = (evidence: EvidenceState, variable: string): EvidenceState => ({
  hard: without(evidence.hard, variable),
  soft: without(evidence.soft, variable),
  interventions: without(evidence.interventions, variable),
})

/**
 * The number of observations and interventions.
 *
 * @example
 * evidenceCount(setSoft(toggleHard(noEvidence, 'a', 'x'), 'b', [1, 2])) // => 2
 */
export const evidenceCount = (evidence: EvidenceState): number => evidence.hard.size + evidence.soft.size + evidence.interventions.size

/**
 * The question for `marginals`/`mpe`: plain records, in insertion order;
 * `do` only when something is intervened on.
 *
 * @example
 * questionOf(toggleHard(noEvidence, 'smoke', 'yes')) // => { evidence: { smoke: 'yes' }, soft: {} }
 * questionOf(toggleIntervention(noEvidence, 'lung', 'yes')) // => { evidence: {}, soft: {}, do: { lung: 'yes' } }
 */
export const questionOf = (evidence: EvidenceState): Question => ({
  evidence: Object.fromEntries(evidence.hard),
  soft: Object.fromEntries(evidence.soft),
  ...(evidence.interventions.size === 0 ? {} : { do: Object.fromEntries(evidence.interventions) }),
})

/**
 * Read the soft-evidence editor: one text per state, each a finite number
 * >= 0, not all zero. Empty text counts as 1 (no information about that state).
 *
 * @example
 * parseWeights('xray', ['yes', 'no'], ['0.8', '0.2']) // => Right([0.8, 0.2])
 * parseWeights('xray', ['yes', 'no'], ['-1', '1'])    // => Left({ _tag: 'InvalidWeight', ... })
 */
export const parseWeights = (
  variable: string,
  states: readonly string[],
  texts: readonly string[],
): E.Either<PlaygroundError, readonly number[]> => {
  const weights: number[] = []
  for (let k = 0; k < states.length; k++) {
    const text = (texts[k] ?? '').trim()
    const state = states[k]!
    const value = text === '' ? 1 : Number(text)
    if (!Number.isFinite(value)) return E.left({ _tag: 'InvalidWeight', variable, state, text, reason: 'is not a finite number' })
    if (value < 0) return E.left({ _tag: 'InvalidWeight', variable, state, text, reason: 'is negative' })
    weights.push(value)
  }
  if (weights.every((w) => w === 0)) return E.left({ _tag: 'AllWeightsZero', variable })
  return E.right(weights)
}
