import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { moralNeighbours } from './moral-graph.js'

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
})
