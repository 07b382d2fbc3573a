/**
 * The most probable explanation: the most probable joint state of every
 * unobserved variable given the question, by max-propagation on the whole
 * tree and traceback.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { overBudget } from './covers.js'
import { compile, engineState, questionContext, type Engine } from './engine.js'
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
 * On an engine whose noisy-MAX tables were decomposed, the expanded tables are
 * compiled for this question (the chain's auxiliary variables must be summed,
 * not maximised); past the memory budget that is `OverBudget`.
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
  // Max-propagation over a decomposed network would maximise over its auxiliary variables too, which is
  // not the most probable explanation of the network: that question goes to the expanded tables.
  if (engine.compactTables === 'decomposed') {
    if (state.expanded.engine === undefined) {
      const expanded = compile(state.model, { ...state.options, compactTables: 'expand', method: 'tree' })
      if (E.isLeft(expanded)) return expanded
      state.expanded.engine = expanded.right
    }
    return mpe(state.expanded.engine as Engine<A>, question)
  }
  const resolved = resolveQuestion(questionContext(engine, state), question as Question)
  if (E.isLeft(resolved)) return resolved
  if (state.tree === undefined) return E.left(overBudget(engine))
  const all = new Int32Array(state.cards.length)
  const logProbability = maxPropagate(state.tree, resolved.right, all)
  if (logProbability === -Infinity) return E.left(impossible(resolved.right.description))
  // Only the model's own variables are reported (auxiliary ones, if any, follow them).
  const states = all.slice(0, engine.domain.variables.length)
  const assignment = Object.fromEntries(engine.domain.variables.map((v) => [v.name, v.states[states[v.id]!]!]))
  return E.right({ assignment: assignment as A, states, logProbability })
}
