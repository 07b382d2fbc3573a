import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupDigits, milliseconds, percent, powerOfTen, probability } from './format.js'

describe('format', () => {
  it('percent prints four decimals of probability, rounded', () => {
    expect(percent(0.123456)).toBe('12.35%')
    expect(percent(1)).toBe('100.00%')
    expect(percent(0)).toBe('0.00%')
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        expect(Math.abs(Number(percent(p).slice(0, -1)) / 100 - p)).toBeLessThanOrEqual(0.00005 + 1e-12)
      }),
    )
  })

  it('groupDigits keeps every digit', () => {
    expect(groupDigits(1234567n)).toBe('1\u2009234\u2009567')
    expect(groupDigits(0n)).toBe('0')
    expect(groupDigits(-1000n)).toBe('-1\u2009000')
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
        expect(groupDigits(n).replaceAll('\u2009', '')).toBe(n.toString())
      }),
    )
  })

  it('powerOfTen gives mantissa and exponent of large counts', () => {
    expect(powerOfTen(999_999_999n)).toBeUndefined()
    expect(powerOfTen(10n ** 9n)).toBe('1.00 × 10^9')
    expect(powerOfTen(2n ** 100n)).toBe('1.27 × 10^30')
    expect(powerOfTen(9_996_000_000n)).toBe('1.00 × 10^10')
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 9n, max: 10n ** 60n }), (n) => {
        const [m, e] = powerOfTen(n)!.split(' × 10^').map(Number)
        expect(Math.abs(m! * 10 ** e! - Number(n)) / Number(n)).toBeLessThan(0.006)
      }),
    )
  })

  it('milliseconds and small probabilities', () => {
    expect(milliseconds(0.4321)).toBe('0.43 ms')
    expect(milliseconds(12.34)).toBe('12.3 ms')
    expect(milliseconds(123.4)).toBe('123 ms')
    expect(probability(0.0123456)).toBe('0.012346')
    expect(probability(3.2e-9)).toBe('3.200e-9')
    expect(probability(0)).toBe('0.000000')
  })
})
