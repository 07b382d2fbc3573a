import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VarId } from './factor.js'
import { tableOf } from './factor.js'
import { marginalize } from './marginalize.js'
import { permute } from './permute.js'
import { product, productOfMany, sumProduct } from './product.js'
import { closeRelative, maxRelativeDiff, valuesOver } from '@chainrule/testing'
import { arbitraryFactors, bruteForce } from './factors.fixtures.js'

describe('product', () => {
  it('equals the entry-wise product read from the layout', () =>
    fc.assert(
      fc.property(arbitraryFactors(2), ({ u, factors: [f, g] }) => {
        const p = product(f!, g!)
        const expected = bruteForce(u.cards, [f!, g!], p.scope).table
        // Variables outside both scopes are summed by the oracle: divide them back out.
        const others = u.cards.reduce((n, c, v) => (p.scope.includes(v as VarId) ? n : n * c), 1)
        expect(closeRelative(p.values, expected.map((x) => x / others))).toBe(true)
        expect(p.scope.slice(0, f!.scope.length)).toEqual(f!.scope)
      }),
      { numRuns: 200 },
    ))
  it('is commutative up to variable order', () =>
    fc.assert(
      fc.property(arbitraryFactors(2), ({ factors: [f, g] }) => {
        const fg = product(f!, g!)
        const gf = product(g!, f!)
        expect(closeRelative(permute(gf, fg.scope).values, fg.values)).toBe(true)
      }),
      { numRuns: 200 },
    ))
  it('is associative up to variable order', () =>
    fc.assert(
      fc.property(arbitraryFactors(3), ({ factors: [f, g, h] }) => {
        const left = product(product(f!, g!), h!)
        const right = product(f!, product(g!, h!))
        const d = maxRelativeDiff(permute(right, left.scope).values, left.values)
        expect(d).toBeLessThanOrEqual(1e-12)
      }),
      { numRuns: 200 },
    ))
  it('productOfMany equals chained products, in any requested scope order', () =>
    fc.assert(
      fc.property(arbitraryFactors(4), fc.nat(), ({ u, factors }, seed) => {
        const chained = factors.reduce((acc, f) => product(acc, f), tableOf([], [], Float64Array.of(1)))
        const order = [...chained.scope].sort((x, y) => ((x * 7 + seed) % 5) - ((y * 7 + seed) % 5) || x - y)
        const many = productOfMany(factors, order)
        expect(many.scope).toEqual(order)
        expect(closeRelative(many.values, valuesOver(chained, order, u.cards))).toBe(true)
      }),
      { numRuns: 200 },
    ))
  it('productOfMany of nothing is the scalar 1', () => {
    expect([...productOfMany([]).values]).toEqual([1])
  })
  it('sumProduct equals summing the full product', () =>
    fc.assert(
      fc.property(arbitraryFactors(3), fc.array(fc.nat(5), { maxLength: 3 }), ({ factors }, elim) => {
        const vars = elim as VarId[]
        const fused = sumProduct(factors, vars)
        const full = marginalize(productOfMany(factors), vars)
        expect(fused.scope).toEqual(full.scope)
        expect(maxRelativeDiff(fused.values, full.values)).toBeLessThanOrEqual(1e-12)
      }),
      { numRuns: 200 },
    ))
  it('throws on a cardinality mismatch (a broken invariant) and on a bad scope order', () => {
    const a = 0 as VarId
    const f2 = tableOf([a], [2], new Float64Array(2))
    const f3 = tableOf([a], [3], new Float64Array(3))
    expect(() => product(f2, f3)).toThrow(RangeError)
    expect(() => productOfMany([f2], [1 as VarId])).toThrow(RangeError)
  })
})
