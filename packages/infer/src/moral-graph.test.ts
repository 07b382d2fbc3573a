import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { flatMoralNeighbours, moralNeighbours } from './moral-graph.js'

describe('moralNeighbours', () => {
  it('lists, for each variable, each variable sharing a table with it once, and never itself', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }), { maxLength: 10 })),
        ),
        ([n, scopes]) => {
          // Called twice: the second call reuses the first one's scratch arrays.
          moralNeighbours(n, scopes.map((scope) => ({ scope: scope.slice(1) })))
          const neighbours = moralNeighbours(n, scopes.map((scope) => ({ scope })))
          for (let a = 0; a < n; a++) {
            const expected = new Set(scopes.filter((s) => s.includes(a)).flat())
            expected.delete(a)
            expect([...neighbours[a]!].sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y))
          }
        },
      ),
      { numRuns: 200 },
    ))

  it('refills lists it is given in place, emptied first: the same neighbours as fresh lists, whatever they held', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }), { maxLength: 10 }), fc.array(fc.array(fc.nat(20)), { maxLength: 14 })),
        ),
        ([n, scopes, stale]) => {
          const flat = { variables: Int32Array.from(scopes.flat()), starts: Int32Array.from([0, ...scopes.map((_, t) => scopes.slice(0, t + 1).flat().length)]), count: scopes.length }
          const lists = stale.map((l) => [...l])
          const refilled = flatMoralNeighbours(n, flat, lists)
          expect(refilled).toBe(lists)
          const fresh = flatMoralNeighbours(n, flat)
          for (let a = 0; a < n; a++) expect(refilled[a]).toEqual(fresh[a])
        },
      ),
      { numRuns: 200 },
    ))
})
