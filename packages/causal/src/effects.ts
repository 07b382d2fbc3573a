/**
 * Causal effects read off a compiled model: the outcome's distribution under
 * two interventions (treated and control arms) and their difference, the
 * average causal effect; with observations, the conditional effect in the
 * sub-population where they hold (observed in the intervened world, so a
 * post-treatment observation is read as such). Each arm is one question to
 * `marginals` with `do`, on the same compiled tree.
 */
import { marginals, type Engine, type Intervention } from '@chainrule/infer'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'

/** Two interventions compared on one outcome. */
export interface EffectQuestion {
  readonly outcome: string
  /** The interventions of the treated arm, do(treated). */
  readonly treated: Readonly<Record<string, Intervention>>
  /** The interventions of the control arm, do(control). */
  readonly control: Readonly<Record<string, Intervention>>
  /** Observations in the intervened world: the conditional effect among those cases. */
  readonly given?: Readonly<Record<string, string>>
  /** A number for each outcome state, for the difference of expectations (default: none). */
  readonly values?: readonly number[]
}

/** The two arms and their difference. */
export interface CausalEffect {
  /** P(outcome | do(treated), given), by state. */
  readonly treated: Readonly<Record<string, number>>
  /** P(outcome | do(control), given), by state. */
  readonly control: Readonly<Record<string, number>>
  /** treated minus control, by state (for a binary outcome, the risk difference at each state). */
  readonly difference: Readonly<Record<string, number>>
  /** E[values | do(treated), given] - E[values | do(control), given], when `values` were given. */
  readonly expectedDifference: number | undefined
}

/**
 * The average causal effect of treated against control on the outcome (with
 * `given`, the conditional effect): P(y | do(treated), given) against
 * P(y | do(control), given), exact, on the compiled tree.
 *
 * @example
 * ```ts
 * import { causalEffect } from '@chainrule/causal'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { age: ['young', 'old'], drug: ['no', 'yes'], recovered: ['no', 'yes'] },
 *   parents: { drug: ['age'], recovered: ['drug', 'age'] },
 *   tables: {
 *     age: [0.5, 0.5],
 *     drug: { young: [0.75, 0.25], old: [0.25, 0.75] },
 *     recovered: ({ drug, age }) => (age === 'young' ? (drug === 'yes' ? [0.25, 0.75] : [0.5, 0.5]) : drug === 'yes' ? [0.5, 0.5] : [0.75, 0.25]),
 *   },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const ace = causalEffect(engine.right, { outcome: 'recovered', treated: { drug: 'yes' }, control: { drug: 'no' }, values: [0, 1] })
 *   E.isRight(ace) && ace.right.expectedDifference // => 0.25
 * }
 * ```
 */
export const causalEffect = <A extends Assignment>(engine: Engine<A>, question: EffectQuestion): E.Either<CausalError, CausalEffect> => {
  const v = engine.domain.byName.get(question.outcome)
  if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: question.outcome })
  const states = engine.domain.variables[v]!.states
  const { values } = question
  if (values !== undefined && (values.length !== states.length || !values.every(Number.isFinite)))
    return E.left({ _tag: 'InvalidOption', option: 'values', reason: `expected ${states.length} finite numbers, one per state of "${question.outcome}"` })
  const arm = (interventions: Readonly<Record<string, Intervention>>): E.Either<CausalError, Float64Array> => {
    const answer = marginals(engine as Engine, { do: interventions, evidence: question.given ?? {}, targets: [question.outcome] })
    return E.isLeft(answer) ? E.left({ _tag: 'Infer', error: answer.left }) : E.right(answer.right.probabilities[v]!)
  }
  const treated = arm(question.treated)
  if (E.isLeft(treated)) return treated
  const control = arm(question.control)
  if (E.isLeft(control)) return control
  const record = (p: (s: number) => number): Record<string, number> => Object.fromEntries(states.map((s, k) => [s, p(k)]))
  const expected = (p: Float64Array): number => values!.reduce((sum, x, k) => sum + x * p[k]!, 0)
  return E.right({
    treated: record((k) => treated.right[k]!),
    control: record((k) => control.right[k]!),
    difference: record((k) => treated.right[k]! - control.right[k]!),
    expectedDifference: values === undefined ? undefined : expected(treated.right) - expected(control.right),
  })
}
