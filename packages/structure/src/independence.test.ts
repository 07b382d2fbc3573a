import { describe, expect, it } from 'vitest'
import { independenceTest } from './independence.js'
import { chiSquareSurvival } from './special-functions.js'

const G2 = { kind: 'gSquared' } as const
const X2 = { kind: 'chiSquared' } as const

describe('independenceTest on hand-made tables', () => {
  it('a 2 x 2 table: G2 = 2 sum O ln(O / E) and Pearson X2 with E = row x column / n', () => {
    // x = 0: 10, 20; x = 1: 30, 40. Margins 30, 70 and 40, 60 of n = 100, so E = 12, 18, 28, 42.
    const table = [10, 20, 30, 40]
    const g2 = 2 * (10 * Math.log(10 / 12) + 20 * Math.log(20 / 18) + 30 * Math.log(30 / 28) + 40 * Math.log(40 / 42))
    const x2 = 4 / 12 + 4 / 18 + 4 / 28 + 4 / 42
    const g = independenceTest(G2, table, 2, 2)
    const p = independenceTest(X2, table, 2, 2)
    expect(Math.abs(g.statistic - g2)).toBeLessThan(1e-12)
    expect(Math.abs(p.statistic - x2)).toBeLessThan(1e-12)
    expect(g.df).toBe(1)
    expect(p.df).toBe(1)
    expect(g.pValue).toBe(chiSquareSurvival(g2, 1))
  })

  it('an exactly independent table has statistic 0 and p-value 1', () => {
    const g = independenceTest(G2, [10, 20, 30, 60], 2, 2)
    expect(g.statistic).toBeLessThan(1e-12)
    expect(g.pValue).toBeGreaterThan(0.999999)
  })

  it('sums statistics and degrees of freedom over strata of the conditioning set', () => {
    // Stratum z = 0: the table above; z = 1: [5, 15; 15, 5] (margins 20, 20 / 20, 20 of 40, E = 10).
    const table = [10, 20, 30, 40, 5, 15, 15, 5]
    const first = 2 * (10 * Math.log(10 / 12) + 20 * Math.log(20 / 18) + 30 * Math.log(30 / 28) + 40 * Math.log(40 / 42))
    const second = 2 * (2 * 5 * Math.log(5 / 10) + 2 * 15 * Math.log(15 / 10))
    const g = independenceTest(G2, table, 2, 2)
    expect(Math.abs(g.statistic - (first + second))).toBeLessThan(1e-12)
    expect(g.df).toBe(2)
    expect(Math.abs(independenceTest(X2, table, 2, 2).statistic - (4 / 12 + 4 / 18 + 4 / 28 + 4 / 42 + 4 * (25 / 10)))).toBeLessThan(1e-12)
  })

  it('adjusts degrees of freedom for empty rows, columns and strata', () => {
    // 3 x 2 with the middle row empty: (2 - 1)(2 - 1) = 1, not (3 - 1)(2 - 1) = 2.
    expect(independenceTest(G2, [10, 5, 0, 0, 3, 12], 3, 2).df).toBe(1)
    // A stratum whose y column is constant contributes nothing; an empty stratum neither.
    const stratified = independenceTest(G2, [10, 5, 3, 12, 5, 0, 7, 0, 0, 0, 0, 0], 2, 2)
    expect(stratified.df).toBe(1)
    const alone = independenceTest(G2, [10, 5, 3, 12], 2, 2)
    expect(Math.abs(stratified.statistic - alone.statistic)).toBeLessThan(1e-12)
    // Nothing seen at all: no evidence against independence.
    const empty = independenceTest(G2, [0, 0, 0, 0], 2, 2)
    expect(empty.df).toBe(0)
    expect(empty.pValue).toBe(1)
  })

  it('a 2 x 3 table: G2 closed form with 2 degrees of freedom', () => {
    // x = 0: 8, 2, 10; x = 1: 2, 8, 10 (n = 40; margins 20, 20 and 10, 10, 20: E = 5, 5, 10 per row).
    const g = independenceTest(G2, [8, 2, 10, 2, 8, 10], 2, 3)
    const g2 = 2 * (2 * 8 * Math.log(8 / 5) + 2 * 2 * Math.log(2 / 5))
    expect(Math.abs(g.statistic - g2)).toBeLessThan(1e-12)
    expect(g.df).toBe(2)
    expect(Math.abs(g.pValue - Math.exp(-g2 / 2))).toBeLessThan(1e-14)
  })
})
