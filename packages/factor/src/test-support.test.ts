import { describe, expect, it } from 'vitest'
import type { VarId } from './factor.js'
import { bruteForce, closeRelative, entryAt, shuffled, valuesOver } from './test-support.js'

// The oracle itself, on numbers worked out by hand.
const [a, b] = [0 as VarId, 1 as VarId]
const pa = { scope: [a], cards: [2], strides: [1], values: Float64Array.of(0.4, 0.6) }
const pba = { scope: [a, b], cards: [2, 3], strides: [3, 1], values: Float64Array.of(0.1, 0.2, 0.7, 0.5, 0.25, 0.25) }

describe('test oracle', () => {
  it('reads entries by the layout contract', () => {
    expect(entryAt(pba, [1, 2])).toBe(0.25)
    expect(entryAt(pba, [0, 1])).toBe(0.2)
    expect(valuesOver(pba, [b, a], [2, 3])).toEqual([0.1, 0.5, 0.2, 0.25, 0.7, 0.25])
  })
  it('enumerates P(b) and P(a | b = 2) by hand', () => {
    const pb = bruteForce([2, 3], [pa, pba], [b])
    expect(closeRelative(pb.table, [0.04 + 0.3, 0.08 + 0.15, 0.28 + 0.15])).toBe(true)
    const post = bruteForce([2, 3], [pa, pba], [a], new Map([[b, 2]]))
    expect(post.total).toBeCloseTo(0.43, 15)
    expect(closeRelative(post.table, [0.28, 0.15])).toBe(true)
  })
  it('shuffles deterministically into a permutation', () => {
    const s = shuffled([1, 2, 3, 4, 5], 42)
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5])
    expect(shuffled([1, 2, 3, 4, 5], 42)).toEqual(s)
  })
})
