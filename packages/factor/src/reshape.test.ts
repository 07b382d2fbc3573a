import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { divide } from './divide.js'
import type { VarId } from './factor.js'
import { fromFlat, tableOf } from './factor.js'
import { normalize, total } from './normalize.js'
import { permute } from './permute.js'
import { product } from './product.js'
import { reduce } from './reduce.js'
import { closeRelative, entryAt, shuffled, valuesOver } from '@chainrule/testing'
import { arbitraryFactors, bruteForce } from './factors.fixtures.js'

const [a, b] = [0 as VarId, 1 as VarId]

describe('reduce', () => {
  it('keeps exactly the entries consistent with the evidence', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.array(fc.tuple(fc.nat(5), fc.nat(2)), { maxLength: 3 }), ({ u, factors: [f] }, pairs) => {
        const evidence = new Map<VarId, number>()
        for (const [v, s] of pairs) if (v < u.cards.length) evidence.set(v as VarId, s % u.cards[v]!)
        const r = reduce(f!, evidence)
        expect(r.scope).toEqual(f!.scope.filter((v) => !evidence.has(v)))
        const full = new Array<number>(u.cards.length).fill(0)
        for (const [v, s] of evidence) full[v] = s
        for (let i = 0; i < r.values.length; i++) {
          let rest = i
          for (let k = r.scope.length - 1; k >= 0; k--) {
            full[r.scope[k]!] = rest % r.cards[k]!
            rest = Math.floor(rest / r.cards[k]!)
          }
          expect(r.values[i]).toBe(entryAt(f!, u.cards, full))
        }
      }),
      { numRuns: 200 },
    ))
  it('throws on an out-of-range state (evidence must be validated first)', () => {
    expect(() => reduce(tableOf([a], [2], new Float64Array(2)), new Map([[a, 2]]))).toThrow(RangeError)
  })
})

describe('normalize', () => {
  it('scales to total 1', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), ({ factors: [f] }) => {
        const n = normalize(f!)
        if (total(f!) === 0) expect(E.isLeft(n) && n.left._tag).toBe('NotNormalizable')
        else if (E.isRight(n)) {
          expect(Math.abs(total(n.right) - 1)).toBeLessThan(1e-12)
          expect(closeRelative(n.right.values, f!.values.map((x) => x / total(f!)))).toBe(true)
        } else expect.unreachable()
      }),
      { numRuns: 100 },
    ))
  it('refuses zero, infinite and NaN totals', () => {
    for (const bad of [[0, 0], [Infinity, 1], [NaN, 1]]) {
      const n = normalize(tableOf([a], [2], Float64Array.from(bad)))
      expect(E.isLeft(n) && n.left._tag).toBe('NotNormalizable')
    }
  })
})

describe('divide', () => {
  it('undoes a product where the divisor is non-zero, and 0/0 = 0', () =>
    fc.assert(
      fc.property(arbitraryFactors(2), ({ u, factors: [f, g] }) => {
        const q = divide(product(f!, g!), g!)
        const full = new Array<number>(u.cards.length).fill(0)
        for (let i = 0; i < q.values.length; i++) {
          let rest = i
          for (let k = q.scope.length - 1; k >= 0; k--) {
            full[q.scope[k]!] = rest % q.cards[k]!
            rest = Math.floor(rest / q.cards[k]!)
          }
          const expected = entryAt(g!, u.cards, full) === 0 ? 0 : entryAt(f!, u.cards, full)
          expect(Math.abs(q.values[i]! - expected)).toBeLessThanOrEqual(1e-12 * expected)
        }
      }),
      { numRuns: 200 },
    ))
  it('follows 0/0 = 0 and x/0 = Infinity', () => {
    const num = fromFlat([a], [3], [0, 2, 1])
    const den = fromFlat([a], [3], [0, 0, 4])
    if (E.isLeft(num) || E.isLeft(den)) expect.unreachable()
    else expect([...divide(num.right, den.right).values]).toEqual([0, Infinity, 0.25])
  })
})

describe('permute', () => {
  it('reorders the scope and keeps every entry', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.nat(), ({ u, factors: [f] }, seed) => {
        const order = shuffled(f!.scope, seed)
        const p = permute(f!, order)
        expect(p.scope).toEqual(order)
        expect([...p.values]).toEqual(valuesOver(f!, order, u.cards))
        expect([...permute(p, f!.scope).values]).toEqual([...f!.values])
      }),
      { numRuns: 200 },
    ))
  it('throws when the order is not a permutation of the scope', () => {
    const f = tableOf([a, b], [2, 2], new Float64Array(4))
    expect(() => permute(f, [a])).toThrow(RangeError)
    expect(() => permute(f, [a, a])).toThrow(RangeError)
  })
})

describe('reduce then normalize is Bayes rule on the full joint', () => {
  it('equals P(x, e) / P(e) by enumeration', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.nat(), ({ u, factors: [joint] }, seed) => {
        const observed = joint!.scope.filter((_, i) => (seed >> i) & 1)
        const evidence = new Map(observed.map((v, i) => [v, (seed >> (8 + i)) % joint!.cards[joint!.scope.indexOf(v)]!]))
        const n = normalize(reduce(joint!, evidence))
        const free = joint!.scope.filter((v) => !evidence.has(v))
        const { table, total: pe } = bruteForce(u.cards, [joint!], free, evidence)
        if (pe === 0) expect(E.isLeft(n)).toBe(true)
        else if (E.isRight(n)) expect(closeRelative(n.right.values, table.map((x) => x / pe))).toBe(true)
        else expect.unreachable()
      }),
      { numRuns: 200 },
    ))
})
