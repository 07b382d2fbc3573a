/**
 * The drawing of the Digits tab as pure data: a width x height array of bits
 * (row-major, 1 = ink), a round brush that sets cells on, strokes between
 * pointer positions, and the text form the page exposes to tests.
 */

/** A binary image: `pixels[y * width + x]` is 0 or 1. */
export interface Drawing {
  readonly width: number
  readonly height: number
  readonly pixels: Uint8Array
}

/**
 * A blank drawing.
 *
 * @example
 * blankDrawing(28, 28).pixels.length // 784
 */
export const blankDrawing = (width: number, height: number): Drawing => ({ width, height, pixels: new Uint8Array(width * height) })

/**
 * The cell under a point of an element of size `boxWidth x boxHeight` showing
 * the drawing (fractional cell coordinates; the brush rounds them).
 *
 * @example
 * cellAt(140, 70, 280, 280, 28, 28) // { x: 14, y: 7 }
 */
export const cellAt = (px: number, py: number, boxWidth: number, boxHeight: number, width: number, height: number): { x: number; y: number } => ({
  x: (px / boxWidth) * width,
  y: (py / boxHeight) * height,
})

/**
 * Set on every cell whose centre lies within `radius` cells of (x, y)
 * (fractional cell coordinates, cell (i, j) has its centre at (i + 0.5, j + 0.5)).
 * Returns how many cells changed.
 *
 * @example
 * const d = blankDrawing(28, 28)
 * paint(d, 14, 14, 1) // 4: the four cells around the corner point (14, 14)
 */
export const paint = (d: Drawing, x: number, y: number, radius: number): number => {
  let changed = 0
  const r2 = radius * radius
  for (let j = Math.max(0, Math.floor(y - radius)); j <= Math.min(d.height - 1, Math.ceil(y + radius)); j++)
    for (let i = Math.max(0, Math.floor(x - radius)); i <= Math.min(d.width - 1, Math.ceil(x + radius)); i++) {
      const dx = i + 0.5 - x
      const dy = j + 0.5 - y
      if (dx * dx + dy * dy <= r2 && d.pixels[j * d.width + i] === 0) {
        d.pixels[j * d.width + i] = 1
        changed++
      }
    }
  return changed
}

/**
 * Paint a straight stroke from (x0, y0) to (x1, y1), stamping the brush every
 * quarter cell so fast pointer moves leave no gaps. Returns cells changed.
 *
 * @example
 * const d = blankDrawing(28, 28)
 * stroke(d, 4, 14, 24, 14, 1) // a horizontal bar two cells thick
 */
export const stroke = (d: Drawing, x0: number, y0: number, x1: number, y1: number, radius: number): number => {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 4))
  let changed = 0
  for (let s = 0; s <= steps; s++) changed += paint(d, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, radius)
  return changed
}

/**
 * The pixels as a string of '0' and '1' (row-major), for a data attribute.
 *
 * @example
 * bitsToText(Uint8Array.of(0, 1, 1)) // '011'
 */
export const bitsToText = (pixels: Uint8Array): string => Array.from(pixels, (b) => (b === 0 ? '0' : '1')).join('')

/**
 * Parse bits from text or any array of numbers (nonzero = on); undefined when
 * the length is not `n`.
 *
 * @example
 * bitsFrom('0110', 4) // Uint8Array [0, 1, 1, 0]
 */
export const bitsFrom = (source: string | ArrayLike<number>, n: number): Uint8Array | undefined => {
  if (source.length !== n) return undefined
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const v = typeof source === 'string' ? source.charCodeAt(i) - 48 : source[i]!
    if (typeof source === 'string' && v !== 0 && v !== 1) return undefined
    out[i] = v === 0 ? 0 : 1
  }
  return out
}
