import { describe, expect, it } from 'vitest'
import { closeRelative, closeTo, maxAbsDiff, maxRelativeDiff, shuffled } from './compare.js'
import { entryAt, valuesOver } from './model.js'

// P(b | a) over scope [a, b] with cards [2, 3]: b fastest.
const pba = { scope: [0, 1], values: Float64Array.of(0.1, 0.2, 0.7, 0.5, 0.25, 0.25) }

describe('the layout, read by definition', () => {
  it('entries at full assignments, and the values laid out over another order', () => {
    expect(entryAt(pba, [2, 3], [1, 2])).toBe(0.25)
    expect(entryAt(pba, [2, 3], [0, 1])).toBe(0.2)
    expect(valuesOver(pba, [1, 0], [2, 3])).toEqual([0.1, 0.5, 0.2, 0.25, 0.7, 0.25])
  })
})

describe('comparisons', () => {
  it('relative closeness: exact zeros must match; length mismatches differ', () => {
    expect(closeRelative([1, 0], [1 + 1e-13, 0])).toBe(true)
    expect(closeRelative([1, 0], [1, 1e-300])).toBe(false)
    expect(closeRelative([1], [1, 1])).toBe(false)
    expect(maxRelativeDiff([2, 4], [2, 5])).toBe(0.2)
    expect(maxRelativeDiff([1], [1, 1])).toBe(Infinity)
    expect(maxAbsDiff([0.5, 0.25], [0.5, 0.5])).toBe(0.25)
    expect(closeTo(1e6, 1e6 + 1e-7)).toBe(true)
    expect(closeTo(1, 1 + 1e-10)).toBe(false)
    expect(closeTo(-Infinity, -Infinity)).toBe(true)
  })

  it('shuffles deterministically into a permutation', () => {
    const s = shuffled([1, 2, 3, 4, 5], 42)
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5])
    expect(shuffled([1, 2, 3, 4, 5], 42)).toEqual(s)
  })
})
