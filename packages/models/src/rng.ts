/**
 * The one source of randomness of chainrule: a seeded, explicit generator.
 *
 * Built on pure-rand's xoroshiro128+ (32-bit integer arithmetic only, so the
 * stream is identical on every machine and engine) and its `uniformFloat64`
 * (53 random bits per float). The generator is stateful: each call advances
 * it. Pass it as an argument; `clone()` forks an identical stream.
 */
import * as E from 'fp-ts/lib/Either.js'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator'
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import type { NetworkError } from './errors.js'

/** A seeded random source. Same seed, same stream, everywhere. */
export interface Rng {
  /** A float uniform in [0, 1), a multiple of 2^-53. */
  readonly float: () => number
  /** An integer uniform in [0, bound) (bound a positive integer below 2^32). */
  readonly int: (bound: number) => number
  /** The generator's state, to store and resume with {@link rngFromState}. */
  readonly state: () => readonly number[]
  /** An independent copy that will produce the same stream from here on. */
  readonly clone: () => Rng
  /** A new generator 2^64 draws further along: non-overlapping streams for parallel work. */
  readonly split: () => Rng
}

const wrap = (g: JumpableRandomGenerator): Rng => ({
  float: () => uniformFloat64(g),
  int: (bound) => uniformInt(g, 0, bound - 1),
  state: () => g.getState(),
  clone: () => wrap(g.clone()),
  split: () => {
    const other = g.clone()
    other.jump()
    // Advance this stream as well so that successive splits never repeat.
    g.jump()
    g.jump()
    return wrap(other)
  },
})

/**
 * A seeded generator (xoroshiro128+). Seeds are 32-bit integers; other numbers
 * are truncated the way `seed | 0` does.
 *
 * @example
 * ```ts
 * import { createRng } from '@chainrule/models'
 * const rng = createRng(42)
 * const u = rng.float()
 * u >= 0 && u < 1 // => true
 * const die = rng.int(6) + 1
 * die >= 1 && die <= 6 // => true
 * createRng(42).float() === u // => true
 * ```
 */
export const createRng = (seed: number): Rng => wrap(xoroshiro128plus(seed | 0))

/**
 * Resume a generator from a saved {@link Rng.state}.
 *
 * @example
 * ```ts
 * import { createRng, rngFromState } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const a = createRng(7)
 * const saved = a.state()
 * const b = rngFromState(saved)
 * // b continues exactly where a was saved
 * E.isRight(b) && b.right.float() === a.float() // => true
 * ```
 */
export const rngFromState = (state: readonly number[]): E.Either<NetworkError, Rng> =>
  state.length === 4 && state.every((x) => Number.isInteger(x))
    ? E.right(wrap(xoroshiro128plusFromState(state)))
    : E.left({ _tag: 'InvalidOption', option: 'state', value: `[${state.join(', ')}]`, reason: 'expected 4 integers saved by Rng.state()' })

/**
 * Shuffle `items` in place (Fisher-Yates, from the last item down, one
 * `rng.int` per item): the same generator state gives the same order.
 *
 * @example
 * ```ts
 * import { createRng, shuffleInPlace } from '@chainrule/models'
 * const order = shuffleInPlace(Int32Array.of(0, 1, 2, 3, 4), createRng(42))
 * // A permutation of the items, and the same one for the same seed
 * Array.from(order).sort() // => [0, 1, 2, 3, 4]
 * Array.from(order).join() === Array.from(shuffleInPlace(Int32Array.of(0, 1, 2, 3, 4), createRng(42))).join() // => true
 * ```
 */
export const shuffleInPlace = <T extends { length: number; [i: number]: number }>(items: T, rng: Rng): T => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = items[i]!
    items[i] = items[j]!
    items[j] = t
  }
  return items
}
