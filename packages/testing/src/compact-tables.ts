/**
 * Compact tables (noisy-MAX and deterministic), random ones and their full
 * tables written straight from the definitions: a noisy-MAX child takes the
 * highest (in `order`) of independent contributions, one from the leak and
 * one per parent; a deterministic child takes the state its row names.
 * Exponential, and independent of any expansion under test.
 */
import fc from 'fast-check'
import type { CompactTableData } from './model.js'

/** A noisy-MAX table (the `noisyMax` member of {@link CompactTableData}). */
export type NoisyMaxData = Extract<CompactTableData, { kind: 'noisyMax' }>

/**
 * The full table of a noisy-MAX table: for every parent assignment, every
 * combination of the contributions (leak and one per parent), its probability
 * added to the state of their maximum in the ranking.
 */
export const expandNoisyMax = (table: NoisyMaxData, childCard: number, parentCards: readonly number[]): Float64Array => {
  const m = childCard
  const order = table.order ?? Array.from({ length: m }, (_, s) => s)
  const rank = new Array<number>(m)
  order.forEach((s, r) => (rank[s] = r))
  const rows = parentCards.reduce((a, c) => a * c, 1)
  const out = new Float64Array(rows * m)
  const n = parentCards.length
  /** P(contribution j = y | parent state x): a point mass on the lowest state when x is distinguished. */
  const contribution = (j: number, x: number, y: number): number => {
    const parent = table.parents[j]!
    if (x === parent.distinguished) return y === order[0] ? 1 : 0
    const row = x < parent.distinguished ? x : x - 1
    return parent.probabilities[row * m + y]!
  }
  for (let r = 0; r < rows; r++) {
    const x = new Array<number>(n)
    let rest = r
    for (let j = n - 1; j >= 0; j--) {
      x[j] = rest % parentCards[j]!
      rest = Math.floor(rest / parentCards[j]!)
    }
    const combos = m ** (n + 1)
    for (let c = 0; c < combos; c++) {
      let code = c
      let p = table.leak[code % m]!
      let top = code % m
      code = Math.floor(code / m)
      for (let j = 0; j < n; j++) {
        const y = code % m
        code = Math.floor(code / m)
        p *= contribution(j, x[j]!, y)
        if (rank[y]! > rank[top]!) top = y
      }
      out[r * m + top] = out[r * m + top]! + p
    }
  }
  return out
}

/** The full table of any compact table, from its definition (a deterministic row: a one in its named state). */
export const expandCompact = (table: CompactTableData, childCard: number, parentCards: readonly number[]): Float64Array => {
  if (table.kind === 'noisyMax') return expandNoisyMax(table, childCard, parentCards)
  const out = new Float64Array(table.states.length * childCard)
  for (let r = 0; r < table.states.length; r++) out[r * childCard + table.states[r]!] = 1
  return out
}

/** A random distribution over `card` states from integer weights 0..20 (1..20 without zeros). */
export const arbitraryDistribution = (card: number, zeros: boolean): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: zeros ? 0 : 1, max: 20 }), { minLength: card, maxLength: card }).map((w) => {
    if (Math.max(...w) === 0) w[0] = 1
    const sum = w.reduce((a, b) => a + b, 0)
    return w.map((x) => x / sum)
  })

/** A random noisy-MAX table for a child with `card` states and parents with `parentCards` states (random ranking). */
export const arbitraryNoisyMax = (card: number, parentCards: readonly number[], zeros = true): fc.Arbitrary<NoisyMaxData> =>
  fc
    .record({
      order: fc.shuffledSubarray(
        Array.from({ length: card }, (_, s) => s),
        { minLength: card, maxLength: card },
      ),
      leak: arbitraryDistribution(card, zeros),
      parents: fc.tuple(
        ...parentCards.map((k) =>
          fc.record({
            distinguished: fc.integer({ min: 0, max: k - 1 }),
            probabilities: fc.array(arbitraryDistribution(card, zeros), { minLength: k - 1, maxLength: k - 1 }).map((rows) => rows.flat()),
          }),
        ),
      ),
    })
    .map(({ order, leak, parents }) => ({ kind: 'noisyMax' as const, order, leak, parents }))

/** A random deterministic table for a child with `card` states and `rows` parent assignments. */
export const arbitraryDeterministic = (card: number, rows: number): fc.Arbitrary<CompactTableData> =>
  fc.array(fc.integer({ min: 0, max: card - 1 }), { minLength: rows, maxLength: rows }).map((states) => ({ kind: 'deterministic' as const, states }))
