/**
 * Binary images (or any binary data matrix) as one row-major `Uint8Array`:
 * image r, pixel v is `pixels[r * width * height + v]`, values 0 or 1. Every
 * image model of `@chainrule/learn` reads this layout, which is also the
 * layout of `BinaryImages` of `@chainrule/data` (binarized MNIST), so those
 * are accepted as they are. Nothing allocates per image.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'

/** `rows` binary images of `width x height` pixels, row-major, one byte per pixel. */
export interface ImageMatrix {
  readonly rows: number
  readonly width: number
  readonly height: number
  readonly pixels: Uint8Array
}

/**
 * Check and wrap a row-major binary matrix. Errors: a length that is not a
 * multiple of `width * height`, a value other than 0 or 1, a non-positive size.
 *
 * @example
 * ```ts
 * import { imageMatrix } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // Two images of 2 x 1 pixels
 * const images = imageMatrix(new Uint8Array([0, 1, 1, 0]), 2, 1)
 * E.isRight(images) && images.right.rows // => 2
 * E.isLeft(imageMatrix(new Uint8Array([0, 2]), 2, 1)) // => true
 * ```
 */
export const imageMatrix = (pixels: Uint8Array, width: number, height: number): E.Either<LearnError, ImageMatrix> => {
  for (const [option, value] of [['width', width], ['height', height]] as const)
    if (!Number.isSafeInteger(value) || value < 1)
      return E.left({ _tag: 'InvalidOption', option, value: String(value), reason: 'expected a positive integer' })
  const n = width * height
  if (pixels.length % n !== 0)
    return E.left({ _tag: 'ShapeMismatch', what: 'pixels (a multiple of width * height)', expected: Math.ceil(pixels.length / n) * n, got: pixels.length })
  for (let i = 0; i < pixels.length; i++) if (pixels[i]! > 1) return E.left({ _tag: 'NonBinaryValue', index: i, value: pixels[i]! })
  return E.right({ rows: pixels.length / n, width, height, pixels })
}
