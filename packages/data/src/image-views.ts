/**
 * Binary images (of `binarizeMnist` or any grid) as the rest of the
 * library reads them. `pixels` (row-major, `rows x width*height`, entry
 * `r * width * height + y * width + x`) is canonical: it is the file's
 * layout, what per-image scoring and sampling grids read. {@link imageDataSet}
 * transposes once into columns (what counting wants), variable
 * `y * width + x` named `cellName(x, y)` of `@chainrule/models` (`x3_y7`),
 * i.e. the autoregressive builder's grid names.
 */
import * as E from 'fp-ts/lib/Either.js'
import { cellName } from '@chainrule/models'
import type { DataSet } from './data-set.js'
import type { DataError } from './errors.js'
import type { BinaryImages } from './mnist.js'

/**
 * Images `[start, end)` sharing memory with `images` (for reduced runs).
 *
 * @example
 * ```ts
 * import { sliceImages, type BinaryImages } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const images: BinaryImages = {
 *   split: 'train', rows: 3, width: 1, height: 2, pixels: Uint8Array.of(0, 1, 1, 1, 0, 0), labels: Uint8Array.of(4, 5, 6),
 *   comparableWithPublished: true, protocol: 'example',
 * }
 * F.pipe(sliceImages(images, 1, 3), E.map((s) => [s.rows, s.pixels, s.labels])) // => E.right([2, Uint8Array.of(1, 1, 0, 0), Uint8Array.of(5, 6)])
 * ```
 */
export const sliceImages = (images: BinaryImages, start: number, end: number): E.Either<DataError, BinaryImages> => {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > images.rows)
    return E.left({ _tag: 'RowRangeInvalid', start, end, rows: images.rows })
  const size = images.width * images.height
  return E.right({
    ...images,
    rows: end - start,
    pixels: images.pixels.subarray(start * size, end * size),
    labels: images.labels.subarray(start, end),
  })
}

/**
 * The pixel variable names of a `width x height` grid in raster order:
 * variable `y * width + x` is `cellName(x, y)` (`x{x}_y{y}`), the names of
 * `autoregressive({ grid })` in `@chainrule/models`.
 *
 * @example
 * ```ts
 * import { pixelNames } from '@chainrule/data'
 *
 * pixelNames(28, 28).slice(0, 2) // => ['x0_y0', 'x1_y0']
 * pixelNames(2, 2) // => ['x0_y0', 'x1_y0', 'x0_y1', 'x1_y1']
 * ```
 */
export const pixelNames = (width: number, height: number): string[] => {
  const names: string[] = []
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) names.push(cellName(x, y))
  return names
}

const BINARY = Object.freeze(['0', '1'])

/**
 * Binary images as a data set: one column per pixel in raster order, named
 * by {@link pixelNames}, states `['0', '1']`. One blocked transpose of
 * `rows x pixels` bytes (about 40 ms for 50,000 MNIST images); the columns are
 * slices of one buffer.
 *
 * @example
 * ```ts
 * import { imageDataSet } from '@chainrule/data'
 *
 * // One image of 2 x 1 pixels: columns are pixels, named as autoregressive of @chainrule/models names them.
 * const ds = imageDataSet({ rows: 1, width: 2, height: 1, pixels: Uint8Array.of(0, 1) })
 * ds.variables // => ['x0_y0', 'x1_y0']
 * ds.columns // => [Uint8Array.of(0), Uint8Array.of(1)]
 * ```
 */
export const imageDataSet = (images: Pick<BinaryImages, 'rows' | 'width' | 'height' | 'pixels'>): DataSet => {
  const n = images.width * images.height
  const rows = images.rows
  const buffer = new Uint8Array(n * rows)
  const source = images.pixels
  const block = 64
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block)
    for (let v = 0; v < n; v++) {
      const base = v * rows
      for (let r = r0, at = r0 * n + v; r < r1; r++, at += n) buffer[base + r] = source[at]!
    }
  }
  const columns: Uint8Array[] = []
  for (let v = 0; v < n; v++) columns.push(buffer.subarray(v * rows, (v + 1) * rows))
  return { variables: pixelNames(images.width, images.height), states: Array.from({ length: n }, () => BINARY), columns, rows }
}
