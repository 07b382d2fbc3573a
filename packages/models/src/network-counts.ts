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
 * ```ts
 * import { defineNetwork, parameterCount } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   // rain -> sprinkler -> wet <- rain; a noisy-OR wet would count 1n + 2n + 3n
 *   parameterCount(sprinkler.right) // => 1n + 2n + 4n
 * }
 * ```
 */
export const parameterCount = (bn: BayesianNetwork): bigint => sum(bn, familyParameterCount, compactParameterCount)

/**
 * Table entries of a network (storage, without the minus one); a compact table counts the numbers it stores.
 *
 * @example
 * ```ts
 * import { defineNetwork, tableEntryCount } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   tableEntryCount(sprinkler.right) // => 2n + 4n + 8n
 * }
 * ```
 */
export const tableEntryCount = (bn: BayesianNetwork): bigint => sum(bn, familyTableEntries, compactEntryCount)
