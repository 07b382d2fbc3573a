/**
 * The parameter panel: how many free parameters the network's factorisation
 * needs, against the full joint over the same variables, the fully
 * independent model and the chain rule (which, with no independence
 * assumed, telescopes back to the full joint), all exact `bigint`s; and the
 * size of the compiled junction tree.
 */
import type { CompilePlan } from '@chainrule/infer'
import {
  chainRuleParameters,
  fullJointParameters,
  independentParameters,
  parameterCount,
  tableEntryCount,
  type BayesianNetwork,
} from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'

/** The counts shown for one network. */
export interface ParameterCounts {
  readonly variables: number
  readonly edges: number
  /** Free parameters of the network: sum over variables of (card - 1) * prod(parent cards). */
  readonly network: bigint
  /** Numbers stored in its tables (rows x card). */
  readonly tableEntries: bigint
  /** prod(card) - 1. */
  readonly fullJoint: bigint
  /** sum(card - 1). */
  readonly independent: bigint
  /** The chain rule in topological order with full histories (= fullJoint for any order). */
  readonly chainRule: bigint
}

/**
 * Exact parameter counts for a network.
 *
 * @example
 * // asia (8 binary variables): { network: 18n, fullJoint: 255n, independent: 8n, chainRule: 255n, ... }
 */
export const parameterCounts = (network: BayesianNetwork): ParameterCounts => {
  const cards = network.domain.variables.map((v) => v.states.length)
  // A built network has validated cardinalities and a valid topological order.
  const exact = (count: E.Either<unknown, bigint>): bigint => {
    if (E.isLeft(count)) throw new Error('parameter count of a validated network failed')
    return count.right
  }
  return {
    variables: cards.length,
    edges: network.dag.parentIds.reduce((n, ps) => n + ps.length, 0),
    network: parameterCount(network),
    tableEntries: tableEntryCount(network),
    fullJoint: exact(fullJointParameters(cards)),
    independent: exact(independentParameters(cards)),
    chainRule: exact(chainRuleParameters([...network.dag.topologicalIds], cards)),
  }
}

/** The junction tree's size, with the largest clique's variables by name. */
export interface TreeSize {
  readonly clusters: number
  readonly largestClique: readonly string[]
  readonly largestEntries: number
  readonly totalEntries: number
  readonly bytes: number
  readonly strategy: string
}

/**
 * Name the compiled tree's sizes.
 *
 * @example
 * // treeSize(engine.plan, names) => { clusters: 6, largestClique: ['lung', 'either', 'bronc'], largestEntries: 8, ... }
 */
export const treeSize = (plan: CompilePlan, names: readonly string[]): TreeSize => ({
  clusters: plan.clusters,
  largestClique: plan.largestCluster.variables.map((v) => names[v] ?? `#${v}`),
  largestEntries: plan.largestCluster.entries,
  totalEntries: plan.clusterEntries,
  bytes: plan.bytes,
  strategy: plan.strategy,
})
