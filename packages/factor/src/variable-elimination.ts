/**
 * Variable elimination (Zhang & Poole 1994; Dechter's bucket elimination 1996; Koller & Friedman
 * 2009, chapter 9) with evidence reduction, barren-node pruning and a memory budget checked before
 * any table is allocated.
 *
 * Numerics: each message is rescaled so that its largest entry is 1 and the scale is accumulated in
 * log space (one running log normaliser for the whole product), so log P(evidence) stays finite and
 * exact for evidence of probability 1e-3000 while every kernel runs on plain doubles. Each bucket is
 * multiplied and summed in one fused pass (`sumProduct`), so the product over a clique is never
 * materialised; only messages (and the posterior) are allocated.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Domain, type Evidence, describeEvidence, labelOf } from './domain.js'
import { DEFAULT_MEMORY_BUDGET_BYTES, type EliminationOptions, type EliminationPlan, eliminationPlan } from './elimination-plan.js'
import type { FactorError } from './errors.js'
import { type Factor, type VarId, tableOf } from './factor.js'
import { rescale } from './log-space.js'
import { total } from './normalize.js'
import { productOfMany, sumProduct } from './product.js'
import { reduce } from './reduce.js'

/** The answer of a variable-elimination query. */
export interface EliminationResult {
  /** P(targets | evidence), scope = `targets` in the order given (observed targets are point masses). */
  readonly posterior: Factor
  /**
   * Natural log of the total mass consistent with the evidence: log P(evidence) when the factors are
   * a Bayesian network's tables (log Z, the log partition function, for general factors).
   */
  readonly logEvidence: number
  readonly plan: EliminationPlan
}

/** Factors whose largest entry leaves this range are rescaled on entry too (cheap insurance). */
const SAFE_LOW = 2 ** -200
const SAFE_HIGH = 2 ** 200

/** Scale a freshly computed table in place so its largest entry is 1; returns log(max) (0 if all zero). */
const rescaleFresh = (values: Float64Array): number => {
  let max = 0
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!
  if (max === 0 || max === 1) return 0
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / max
  return Math.log(max)
}

const impossible = (d: Domain | undefined, evidence: Evidence): FactorError => ({
  _tag: 'ImpossibleEvidence',
  evidence: evidence.size === 0 ? [] : describeEvidence(d, evidence),
})

/**
 * Exact posterior over `targets` given `evidence`, and log P(evidence), by variable elimination.
 * The plan (order, induced width, largest table) is computed first; a largest table over
 * `memoryBudgetBytes` (default 2 GiB) is `MemoryBudgetExceeded` and nothing runs. Evidence of
 * probability zero is `ImpossibleEvidence`. See `EliminationOptions` for pruning (`childOf`), the
 * order and the heuristics.
 *
 * @example
 * ```ts
 * import { variableElimination, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [rain, sprinkler, wet] = [0, 1, 2] as VarId[]
 * const cpts = [
 *   tableOf([rain!], [2], Float64Array.of(0.8, 0.2)),
 *   tableOf([rain!, sprinkler!], [2, 2], Float64Array.of(0.6, 0.4, 0.99, 0.01)),
 *   tableOf([rain!, sprinkler!, wet!], [2, 2, 2], Float64Array.of(1, 0, 0.1, 0.9, 0.2, 0.8, 0.01, 0.99)),
 * ]
 * const r = variableElimination(cpts, { targets: [rain!], evidence: new Map([[wet!, 1]]), childOf: { kind: 'last' } })
 * if (E.isRight(r)) {
 *   // P(wet) = 0.8 x 0.4 x 0.9 + 0.2 x (0.99 x 0.8 + 0.01 x 0.99) = 0.288 + 0.16038
 *   Math.exp(r.right.logEvidence) // ~> 0.44838
 *   r.right.posterior.values // ~> Float64Array.of(0.288 / 0.44838, 0.16038 / 0.44838)
 * }
 * ```
 */
export const variableElimination = (
  factors: readonly Factor[],
  options: EliminationOptions,
): E.Either<FactorError, EliminationResult> => {
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
  let logScale = 0
  let pool: Factor[] = []
  // Scalars (fully observed tables, messages over nothing) go straight into the log normaliser.
  const absorb = (f: Factor): boolean => {
    if (f.scope.length > 0) {
      pool.push(f)
      return true
    }
    const x = f.values[0]!
    logScale += Math.log(x)
    return x > 0
  }
  for (const i of plan.kept) {
    const reduced = reduce(factors[i]!, evidence)
    let max = 0
    for (let k = 0; k < reduced.values.length; k++) if (reduced.values[k]! > max) max = reduced.values[k]!
    const safe = max === 0 || (max >= SAFE_LOW && max <= SAFE_HIGH) || reduced.scope.length === 0
    const scaled = safe ? { factor: reduced, logScale: 0 } : rescale(reduced)
    logScale += scaled.logScale
    if (!absorb(scaled.factor)) return E.left(impossible(d, evidence))
  }
  for (const step of plan.steps) {
    const v = step.variable
    const bucket: Factor[] = []
    const rest: Factor[] = []
    for (const f of pool) (f.scope.includes(v) ? bucket : rest).push(f)
    pool = rest
    const message = sumProduct(bucket, [v])
    logScale += rescaleFresh(message.values)
    if (!absorb(message)) return E.left(impossible(d, evidence))
  }
  const free = options.targets.filter((t) => !evidence.has(t))
  // A target that no remaining factor mentions (all its tables reduced away) is uniform before normalising.
  for (const t of free)
    if (!pool.some((f) => f.scope.includes(t))) pool.push(tableOf([t], [plan.cards.get(t)!], new Float64Array(plan.cards.get(t)!).fill(1)))
  const joint = productOfMany(pool, free)
  const mass = total(joint)
  if (!(mass > 0)) return E.left(impossible(d, evidence))
  const values = joint.values
  for (let k = 0; k < values.length; k++) values[k] = values[k]! / mass
  let posterior = joint
  if (free.length < options.targets.length) {
    const indicators = options.targets
      .filter((t) => evidence.has(t))
      .map((t) => {
        const card = plan.cards.get(t)!
        const one = new Float64Array(card)
        one[evidence.get(t)!] = 1
        return tableOf([t], [card], one)
      })
    posterior = productOfMany([joint, ...indicators], options.targets)
  }
  return E.right({ posterior, logEvidence: Math.log(mass) + logScale, plan })
}
