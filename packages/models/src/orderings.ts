/**
 * Orderings of the cells of a grid (or of n variables): the order in which an
 * autoregressive chain generates them. An ordering is a permutation of
 * variable indices; on a `width x height` grid, cell (x, y) has index
 * `y * width + x`.
 *
 * The locality-keeping curve is the generalised Hilbert curve ("gilbert",
 * J. Cerveny, 2019, https://github.com/jakubcerveny/gilbert), which covers any
 * rectangle, not only 2^k squares: consecutive cells are neighbours (a single
 * diagonal step can occur when the major side is odd and the minor even).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import { validatePermutation } from './parameter-counts.js'
import type { Rng } from './rng.js'
import { createRng, shuffleInPlace } from './rng.js'

/** A permutation of variable indices 0..n-1: position -> variable. */
export type Ordering = readonly number[]

const validateGrid = (width: number, height: number): E.Either<NetworkError, void> => {
  for (const [option, value] of [['width', width], ['height', height]] as const)
    if (!Number.isSafeInteger(value) || value < 1)
      return E.left({ _tag: 'InvalidOption', option, value: String(value), reason: 'expected a positive integer' })
  return E.right(undefined)
}

/**
 * Row by row, left to right (the order of PixelCNN and friends).
 *
 * @example
 * ```ts
 * import { rasterOrder } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * rasterOrder(3, 2) // => E.right([0, 1, 2, 3, 4, 5])
 * ```
 */
export const rasterOrder = (width: number, height: number): E.Either<NetworkError, Ordering> =>
  E.map(() => Array.from({ length: width * height }, (_, i) => i))(validateGrid(width, height))

/**
 * Boustrophedon: left to right on even rows, right to left on odd rows, so
 * consecutive cells are always neighbours.
 *
 * @example
 * ```ts
 * import { snakeOrder } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * snakeOrder(3, 2) // => E.right([0, 1, 2, 5, 4, 3])
 * ```
 */
export const snakeOrder = (width: number, height: number): E.Either<NetworkError, Ordering> =>
  E.map(() => {
    const order: number[] = []
    for (let y = 0; y < height; y++)
      for (let i = 0; i < width; i++) order.push(y * width + (y % 2 === 0 ? i : width - 1 - i))
    return order
  })(validateGrid(width, height))

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0)

// Generalised Hilbert curve over the rectangle spanned by (ax, ay) and (bx, by)
// from (x, y). Iterative over an explicit stack to avoid deep recursion.
const gilbert = (width: number, height: number, emit: (x: number, y: number) => void): void => {
  type Frame = readonly [number, number, number, number, number, number]
  const stack: Frame[] = [width >= height ? [0, 0, width, 0, 0, height] : [0, 0, 0, height, width, 0]]
  while (stack.length > 0) {
    const [x0, y0, ax, ay, bx, by] = stack.pop()!
    let x = x0
    let y = y0
    const w = Math.abs(ax + ay)
    const h = Math.abs(bx + by)
    const dax = sign(ax)
    const day = sign(ay)
    const dbx = sign(bx)
    const dby = sign(by)
    if (h === 1) {
      for (let i = 0; i < w; i++, x += dax, y += day) emit(x, y)
      continue
    }
    if (w === 1) {
      for (let i = 0; i < h; i++, x += dbx, y += dby) emit(x, y)
      continue
    }
    let ax2 = Math.floor(ax / 2)
    let ay2 = Math.floor(ay / 2)
    let bx2 = Math.floor(bx / 2)
    let by2 = Math.floor(by / 2)
    const w2 = Math.abs(ax2 + ay2)
    const h2 = Math.abs(bx2 + by2)
    if (2 * w > 3 * h) {
      if (w2 % 2 !== 0 && w > 2) {
        ax2 += dax
        ay2 += day
      }
      // Pushed in reverse so that the first half is emitted first.
      stack.push([x + ax2, y + ay2, ax - ax2, ay - ay2, bx, by])
      stack.push([x, y, ax2, ay2, bx, by])
    } else {
      if (h2 % 2 !== 0 && h > 2) {
        bx2 += dbx
        by2 += dby
      }
      stack.push([x + (ax - dax) + (bx2 - dbx), y + (ay - day) + (by2 - dby), -bx2, -by2, -(ax - ax2), -(ay - ay2)])
      stack.push([x + bx2, y + by2, ax, ay, bx - bx2, by - by2])
      stack.push([x, y, bx2, by2, ax2, ay2])
    }
  }
}

/**
 * A locality-keeping space-filling curve (generalised Hilbert) over any
 * `width x height` rectangle: nearby positions in the ordering are nearby
 * cells. On 2^k x 2^k grids it is the classic Hilbert curve.
 *
 * @example
 * ```ts
 * import { hilbertOrder } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // (0,0) (0,1) (1,1) (1,0) on a 2 x 2 grid
 * hilbertOrder(2, 2) // => E.right([0, 2, 3, 1])
 * ```
 */
export const hilbertOrder = (width: number, height: number): E.Either<NetworkError, Ordering> =>
  E.map(() => {
    const order: number[] = []
    gilbert(width, height, (x, y) => order.push(y * width + x))
    return order
  })(validateGrid(width, height))

/**
 * A uniformly random ordering of n variables (Fisher-Yates), reproducible
 * from the seed (or from an {@link Rng}, which it advances).
 *
 * @example
 * ```ts
 * import { randomOrder } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // A permutation of 0..4 from a seeded generator: the same on every machine.
 * randomOrder(5, 42) // => E.right([3, 4, 2, 1, 0])
 * ```
 */
export const randomOrder = (n: number, seed: number | Rng): E.Either<NetworkError, Ordering> => {
  if (!Number.isSafeInteger(n) || n < 0)
    return E.left({ _tag: 'InvalidOption', option: 'n', value: String(n), reason: 'expected a non-negative integer' })
  const rng = typeof seed === 'number' ? createRng(seed) : seed
  return E.right(shuffleInPlace(Array.from({ length: n }, (_, i) => i), rng))
}

/**
 * An explicit ordering, checked to be a permutation of 0..n-1.
 *
 * @example
 * ```ts
 * import { explicitOrder } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * explicitOrder([2, 0, 1], 3) // => E.right([2, 0, 1])
 * E.isLeft(explicitOrder([0, 0, 1], 3)) // => true
 * ```
 */
export const explicitOrder = (order: readonly number[], n: number): E.Either<NetworkError, Ordering> =>
  E.map((o: readonly number[]) => [...o])(validatePermutation(order, n))

/**
 * Position of each variable in an ordering: `positionOf[v] = i` where `order[i] = v`.
 *
 * @example
 * ```ts
 * import { positionsOf } from '@chainrule/models'
 * positionsOf([2, 0, 1]) // => Int32Array.of(1, 2, 0)
 * ```
 */
export const positionsOf = (order: Ordering): Int32Array => {
  const position = new Int32Array(order.length)
  order.forEach((v, i) => {
    position[v] = i
  })
  return position
}
