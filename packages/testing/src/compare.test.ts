import { describe, expect, it } from 'vitest'
import { frequencyTolerance } from './compare.js'

/** P(|K / rows - p| > t) for K ~ Binomial(rows, p), summed exactly in logs from the definition. */
const binomialTail = (p: number, rows: number, t: number): number => {
  let logChoose = 0
  let tail = 0
  for (let k = 0; k <= rows; k++) {
    if (k > 0) logChoose += Math.log((rows - k + 1) / k)
    if (Math.abs(k / rows - p) <= t) continue
    tail += Math.exp(logChoose + k * Math.log(p) + (rows - k) * Math.log1p(-p))
  }
  return tail
}

describe('frequencyTolerance: a binomial bound that holds for every p', () => {
  it('the exact probability of leaving the bound is at most the failure rate asked for, rare states included', () => {
    for (const rows of [200, 4000])
      for (const p of [1e-6, 1.3e-4, 1e-3, 0.05, 0.3, 0.5, 0.9])
        for (const failure of [1e-3, 1e-9]) expect(binomialTail(p, rows, frequencyTolerance(p, rows, failure))).toBeLessThanOrEqual(failure)
  })

  it('is tight enough to catch a wrong sampler: at p = 1/2 over 4,000 rows, within 1.2 times 6 standard errors', () => {
    const sixErrors = 6 * Math.sqrt(0.25 / 4000)
    expect(frequencyTolerance(0.5, 4000)).toBeGreaterThan(sixErrors)
    expect(frequencyTolerance(0.5, 4000)).toBeLessThan(1.2 * sixErrors)
    // A state of probability 1e-4 drawn 5 times in 4,000 (what 6 standard errors refused) is inside; 40 times is not.
    expect(5 / 4000 - 1e-4).toBeLessThanOrEqual(frequencyTolerance(1e-4, 4000))
    expect(40 / 4000 - 1e-4).toBeGreaterThan(frequencyTolerance(1e-4, 4000))
  })
})
