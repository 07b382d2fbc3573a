/**
 * Exact solving of an influence diagram with perfect recall: variable
 * elimination with sums and maxima on potential pairs (`elimination.ts`) in
 * a strong elimination order (`temporal.ts`). The maximum expected utility
 * and an optimal strategy come out of one pass; the strategy is optimal
 * among all strategies in which each decision may look at everything known
 * before it (its information arcs, and no-forgetting: what earlier decisions
 * knew, and the earlier decisions themselves), as Hugin assumes.
 *
 * References: Shachter (1986); Jensen, Jensen & Dittmer (1994); Jensen &
 * Nielsen (2007), chapter 10; Koller & Friedman (2009), chapter 23.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { InfluenceDiagram } from './diagram.js'
import { eliminate, greedyOrder, type Step } from './elimination.js'
import type { DecisionError } from './errors.js'
import { chanceTables, describeEvidence, reduceTable, scalars, utilityTables, type EvaluationOptions, type Policy } from './strategy.js'
import { decisionOrder, resolveEvidence, strongGroups } from './temporal.js'

/** A solved diagram: the expected utility of a best strategy found, and that strategy. */
export interface Solution {
  /** Expected utility of `policies` given the evidence: the maximum over all strategies when `optimality` is `'global'`. */
  readonly meu: number
  /** One policy per decision (a decision fixed by the evidence: its state, given nothing). */
  readonly policies: readonly Policy[]
  /**
   * `'global'`: no strategy has a higher expected utility. `'local'`: single
   * policy updating converged, so changing any one policy alone cannot do
   * better; another combination might.
   */
  readonly optimality: 'global' | 'local'
  readonly method: 'elimination' | 'single-policy-updating'
  /** Sweeps over the decisions (single policy updating); 1 for elimination. */
  readonly iterations: number
}

/** Policies of decisions the evidence fixes: their observed option, whatever is known. */
export const fixedPolicies = (diagram: InfluenceDiagram, evidence: Int32Array): Policy[] =>
  diagram.decisions.flatMap((d) => (evidence[d]! >= 0 ? [{ decision: diagram.network.dag.nodes[d]!, given: [], choice: Int32Array.of(evidence[d]!) }] : []))

/**
 * The maximum expected utility and an optimal strategy, exactly, for a
 * diagram whose decisions are in one temporal order (a directed path through
 * all of them), with no-forgetting. Evidence fixes chance variables known
 * from the start (they may not depend on an open decision) and decisions
 * already taken. Errors: `DecisionsNotOrdered` (solve it as a LIMID with
 * `solveLimid`), `EvidenceAfterDecision`, `ImpossibleEvidence`,
 * `UnknownVariable`, `UnknownState`, `EliminationOverBudget`.
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, solve } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * // Raiffa's oil wildcatter: test for 10, then drill or not.
 * const oil = defineInfluenceDiagram({
 *   states: { oil: ['dry', 'wet', 'soaking'], test: ['yes', 'no'], seismic: ['closed', 'open', 'diffuse', 'none'], drill: ['yes', 'no'] },
 *   decisions: { test: [], drill: ['test', 'seismic'] },
 *   parents: { seismic: ['oil', 'test'] },
 *   tables: {
 *     oil: [0.5, 0.3, 0.2],
 *     seismic: ({ oil, test }) =>
 *       test === 'no' ? [0, 0, 0, 1] : oil === 'dry' ? [0.1, 0.3, 0.6, 0] : oil === 'wet' ? [0.3, 0.4, 0.3, 0] : [0.5, 0.4, 0.1, 0],
 *   },
 *   utilities: { cost: ['test'], payoff: ['drill', 'oil'] },
 *   utilityTables: { cost: [-10, 0], payoff: [-70, 50, 200, 0, 0, 0] },
 * })
 * const best = E.isRight(oil) ? solve(oil.right) : undefined
 * best !== undefined && E.isRight(best) && Math.round(best.right.meu * 1e9) / 1e9 // => 22.5
 * ```
 */
export const solve = <A extends Assignment>(diagram: InfluenceDiagram<A>, options: EvaluationOptions = {}): E.Either<DecisionError, Solution> => {
  const evidence = resolveEvidence(diagram, options.evidence ?? {})
  if (E.isLeft(evidence)) return evidence
  const order = decisionOrder(diagram, evidence.right)
  if (E.isLeft(order)) return order
  const cards = diagram.network.domain.variables.map((v) => v.states.length)
  const probability = chanceTables(diagram).map((t) => reduceTable(t, evidence.right, cards))
  const utility = utilityTables(diagram).map((t) => reduceTable(t, evidence.right, cards))
  const { sums, decisions } = strongGroups(diagram, order.right, evidence.right)
  // Greedy orders within each group of sums, on the scopes as the earlier steps leave them (approximated by the inputs).
  const scopes = [...probability, ...utility].map((t) => t.scope)
  const steps: Step[] = []
  for (let k = decisions.length; k >= 0; k--) {
    for (const variable of greedyOrder(sums[k]!, scopes, cards)) steps.push({ variable, kind: 'sum' })
    if (k > 0) steps.push({ variable: decisions[k - 1]!, kind: 'max' })
  }
  const done = eliminate(cards, probability, utility, steps, options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES)
  if (E.isLeft(done)) return done
  const { pEvidence, utility: meu } = scalars(done.right.probability, done.right.utility)
  if (!(pEvidence > 0)) return E.left({ _tag: 'ImpossibleEvidence', evidence: describeEvidence(diagram, evidence.right) })
  const names = diagram.network.dag.nodes
  const policies: Policy[] = [
    ...decisions.map((d) => {
      const { scope, choice } = done.right.choices.get(d)!
      return { decision: names[d]!, given: scope.map((v) => names[v]!), choice }
    }),
    ...fixedPolicies(diagram, evidence.right),
  ]
  // Declaration order of the decisions.
  policies.sort((a, b) => names.indexOf(a.decision) - names.indexOf(b.decision))
  return E.right({ meu, policies, optimality: 'global', method: 'elimination', iterations: 1 })
}
