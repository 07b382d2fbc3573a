/**
 * The joint posterior of a set of variables. When one cluster of the tree
 * holds them all, it is read off the calibrated cluster (unless a product may
 * have left the range of doubles: the range check of marginals); otherwise the
 * question goes to variable elimination in log space over the model's tables
 * (pruned of barren variables on a Bayesian network, soft evidence and
 * interventions as tables), exact however small the probabilities, whose plan
 * is checked against the memory budget before anything runs.
 */
import { logVariableElimination, tableOf, type Factor, type VarId } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { engineState, questionContext, type Engine, type EngineState } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { projectSum, stridesInto, total, walkOf } from './kernels.js'
import { questionFactors } from './log-space.js'
import { answeredInRange, propagate } from './propagate.js'
import { resolveQuestion, type Question, type ResolvedQuestion } from './question.js'

/** A joint posterior: P(targets | e) as a factor over the targets, in the order asked. */
export interface JointPosterior {
  readonly factor: Factor
  readonly logPEvidence: number
  /** 'cluster' when read from one calibrated cluster, 'elimination' otherwise. */
  readonly method: 'cluster' | 'elimination'
}

/**
 * P(targets | question) for any set of variables (the question's own
 * `targets` are ignored), with log P(e).
 *
 * @example
 * ```ts
 * import { compile, jointPosterior } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { a: ['0', '1'], b: ['0', '1'] },
 *   parents: { b: ['a'] },
 *   tables: { a: [0.5, 0.5], b: { '0': [1, 0], '1': [0, 1] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * const joint = engine !== undefined && E.isRight(engine) ? jointPosterior(engine.right, ['a', 'b']) : undefined
 * joint !== undefined && E.isRight(joint) && Array.from(joint.right.factor.values) // => [0.5, 0, 0, 0.5]
 * ```
 */
export const jointPosterior = <A extends Assignment>(
  engine: Engine<A>,
  targets: readonly (keyof A & string)[],
  question: Question<A> = {},
): E.Either<InferError, JointPosterior> => {
  const state = engineState(engine)
  const resolved = resolveQuestion(questionContext(engine, state), { ...(question as Question), targets })
  if (E.isLeft(resolved)) return resolved
  const q = resolved.right
  const ids = q.targets!
  const cards = ids.map((v) => engine.domain.variables[v]!.states.length)
  const { tree } = state
  const holder = tree === undefined ? -1 : tree.clusterVars.findIndex((vars) => ids.every((v) => vars.includes(v)))

  if (tree !== undefined && holder >= 0) {
    const logPEvidence = propagate(tree, q)
    if (!answeredInRange(tree)) return byElimination(engine, state, q, ids)
    if (logPEvidence === -Infinity) return E.left(impossible(q.description))
    const out = new Float64Array(cards.reduce((s, c) => s * c, 1))
    projectSum(tree.work[holder]!, walkOf(tree.clusterCards[holder]!, stridesInto(tree.clusterVars[holder]!, ids, tree.cards)), out)
    const mass = total(out)
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / mass
    return E.right({ factor: tableOf(ids as VarId[], cards, out), logPEvidence, method: 'cluster' })
  }

  return byElimination(engine, state, q, ids)
}

/** P(targets | e) by variable elimination in log space. */
const byElimination = (engine: Engine, state: EngineState, q: ResolvedQuestion, ids: readonly number[]): E.Either<InferError, JointPosterior> => {
  const { factors, childOf } = questionFactors(state, engine.kind, q)
  const hard = new Map<VarId, number>()
  q.states.forEach((s, v) => {
    if (s >= 0) hard.set(v as VarId, s)
  })
  const result = logVariableElimination(factors, {
    targets: ids as VarId[],
    evidence: hard,
    // Names for errors; a decomposed engine's auxiliary variables are not in the model's domain.
    ...(state.cards.length === engine.domain.variables.length ? { domain: engine.domain } : {}),
    memoryBudgetBytes: engine.memoryBudgetBytes,
    // The whole tree's order, the targets left out: no table larger than its largest cluster.
    ordering: { kind: 'order', order: state.order.filter((v) => !ids.includes(v)) as VarId[] },
    ...(childOf === undefined ? {} : { childOf }),
  })
  if (E.isLeft(result)) return result.left._tag === 'ImpossibleEvidence' ? E.left(impossible(q.description)) : E.left({ _tag: 'Elimination', error: result.left })
  return E.right({ factor: result.right.posterior, logPEvidence: result.right.logEvidence, method: 'elimination' })
}
