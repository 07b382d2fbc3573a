import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scoreCache } from './score-cache.js'

describe('scoreCache', () => {
  it('answers like a map keyed by the family, after any sequence of sets', () =>
    fc.assert(
      fc.property(
        fc.array(fc.record({ child: fc.nat(6), mask: fc.nat(127), score: fc.double({ noNaN: true }) }), { maxLength: 300 }),
        fc.array(fc.record({ child: fc.nat(6), mask: fc.nat(127) }), { maxLength: 50 }),
        (sets, probes) => {
          const cache = scoreCache()
          const reference = new Map<string, number>()
          const parentsOf = (mask: number) => Array.from({ length: 7 }, (_, p) => p).filter((p) => (mask >> p) & 1)
          for (const { child, mask, score } of sets) {
            cache.set(child, parentsOf(mask), score)
            reference.set(`${child}:${mask}`, score)
          }
          expect(cache.size()).toBe(reference.size)
          for (const { child, mask } of [...sets, ...probes]) expect(cache.get(child, parentsOf(mask))).toBe(reference.get(`${child}:${mask}`))
        },
      ),
    ))

  it('keeps every family of a 500-variable pair pass, each retrievable', () => {
    const cache = scoreCache()
    for (let i = 0; i < 250_000; i++) cache.set(i % 500, [Math.floor(i / 500)], i)
    expect(cache.size()).toBe(250_000)
    expect(cache.get(499, [499])).toBe(249_999)
    expect(cache.get(7, [3])).toBe(3 * 500 + 7)
    expect(cache.get(0, [500])).toBeUndefined()
  })
})
