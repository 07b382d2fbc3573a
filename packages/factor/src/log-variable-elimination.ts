/**
 * Variable elimination on natural logs: the same plan as `variableElimination`
 * (validation, barren pruning, evidence reduction, order, memory budget, from
 * `eliminationPlan`), run on `LogFactor`s so that no probability is too small
 * to represent. Where `variableElimination` rescales each message (one scale
 * per table, so entries far below their table's largest still underflow),
 * every entry here is its own logarithm: a product of a thousand factors of
 * 1e-300 is -690,776 nats, not 0. It is slower (a log-sum-exp per summed
 * entry) and is what exact answers fall back on when linear-space propagation
 * cannot represent them.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Evidence, describeEvidence, labelOf } from './domain.js'
import { DEFAULT_MEMORY_BUDGET_BYTES, type EliminationOptions, type EliminationPlan, eliminationPlan } from './elimination-plan.js'
import type { FactorError } from './errors.js'
import { type Factor, type VarId, tableOf } from './factor.js'
import { type LogFactor, logMarginalize, logProduct, toLogSpace } from './log-space.js'
import { maxMarginalize } from './max-marginalize.js'
import { reduce } from './reduce.js'
import type { EliminationResult } from './variable-elimination.js'

const ONE: LogFactor = { scope: [], cards: [], strides: [], logValues: Float64Array.of(0) }

/** A variable eliminated in logs, with the factors multiplied when it was (every one mentions it). */
export interface LogBucket {
  readonly variable: VarId
  readonly factors: readonly LogFactor[]
}

/**
 * The elimination loop on logs shared by {@link logVariableElimination} and
 * `logBuckets`: reduce the kept factors by the evidence, then eliminate the
 * plan's variables in order, summing (log-sum-exp) or maximising. Returns the
 * factors left (over the targets) and the log of the constants absorbed, or
 * undefined when a constant is zero (impossible evidence). With `buckets`, each
 * step's factors are kept there for traceback or sampling.
 */
export const eliminateInLogs = (
  factors: readonly Factor[],
  plan: EliminationPlan,
  evidence: Evidence,
  mode: 'sum' | 'max',
  buckets: LogBucket[] | undefined,
): { readonly pool: LogFactor[]; readonly logScale: number } | undefined => {
  let logScale = 0
  let pool: LogFactor[] = []
  const absorb = (f: LogFactor): boolean => {
    if (f.scope.length > 0) {
      pool.push(f)
      return true
    }
    logScale += f.logValues[0]!
    return f.logValues[0]! > -Infinity
  }
  for (const i of plan.kept) if (!absorb(toLogSpace(reduce(factors[i]!, evidence)))) return undefined
  for (const step of plan.steps) {
    const v = step.variable
    const bucket: LogFactor[] = []
    const rest: LogFactor[] = []
    for (const f of pool) (f.scope.includes(v) ? bucket : rest).push(f)
    pool = rest
    buckets?.push({ variable: v, factors: bucket })
    const joint = bucket.reduce(logProduct, ONE)
    // The largest log is the log of the largest entry: maxima pass through logs unchanged.
    const message = mode === 'sum' ? logMarginalize(joint, [v]) : logMaximize(joint, v)
    if (!absorb(message)) return undefined
  }
  return { pool, logScale }
}

/** max over v of `lf`, in logs. */
const logMaximize = (lf: LogFactor, v: VarId): LogFactor => {
  const { factor } = maxMarginalize(tableOf(lf.scope, lf.cards, lf.logValues), [v])
  return { scope: factor.scope, cards: factor.cards, strides: factor.strides, logValues: factor.values }
}

/** log of the sum of exp(values), without overflow or underflow (-Infinity when every value is). */
const logSumExp = (values: Float64Array): number => {
  let top = -Infinity
  for (const x of values) top = x > top ? x : top
  if (top === -Infinity) return -Infinity
  let sum = 0
  for (const x of values) sum += Math.exp(x - top)
  return top + Math.log(sum)
}

/**
 * Exact posterior over `targets` given `evidence`, and log P(evidence), by
 * variable elimination in log space (options and errors as
 * `variableElimination`; the posterior is returned as ordinary probabilities,
 * normalised in logs first).
 *
 * @example
 * ```ts
 * import { logVariableElimination, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0, 1] as VarId[]
 * // a rare cause (1e-200) whose effect b is rarer still given no cause: P(b = 1) is about 1e-200
 * const cpts = [
 *   tableOf([a!], [2], Float64Array.of(1 - 1e-200, 1e-200)),
 *   tableOf([a!, b!], [2, 2], Float64Array.of(1, 1e-250, 0.5, 0.5)),
 * ]
 * const r = logVariableElimination(cpts, { targets: [a!], evidence: new Map([[b!, 1]]), childOf: { kind: 'last' } })
 * E.isRight(r) && r.right.posterior.values[1]! > 0.99999 // => true
 * E.isRight(r) && Math.round(r.right.logEvidence) // => -461
 * ```
 */
export const logVariableElimination = (factors: readonly Factor[], options: EliminationOptions): E.Either<FactorError, EliminationResult> => {
  const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  if (!(budget > 0)) return E.left({ _tag: 'InvalidOption', option: 'memoryBudgetBytes', reason: `${budget} is not positive` })
  const planned = eliminationPlan(factors, options)
  if (E.isLeft(planned)) return planned
  const plan = planned.right
  const d = options.domain
  if (plan.largestTableBytes > budget)
    return E.left({
      _tag: 'MemoryBudgetExceeded',
      entries: plan.largestTableEntries,
      bytes: plan.largestTableBytes,
      budgetBytes: budget,
      variable: typeof plan.largestTableAt === 'number' ? labelOf(d, plan.largestTableAt) : plan.largestTableAt,
    })
  const evidence: Evidence = options.evidence ?? new Map()
  const impossible = (): E.Either<FactorError, never> =>
    E.left({ _tag: 'ImpossibleEvidence', evidence: evidence.size === 0 ? [] : describeEvidence(d, evidence) })
  const run = eliminateInLogs(factors, plan, evidence, 'sum', undefined)
  if (run === undefined) return impossible()
  const { pool, logScale } = run
  const free = options.targets.filter((t) => !evidence.has(t))
  // A target that no remaining factor mentions (all its tables reduced away) is uniform before normalising.
  for (const t of free)
    if (!pool.some((f) => f.scope.includes(t))) {
      const card = plan.cards.get(t)!
      pool.push({ scope: [t], cards: [card], strides: [1], logValues: new Float64Array(card) })
    }
  const joint = pool.reduce(logProduct, ONE)
  const mass = logSumExp(joint.logValues)
  if (mass === -Infinity) return impossible()
  // The joint's scope follows the product order: lay the posterior out in target order.
  const posterior = alongTargets(joint, mass, options.targets, evidence, plan.cards)
  return E.right({ posterior, logEvidence: mass + logScale, plan })
}

/** exp(joint - mass) laid out over `targets` in their order, observed targets as point masses. */
const alongTargets = (
  joint: LogFactor,
  mass: number,
  targets: readonly VarId[],
  evidence: Evidence,
  cards: ReadonlyMap<VarId, number>,
): Factor => {
  const targetCards = targets.map((t) => cards.get(t)!)
  const out = new Float64Array(targetCards.reduce((n, c) => n * c, 1))
  const assignment = new Int32Array(targets.length)
  for (let k = 0; k < out.length; k++) {
    let rest = k
    for (let j = targets.length - 1; j >= 0; j--) {
      assignment[j] = rest % targetCards[j]!
      rest = (rest - assignment[j]!) / targetCards[j]!
    }
    let at = 0
    let consistent = true
    targets.forEach((t, j) => {
      const observed = evidence.get(t)
      if (observed !== undefined) {
        if (observed !== assignment[j]) consistent = false
        return
      }
      at += assignment[j]! * joint.strides[joint.scope.indexOf(t)]!
    })
    out[k] = consistent ? Math.exp(joint.logValues[at]! - mass) : 0
  }
  return tableOf(targets, targetCards, out)
}
