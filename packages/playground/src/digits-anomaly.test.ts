import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anomalyBand, nearestRank, percentBelow, sortedNll, verdict } from './digits-anomaly.js'

const values = fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }).map((xs) => Float64Array.from(xs).sort())

describe('anomaly band', () => {
  it('nearest rank: at least q% of the values are at or below it, and fewer than q% strictly below it', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0.01, max: 100, noNaN: true }), (sorted, q) => {
        const t = nearestRank(sorted, q)
        const m = sorted.length
        expect(sorted.includes(t)).toBe(true)
        expect(sorted.filter((x) => x <= t).length).toBeGreaterThanOrEqual((q / 100) * m - 1e-9)
        expect(sorted.filter((x) => x < t).length).toBeLessThan((q / 100) * m)
      }),
      { numRuns: 200 },
    )
  })

  it('percentBelow counts the values strictly below, as a percentage', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -10, max: 1010, noNaN: true }), (sorted, x) => {
        expect(percentBelow(sorted, x)).toBe((100 * sorted.filter((v) => v < x).length) / sorted.length)
      }),
      { numRuns: 200 },
    )
  })

  it('a value inside the band is typical; above it too unlikely, below it too likely', () => {
    const sorted = sortedNll(Float64Array.from({ length: 200 }, (_, i) => -(i + 1)))
    expect(sorted[0]).toBe(1)
    const band = anomalyBand(sorted, 0.5, 99.5)
    expect(band).toEqual({ low: 1, high: 199, lowPercent: 0.5, highPercent: 99.5 })
    expect(verdict(band, 100)).toBe('typical')
    expect(verdict(band, 199)).toBe('typical')
    expect(verdict(band, 199.5)).toBe('too unlikely')
    expect(verdict(band, 0.5)).toBe('too likely')
  })
})
