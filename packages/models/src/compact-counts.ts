/**
 * What a compact table costs, exactly, as `bigint`: the point of compact
 * tables is that these counts grow linearly, not exponentially, with the
 * number of parents.
 *
 * Noisy-MAX, child with m states, parents with k_1..k_n states: each
 * non-distinguished parent state has a distribution over the child (m - 1
 * free numbers), and so has the leak: (m - 1) * (1 + sum_j (k_j - 1)) free
 * parameters, m * (1 + sum_j (k_j - 1)) stored numbers. A binary noisy-OR
 * with n parents: n + 1 parameters, against 2^n for its full table.
 *
 * Deterministic: no free probability (the function is structure, not a
 * distribution); one stored state index per parent assignment.
 */
import type { CompactTable } from './compact-table.js'

/**
 * Free parameters of a compact table for a child with `card` states and parents with `parentCards` states.
 *
 * @example
 * ```ts
 * import { compactParameterCount, noisyOr } from '@chainrule/models'
 * compactParameterCount(noisyOr({ leak: 0.01, causes: Array(20).fill(0.5) }), 2, Array(20).fill(2)) // => 21n
 * compactParameterCount({ kind: 'deterministic', states: [0, 1, 1, 1] }, 2, [2, 2])               // => 0n
 * ```
 */
export const compactParameterCount = (table: CompactTable, card: number, parentCards: readonly number[]): bigint => {
  if (table.kind === 'deterministic') return 0n
  let rows = 1n
  for (const k of parentCards) rows += BigInt(k - 1)
  return BigInt(card - 1) * rows
}

/**
 * Numbers stored by a compact table (its storage, without the minus one).
 *
 * @example
 * ```ts
 * import { compactEntryCount, noisyOr } from '@chainrule/models'
 * // The leak and one row per cause, two numbers each:
 * compactEntryCount(noisyOr({ causes: [0.9, 0.8] }), 2, [2, 2]) // => 6n
 * compactEntryCount({ kind: 'deterministic', states: [0, 1, 1, 1] }, 2, [2, 2]) // => 4n
 * ```
 */
export const compactEntryCount = (table: CompactTable, card: number, parentCards: readonly number[]): bigint => {
  if (table.kind === 'deterministic') {
    let rows = 1n
    for (const k of parentCards) rows *= BigInt(k)
    return rows
  }
  let rows = 1n
  for (const k of parentCards) rows += BigInt(k - 1)
  return BigInt(card) * rows
}
