/**
 * The most probable explanation: the most probable joint state of every
 * unobserved variable given the question, by max-propagation and traceback
 * on the whole tree, or, without one, on the question's evidence-reduced tree
 * (`reduced-question.ts`). When a product may have left the range of doubles
 * (the same range check as marginals), or no tree fits the memory budget, the
 * answer comes from max-product elimination in log space.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { compile, engineState, questionContext, type Engine, type EngineState } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { logSpaceMpe } from './log-space.js'
import { answeredInRange, maxPropagate } from './propagate.js'
import { resolveQuestion, type Question, type ResolvedQuestion } from './question.js'
import { partEvidence } from './relevant-trees.js'
import { reducedTree } from './reduced-question.js'

/** A most probable explanation. */
export interface Explanation<A extends Assignment = Assignment> {
  /** State of every variable, observed ones included, by name. */
  readonly assignment: A
  /** The same, as state indices by variable id. */
  readonly states: Int32Array
  /** log P(assignment, evidence) in nats (with interventions: in the intervened model). */
  readonly logProbability: number
  /** How it was found: max-propagation on the whole tree, on the question's evidence-reduced tree, or elimination in log space. */
  readonly method: 'tree' | 'reduced-tree' | 'log-space'
}

/**
 * The most probable assignment of all unobserved variables given the
 * question (MPE), with log P(x, e). Ties go to the first state in layout order.
 * On an engine whose noisy-MAX tables were decomposed, the question goes to
 * an engine of the expanded tables, compiled (planned; its tree built when
 * needed) on the first such question: the chain's auxiliary variables must be
 * summed, not maximised. That engine answers as any other, from its whole
 * tree, its evidence-reduced tree or in log space.
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
      const expanded = compile(state.model, { ...state.options, compactTables: 'expand' })
      if (E.isLeft(expanded)) return expanded
      state.expanded.engine = expanded.right
    }
    return mpe(state.expanded.engine as Engine<A>, question)
  }
  const resolved = resolveQuestion(questionContext(engine, state), question as Question)
  if (E.isLeft(resolved)) return resolved
  const q = resolved.right
  const found = mostProbable(engine, state, q)
  if (E.isLeft(found)) return found
  const { logProbability, method } = found.right
  if (logProbability === -Infinity) return E.left(impossible(q.description))
  // Only the model's own variables are reported (auxiliary ones, if any, follow them).
  const n = engine.domain.variables.length
  const states = found.right.states.length === n ? found.right.states : found.right.states.slice(0, n)
  const assignment = Object.fromEntries(engine.domain.variables.map((v) => [v.name, v.states[states[v.id]!]!]))
  return E.right({ assignment: assignment as A, states, logProbability, method })
}

type Found = { readonly states: Int32Array; readonly logProbability: number; readonly method: Explanation['method'] }

/** Every variable's state (the model's own, then any auxiliary ones: only an expanded engine gets here, which has none). */
const mostProbable = (engine: Engine, state: EngineState, q: ResolvedQuestion): E.Either<InferError, Found> => {
  const states = new Int32Array(state.cards.length)
  const inLogs = (): E.Either<InferError, Found> => E.map((r: Omit<Found, 'method'>): Found => ({ ...r, method: 'log-space' }))(logSpaceMpe(state, engine.kind, q, engine.memoryBudgetBytes))
  if (state.whole !== undefined) {
    const tree = state.tree!
    const logProbability = maxPropagate(tree, q, states)
    // Out of range, the tree's maximum (even 0) cannot be trusted; in range, a zero is exact.
    return answeredInRange(tree) ? E.right({ states, logProbability, method: 'tree' }) : inLogs()
  }
  const reduced = reducedTree(engine, state, q, 'mpe')
  if (E.isLeft(reduced)) return reduced
  if (reduced.right === undefined) return inLogs()
  const { part, question } = reduced.right
  const local = new Int32Array(part.globalOf.length)
  const logMax = maxPropagate(part.tree, partEvidence(part, question), local)
  if (!answeredInRange(part.tree)) return inLogs()
  for (let v = 0; v < states.length; v++) states[v] = Math.max(question.observed[v]!, 0)
  part.globalOf.forEach((v, l) => (states[v] = local[l]!))
  return E.right({ states, logProbability: logMax + question.logConstant, method: 'reduced-tree' })
}
