/**
 * The exact answer when linear-space propagation cannot represent it. The
 * junction tree scales every message, so log P(e) stays finite however small
 * P(e) is; but the entries of one cluster or one message share a single scale,
 * and when evidence selects entries more than ~1e308 times smaller than the
 * largest of their table, those entries are 0 as doubles: the tree would then
 * say P(e) = 0, or a marginal would come out 0/0. The same question is then
 * answered on natural logs, which represent any probability: by propagating
 * the whole tree in logs (`log-space-tree.ts`, every marginal in one pass)
 * when that tree and its logs fit the memory budget (the tree built first if
 * need be), else by
 * `@chainrule/factor`'s variable elimination on logs (same planner, pruning
 * and memory budget as its linear elimination; one elimination per target).
 * Both are slow next to the tree and run only when the tree's range check
 * fails, or when no tree over the question fits the memory budget
 * (elimination holds one table at a time). MPE and posterior
 * samples use the same elimination keeping its buckets (`logBuckets`), for a
 * traceback or for drawing every variable.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES, logBuckets, logVariableElimination, mostProbableStates, sampleBuckets, tableOf, type ChildOf, type EliminationOptions, type Factor, type VarId } from '@chainrule/factor'
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
 * propagation of the whole tree in logs (`log-space-tree.ts`) when the engine
 * can build its whole tree and the tree (unless built already) and the logs
 * fit the memory budget, else by
 * variable elimination in log space (one elimination for P(e), one per
 * target). A Markov network's unobserved variable in no table is uniform and
 * multiplies Z(e) by its number of states.
 */
export const logSpaceAnswer = (
  state: Pick<EngineState, 'factors' | 'options' | 'order' | 'cards' | 'whole'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
  targets: readonly number[],
): E.Either<InferError, LogSpaceAnswer> => {
  // With the whole tree (built now if it is not yet, when it and the logs fit the budget), one propagation in logs answers every target.
  const tree = state.whole
  if (tree !== undefined && logTreeBytes(tree.plan) + (tree.built === undefined ? tree.plan.bytes : 0) <= (state.options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES)) {
    const { layout } = (tree.built ??= tree.build())
    return E.right(logTreeAnswer(layout, state.factors.map((f, t) => evidence.tables?.[t] ?? f.values), evidence, targets))
  }
  const { factors, childOf, inSomeTable, hard, order } = eliminationInput(state, kind, evidence)
  const base: Omit<EliminationOptions, 'targets'> = {
    evidence: hard,
    ordering: { kind: 'order', order },
    ...(childOf === undefined ? {} : { childOf }),
    ...(state.options.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: state.options.memoryBudgetBytes }),
  }
  const probabilities = new Map<number, Float64Array>()
  const whole = logVariableElimination(factors, { ...base, targets: [] })
  // Each target's elimination follows the same order, the target left out.
  const without = (t: number): NonNullable<EliminationOptions['ordering']> => ({ kind: 'order', order: order.filter((v) => v !== t) })
  if (E.isLeft(whole)) return whole.left._tag === 'ImpossibleEvidence' ? E.right({ logPEvidence: -Infinity, probabilities }) : E.left({ _tag: 'Elimination', error: whole.left })
  let untouched = 0
  state.cards.forEach((card, v) => {
    if (inSomeTable.has(v) || evidence.states[v]! >= 0) return
    untouched += Math.log(card)
    if (targets.includes(v)) probabilities.set(v, new Float64Array(card).fill(1 / card))
  })
  for (const target of targets) {
    if (evidence.states[target]! >= 0 || !inSomeTable.has(target)) continue
    const answer = logVariableElimination(factors, { ...base, ordering: without(target), targets: [target as VarId] })
    if (E.isLeft(answer)) return E.left({ _tag: 'Elimination', error: answer.left })
    probabilities.set(target, Float64Array.from(answer.right.posterior.values))
  }
  return E.right({ logPEvidence: whole.right.logEvidence + untouched, probabilities })
}

/**
 * What an elimination in log space works on: the question's tables, the
 * variables some table holds (a Markov network may have variables in none:
 * evidence on them multiplies nothing, and no elimination order may name
 * them), the hard evidence on those, and the whole tree's elimination order
 * (the cheapest of the engine's heuristics) restricted to them: eliminations
 * in log space follow it, so their largest table is never larger than the
 * whole tree's largest cluster.
 */
const eliminationInput = (
  state: Pick<EngineState, 'factors' | 'order'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
): ReturnType<typeof questionFactors> & { readonly inSomeTable: ReadonlySet<number>; readonly hard: Map<VarId, number>; readonly order: VarId[] } => {
  const { factors, childOf } = questionFactors(state, kind, evidence)
  const inSomeTable = new Set<number>()
  for (const f of factors) for (const v of f.scope) inSomeTable.add(v)
  const hard = new Map<VarId, number>()
  for (let v = 0; v < evidence.states.length; v++) if (evidence.states[v]! >= 0 && inSomeTable.has(v)) hard.set(v as VarId, evidence.states[v]!)
  const order = (inSomeTable.size === state.order.length ? state.order : state.order.filter((v) => inSomeTable.has(v))) as VarId[]
  return { factors, childOf, inSomeTable, hard, order }
}

/**
 * The most probable explanation in log space: max-product elimination over
 * every table and traceback (`logBuckets` of `@chainrule/factor`). `states`
 * has every variable, observed ones at their states; `logProbability` is
 * log max_x P(x, e) (-Infinity when P(e) = 0).
 */
export const logSpaceMpe = (
  state: Pick<EngineState, 'factors' | 'options' | 'order'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
  memoryBudgetBytes: number,
): E.Either<InferError, { readonly states: Int32Array; readonly logProbability: number }> => {
  const { factors, hard, order } = eliminationInput(state, kind, evidence)
  // A variable in no table changes nothing: its first state is as good as any.
  const run = logBuckets(factors, { mode: 'max', evidence: hard, memoryBudgetBytes, ordering: { kind: 'order', order } })
  if (E.isLeft(run)) return run.left._tag === 'ImpossibleEvidence' ? E.right({ states: new Int32Array(0), logProbability: -Infinity }) : E.left({ _tag: 'Elimination', error: run.left })
  const traced = mostProbableStates(run.right)
  const states = new Int32Array(evidence.states.length)
  for (let v = 0; v < states.length; v++) states[v] = evidence.states[v]! >= 0 ? evidence.states[v]! : v < traced.length ? traced[v]! : 0
  return E.right({ states, logProbability: run.right.logTotal })
}

/**
 * Exact posterior samples in log space: sum-product elimination over every
 * table, then each variable drawn in reverse elimination order (`logBuckets`,
 * `sampleBuckets`). Observed variables come out at their states; a Markov
 * network's unobserved variables in no table are uniform. Returns log P(e)
 * (-Infinity when P(e) = 0, and nothing is drawn).
 */
export const logSpaceSamples = (
  state: Pick<EngineState, 'factors' | 'options' | 'order' | 'cards'>,
  kind: 'bayesian' | 'markov',
  evidence: DenseEvidence,
  memoryBudgetBytes: number,
  rows: number,
  uniform: () => number,
  columns: readonly Int32Array[],
): E.Either<InferError, number> => {
  const { factors, inSomeTable, hard, order } = eliminationInput(state, kind, evidence)
  const run = logBuckets(factors, { mode: 'sum', evidence: hard, memoryBudgetBytes, ordering: { kind: 'order', order } })
  if (E.isLeft(run)) return run.left._tag === 'ImpossibleEvidence' ? E.right(-Infinity) : E.left({ _tag: 'Elimination', error: run.left })
  columns.forEach((column, v) => column.fill(Math.max(evidence.states[v]!, 0)))
  sampleBuckets(run.right, rows, uniform, columns)
  let logTotal = run.right.logTotal
  columns.forEach((column, v) => {
    if (inSomeTable.has(v) || evidence.states[v]! >= 0) return
    const card = state.cards[v]!
    logTotal += Math.log(card)
    for (let r = 0; r < rows; r++) column[r] = Math.min(card - 1, Math.floor(uniform() * card))
  })
  return E.right(logTotal)
}
