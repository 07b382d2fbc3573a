/**
 * Numeric comparisons for exact answers: where only the summation order
 * differs, results agree to 1e-12 (absolute for probabilities, relative for
 * logs and large totals); exact zeros must match exactly.
 */

/** |a[i] - b[i]| <= tolerance * max(|a[i]|, |b[i]|) for every entry (exact zeros must match exactly). */
export const closeRelative = (a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 1e-12): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (Math.abs(x - y) > tolerance * Math.max(Math.abs(x), Math.abs(y))) return false
  }
  return true
}

/** The largest relative difference between entries (Infinity for a length mismatch or NaN): for failure messages. */
export const maxRelativeDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? NaN
    const y = b[i] ?? NaN
    const d = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y))
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d)
  }
  return worst
}

/** The largest absolute difference between entries (Infinity for a length mismatch or NaN). */
export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] === b[i] ? 0 : Math.abs(a[i]! - b[i]!)
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d)
  }
  return worst
}

/** |a - b| <= tolerance * max(1, |a|, |b|): a sum of many terms (a log-likelihood, a score) where only the order differs. */
export const closeTo = (a: number, b: number, tolerance = 1e-12): boolean => a === b || Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))

/** A deterministic shuffle from a seed (Park-Miller), for random elimination orders. */
export const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = [...xs]
  let s = (seed % 2147483646) + 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * How far a sample frequency of an event of probability `p` may lie from `p`
 * over `rows` independent draws, failing with probability at most `failure`
 * (Bernstein's inequality): t = (L / 3 + sqrt(L^2 / 9 + 2 rows L p (1 - p))) / rows,
 * L = ln(2 / failure).
 *
 * Valid for every p, unlike a count of standard errors: a rare state's count is
 * Poisson-skewed, and 5 or 6 standard errors of p = 1e-4 over 4,000 rows allow
 * about one draw too many. Property tests over random models meet such states
 * in every run, so their bound must hold there too. At p = 1/2 over 4,000 rows
 * the default allows 0.054 (6 standard errors: 0.047).
 */
export const frequencyTolerance = (p: number, rows: number, failure = 1e-9): number => {
  const l = Math.log(2 / failure)
  return (l / 3 + Math.sqrt((l * l) / 9 + 2 * rows * l * p * (1 - p))) / rows
}
