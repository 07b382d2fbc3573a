/**
 * The joint posterior of a set of variables. When one cluster of the tree
 * holds them all, it is read off the calibrated cluster; otherwise the
 * question goes to variable elimination over the model's tables (pruned of
 * barren variables on a Bayesian network), whose plan is checked against the
 * memory budget before anything runs.
 */
import {
  describeError as describeFactorError,
  tableOf,
  variableElimination,
  type Factor,
  type VarId,
} from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import { impossible, type Assignment, type Engine } from './engine.js'
import type { InferError } from './errors.js'
import { denseEvidence, type Observations } from './evidence.js'
import { projectSum, stridesInto, total, walkOf } from './kernels.js'
import { propagate } from './propagate.js'

/** A joint posterior: P(targets | e) as a factor over the targets, in the order asked. */
export interface JointPosterior {
  readonly factor: Factor
  readonly logPEvidence: number
  /** 'cluster' when read from one calibrated cluster, 'elimination' otherwise. */
  readonly method: 'cluster' | 'elimination'
}

/**
 * P(targets | e) for any set of variables, with log P(e).
 *
 * @example
 * const joint = jointPosterior(engine, ['rain', 'sprinkler'], { evidence: { wet: 'yes' } })
 * // joint.right.factor.values: P(rain, sprinkler | wet = yes), last target fastest
 */
export const jointPosterior = <A extends Assignment>(
  engine: Engine<A>,
  targets: readonly (keyof A & string)[],
  observations: Observations<A> = {},
): E.Either<InferError, JointPosterior> => {
  const ids: number[] = []
  for (const name of targets) {
    const v = engine.domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    if (ids.includes(v)) return E.left({ _tag: 'DuplicateTarget', variable: name })
    ids.push(v)
  }
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
  const evidence = checked.right
  const cards = ids.map((v) => engine.domain.variables[v]!.states.length)
  const { tree } = engine
  const holder = tree === undefined ? -1 : tree.clusterVars.findIndex((vars) => ids.every((v) => vars.includes(v)))

  if (tree !== undefined && holder >= 0) {
    const logPEvidence = propagate(tree, evidence)
    if (logPEvidence === -Infinity) return E.left(impossible(evidence.description))
    const out = new Float64Array(cards.reduce((s, c) => s * c, 1))
    projectSum(tree.work[holder]!, walkOf(tree.clusterCards[holder]!, stridesInto(tree.clusterVars[holder]!, ids, cards)), out)
    const mass = total(out)
    for (let k = 0; k < out.length; k++) out[k] = out[k]! / mass
    return E.right({ factor: tableOf(ids as VarId[], cards, out), logPEvidence, method: 'cluster' })
  }

  // Soft evidence enters elimination as one extra factor per variable.
  const extra: Factor[] = []
  evidence.likelihoods?.forEach((l, v) => {
    if (l !== undefined) extra.push(tableOf([v as VarId], [l.length], l))
  })
  const hard = new Map<VarId, number>()
  evidence.states.forEach((s, v) => {
    if (s >= 0) hard.set(v as VarId, s)
  })
  const result = variableElimination([...engine.cpts, ...extra], {
    targets: ids as VarId[],
    evidence: hard,
    domain: engine.domain,
    memoryBudgetBytes: engine.memoryBudgetBytes,
    ...(engine.isBayesianNetwork && extra.length === 0 ? { childOf: 'last' as const } : {}),
  })
  if (E.isLeft(result)) {
    const e = result.left
    if (e._tag === 'ImpossibleEvidence') return E.left(impossible(evidence.description))
    return E.left({ _tag: 'EliminationFailed', reason: describeFactorError(e) })
  }
  return E.right({ factor: result.right.posterior, logPEvidence: result.right.logEvidence, method: 'elimination' })
}
