import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { explicitOrder, hilbertOrder, positionsOf, randomOrder, rasterOrder, snakeOrder } from './orderings.js'
import { createRng } from './rng.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}
const isPermutation = (order: readonly number[], n: number): boolean =>
  order.length === n && [...order].sort((a, b) => a - b).every((v, i) => v === i)
const arbGrid = fc.record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }) })

describe('orderings', () => {
  it('raster and snake on a 3x2 grid', () => {
    expect(right(rasterOrder(3, 2))).toEqual([0, 1, 2, 3, 4, 5])
    expect(right(snakeOrder(3, 2))).toEqual([0, 1, 2, 5, 4, 3])
  })

  it('every grid ordering is a permutation of the cells', () =>
    fc.assert(
      fc.property(arbGrid, ({ width, height }) => {
        for (const order of [rasterOrder, snakeOrder, hilbertOrder].map((f) => right(f(width, height))))
          expect(isPermutation(order, width * height)).toBe(true)
      }),
    ))

  it('snake steps are always to a neighbouring cell', () =>
    fc.assert(
      fc.property(arbGrid, ({ width, height }) => {
        const order = right(snakeOrder(width, height))
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1]!, order[i]!]
          expect(Math.abs((a % width) - (b % width)) + Math.abs(Math.floor(a / width) - Math.floor(b / width))).toBe(1)
        }
      }),
    ))

  it('the Hilbert curve keeps locality: steps of one cell (at most one diagonal step on odd sides)', () =>
    fc.assert(
      fc.property(arbGrid, ({ width, height }) => {
        const order = right(hilbertOrder(width, height))
        let diagonal = 0
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1]!, order[i]!]
          const dx = Math.abs((a % width) - (b % width))
          const dy = Math.abs(Math.floor(a / width) - Math.floor(b / width))
          expect(Math.max(dx, dy)).toBe(1)
          if (dx + dy === 2) diagonal++
        }
        expect(diagonal).toBeLessThanOrEqual(Math.ceil(Math.log2(Math.max(width, height))) + 1)
      }),
    ))

  it('on 2^k squares the Hilbert curve has only unit steps and starts and ends on the bottom edge corners', () => {
    for (const side of [2, 4, 8, 16]) {
      const order = right(hilbertOrder(side, side))
      for (let i = 1; i < order.length; i++) {
        const [a, b] = [order[i - 1]!, order[i]!]
        expect(Math.abs((a % side) - (b % side)) + Math.abs(Math.floor(a / side) - Math.floor(b / side))).toBe(1)
      }
      expect(order[0]).toBe(0)
      expect(order[order.length - 1]).toBe(side - 1)
    }
    expect(right(hilbertOrder(2, 2))).toEqual([0, 2, 3, 1])
  })

  it('random orders are permutations, reproducible from the seed, and vary with it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer(), (n, seed) => {
        const a = right(randomOrder(n, seed))
        expect(isPermutation(a, n)).toBe(true)
        expect(right(randomOrder(n, seed))).toEqual(a)
      }),
    )
    const seen = new Set([1, 2, 3, 4, 5].map((seed) => right(randomOrder(30, seed)).join(',')))
    expect(seen.size).toBe(5)
    // An Rng argument is advanced: two draws differ.
    const rng = createRng(3)
    expect(right(randomOrder(30, rng))).not.toEqual(right(randomOrder(30, rng)))
  })

  it('random orders are uniform: each of the 6 orders of 3 items about 1/6 of the time (5 standard errors)', () => {
    const rng = createRng(2024)
    const trials = 60_000
    const counts = new Map<string, number>()
    for (let t = 0; t < trials; t++) {
      const key = right(randomOrder(3, rng)).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    const se = Math.sqrt((1 / 6) * (5 / 6) / trials)
    for (const c of counts.values()) expect(Math.abs(c / trials - 1 / 6)).toBeLessThan(5 * se)
  })

  it('explicit orders are checked; positionsOf inverts an order', () => {
    expect(right(explicitOrder([2, 0, 1], 3))).toEqual([2, 0, 1])
    expect(Array.from(positionsOf([2, 0, 1]))).toEqual([1, 2, 0])
    for (const bad of [[0, 0, 1], [0, 1], [0, 1, 3]]) {
      const r = explicitOrder(bad, 3)
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidOrdering')
    }
  })

  it('bad grid sizes and counts are InvalidOption', () => {
    for (const r of [rasterOrder(0, 2), snakeOrder(2, -1), hilbertOrder(1.5, 2), randomOrder(-1, 0)])
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidOption')
  })
})
