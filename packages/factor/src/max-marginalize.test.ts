import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VarId } from './factor.js'
import { assignmentAt } from './factor.js'
import { argmaxStates, maxMarginalize } from './max-marginalize.js'
import { entryAt } from '@chainrule/testing'
import { arbitraryFactors } from './factors.fixtures.js'

describe('maxMarginalize', () => {
  it('keeps the maximum over the eliminated states and an argmax that attains it', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.array(fc.nat(5), { maxLength: 4 }), ({ u, factors: [f] }, vars) => {
        const m = maxMarginalize(f!, vars as VarId[])
        expect(m.factor.scope).toEqual(f!.scope.filter((v) => !vars.includes(v)))
        expect(m.eliminated).toEqual(f!.scope.filter((v) => vars.includes(v)))
        const full = new Array<number>(u.cards.length).fill(0)
        for (let i = 0; i < m.factor.values.length; i++) {
          const kept = assignmentAt(m.factor, i)
          m.factor.scope.forEach((v, k) => (full[v] = kept[k]!))
          // brute-force maximum over the eliminated variables
          let best = -Infinity
          const n = m.eliminatedCards.reduce((x, c) => x * c, 1)
          for (let j = 0; j < n; j++) {
            let rest = j
            for (let k = m.eliminated.length - 1; k >= 0; k--) {
              full[m.eliminated[k]!] = rest % m.eliminatedCards[k]!
              rest = Math.floor(rest / m.eliminatedCards[k]!)
            }
            best = Math.max(best, entryAt(f!, u.cards, full))
          }
          expect(m.factor.values[i]).toBe(best)
          argmaxStates(m, kept).forEach((s, k) => (full[m.eliminated[k]!] = s))
          expect(entryAt(f!, u.cards, full)).toBe(best)
        }
      }),
      { numRuns: 200 },
    ))
})
