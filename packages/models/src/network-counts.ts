/**
 * Parameter counts of a whole network, read from its graph and domain; a
 * variable with a compact table counts what its compact table costs.
 */
import { compactEntryCount, compactParameterCount } from './compact-counts.js'
import type { BayesianNetwork } from './network.js'
import { cardinalities } from './network.js'
import { familyParameterCount, familyTableEntries } from './parameter-counts.js'

const sum = (bn: BayesianNetwork, full: typeof familyParameterCount, compact: typeof compactParameterCount): bigint => {
  const cards = cardinalities(bn)
  let total = 0n
  bn.dag.parentIds.forEach((parents, v) => {
    const parentCards = parents.map((p) => cards[p]!)
    const table = bn.compact?.[v]
    total += table === undefined ? full(cards[v]!, parentCards) : compact(table, cards[v]!, parentCards)
  })
  return total
}

/**
 * Free parameters of a network: sum over variables of (card - 1) x product of
 * parent cards, exact as a `bigint`; a compact table counts its own parameters.
 *
 * @example
 * // parameterCount(sprinkler) => 1n + 2n + 4n = 7n for rain -> sprinkler -> wet <- rain
 * // with wet a noisy-OR of sprinkler and rain: 1n + 2n + 3n
 */
export const parameterCount = (bn: BayesianNetwork): bigint => sum(bn, familyParameterCount, compactParameterCount)

/**
 * Table entries of a network (storage, without the minus one); a compact table counts the numbers it stores.
 *
 * @example
 * // tableEntryCount(sprinkler) => 2n + 4n + 8n = 14n
 */
export const tableEntryCount = (bn: BayesianNetwork): bigint => sum(bn, familyTableEntries, compactEntryCount)
