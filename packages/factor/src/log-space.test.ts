import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VarId } from './factor.js'
import { scalarFactor, tableOf } from './factor.js'
import { fromLogSpace, logMarginalize, logProduct, logTotalOf, rescale, toLogSpace } from './log-space.js'
import { marginalize } from './marginalize.js'
import { product } from './product.js'
import { arbitraryFactors } from './factors.fixtures.js'

/** exp(lf) compared with a linear table: equal within 1e-12 relative, zeros exactly. */
const agree = (logValues: Float64Array, linear: Float64Array): void => {
  expect(logValues.length).toBe(linear.length)
  for (let i = 0; i < linear.length; i++) {
    const y = linear[i]!
    if (y === 0) expect(logValues[i]).toBe(-Infinity)
    else expect(Math.abs(Math.exp(logValues[i]!) - y)).toBeLessThanOrEqual(1e-12 * y)
  }
}

describe('log space agrees with linear space', () => {
  it('logProduct = log of product', () =>
    fc.assert(
      fc.property(arbitraryFactors(2), ({ factors: [f, g] }) => {
        const lp = logProduct(toLogSpace(f!), toLogSpace(g!))
        const p = product(f!, g!)
        expect(lp.scope).toEqual(p.scope)
        agree(lp.logValues, p.values)
      }),
      { numRuns: 200 },
    ))
  it('logMarginalize = log of marginalize', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.array(fc.nat(5), { maxLength: 3 }), ({ factors: [f] }, vars) => {
        const lm = logMarginalize(toLogSpace(f!), vars as VarId[])
        const m = marginalize(f!, vars as VarId[])
        expect(lm.scope).toEqual(m.scope)
        agree(lm.logValues, m.values)
      }),
      { numRuns: 200 },
    ))
  it('fromLogSpace round-trips through a scaled factor', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), ({ factors: [f] }) => {
        const s = fromLogSpace(toLogSpace(f!))
        for (let i = 0; i < f!.values.length; i++) {
          const back = s.factor.values[i]! * Math.exp(s.logScale)
          expect(Math.abs(back - f!.values[i]!)).toBeLessThanOrEqual(1e-12 * f!.values[i]!)
        }
      }),
      { numRuns: 100 },
    ))
})

describe('no underflow', () => {
  it('log-space marginals of entries near e^-5000 stay finite and exact', () => {
    const lf = { scope: [0 as VarId], cards: [3], strides: [1], logValues: Float64Array.of(-5000, -5001, -Infinity) }
    const m = logMarginalize(lf, [0 as VarId])
    expect(m.logValues[0]).toBeCloseTo(-5000 + Math.log(1 + Math.exp(-1)), 10)
    const s = fromLogSpace(lf)
    expect([...s.factor.values]).toEqual([1, Math.exp(-1), 0])
    expect(s.logScale).toBe(-5000)
    expect(logTotalOf(s)).toBeCloseTo(m.logValues[0]!, 10)
  })
  it('an all-zero log factor comes back as zeros', () => {
    const s = fromLogSpace({ scope: [], cards: [], strides: [], logValues: Float64Array.of(-Infinity) })
    expect([...s.factor.values]).toEqual([0])
    expect(logTotalOf(s)).toBe(-Infinity)
  })
  it('rescale moves the largest entry to 1 and keeps the table', () => {
    const s = rescale(tableOf([0 as VarId], [2], Float64Array.of(1e-300, 4e-300)), -10)
    expect(s.factor.values[1]).toBe(1)
    expect(s.factor.values[0]).toBeCloseTo(0.25, 15)
    expect(s.logScale).toBeCloseTo(-10 + Math.log(4e-300), 12)
    expect(rescale(scalarFactor(0)).logScale).toBe(0)
  })
})
