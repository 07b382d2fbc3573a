/**
 * How numbers are printed on the page: probabilities as percentages with two
 * decimals (four decimals of probability), exact counts with digit groups,
 * and very large counts also as a power of ten.
 */

/**
 * A probability as a percentage with two decimals.
 *
 * @example
 * percent(0.123456) // => '12.35%'
 */
export const percent = (p: number): string => `${(100 * p).toFixed(2)}%`

/**
 * An exact count with thin-space digit groups.
 *
 * @example
 * groupDigits(1234567n) // => '1 234 567' (thin spaces)
 */
export const groupDigits = (n: bigint): string => {
  const digits = (n < 0n ? -n : n).toString()
  const groups: string[] = []
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end))
  return (n < 0n ? '-' : '') + groups.join('\u2009')
}

/**
 * A count as `1.23 × 10^45` (for counts past 10^9), from its exact digits.
 *
 * @example
 * powerOfTen(2n ** 100n) // => '1.27 × 10^30'
 * powerOfTen(999n)       // => undefined (small enough to read)
 */
export const powerOfTen = (n: bigint): string | undefined => {
  if (n < 1_000_000_000n) return undefined
  const digits = n.toString()
  const mantissa = Number(`${digits[0]}.${digits.slice(1, 4)}`)
  // Rounding can carry into the next power (9.996 -> 10.00).
  const rounded = Math.round(mantissa * 100) / 100
  const [m, exponent] = rounded >= 10 ? [rounded / 10, digits.length] : [rounded, digits.length - 1]
  return `${m.toFixed(2)} × 10^${exponent}`
}

/**
 * Milliseconds with a precision that suits the size.
 *
 * @example
 * milliseconds(0.4321) // => '0.43 ms'
 * milliseconds(123.4)  // => '123 ms'
 */
export const milliseconds = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`

/**
 * A probability that may be tiny, e.g. P(evidence): fixed for ordinary
 * values, scientific below 1e-4.
 *
 * @example
 * probability(0.0123456) // => '0.012346'
 * probability(3.2e-9)    // => '3.200e-9'
 */
export const probability = (p: number): string => (p === 0 || p >= 1e-4 ? p.toFixed(6) : p.toExponential(3))
