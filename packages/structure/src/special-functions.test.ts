import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chiSquareSurvival, logGamma } from './special-functions.js'

describe('logGamma', () => {
  it('is log((n - 1)!) at the integers', () => {
    let logFactorial = 0
    for (let n = 1; n <= 170; n++) {
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThanOrEqual(1e-13 * Math.max(1, logFactorial))
      logFactorial += Math.log(n)
    }
  })

  it('is log(sqrt(pi)) at 1/2 and satisfies Gamma(x + 1) = x Gamma(x)', () => {
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14)
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (x) => {
        expect(Math.abs(logGamma(x + 1) - (logGamma(x) + Math.log(x)))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logGamma(x + 1))))
      }),
    )
  })

  it('is NaN outside x > 0', () => {
    expect(logGamma(0)).toBeNaN()
    expect(logGamma(-1.5)).toBeNaN()
  })
})

describe('chiSquareSurvival', () => {
  it('gives 0.05 at the textbook 95% quantiles', () => {
    // qchisq(0.95, df) for df = 1, 2, 3, 10.
    const quantiles: [number, number][] = [
      [1, 3.841458820694124],
      [2, 5.991464547107979],
      [3, 7.814727903251178],
      [10, 18.307038053275146],
    ]
    for (const [df, x] of quantiles) expect(Math.abs(chiSquareSurvival(x, df) - 0.05)).toBeLessThan(1e-12)
  })

  it('matches the closed forms for 2 and 4 degrees of freedom', () =>
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 200, noNaN: true }), (x) => {
        const two = Math.exp(-x / 2)
        const four = Math.exp(-x / 2) * (1 + x / 2)
        expect(Math.abs(chiSquareSurvival(x, 2) - two)).toBeLessThanOrEqual(1e-13 * Math.max(two, 1e-300) + 1e-300)
        expect(Math.abs(chiSquareSurvival(x, 4) - four)).toBeLessThanOrEqual(1e-12 * four + 1e-300)
      }),
    ))

  it('is 1 at 0 and decreases in x', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1)
    expect(chiSquareSurvival(-2, 3)).toBe(1)
    expect(chiSquareSurvival(5, 0)).toBe(0)
    let last = 1
    for (let x = 0.5; x < 40; x += 0.5) {
      const p = chiSquareSurvival(x, 5)
      expect(p).toBeLessThan(last)
      last = p
    }
  })
})
