/**
 * Exact expansion of a compact table to the full table it stands for
 * (scope [...parents, child], last parent fastest, child states within a
 * row), and the cumulative distributions the expansion and the decomposition
 * share.
 *
 * Noisy-MAX: in rank space (ranks by `order`), P(Y <= r | x) = L(r) * prod_j
 * C_j(r | x_j). The table is built one parent at a time, each step an outer
 * product of the cumulative table so far with the parent's cumulative rows,
 * so that the work is one multiplication per entry of each intermediate table
 * (at most twice the final size in all), then differenced back to
 * probabilities. Sums of non-negative terms and products of non-decreasing
 * factors are non-decreasing in floating point too, so every difference is
 * non-negative.
 */
import type { CompactTable, NoisyMaxTable } from './compact-table.js'

/** The identity ranking 0..card-1 (a noisy table's default `order`). */
export const identityOrder = (card: number): number[] => Array.from({ length: card }, (_, s) => s)

/**
 * Cumulative sums in rank space: out[r] = sum over ranks r' <= r of
 * distribution[order[r']], read from `distribution` at `offset`.
 */
export const cumulative = (distribution: ArrayLike<number>, offset: number, order: readonly number[], out: Float64Array, outOffset = 0): void => {
  let sum = 0
  for (let r = 0; r < order.length; r++) {
    sum += distribution[offset + order[r]!]!
    out[outOffset + r] = sum
  }
}

/**
 * Per parent, its cumulative rows in rank space for every parent state
 * (`card x m` numbers; the distinguished state's row is all ones).
 */
export const parentCumulatives = (table: NoisyMaxTable, parentCards: readonly number[], childCard: number): Float64Array[] => {
  const order = table.order ?? identityOrder(childCard)
  return table.parents.map((parent, j) => {
    const card = parentCards[j]!
    const out = new Float64Array(card * childCard)
    let row = 0
    for (let x = 0; x < card; x++) {
      if (x === parent.distinguished) out.fill(1, x * childCard, (x + 1) * childCard)
      else cumulative(parent.probabilities, childCard * row++, order, out, x * childCard)
    }
    return out
  })
}

/** Turn one row of P(Y <= rank) into P(Y = state), the highest rank taking what is left below 1. */
const difference = (cum: Float64Array, offset: number, order: readonly number[], out: Float64Array, outOffset: number): void => {
  const m = order.length
  let below = 0
  for (let r = 0; r < m - 1; r++) {
    const at = cum[offset + r]!
    out[outOffset + order[r]!] = at - below
    below = at
  }
  out[outOffset + order[m - 1]!] = 1 - below
}

const expandNoisy = (table: NoisyMaxTable, childCard: number, parentCards: readonly number[]): Float64Array => {
  const m = childCard
  const order = table.order ?? identityOrder(m)
  let cum = new Float64Array(m)
  cumulative(table.leak, 0, order, cum)
  let rows = 1
  const parents = parentCumulatives(table, parentCards, m)
  for (let j = 0; j < parents.length; j++) {
    const card = parentCards[j]!
    const rowsOfParent = parents[j]!
    const next = new Float64Array(rows * card * m)
    for (let row = 0; row < rows; row++) {
      const from = row * m
      for (let x = 0; x < card; x++) {
        const to = (row * card + x) * m
        const by = x * m
        for (let r = 0; r < m; r++) next[to + r] = cum[from + r]! * rowsOfParent[by + r]!
      }
    }
    cum = next
    rows *= card
  }
  const out = new Float64Array(rows * m)
  for (let row = 0; row < rows; row++) difference(cum, row * m, order, out, row * m)
  return out
}

/**
 * The full table of a compact table, for a child with `childCard` states and
 * parents with `parentCards` states (in the variable's parent order). The
 * table must be valid (as `defineNetwork` checks it).
 *
 * @example
 * ```ts
 * import { expandTable, noisyOr } from '@chainrule/models'
 * // Rows: the cause absent, present.
 * expandTable(noisyOr({ leak: 0.1, causes: [0.5] }), 2, [2]) // ~> Float64Array.of(0.9, 0.1, 0.45, 0.55)
 * expandTable({ kind: 'deterministic', states: [0, 1, 1, 1] }, 2, [2, 2]) // => Float64Array.of(1, 0, 0, 1, 0, 1, 0, 1)
 * ```
 */
export const expandTable = (table: CompactTable, childCard: number, parentCards: readonly number[]): Float64Array => {
  if (table.kind === 'noisyMax') return expandNoisy(table, childCard, parentCards)
  const rows = table.states.length
  const out = new Float64Array(rows * childCard)
  for (let r = 0; r < rows; r++) out[r * childCard + table.states[r]!] = 1
  return out
}
