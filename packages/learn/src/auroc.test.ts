import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { auroc, histogram } from './auroc.js'

describe('auroc', () => {
  it('equals the brute-force pair count, ties one half', () =>
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 1, maxLength: 30 }),
        (pos, neg) => {
          let wins = 0
          for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0
          const a = auroc(pos, neg)
          expect(E.isRight(a)).toBe(true)
          if (E.isRight(a)) expect(Math.abs(a.right - wins / (pos.length * neg.length))).toBeLessThan(1e-12)
        },
      ),
      { numRuns: 300 },
    ))

  it('is 1 for separated sets, 0.5 for identical ones, and 1 - AUROC when the sets swap', () => {
    expect(auroc([3, 4], [1, 2])).toEqual(E.right(1))
    expect(auroc([1, 2], [1, 2])).toEqual(E.right(0.5))
    const a = auroc([1, 5, 2], [3, 0])
    const b = auroc([3, 0], [1, 5, 2])
    expect(E.isRight(a) && E.isRight(b) && a.right + b.right).toBeCloseTo(1, 15)
  })

  it('refuses empty sets and NaN scores', () => {
    expect(auroc([], [1])).toMatchObject({ left: { _tag: 'EmptyData', what: 'positive scores' } })
    expect(auroc([1], [])).toMatchObject({ left: { _tag: 'EmptyData', what: 'negative scores' } })
    expect(auroc([1, NaN], [0])).toMatchObject({ left: { _tag: 'InvalidOption', option: 'scores' } })
  })
})

describe('histogram', () => {
  it('bins on shared equal-width edges and counts every in-range value once', () =>
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 12 }), (xs, bins) => {
        const h = histogram([xs, xs.map((x) => x / 2)], bins)
        expect(E.isRight(h)).toBe(true)
        if (E.isLeft(h)) return
        const [a, b] = h.right
        expect(a!.counts.reduce((s, c) => s + c, 0)).toBe(xs.length)
        expect(b!.counts.reduce((s, c) => s + c, 0)).toBe(xs.length)
        expect(a!.edges).toBe(b!.edges)
      }),
      { numRuns: 100 },
    ))

  it('matches a hand count; drops out-of-range values; refuses bad bins and no data', () => {
    const h = histogram([[0, 1, 2, 3]], 2)
    expect(E.isRight(h) && Array.from(h.right[0]!.counts)).toEqual([2, 2])
    expect(E.isRight(h) && Array.from(h.right[0]!.edges)).toEqual([0, 1.5, 3])
    const r = histogram([[0, 1, 2, 10, Infinity]], 2, [0, 2])
    expect(E.isRight(r) && Array.from(r.right[0]!.counts)).toEqual([1, 2])
    expect(histogram([[1]], 0)).toMatchObject({ left: { _tag: 'InvalidOption', option: 'bins' } })
    expect(histogram([[NaN]], 3)).toMatchObject({ left: { _tag: 'EmptyData' } })
  })
})
