/**
 * The family score cache: each family (a child and a set of parents) is
 * scored once per search, whatever order the search asks in. Keys are a
 * 53-bit number hashed from the child and the sorted parents (no strings on
 * the search's hot path); every hit is checked against the stored family, so
 * a hash collision costs a lookup, never a wrong score.
 *
 * Entries live in flat typed arrays (a pool of `child, k, parents...` runs,
 * their scores, and a chain to the next entry of the same hash), not in one
 * object per family: a search over 1,000 variables caches about a million
 * families, and an object with a typed array each would cost over 150 bytes
 * apiece.
 */

/** A child and its parents (column indices of the data); the parents' order does not matter. */
export interface Family {
  readonly child: number
  readonly parents: readonly number[]
}

const mix = (h: number, x: number, k: number): number => {
  h = Math.imul(h ^ x, k)
  return (h << 13) | (h >>> 19)
}

const keyOf = (child: number, sorted: readonly number[]): number => {
  let h1 = Math.imul(child + 1, 0x9e3779b1)
  let h2 = Math.imul(child + 7, 0x85ebca77)
  for (const p of sorted) {
    h1 = mix(h1, p + 1, 0xcc9e2d51)
    h2 = mix(h2, p + 3, 0x1b873593)
  }
  return (h1 >>> 0) * 2097152 + (h2 >>> 11)
}

/** A mutable map from families to scores, private to one search. */
export interface ScoreCache {
  /** The cached score, or undefined. `sorted` must be ascending. */
  readonly get: (child: number, sorted: readonly number[]) => number | undefined
  /** Remember the score of `child` with these parents (sorted ids). */
  readonly set: (child: number, sorted: readonly number[], score: number) => void
  /** How many families are cached. */
  readonly size: () => number
}

/**
 * An empty score cache.
 *
 * @example
 * ```ts
 * import { scoreCache } from '@chainrule/structure'
 * const cache = scoreCache()
 * cache.set(2, [0, 1], -12.5)
 * const cached = [cache.get(2, [0, 1]), cache.get(2, [1])] // => [-12.5, undefined]
 * ```
 */
export const scoreCache = (): ScoreCache => {
  const heads = new Map<number, number>()
  let pool = new Int32Array(1024)
  let used = 0
  let start = new Int32Array(256)
  let scores = new Float64Array(256)
  let next = new Int32Array(256)
  let size = 0

  const matches = (entry: number, child: number, sorted: readonly number[]): boolean => {
    const at = start[entry]!
    if (pool[at] !== child || pool[at + 1] !== sorted.length) return false
    for (let i = 0; i < sorted.length; i++) if (pool[at + 2 + i] !== sorted[i]) return false
    return true
  }
  const find = (key: number, child: number, sorted: readonly number[]): number => {
    let entry = heads.get(key) ?? -1
    while (entry >= 0 && !matches(entry, child, sorted)) entry = next[entry]!
    return entry
  }
  return {
    get: (child, sorted) => {
      const entry = find(keyOf(child, sorted), child, sorted)
      return entry < 0 ? undefined : scores[entry]
    },
    set: (child, sorted, score) => {
      const key = keyOf(child, sorted)
      const found = find(key, child, sorted)
      if (found >= 0) {
        scores[found] = score
        return
      }
      if (size === start.length) {
        const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
          const b = make(2 * a.length)
          b.set(a)
          return b
        }
        start = grow(start, (n) => new Int32Array(n))
        next = grow(next, (n) => new Int32Array(n))
        scores = grow(scores, (n) => new Float64Array(n))
      }
      if (used + 2 + sorted.length > pool.length) {
        const bigger = new Int32Array(Math.max(2 * pool.length, used + 2 + sorted.length))
        bigger.set(pool)
        pool = bigger
      }
      start[size] = used
      pool[used++] = child
      pool[used++] = sorted.length
      for (const p of sorted) pool[used++] = p
      scores[size] = score
      next[size] = heads.get(key) ?? -1
      heads.set(key, size)
      size++
    },
    size: () => size,
  }
}
