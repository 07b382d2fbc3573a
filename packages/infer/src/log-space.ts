/**
 * The exact answer when linear-space propagation cannot represent it. The
 * junction tree scales every message, so log P(e) stays finite however small
 * P(e) is; but the entries of one cluster or one message share a single scale,
 * and when evidence selects entries more than ~1e308 times smaller than the
 * largest of their table, those entries are 0 as doubles: the tree would then
 * say P(e) = 0, or a marginal would come out 0/0. The same question is then
 * answered on natural logs, which represent any probability: by propagating
 * the same tree in logs (`log-space-tree.ts`, every marginal in one pass) when
 * the engine has its whole tree, else by `@chainrule/factor`'s variable
 * elimination on logs (same planner, pruning and memory budget as its linear
 * elimination; one elimination per target). Both are slow next to the tree
 * and run only when the tree's range check fails.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES, logVariableElimination, tableOf, type ChildOf, type EliminationOptions, type Factor, type VarId } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { EngineState } from './engine.js'
import type { InferError } from './errors.js'
import { logTreeAnswer, logTreeBytes } from './log-space-tree.js'
import type { DenseEvidence } from './propagate.js'

/** log P(e) and P(v | e) of each unobserved target; `logPEvidence` is -Infinity when P(e) = 0 exactly. */
export interface LogSpaceAnswer {
  readonly logPEvidence: number
  readonly probabilities: ReadonlyMap<number, Float64Array>
}

/**
 * The model's tables as a question sees them (replaced tables in place of
 * the originals, one extra table per soft finding), and which are whose
 * conditional table (for barren pruning on a Bayesian network).
 */
export const questionFactors = (
  state: Pick<EngineState, 'factors'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
): { readonly factors: readonly Factor[]; readonly childOf: ChildOf | undefined } => {
  const factors = state.factors.map((f, t) => {
    const replaced = evidence.tables?.[t]
    return replaced === undefined ? f : tableOf(f.scope, f.cards, replaced)
  })
  const soft: Factor[] = []
  evidence.likelihoods?.forEach((l, v) => {
    if (l !== undefined) soft.push(tableOf([v as VarId], [l.length], l))
  })
  if (kind !== 'bayesian') return { factors: [...factors, ...soft], childOf: undefined }
  if (soft.length === 0) return { factors, childOf: { kind: 'last' } }
  const children = [...factors.map((f) => f.scope[f.scope.length - 1] ?? null), ...soft.map(() => null)]
  return { factors: [...factors, ...soft], childOf: { kind: 'given', children } }
}

/**
 * log P(e) and the posterior of each unobserved target, exactly: by one
 * propagation of the compiled tree in logs (`log-space-tree.ts`) when the
 * engine has its whole tree and the logs fit the memory budget, else by
 * variable elimination in log space (one elimination for P(e), one per target).
 */
export const logSpaceAnswer = (
  state: Pick<EngineState, 'factors' | 'options' | 'cards' | 'tree'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
  targets: readonly number[],
): E.Either<InferError, LogSpaceAnswer> => {
  // With the whole tree's layout at hand, one propagation in logs answers every target.
  const layout = state.tree?.layout
  if (layout !== undefined && logTreeBytes(layout) <= (state.options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES))
    return E.right(logTreeAnswer(layout, state.factors.map((f, t) => evidence.tables?.[t] ?? f.values), evidence, targets))
  const { factors, childOf } = questionFactors(state, kind, evidence)
  const inSomeTable = new Set<number>()
  for (const f of factors) for (const v of f.scope) inSomeTable.add(v)
  // Evidence on a variable in no table (a Markov network's) multiplies nothing.
  const hard = new Map<VarId, number>()
  for (let v = 0; v < evidence.states.length; v++) if (evidence.states[v]! >= 0 && inSomeTable.has(v)) hard.set(v as VarId, evidence.states[v]!)
  const base: Omit<EliminationOptions, 'targets'> = {
    evidence: hard,
    ...(childOf === undefined ? {} : { childOf }),
    ...(state.options.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: state.options.memoryBudgetBytes }),
  }
  const probabilities = new Map<number, Float64Array>()
  const whole = logVariableElimination(factors, { ...base, targets: [] })
  if (E.isLeft(whole)) return whole.left._tag === 'ImpossibleEvidence' ? E.right({ logPEvidence: -Infinity, probabilities }) : E.left({ _tag: 'Elimination', error: whole.left })
  // A Markov network's unobserved variable in no table is uniform and multiplies Z(e) by its number of states.
  let untouched = 0
  state.cards.forEach((card, v) => {
    if (inSomeTable.has(v) || evidence.states[v]! >= 0) return
    untouched += Math.log(card)
    if (targets.includes(v)) probabilities.set(v, new Float64Array(card).fill(1 / card))
  })
  for (const target of targets) {
    if (evidence.states[target]! >= 0 || !inSomeTable.has(target)) continue
    const answer = logVariableElimination(factors, { ...base, targets: [target as VarId] })
    if (E.isLeft(answer)) return E.left({ _tag: 'Elimination', error: answer.left })
    probabilities.set(target, Float64Array.from(answer.right.posterior.values))
  }
  return E.right({ logPEvidence: whole.right.logEvidence + untouched, probabilities })
}
