import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bitsFrom, bitsToText, blankDrawing, cellAt, paint, stroke } from './digit-canvas.js'

describe('digit canvas', () => {
  it('the brush sets exactly the cells whose centre is within the radius, and never clears', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 30, noNaN: true }), fc.double({ min: -2, max: 30, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), (x, y, r) => {
        const d = blankDrawing(28, 28)
        d.pixels[0] = 1
        const changed = paint(d, x, y, r)
        let expected = 0
        for (let j = 0; j < 28; j++)
          for (let i = 0; i < 28; i++) {
            const inside = (i + 0.5 - x) ** 2 + (j + 0.5 - y) ** 2 <= r * r
            expect(d.pixels[j * 28 + i], `${i},${j}`).toBe(inside || (i === 0 && j === 0) ? 1 : 0)
            if (inside && !(i === 0 && j === 0)) expected++
          }
        expect(changed).toBe(expected)
      }),
      { numRuns: 100 },
    )
  })

  it('a stroke covers both ends and every cell the segment passes through', () => {
    const d = blankDrawing(28, 28)
    stroke(d, 3.5, 14.5, 24.5, 14.5, 0.5)
    for (let x = 3; x <= 24; x++) expect(d.pixels[14 * 28 + x]).toBe(1)
    expect(d.pixels.reduce((s, b) => s + b, 0)).toBe(22)
  })

  it('maps element coordinates to cells', () => {
    expect(cellAt(140, 70, 280, 280, 28, 28)).toEqual({ x: 14, y: 7 })
    expect(cellAt(0, 279.9, 280, 280, 28, 28).y).toBeCloseTo(27.99, 10)
  })

  it('text form round-trips; bad lengths or characters are refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ min: 0, max: 1, minLength: 784, maxLength: 784 }), (bits) => {
        expect(bitsFrom(bitsToText(bits), 784)).toEqual(bits)
        expect(bitsFrom(Array.from(bits), 784)).toEqual(bits)
      }),
      { numRuns: 50 },
    )
    expect(bitsFrom('012', 3)).toBeUndefined()
    expect(bitsFrom('01', 3)).toBeUndefined()
    expect(bitsFrom([0, 5, 0], 3)).toEqual(Uint8Array.of(0, 1, 0))
  })
})
