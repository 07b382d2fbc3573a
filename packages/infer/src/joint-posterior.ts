/**
 * The joint posterior of a set of variables. When one cluster of the tree
 * holds them all, it is read off the calibrated cluster; otherwise the
 * question goes to variable elimination over the model's tables (pruned of
 * barren variables on a Bayesian network, soft evidence and interventions as
 * tables), whose plan is checked against the memory budget before anything runs.
 */
import { tableOf, variableElimination, type Factor, type VarId } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { engineState, questionContext, type Engine } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { projectSum, stridesInto, total, walkOf } from './kernels.js'
import { questionFactors } from './log-space.js'
import { propagate } from './propagate.js'
import { resolveQuestion, type Question } from './question.js'

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
    if (logPEvidence === -Infinity) return E.left(impossible(q.description))
    const out = new Float64Array(cards.reduce((s, c) => s * c, 1))
    projectSum(tree.work[holder]!, walkOf(tree.clusterCards[holder]!, stridesInto(tree.clusterVars[holder]!, ids, cards)), out)
    const mass = total(out)
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / mass
    return E.right({ factor: tableOf(ids as VarId[], cards, out), logPEvidence, method: 'cluster' })
  }

  const { factors, childOf } = questionFactors(state, engine.kind, q)
  const hard = new Map<VarId, number>()
  q.states.forEach((s, v) => {
    if (s >= 0) hard.set(v as VarId, s)
  })
  const result = variableElimination(factors, {
    targets: ids as VarId[],
    evidence: hard,
    domain: engine.domain,
    memoryBudgetBytes: engine.memoryBudgetBytes,
    ...(childOf === undefined ? {} : { childOf }),
  })
  if (E.isLeft(result)) return result.left._tag === 'ImpossibleEvidence' ? E.left(impossible(q.description)) : E.left({ _tag: 'Elimination', error: result.left })
  return E.right({ factor: result.right.posterior, logPEvidence: result.right.logEvidence, method: 'elimination' })
}
