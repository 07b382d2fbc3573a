import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VarId } from './factor.js'
import { tableOf } from './factor.js'
import { marginalize, marginalizeOnto } from './marginalize.js'
import { permute } from './permute.js'
import { closeRelative, maxRelativeDiff, shuffled } from '@chainrule/testing'
import { arbitraryFactors, bruteForce } from './factors.fixtures.js'

describe('marginalize', () => {
  it('equals brute-force summation and keeps the remaining order', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.array(fc.nat(5), { maxLength: 4 }), ({ u, factors: [f] }, vars) => {
        const m = marginalize(f!, vars as VarId[])
        expect(m.scope).toEqual(f!.scope.filter((v) => !vars.includes(v)))
        const outside = u.cards.reduce((n, c, v) => (f!.scope.includes(v as VarId) ? n : n * c), 1)
        const expected = bruteForce(u.cards, [f!], m.scope).table.map((x) => x / outside)
        expect(maxRelativeDiff(m.values, expected)).toBeLessThanOrEqual(1e-12)
      }),
      { numRuns: 200 },
    ))
  it('summing out in any order gives the same table', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.nat(), ({ factors: [f] }, seed) => {
        const vars = f!.scope.filter((_, i) => (seed >> i) & 1)
        const once = marginalize(f!, vars)
        const oneByOne = shuffled(vars, seed).reduce((acc, v) => marginalize(acc, [v]), f!)
        expect(oneByOne.scope).toEqual(once.scope)
        expect(maxRelativeDiff(oneByOne.values, once.values)).toBeLessThanOrEqual(1e-12)
      }),
      { numRuns: 200 },
    ))
  it('marginalizeOnto keeps the requested order', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.nat(), ({ factors: [f] }, seed) => {
        const keep = shuffled(f!.scope, seed).slice(0, seed % (f!.scope.length + 1))
        const onto = marginalizeOnto(f!, keep)
        expect(onto.scope).toEqual(keep)
        const viaSum = marginalize(f!, f!.scope.filter((v) => !keep.includes(v)))
        expect(closeRelative(onto.values, permute(viaSum, keep).values)).toBe(true)
      }),
      { numRuns: 100 },
    ))
  it('marginalizeOnto throws for a variable outside the scope', () => {
    expect(() => marginalizeOnto(tableOf([0 as VarId], [2], new Float64Array(2)), [1 as VarId])).toThrow(RangeError)
  })
})
