/**
 * Variable elimination on natural logs that keeps its buckets, for the
 * answers that need every variable at once (Dechter 1999, bucket
 * elimination):
 * - the most probable explanation: eliminate by maximising, then go back
 *   through the buckets in reverse order, each variable taking its best state
 *   given the states already chosen for the variables eliminated after it;
 * - exact posterior samples: eliminate by summing, then draw each variable in
 *   reverse order from its bucket's product given the variables already drawn
 *   (the bucket holds exactly P(v | variables eliminated after v, e) up to a
 *   constant), so every sample is exact, with no rejection and no weights.
 * The plan (order, evidence reduction, memory budget) is `eliminationPlan`'s,
 * shared with `variableElimination` and `logVariableElimination`; nothing is
 * pruned, since every variable is answered. Every entry is its own logarithm,
 * so no probability is too small.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Evidence, describeEvidence, labelOf } from './domain.js'
import { DEFAULT_MEMORY_BUDGET_BYTES, type EliminationOptions, eliminationPlan } from './elimination-plan.js'
import type { FactorError } from './errors.js'
import type { Factor, VarId } from './factor.js'
import type { LogFactor } from './log-space.js'
import { eliminateInLogs, type LogBucket } from './log-variable-elimination.js'

/** Options of {@link logBuckets}: evidence, ordering, budget and names as for elimination; every variable is eliminated. */
export type BucketOptions = Omit<EliminationOptions, 'targets' | 'childOf'> & { readonly mode: 'sum' | 'max' }

/** The kept buckets of a full elimination in logs. */
export interface LogBuckets {
  readonly buckets: readonly LogBucket[]
  /** 'sum': log P(e) (log of the total mass); 'max': log of the largest entry of the product, log max_x P(x, e). */
  readonly logTotal: number
  readonly mode: 'sum' | 'max'
  /** One more than the largest variable id of the factors (the size of an assignment array). */
  readonly size: number
}

/**
 * Eliminate every variable of `factors` in logs, keeping the buckets.
 * Errors as `logVariableElimination` (`ImpossibleEvidence` when the total is
 * zero, `MemoryBudgetExceeded` when the largest product or the kept buckets
 * would exceed the budget).
 *
 * @example
 * ```ts
 * import { logBuckets, mostProbableStates, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0, 1] as VarId[]
 * // a rare cause (1e-200) that explains an effect impossible without it
 * const cpts = [tableOf([a!], [2], Float64Array.of(1 - 1e-200, 1e-200)), tableOf([a!, b!], [2, 2], Float64Array.of(1, 0, 0.5, 0.5))]
 * const run = logBuckets(cpts, { mode: 'max', evidence: new Map([[b!, 1]]) })
 * E.isRight(run) && Array.from(mostProbableStates(run.right)) // => [1, 0]
 * E.isRight(run) && Math.round(run.right.logTotal) // => -461
 * ```
 */
export const logBuckets = (factors: readonly Factor[], options: BucketOptions): E.Either<FactorError, LogBuckets> => {
  const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  if (!(budget > 0)) return E.left({ _tag: 'InvalidOption', option: 'memoryBudgetBytes', reason: `${budget} is not positive` })
  const { mode, ...rest } = options
  const planned = eliminationPlan(factors, { ...rest, targets: [] })
  if (E.isLeft(planned)) return planned
  const plan = planned.right
  const d = options.domain
  // The largest product formed, and everything the buckets keep (every reduced input and message).
  let kept = 0
  for (const s of plan.steps) kept += s.messageEntries
  for (const i of plan.kept) kept += factors[i]!.values.length
  const entries = Math.max(plan.largestCliqueEntries, kept)
  if (8 * entries > budget)
    return E.left({
      _tag: 'MemoryBudgetExceeded',
      entries,
      bytes: 8 * entries,
      budgetBytes: budget,
      variable: entries === kept ? 'buckets' : typeof plan.largestTableAt === 'number' ? labelOf(d, plan.largestTableAt) : plan.largestTableAt,
    })
  const evidence: Evidence = options.evidence ?? new Map()
  const buckets: LogBucket[] = []
  const run = eliminateInLogs(factors, plan, evidence, mode, buckets)
  if (run === undefined) return E.left({ _tag: 'ImpossibleEvidence', evidence: evidence.size === 0 ? [] : describeEvidence(d, evidence) })
  let size = 0
  for (const f of factors) for (const v of f.scope) size = Math.max(size, v + 1)
  return E.right({ buckets, logTotal: run.logScale, mode, size })
}

/** Per bucket factor: where the bucket's variable steps in it, and the other variables with their strides. */
interface Lookup {
  readonly logValues: Float64Array
  readonly stride: number
  readonly others: Int32Array
  readonly otherStrides: Int32Array
}

const lookupsOf = (bucket: LogBucket): Lookup[] =>
  bucket.factors.map((f: LogFactor) => {
    const others: number[] = []
    const otherStrides: number[] = []
    let stride = 0
    f.scope.forEach((u, k) => {
      if (u === bucket.variable) stride = f.strides[k]!
      else {
        others.push(u)
        otherStrides.push(f.strides[k]!)
      }
    })
    return { logValues: f.logValues, stride, others: Int32Array.from(others), otherStrides: Int32Array.from(otherStrides) }
  })

/** Each state's log score for the bucket's variable, given the states in `assignment`, into `scores`. */
const scoreStates = (lookups: readonly Lookup[], card: number, assignment: Int32Array, scores: Float64Array): void => {
  scores.fill(0, 0, card)
  for (const { logValues, stride, others, otherStrides } of lookups) {
    let base = 0
    for (let k = 0; k < others.length; k++) base += assignment[others[k]!]! * otherStrides[k]!
    for (let s = 0; s < card; s++) scores[s]! += logValues[base + s * stride]!
  }
}

const cardOf = (bucket: LogBucket): number => {
  const f = bucket.factors[0]!
  return f.cards[f.scope.indexOf(bucket.variable)]!
}

/**
 * The most probable states after a `'max'` elimination: `states[v]` for every
 * eliminated variable (0 for ids in no factor or observed: fill those in from
 * the evidence). Ties go to the first state.
 *
 * @example
 * ```ts
 * import { logBuckets, mostProbableStates, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const run = logBuckets([tableOf([0 as VarId], [3], Float64Array.of(0.2, 0.5, 0.3))], { mode: 'max' })
 * E.isRight(run) && Array.from(mostProbableStates(run.right)) // => [1]
 * ```
 */
export const mostProbableStates = (run: LogBuckets): Int32Array => {
  const states = new Int32Array(run.size)
  const scores = new Float64Array(run.buckets.reduce((m, b) => Math.max(m, cardOf(b)), 1))
  for (let i = run.buckets.length - 1; i >= 0; i--) {
    const bucket = run.buckets[i]!
    const card = cardOf(bucket)
    scoreStates(lookupsOf(bucket), card, states, scores)
    let best = 0
    for (let s = 1; s < card; s++) if (scores[s]! > scores[best]!) best = s
    states[bucket.variable] = best
  }
  return states
}

/**
 * Exact samples after a `'sum'` elimination: row r of `columns[v]` gets the
 * state of variable v in sample r, for every eliminated variable (columns of
 * other ids are left as they are). `uniform()` returns floats in [0, 1).
 *
 * @example
 * ```ts
 * import { logBuckets, sampleBuckets, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const run = logBuckets([tableOf([0 as VarId], [2], Float64Array.of(0, 1))], { mode: 'sum' })
 * const column = new Int32Array(3)
 * if (E.isRight(run)) sampleBuckets(run.right, 3, Math.random, [column])
 * Array.from(column) // => [1, 1, 1]
 * ```
 */
export const sampleBuckets = (run: LogBuckets, rows: number, uniform: () => number, columns: readonly { [row: number]: number }[]): void => {
  const assignment = new Int32Array(run.size)
  const scores = new Float64Array(run.buckets.reduce((m, b) => Math.max(m, cardOf(b)), 1))
  const prepared = run.buckets.map((bucket) => ({ variable: bucket.variable, card: cardOf(bucket), lookups: lookupsOf(bucket) }))
  for (let r = 0; r < rows; r++) {
    for (let i = prepared.length - 1; i >= 0; i--) {
      const { variable, card, lookups } = prepared[i]!
      scoreStates(lookups, card, assignment, scores)
      let top = -Infinity
      for (let s = 0; s < card; s++) if (scores[s]! > top) top = scores[s]!
      let mass = 0
      for (let s = 0; s < card; s++) mass += Math.exp(scores[s]! - top)
      let u = uniform() * mass
      // The last state of positive weight unless the draw falls earlier: never a state of weight zero.
      let pick = -1
      for (let s = 0; s < card; s++) {
        const w = Math.exp(scores[s]! - top)
        if (w === 0) continue
        pick = s
        u -= w
        if (u < 0) break
      }
      assignment[variable] = pick
    }
    for (const { variable } of prepared) columns[variable]![r] = assignment[variable]!
  }
}
