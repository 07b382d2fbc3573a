/**
 * Single policy updating for LIMIDs (Lauritzen & Nilsson 2001): decisions
 * look at their information arcs only (no no-forgetting, no temporal order
 * needed). Starting from uniformly random policies, each decision in turn
 * gets the policy that is best given all the others:
 *   q(pa_D, d) = sum over the other variables of prod P x prod(other policies) x sum U
 * (the decision's own table left out), maximised over d for each pa_D.
 * Sweeps repeat until no policy changes. The result is locally optimal (no
 * single policy can improve it); it is globally optimal when the diagram's
 * arcs already give perfect recall (each decision sees every earlier decision
 * and everything it saw), where the first sweep, last decision first, is
 * backward induction.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { InfluenceDiagram } from './diagram.js'
import { eliminate, expand, greedyOrder, sizeOf, type Table } from './elimination.js'
import type { DecisionError } from './errors.js'
import { fixedPolicies, type Solution } from './solve.js'
import { chanceTables, expectedUtility, policyTable, reduceTable, utilityTables, type EvaluationOptions, type Policy } from './strategy.js'
import { decisionOrder, resolveEvidence } from './temporal.js'

/** Options of {@link solveLimid}. */
export interface LimidOptions extends EvaluationOptions {
  /** Most sweeps over the decisions (default 100). */
  readonly maxSweeps?: number
}

/** Whether the arcs give perfect recall: decisions in one order, each seeing every earlier decision and what it saw. */
const hasPerfectRecall = (diagram: InfluenceDiagram, evidence: Int32Array): boolean => {
  const order = decisionOrder(diagram, evidence)
  if (E.isLeft(order)) return false
  const { parentIds } = diagram.network.dag
  return order.right.every((d, k) =>
    order.right.slice(0, k).every((earlier) => parentIds[d]!.includes(earlier) && parentIds[earlier]!.every((p) => parentIds[d]!.includes(p) || evidence[p]! >= 0)),
  )
}

/**
 * Solve a LIMID by single policy updating: a strategy no single policy
 * change can improve, marked `optimality: 'local'` unless the arcs give
 * perfect recall (then `'global'`). Errors: as `solve`, except that the
 * decisions need no temporal order; `InvalidOption` for `maxSweeps`.
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, solveLimid } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * // Two agents who cannot see each other's choice: each should pick the same side.
 * const meet = defineInfluenceDiagram({
 *   states: { a: ['left', 'right'], b: ['left', 'right'] },
 *   decisions: { a: [], b: [] },
 *   tables: {},
 *   utilities: { together: ['a', 'b'] },
 *   utilityTables: { together: [[1, 0], [0, 2]] },
 * })
 * const found = E.isRight(meet) ? solveLimid(meet.right) : undefined
 * found !== undefined && E.isRight(found) && [found.right.meu, found.right.optimality] // => [2, 'local']
 * ```
 */
export const solveLimid = <A extends Assignment>(diagram: InfluenceDiagram<A>, options: LimidOptions = {}): E.Either<DecisionError, Solution> => {
  const maxSweeps = options.maxSweeps ?? 100
  if (!Number.isSafeInteger(maxSweeps) || maxSweeps < 1) return E.left({ _tag: 'InvalidOption', option: 'maxSweeps', value: String(maxSweeps), reason: 'expected an integer >= 1' })
  const evidence = resolveEvidence(diagram, options.evidence ?? {})
  if (E.isLeft(evidence)) return evidence
  const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const { domain, dag } = diagram.network
  const cards = domain.variables.map((v) => v.states.length)
  // Open decisions, last first (reverse topological order): the first sweep is backward induction where that is possible.
  const open = dag.topologicalIds.filter((v) => diagram.decisions.includes(v) && evidence.right[v]! < 0).reverse()
  const chance = chanceTables(diagram)
  const utility = utilityTables(diagram).map((t) => reduceTable(t, evidence.right, cards))
  // Current policies: uniform to start with (a table over [...parents, d]), then deterministic choices.
  const tables = new Map<number, Table>()
  const choices = new Map<number, Int32Array>()
  for (const d of open) {
    const scope = [...dag.parentIds[d]!, d]
    tables.set(d, { scope, values: new Float64Array(sizeOf(scope, cards)).fill(1 / cards[d]!) })
  }
  let sweeps = 0
  for (let changed = true; changed && sweeps < maxSweeps; sweeps++) {
    changed = false
    for (const d of open) {
      const others = open.filter((o) => o !== d).map((o) => tables.get(o)!)
      const probability = [...chance, ...others].map((t) => reduceTable(t, evidence.right, cards))
      const family = [...dag.parentIds[d]!, d].filter((v) => evidence.right[v]! < 0)
      const rest = cards.flatMap((_, v) => (evidence.right[v]! < 0 && !family.includes(v) ? [v] : []))
      const order = greedyOrder(rest, [...probability, ...utility].map((t) => t.scope), cards)
      const done = eliminate(cards, probability, utility, order.map((variable) => ({ variable, kind: 'sum' as const })), budget)
      if (E.isLeft(done)) return done
      // q over the unobserved family, the decision last: the product of what is left times the sum of its utilities.
      const scope = [...family.filter((v) => v !== d), d]
      const q = new Float64Array(sizeOf(scope, cards)).fill(1)
      for (const t of done.right.probability) {
        const e = expand(t, scope, cards)
        for (let k = 0; k < q.length; k++) q[k] = q[k]! * e[k]!
      }
      const u = new Float64Array(q.length)
      for (const t of done.right.utility) {
        const e = expand(t, scope, cards)
        for (let k = 0; k < u.length; k++) u[k] = u[k]! + e[k]!
      }
      const card = cards[d]!
      const rows = q.length / card
      const previous = choices.get(d)
      const choice = new Int32Array(rows)
      for (let r = 0, at = 0; r < rows; r++, at += card) {
        let best = previous === undefined ? 0 : previous[r]!
        const value = (k: number): number => q[at + k]! * u[at + k]!
        // Keep the current choice unless another is better beyond rounding, so that sweeps end.
        for (let k = 0; k < card; k++) if (value(k) > value(best) + 1e-12 * Math.max(1, Math.abs(value(best)))) best = k
        choice[r] = best
        if (previous === undefined || previous[r] !== best) changed = true
      }
      choices.set(d, choice)
      // The policy looks at the unobserved parents; observed ones are fixed by the evidence.
      tables.set(d, policyTable(scope.slice(0, -1), choice, d, card))
    }
  }
  const names = dag.nodes
  const policies: Policy[] = [
    ...open.map((d) => ({ decision: names[d]!, given: tables.get(d)!.scope.slice(0, -1).map((v) => names[v]!), choice: choices.get(d)! })),
    ...fixedPolicies(diagram, evidence.right),
  ].sort((a, b) => names.indexOf(a.decision) - names.indexOf(b.decision))
  const eu = expectedUtility(diagram, policies, options)
  if (E.isLeft(eu)) return eu
  return E.right({
    meu: eu.right,
    policies,
    optimality: hasPerfectRecall(diagram, evidence.right) ? 'global' : 'local',
    method: 'single-policy-updating',
    iterations: sweeps,
  })
}
