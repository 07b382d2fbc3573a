import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { writeNumber } from './number-bytes.js'

const bytes = new Uint8Array(32)
const written = (x: number): string => String.fromCharCode(...bytes.subarray(0, writeNumber(x, bytes, 0)))

/** Doubles from raw bits: every magnitude, every last bit. */
const anyDouble = fc.tuple(fc.integer({ min: 0, max: 0x7fefffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.boolean()).map(([high, low, negative]) => {
  const view = new DataView(new ArrayBuffer(8))
  view.setUint32(0, high)
  view.setUint32(4, low)
  const x = view.getFloat64(0)
  return negative ? -x : x
})

describe('writeNumber', () => {
  it('writes what JSON.stringify writes, for doubles of every magnitude and the probabilities a stream prints', () => {
    fc.assert(fc.property(anyDouble, (x) => written(x) === JSON.stringify(x)), { numRuns: 20000 })
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => written(x) === JSON.stringify(x)), { numRuns: 20000 })
  })

  it('writes products and quotients of probabilities (which need 16 and 17 digits) as JSON.stringify does', () => {
    // 200,000 numbers of the kind a posterior holds, each checked (a broken 16- or 17-digit path fails here).
    let seed = 20261203
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const wrong: string[] = []
    const lengths = new Set<number>()
    for (let i = 0; i < 200000; i++) {
      const x = (next() * next()) / (next() + 1e-3)
      const expected = JSON.stringify(x)
      lengths.add(expected.replace(/^0\.0*/, '').length)
      if (written(x) !== expected) wrong.push(`${expected} written as ${written(x)}`)
    }
    expect(wrong.slice(0, 5)).toEqual([])
    expect(lengths.has(16) && lengths.has(17)).toBe(true)
  })

  it('writes edges of its own range and of the decimal layouts as JSON.stringify does', () => {
    const edges = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 0.3, 1 / 3, 2 / 3, 0.5, 1e-6, 1e-6 * (1 - 2 ** -52), 1e-7, 9.999999999999999e-7, 1e15, 1e15 - 0.125, 1e15 + 0.125,
      1e14, 1e14 - 2 ** -7, 123456789012345.6, 999999999999999.9, 0.054499999999999986, 0.7311040000000001, 2 ** -20, 2 ** 40, 2 ** 53, 9007199254740993, Number.MIN_VALUE,
      Number.MAX_VALUE, 5e-324, 1e21, 1e-300, 0.9999999999999999, 0.09999999999999999, 4.35, 0.000001, 0.00001234, 100, 12345.678]
    for (const x of edges) expect(written(x), String(x)).toBe(JSON.stringify(x))
    // Around powers of two and of ten, where the rounding interval is lopsided or the digit count changes.
    for (let e = -20; e <= 49; e++)
      for (const base of [2 ** e, 10 ** (e / 4)])
        for (let step = -3; step <= 3; step++) {
          const x = base + step * Number.EPSILON * base
          expect(written(x), String(x)).toBe(JSON.stringify(x))
        }
  })
})
