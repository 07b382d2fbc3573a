/**
 * Planning variable elimination before running it: validate the query, prune barren tables, reduce
 * scopes by the evidence, choose (or check) the elimination order, and compute the induced width and
 * the largest table the run will allocate. Everything here works on scopes only; no numbers move.
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkCardinalities } from './consistency.js'
import { type Domain, type Evidence, labelOf, stateLabelsOf } from './domain.js'
import { type EliminationHeuristic, type EliminationStep, eliminationOrder } from './elimination-order.js'
import type { FactorError } from './errors.js'
import type { Factor, VarId } from './factor.js'
import { type ChildOf, pruneBarren } from './prune.js'

/**
 * The default memory budget of every exact computation (2 GiB): the largest table of a variable
 * elimination here, the tables of a junction tree in `@chainrule/infer`.
 */
export const DEFAULT_MEMORY_BUDGET_BYTES = 2 * 1024 ** 3

/** A variable-elimination query. */
export interface EliminationOptions {
  /** Variables of the posterior, in the order of its scope (may be empty: then only log P(e)). */
  readonly targets: readonly VarId[]
  /** Observed states by variable id (`evidenceByName` builds it from names). */
  readonly evidence?: Evidence
  /**
   * How to order the eliminations: a greedy heuristic (default `{ kind: 'minFill' }`), or
   * `{ kind: 'order', order }`, an explicit order (evidence and pruned variables in it are skipped).
   */
  readonly ordering?: EliminationHeuristic | { readonly kind: 'order'; readonly order: readonly VarId[] }
  /** Refuse to run when the largest table would exceed this many bytes (default 2 GiB). */
  readonly memoryBudgetBytes?: number
  /** Which factors are conditional tables of which child, enabling barren pruning (see `pruneBarren`). */
  readonly childOf?: ChildOf
  /** Names for errors, and a check that factor cardinalities match the domain. */
  readonly domain?: Domain
}

/** What a variable-elimination run will do, known before it runs. */
export interface EliminationPlan {
  readonly steps: readonly EliminationStep[]
  /** The elimination order (`steps` variables). */
  readonly order: readonly VarId[]
  /** Largest clique size minus one, over the steps and the final clique of unobserved targets. */
  readonly inducedWidth: number
  /** Entries of the largest table allocated (a message, a reduced input or the posterior). */
  readonly largestTableEntries: number
  /** `largestTableEntries * 8` (Float64Array). */
  readonly largestTableBytes: number
  /** The step (or `'posterior'`, `'evidence reduction'`) allocating the largest table. */
  readonly largestTableAt: VarId | 'posterior' | 'evidence reduction'
  /** Entries of the largest clique: the work of the heaviest step. */
  readonly largestCliqueEntries: number
  /** Indices of the factors used (the others are barren tables, never touched). */
  readonly kept: readonly number[]
  /** Variables that only appear in barren tables. */
  readonly barren: readonly VarId[]
  /** Cardinality of every variable of the factors. */
  readonly cards: ReadonlyMap<VarId, number>
}

/**
 * Plan a variable-elimination query without running it. Errors: `UnknownVariable` (a target or an
 * evidence variable in no factor), `UnknownState`, `DuplicateVariable`, `CardinalityMismatch`,
 * `InvalidOrder`, and the pruning errors.
 *
 * @example
 * ```ts
 * import { eliminationPlan, tableOf, type VarId } from '@chainrule/factor'
 * const [a, b, c] = [0, 1, 2] as VarId[]
 * const cpts = [
 *   tableOf([a!], [2], Float64Array.of(0.5, 0.5)),
 *   tableOf([a!, b!], [2, 2], Float64Array.of(0.9, 0.1, 0.2, 0.8)),
 *   tableOf([b!, c!], [2, 2], Float64Array.of(0.7, 0.3, 0.4, 0.6)),
 * ]
 * eliminationPlan(cpts, { targets: [c!], childOf: { kind: 'last' } })
 * // right({ order: [0, 1], inducedWidth: 1, largestTableEntries: 2, ... })
 * ```
 */
export const eliminationPlan = (
  factors: readonly Factor[],
  options: EliminationOptions,
): E.Either<FactorError, EliminationPlan> => {
  const d = options.domain
  const evidence: Evidence = options.evidence ?? new Map()
  const checked = checkCardinalities(factors, d)
  if (E.isLeft(checked)) return checked
  const cards = checked.right
  const seenTargets = new Set<VarId>()
  for (const t of options.targets) {
    if (!cards.has(t)) return E.left({ _tag: 'UnknownVariable', variable: labelOf(d, t), where: 'targets (in no factor)' })
    if (seenTargets.has(t)) return E.left({ _tag: 'DuplicateVariable', variable: labelOf(d, t), where: 'targets' })
    seenTargets.add(t)
  }
  for (const [v, s] of evidence) {
    const c = cards.get(v)
    if (c === undefined) return E.left({ _tag: 'UnknownVariable', variable: labelOf(d, v), where: 'evidence (in no factor)' })
    if (!Number.isSafeInteger(s) || s < 0 || s >= c)
      return E.left({ _tag: 'UnknownState', variable: labelOf(d, v), state: String(s), states: stateLabelsOf(d, v, c) })
  }
  let kept: readonly number[] = factors.map((_, i) => i)
  let barren: readonly VarId[] = []
  if (options.childOf !== undefined) {
    const pruned = pruneBarren(factors, options.childOf, options.targets, [...evidence.keys()], d)
    if (E.isLeft(pruned)) return pruned
    ;({ kept, barren } = pruned.right)
  }
  const scopes = kept.map((i) => factors[i]!.scope.filter((v) => !evidence.has(v)))
  let largestReduction = 0
  for (const i of kept) {
    const f = factors[i]!
    if (f.scope.some((v) => evidence.has(v))) {
      let size = 1
      f.scope.forEach((v, j) => (size *= evidence.has(v) ? 1 : f.cards[j]!))
      largestReduction = Math.max(largestReduction, size)
    }
  }
  const present = new Set<VarId>()
  for (const s of scopes) for (const v of s) present.add(v)
  const eliminate = [...present].filter((v) => !seenTargets.has(v))
  const ordering = options.ordering ?? { kind: 'minFill' }
  let how: EliminationHeuristic | readonly VarId[] = ordering.kind === 'order' ? [] : ordering
  if (ordering.kind === 'order') {
    const order: VarId[] = []
    const seen = new Set<VarId>()
    for (const v of ordering.order) {
      if (seen.has(v)) return E.left({ _tag: 'DuplicateVariable', variable: labelOf(d, v), where: 'order' })
      seen.add(v)
      if (!cards.has(v)) return E.left({ _tag: 'InvalidOrder', variable: labelOf(d, v), reason: 'it is in no factor' })
      if (seenTargets.has(v)) return E.left({ _tag: 'InvalidOrder', variable: labelOf(d, v), reason: 'it is a target' })
      if (present.has(v)) order.push(v)
    }
    const missing = eliminate.find((v) => !seen.has(v))
    if (missing !== undefined)
      return E.left({ _tag: 'InvalidOrder', variable: labelOf(d, missing), reason: 'it must be eliminated but is missing from the order' })
    how = order
  }
  const steps = eliminationOrder(scopes, cards, eliminate, how)
  const unobservedTargets = options.targets.filter((t) => !evidence.has(t))
  let posteriorEntries = 1
  for (const t of options.targets) posteriorEntries *= cards.get(t)!
  let inducedWidth = Math.max(0, unobservedTargets.length - 1)
  let largestTableEntries = posteriorEntries
  let largestTableAt: EliminationPlan['largestTableAt'] = 'posterior'
  let largestCliqueEntries = 0
  for (const s of steps) {
    inducedWidth = Math.max(inducedWidth, s.neighbours.length)
    largestCliqueEntries = Math.max(largestCliqueEntries, s.cliqueEntries)
    if (s.messageEntries > largestTableEntries) {
      largestTableEntries = s.messageEntries
      largestTableAt = s.variable
    }
  }
  if (largestReduction > largestTableEntries) {
    largestTableEntries = largestReduction
    largestTableAt = 'evidence reduction'
  }
  return E.right({
    steps,
    order: steps.map((s) => s.variable),
    inducedWidth,
    largestTableEntries,
    largestTableBytes: largestTableEntries * Float64Array.BYTES_PER_ELEMENT,
    largestTableAt,
    largestCliqueEntries,
    kept,
    barren,
    cards,
  })
}
