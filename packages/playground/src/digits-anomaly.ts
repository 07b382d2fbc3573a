/**
 * Anomaly flags for drawn digits from the negative log-likelihoods (NLL) of
 * held-out test images: a two-sided typicality band. A drawing is flagged when
 * its NLL lies above the `high` percentile of the test NLLs (too unlikely: a
 * scribble) or below the `low` percentile (too likely: a blank or almost blank
 * canvas, which a pixel chain finds far more probable than any real digit).
 * Percentiles use the nearest-rank definition, so every threshold is one of
 * the test NLLs.
 */

/** The band of typical NLLs (nats). */
export interface AnomalyBand {
  /** NLL at the `lowPercent` percentile: below it, a drawing is flagged. */
  readonly low: number
  /** NLL at the `highPercent` percentile: above it, a drawing is flagged. */
  readonly high: number
  readonly lowPercent: number
  readonly highPercent: number
}

/** Percentiles of the band the page uses: 0.5 and 99.5 (1% of test digits flagged). */
export const LOW_PERCENT = 0.5
export const HIGH_PERCENT = 99.5

/**
 * Nearest-rank percentile of an ascending array: the smallest value with at
 * least q% of the values at or below it (q in (0, 100]); the minimum for q = 0.
 *
 * @example
 * nearestRank(Float64Array.of(1, 2, 3, 4), 50) // 2
 * nearestRank(Float64Array.of(1, 2, 3, 4), 99) // 4
 */
export const nearestRank = (sorted: Float64Array, q: number): number => {
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]!
}

/**
 * NLLs (ascending) from log-likelihoods.
 *
 * @example
 * sortedNll(Float64Array.of(-3, -1, -2)) // Float64Array [1, 2, 3]
 */
export const sortedNll = (logLikelihoods: Float64Array): Float64Array => Float64Array.from(logLikelihoods, (ll) => -ll).sort()

/**
 * The typicality band of a set of test NLLs (ascending).
 *
 * @example
 * anomalyBand(Float64Array.of(1, 2, 3, 4), 25, 75) // { low: 1, high: 3, lowPercent: 25, highPercent: 75 }
 */
export const anomalyBand = (sorted: Float64Array, lowPercent = LOW_PERCENT, highPercent = HIGH_PERCENT): AnomalyBand => ({
  low: nearestRank(sorted, lowPercent),
  high: nearestRank(sorted, highPercent),
  lowPercent,
  highPercent,
})

/**
 * Percent of the test NLLs strictly below `nll` (how many test digits are
 * more likely than the drawing), by binary search.
 *
 * @example
 * percentBelow(Float64Array.of(1, 2, 3, 4), 2.5) // 50
 */
export const percentBelow = (sorted: Float64Array, nll: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < nll) lo = mid + 1
    else hi = mid
  }
  return (100 * lo) / sorted.length
}

/** How a drawing compares with the test digits. */
export type Verdict = 'typical' | 'too unlikely' | 'too likely'

/**
 * The verdict for an NLL: above the band, below it, or inside.
 *
 * @example
 * verdict({ low: 1, high: 3, lowPercent: 25, highPercent: 75 }, 5) // 'too unlikely'
 */
export const verdict = (band: AnomalyBand, nll: number): Verdict => (nll > band.high ? 'too unlikely' : nll < band.low ? 'too likely' : 'typical')
