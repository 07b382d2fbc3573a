/** PNG writing for the mnist-* examples (fast-png; the library itself never writes images). */
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { encode } from 'fast-png'

/** A grayscale canvas, 0 = black, 255 = white. */
export interface Canvas {
  readonly width: number
  readonly height: number
  readonly data: Uint8Array
}

export const canvas = (width: number, height: number, fill = 255): Canvas => ({ width, height, data: new Uint8Array(width * height).fill(fill) })

export const writePng = (path: string, c: Canvas): number => {
  mkdirSync(dirname(path), { recursive: true })
  const bytes = encode({ width: c.width, height: c.height, data: c.data, depth: 8, channels: 1 })
  writeFileSync(path, bytes)
  return bytes.length
}

/**
 * Draw images (values in [0, 1] = ink probability, so binary images too; row-major, `size` x `size` each) as a
 * `columns`-wide grid at (x0, y0), ink black on white, `scale` px per pixel.
 */
export const drawGray = (
  c: Canvas,
  values: ArrayLike<number>,
  count: number,
  size: number,
  columns: number,
  x0: number,
  y0: number,
  scale = 1,
  gap = 2,
): void => {
  const cell = size * scale + gap
  for (let i = 0; i < count; i++) {
    const ox = x0 + (i % columns) * cell
    const oy = y0 + Math.floor(i / columns) * cell
    for (let y = 0; y < size * scale; y++)
      for (let x = 0; x < size * scale; x++) {
        const ink = values[i * size * size + Math.floor(y / scale) * size + Math.floor(x / scale)]!
        c.data[(oy + y) * c.width + ox + x] = Math.round(255 * (1 - Math.min(1, Math.max(0, ink))))
      }
  }
}
