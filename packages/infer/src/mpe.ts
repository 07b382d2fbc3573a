/**
 * The most probable explanation: the most probable joint state of every
 * unobserved variable given the question, by max-propagation on the whole
 * tree and traceback.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { overBudget } from './covers.js'
import { engineState, type Engine } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { maxPropagate } from './propagate.js'
import { resolveQuestion, type Question } from './question.js'

/** A most probable explanation. */
export interface Explanation<A extends Assignment = Assignment> {
  /** State of every variable, observed ones included, by name. */
  readonly assignment: A
  /** The same, as state indices by variable id. */
  readonly states: Int32Array
  /** log P(assignment, evidence) in nats (with interventions: in the intervened model). */
  readonly logProbability: number
}

/**
 * The most probable assignment of all unobserved variables given the
 * question (MPE), with log P(x, e). Ties go to the first state in layout order.
 *
 * @example
 * ```ts
 * import { compile, mpe } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [0.9, 0.1], yes: [0.1, 0.9] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * const best = engine !== undefined && E.isRight(engine) ? mpe(engine.right, { evidence: { wet: 'yes' } }) : undefined
 * best !== undefined && E.isRight(best) && best.right.assignment // => { rain: 'yes', wet: 'yes' }
 * ```
 */
export const mpe = <A extends Assignment>(engine: Engine<A>, question: Question<A> = {}): E.Either<InferError, Explanation<A>> => {
  const state = engineState(engine)
  const resolved = resolveQuestion({ domain: engine.domain, kind: engine.kind, factors: state.factors }, question as Question)
  if (E.isLeft(resolved)) return resolved
  if (state.tree === undefined) return E.left(overBudget(engine))
  const states = new Int32Array(engine.domain.variables.length)
  const logProbability = maxPropagate(state.tree, resolved.right, states)
  if (logProbability === -Infinity) return E.left(impossible(resolved.right.description))
  const assignment = Object.fromEntries(engine.domain.variables.map((v) => [v.name, v.states[states[v.id]!]!]))
  return E.right({ assignment: assignment as A, states, logProbability })
}
