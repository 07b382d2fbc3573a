/**
 * Parameter counts of a whole network, read from its graph and domain.
 */
import type { BayesianNetwork } from './network.js'
import { cardinalities } from './network.js'
import { parameterCountOf, tableEntryCountOf } from './parameter-counts.js'

/**
 * Free parameters of a network: sum over variables of (card - 1) x product of
 * parent cards, exact as a `bigint`.
 *
 * @example
 * // parameterCount(sprinkler) => 1n + 2n + 4n = 7n for rain -> sprinkler -> wet <- rain
 */
export const parameterCount = (bn: BayesianNetwork): bigint => parameterCountOf(bn.dag.parentIds, cardinalities(bn))

/**
 * Table entries of a network (storage, without the minus one).
 *
 * @example
 * // tableEntryCount(sprinkler) => 2n + 4n + 8n = 14n
 */
export const tableEntryCount = (bn: BayesianNetwork): bigint => tableEntryCountOf(bn.dag.parentIds, cardinalities(bn))
