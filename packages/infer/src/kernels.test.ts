import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbTablePair } from './kernels.fixtures.js'
import { argmaxWhere, multiplyBy, projectMax, projectSum, stridesInto, walkInto, walkOf, walkOnto } from './kernels.js'

const arbPair = arbTablePair()

/** The index into the other table of entry i, by decoding i: the naive definition. */
const naiveIndex = (cards: readonly number[], other: readonly number[], i: number): number => {
  const states = new Array<number>(cards.length)
  let rest = i
  for (let k = cards.length - 1; k >= 0; k--) {
    states[k] = rest % cards[k]!
    rest = Math.floor(rest / cards[k]!)
  }
  let index = 0
  for (const v of other) index = index * cards[v]! + states[v]!
  return index
}

describe('strided kernels over merged walks agree with decoding every entry', () => {
  it('walkInto and walkOnto (strides in scratch) give the walk of walkOf over stridesInto', () =>
    fc.assert(
      fc.property(arbPair, ({ cards, other }) => {
        const vars = cards.map((_, v) => v)
        expect(walkInto(vars, cards, other, cards)).toEqual(walkOf(cards, stridesInto(vars, other, cards)))
        for (const v of vars) expect(walkOnto(vars, cards, v)).toEqual(walkOf(cards, stridesInto(vars, [v], cards)))
      }),
    ))

  it('projectSum, projectMax, multiplyBy and argmaxWhere', () =>
    fc.assert(
      fc.property(arbPair, ({ cards, other, values }) => {
        const vars = cards.map((_, v) => v)
        const otherCards = other.map((v) => cards[v]!)
        const walk = walkOf(cards, stridesInto(vars, other, cards))
        const size = otherCards.reduce((s, c) => s * c, 1)
        const table = Float64Array.from(values)
        const sum = new Float64Array(size)
        const max = new Float64Array(size)
        values.forEach((x, i) => {
          const j = naiveIndex(cards, other, i)
          sum[j] = sum[j]! + x
          max[j] = Math.max(max[j]!, x)
        })
        const gotSum = new Float64Array(size)
        const gotMax = new Float64Array(size)
        projectSum(table, walk, gotSum)
        projectMax(table, walk, gotMax)
        sum.forEach((x, j) => expect(Math.abs(gotSum[j]! - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, x)))
        expect(Array.from(gotMax)).toEqual(Array.from(max))
        const factor = Float64Array.from({ length: size }, (_, j) => j + 0.5)
        const product = Float64Array.from(values)
        multiplyBy(product, walk, factor)
        values.forEach((x, i) => expect(product[i]).toBe(x * factor[naiveIndex(cards, other, i)]!))
        for (let target = 0; target < size; target++) {
          const best = argmaxWhere(table, walk, target)
          const candidates = values.map((x, i) => [x, i] as const).filter(([, i]) => naiveIndex(cards, other, i) === target)
          const first = candidates.reduce((b, c) => (c[0] > b[0] ? c : b), candidates[0]!)
          expect(best).toBe(first[1])
        }
      }),
      { numRuns: 300 },
    ))

  it('merging makes a leading separator one contiguous run per entry', () => {
    // cluster (a, b, c, d) with cards (2, 3, 4, 5), separator (a, b): two merged dimensions.
    const walk = walkOf([2, 3, 4, 5], stridesInto([0, 1, 2, 3], [0, 1], [2, 3]))
    expect(Array.from(walk.cards)).toEqual([6, 20])
    expect(Array.from(walk.strides)).toEqual([1, 0])
    // strides into a row-major (a, b, c) table with cards (2, 3, 4), read in the order (c, a, b, d)
    expect(Array.from(stridesInto([2, 0, 1, 3], [0, 1, 2], [2, 3, 4]))).toEqual([1, 12, 4, 0])
  })
})
