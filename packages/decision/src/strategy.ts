/**
 * Strategies: one policy per decision, a choice for every assignment of what
 * the policy looks at. A strategy turns the diagram into a plain Bayesian
 * network (each decision a deterministic table of its policy), and its
 * expected utility is one elimination with sums only.
 */
import { networkFromSpec, toSpec, type Assignment, type BayesianNetwork } from '@chainrule/models'
import { DEFAULT_MEMORY_BUDGET_BYTES } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { InfluenceDiagram } from './diagram.js'
import { eliminate, greedyOrder, type Table } from './elimination.js'
import type { DecisionError } from './errors.js'
import { resolveEvidence, type DiagramEvidence } from './temporal.js'

/** What to do at one decision, for every assignment of the variables it looks at. */
export interface Policy {
  readonly decision: string
  /** The variables the choice depends on, observed before the decision, in table order. */
  readonly given: readonly string[]
  /** Chosen option (state index of the decision) per assignment of `given`, the last variable fastest. */
  readonly choice: Int32Array
}

/** One policy per decision. */
export type Strategy = readonly Policy[]

/** A table restricted to the evidence: observed variables fixed and dropped from the scope. */
export const reduceTable = (table: Table, evidence: Int32Array, cards: readonly number[]): Table => {
  if (!table.scope.some((v) => evidence[v]! >= 0)) return table
  const scope = table.scope.filter((v) => evidence[v]! < 0)
  const strides = table.scope.map((_, k) => table.scope.slice(k + 1).reduce((s, v) => s * cards[v]!, 1))
  let base = 0
  table.scope.forEach((v, k) => {
    if (evidence[v]! >= 0) base += evidence[v]! * strides[k]!
  })
  const kept = table.scope.flatMap((v, k) => (evidence[v]! < 0 ? [strides[k]!] : []))
  const size = scope.reduce((s, v) => s * cards[v]!, 1)
  const values = new Float64Array(size)
  const digits = new Int32Array(scope.length)
  let index = base
  for (let k = 0; k < size; k++) {
    values[k] = table.values[index]!
    for (let j = scope.length - 1; j >= 0; j--) {
      digits[j]! += 1
      index += kept[j]!
      if (digits[j]! < cards[scope[j]!]!) break
      index -= digits[j]! * kept[j]!
      digits[j] = 0
    }
  }
  return { scope, values }
}

/** The conditional tables of the chance variables (decisions' placeholders left out). */
export const chanceTables = (diagram: InfluenceDiagram): Table[] =>
  diagram.network.cpts.flatMap((f, v) => (diagram.decisions.includes(v) ? [] : [{ scope: f.scope, values: f.values }]))

export const utilityTables = (diagram: InfluenceDiagram): Table[] => diagram.utilities.map((u) => ({ scope: u.scope, values: u.values }))

/** A policy as a deterministic conditional table of the decision, scope [...given, decision]. */
export const policyTable = (scope: readonly number[], choice: Int32Array, decision: number, card: number): Table => {
  const values = new Float64Array(choice.length * card)
  choice.forEach((c, r) => (values[r * card + c] = 1))
  return { scope: [...scope, decision], values }
}

/** A strategy checked against the diagram: each decision's policy as a table over ids. */
export const strategyTables = (diagram: InfluenceDiagram, strategy: Strategy): E.Either<DecisionError, Table[]> => {
  const { domain } = diagram.network
  const invalid = (reason: string): E.Either<DecisionError, never> => E.left({ _tag: 'InvalidStrategy', reason })
  const tables: Table[] = []
  for (const d of diagram.decisions) {
    const name = domain.variables[d]!.name
    const policies = strategy.filter((p) => p.decision === name)
    if (policies.length !== 1) return invalid(`expected one policy for decision "${name}", got ${policies.length}`)
    const policy = policies[0]!
    const scope: number[] = []
    for (const g of policy.given) {
      const v = domain.byName.get(g)
      if (v === undefined || v === d || scope.includes(v)) return invalid(`policy of "${name}" looks at "${g}", not a distinct other variable`)
      scope.push(v)
    }
    const rows = scope.reduce((s, v) => s * domain.variables[v]!.states.length, 1)
    const card = domain.variables[d]!.states.length
    if (policy.choice.length !== rows || policy.choice.some((c) => !(c >= 0 && c < card && Number.isInteger(c))))
      return invalid(`policy of "${name}" needs ${rows} choices, each an option index below ${card}`)
    tables.push(policyTable(scope, policy.choice, d, card))
  }
  for (const p of strategy) if (!diagram.decisions.some((d) => domain.variables[d]!.name === p.decision)) return invalid(`"${p.decision}" is not a decision`)
  return E.right(tables)
}

/**
 * The diagram as a Bayesian network under a strategy: each decision's parents
 * become what its policy looks at and its table the policy (0/1 rows).
 * Anything `@chainrule/infer` asks of a network can then be asked of the
 * decisions' consequences. Errors: `InvalidStrategy`, `Network` (a policy
 * looking at a later variable makes a cycle).
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, solve, strategyNetwork } from '@chainrule/decision'
 * import { compile, marginals, toRecord } from '@chainrule/infer'
 * import { either as E } from 'fp-ts'
 * const umbrella = defineInfluenceDiagram({
 *   states: { rain: ['no', 'yes'], forecast: ['sunny', 'rainy'], take: ['no', 'yes'] },
 *   decisions: { take: ['forecast'] },
 *   parents: { forecast: ['rain'] },
 *   tables: { rain: [0.7, 0.3], forecast: { no: [0.8, 0.2], yes: [0.3, 0.7] } },
 *   utilities: { comfort: ['take', 'rain'] },
 *   utilityTables: { comfort: [100, 0, 80, 70] },
 * })
 * if (E.isRight(umbrella)) {
 *   const best = solve(umbrella.right)
 *   const net = E.isRight(best) ? strategyNetwork(umbrella.right, best.right.policies) : undefined
 *   const engine = net !== undefined && E.isRight(net) ? compile(net.right) : undefined
 *   const posterior = engine !== undefined && E.isRight(engine) ? marginals(engine.right) : undefined
 *   // Under the best strategy the umbrella is taken when the forecast is rainy: 0.2 * 0.7 + 0.7 * 0.3
 *   posterior !== undefined && E.isRight(posterior) && Math.round(toRecord(posterior.right).take!.yes! * 100) / 100 // => 0.35
 * }
 * ```
 */
export const strategyNetwork = <A extends Assignment>(diagram: InfluenceDiagram<A>, strategy: Strategy): E.Either<DecisionError, BayesianNetwork<A>> => {
  const tables = strategyTables(diagram, strategy)
  if (E.isLeft(tables)) return tables
  const spec = toSpec(diagram.network)
  const names = diagram.network.dag.nodes
  const byDecision = new Map(diagram.decisions.map((d, k) => [d, tables.right[k]!]))
  const variables = spec.variables.map((v, id) => {
    const t = byDecision.get(id)
    return t === undefined ? v : { ...v, parents: t.scope.slice(0, -1).map((p) => names[p]!), table: t.values }
  })
  const built = networkFromSpec(spec.name === undefined ? { variables } : { name: spec.name, variables })
  return E.isLeft(built) ? E.left({ _tag: 'Network', errors: built.left }) : E.right(built.right.network as BayesianNetwork<A>)
}

/** Options shared by the solvers and evaluations. */
export interface EvaluationOptions {
  /** Chance variables known from the start, and decisions already taken, by name. */
  readonly evidence?: DiagramEvidence
  /** Refuse any table over this many bytes (default 2 GiB). */
  readonly memoryBudgetBytes?: number
}

/**
 * sum over the remaining scalar tables: P(e) as the product of the
 * probability parts, the expected utility as the sum of the utility parts.
 */
export const scalars = (probability: readonly Table[], utility: readonly Table[]): { readonly pEvidence: number; readonly utility: number } => ({
  pEvidence: probability.reduce((p, t) => p * t.values[0]!, 1),
  utility: utility.reduce((s, t) => s + t.values[0]!, 0),
})

/**
 * The expected utility of following a strategy, given the evidence:
 * E[sum of utilities | e] with every decision made by its policy.
 * Errors: `InvalidStrategy`, `ImpossibleEvidence`, evidence errors, `EliminationOverBudget`.
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, expectedUtility } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * const umbrella = defineInfluenceDiagram({
 *   states: { rain: ['no', 'yes'], take: ['no', 'yes'] },
 *   decisions: { take: [] },
 *   tables: { rain: [0.7, 0.3] },
 *   utilities: { comfort: ['take', 'rain'] },
 *   utilityTables: { comfort: [100, 0, 80, 70] },
 * })
 * const always = [{ decision: 'take', given: [], choice: Int32Array.of(1) }]
 * const eu = E.isRight(umbrella) ? expectedUtility(umbrella.right, always) : undefined
 * eu !== undefined && E.isRight(eu) && Math.round(eu.right * 10) / 10 // => 77
 * ```
 */
export const expectedUtility = <A extends Assignment>(diagram: InfluenceDiagram<A>, strategy: Strategy, options: EvaluationOptions = {}): E.Either<DecisionError, number> => {
  const evidence = resolveEvidence(diagram, options.evidence ?? {})
  if (E.isLeft(evidence)) return evidence
  const policies = strategyTables(diagram, strategy)
  if (E.isLeft(policies)) return policies
  const cards = diagram.network.domain.variables.map((v) => v.states.length)
  const probability = [...chanceTables(diagram), ...policies.right].map((t) => reduceTable(t, evidence.right, cards))
  const utility = utilityTables(diagram).map((t) => reduceTable(t, evidence.right, cards))
  const free = cards.flatMap((_, v) => (evidence.right[v]! < 0 ? [v] : []))
  const order = greedyOrder(free, [...probability, ...utility].map((t) => t.scope), cards)
  const done = eliminate(cards, probability, utility, order.map((variable) => ({ variable, kind: 'sum' as const })), options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES)
  if (E.isLeft(done)) return done
  const { pEvidence, utility: eu } = scalars(done.right.probability, done.right.utility)
  return pEvidence > 0 ? E.right(eu) : E.left({ _tag: 'ImpossibleEvidence', evidence: describeEvidence(diagram, evidence.right) })
}

/** The evidence as `name=state` items. */
export const describeEvidence = (diagram: InfluenceDiagram, evidence: Int32Array): string[] =>
  diagram.network.domain.variables.flatMap((v) => (evidence[v.id]! >= 0 ? [`${v.name}=${v.states[evidence[v.id]!]}`] : []))
