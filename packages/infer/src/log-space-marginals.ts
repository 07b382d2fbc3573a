/**
 * The exact answer when linear-space propagation cannot represent it. The
 * junction tree scales every message, so log P(e) stays finite however small
 * P(e) is; but the entries of one cluster or one message share a single scale,
 * and when evidence selects entries more than ~1e308 times smaller than the
 * largest of their table, those entries are 0 as doubles: the tree then says
 * P(e) = 0, or a marginal comes out 0/0. This module answers the same question
 * by variable elimination on natural logs (`@chainrule/factor`'s log-space
 * kernels), which represent any probability, over the requisite tables of each
 * target. It is slow next to the tree and is used only when the tree fails.
 */
import { logMarginalize, logProduct, reduce, tableOf, toLogSpace, type Evidence, type LogFactor, type VarId } from '@chainrule/factor'
import type { DenseTable } from './compile-tables.js'
import { requisiteTables } from './relevance.js'

/** What the elimination needs of a model. */
export interface LogSpaceModel {
  readonly cards: readonly number[]
  readonly tables: readonly DenseTable[]
  readonly isBayesianNetwork: boolean
}

/** log P(e) and P(v | e) of each unobserved target; `logPEvidence` is -Infinity when P(e) = 0 exactly. */
export interface LogSpaceAnswer {
  readonly logPEvidence: number
  readonly probabilities: ReadonlyMap<number, Float64Array>
}

const ONE: LogFactor = { scope: [], cards: [], strides: [], logValues: Float64Array.of(0) }

/**
 * Eliminate every variable but `keep` from the product of `factors`, cheapest
 * first (the variable whose product table is smallest), in log space.
 */
const eliminateAllBut = (factors: readonly LogFactor[], keep: number | undefined): LogFactor => {
  let pool = [...factors]
  const remaining = new Set<number>()
  for (const f of pool) for (const v of f.scope) remaining.add(v)
  if (keep !== undefined) remaining.delete(keep)
  while (remaining.size > 0) {
    let best = -1
    let bestSize = Infinity
    for (const v of remaining) {
      const cards = new Map<number, number>()
      for (const f of pool) if (f.scope.includes(v as VarId)) f.scope.forEach((u, k) => cards.set(u, f.cards[k]!))
      let size = 1
      for (const c of cards.values()) size *= c
      if (size < bestSize) {
        bestSize = size
        best = v
      }
    }
    const touching = pool.filter((f) => f.scope.includes(best as VarId))
    pool = pool.filter((f) => !f.scope.includes(best as VarId))
    pool.push(logMarginalize(touching.reduce(logProduct, ONE), [best as VarId]))
    remaining.delete(best)
  }
  return pool.reduce(logProduct, ONE)
}

/** log of the sum of exp(values), without overflow or underflow. */
const logSumExp = (values: Float64Array): number => {
  let top = -Infinity
  for (const x of values) top = x > top ? x : top
  if (top === -Infinity) return -Infinity
  let sum = 0
  for (const x of values) sum += Math.exp(x - top)
  return top + Math.log(sum)
}

/**
 * log P(e) and the posterior of each unobserved target, exactly, by variable
 * elimination in log space. Hard evidence prunes each question to its
 * requisite tables; with soft evidence every table is used.
 *
 * @example
 * // two events of probability 1e-200 in a row: P(e) = 1e-400, far below the smallest double
 * logSpaceMarginals({ cards: [2, 2], tables: [{ scope: [0], values: [1 - 1e-200, 1e-200] },
 *   { scope: [0, 1], values: [1, 0, 1 - 1e-200, 1e-200] }], isBayesianNetwork: true },
 *   Int32Array.of(-1, 1), undefined, [0]) // logPEvidence = -921.03..., P(x0 = 1 | e) = 1
 */
export const logSpaceMarginals = (
  model: LogSpaceModel,
  states: Int32Array,
  likelihoods: readonly (Float64Array | undefined)[] | undefined,
  targets: readonly number[],
): LogSpaceAnswer => {
  const { cards, tables, isBayesianNetwork } = model
  const scopes = tables.map((t) => t.scope)
  const evidence: Evidence = new Map(Array.from(states, (s, v) => [v as VarId, s] as const).filter(([, s]) => s >= 0))
  const soft = likelihoods?.some((l) => l !== undefined) ?? false
  // Reduced by the hard evidence, then in logs; soft evidence adds one table per likelihood.
  const logTables = tables.map((t) =>
    toLogSpace(reduce(tableOf(t.scope as VarId[], t.scope.map((v) => cards[v]!), Float64Array.from(t.values)), evidence)),
  )
  const likelihoodTables: LogFactor[] = []
  likelihoods?.forEach((l, v) => {
    if (l === undefined) return
    // On an observed variable the likelihood only weighs its observed state.
    const s = states[v]!
    likelihoodTables.push(
      s >= 0 ? { ...ONE, logValues: Float64Array.of(Math.log(l[s]!)) } : { scope: [v as VarId], cards: [l.length], strides: [1], logValues: Float64Array.from(l, Math.log) },
    )
  })
  const factorsFor = (kept: readonly number[]): LogFactor[] => [...kept.map((t) => logTables[t]!), ...likelihoodTables]
  const all = tables.map((_, t) => t)

  const observed: number[] = []
  states.forEach((s, v) => {
    if (s >= 0) observed.push(v)
  })
  const none = new Int32Array(cards.length).fill(-1)
  const evidenceTables = soft || !isBayesianNetwork ? all : requisiteTables(scopes, true, observed, none)
  const logPEvidence = isBayesianNetwork && observed.length === 0 && !soft ? 0 : eliminateAllBut(factorsFor(evidenceTables), undefined).logValues[0]!
  const probabilities = new Map<number, Float64Array>()
  if (logPEvidence === -Infinity) return { logPEvidence, probabilities }
  for (const target of targets) {
    if (states[target]! >= 0) continue
    const kept = soft ? all : requisiteTables(scopes, isBayesianNetwork, [target], states)
    const table = eliminateAllBut(factorsFor(kept), target)
    const posterior = new Float64Array(cards[target]!)
    // A target in no kept table (an isolated variable without a table) is uniform.
    if (table.scope.length === 0) posterior.fill(1 / posterior.length)
    else {
      const norm = logSumExp(table.logValues)
      table.logValues.forEach((x, s) => (posterior[s] = Math.exp(x - norm)))
    }
    probabilities.set(target, posterior)
  }
  return { logPEvidence, probabilities }
}
