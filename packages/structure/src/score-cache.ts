/**
 * The family score cache: each family (a child and a set of parents) is
 * scored once per search, whatever order the search asks in. Keys are a
 * 53-bit number hashed from the child and the sorted parents (no strings on
 * the search's hot path); every hit is checked against the stored family, so
 * a hash collision costs a lookup, never a wrong score.
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

/** Parents sorted ascending (a fresh array). */
export const sortedParents = (parents: readonly number[]): number[] => [...parents].sort((a, b) => a - b)

const keyOf = (child: number, sorted: readonly number[]): number => {
  let h1 = Math.imul(child + 1, 0x9e3779b1)
  let h2 = Math.imul(child + 7, 0x85ebca77)
  for (const p of sorted) {
    h1 = mix(h1, p + 1, 0xcc9e2d51)
    h2 = mix(h2, p + 3, 0x1b873593)
  }
  return (h1 >>> 0) * 2097152 + (h2 >>> 11)
}

interface Entry {
  readonly child: number
  readonly parents: Int32Array
  readonly score: number
}

const same = (entry: Entry, child: number, sorted: readonly number[]): boolean => {
  if (entry.child !== child || entry.parents.length !== sorted.length) return false
  for (let i = 0; i < sorted.length; i++) if (entry.parents[i] !== sorted[i]) return false
  return true
}

/** A mutable map from families to scores, private to one search. */
export interface ScoreCache {
  /** The cached score, or undefined. `sorted` must be ascending. */
  readonly get: (child: number, sorted: readonly number[]) => number | undefined
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
 * console.log(cache.get(2, [0, 1]), cache.get(2, [1])) // => -12.5 undefined
 * ```
 */
export const scoreCache = (): ScoreCache => {
  const map = new Map<number, Entry | Entry[]>()
  let size = 0
  return {
    get: (child, sorted) => {
      const found = map.get(keyOf(child, sorted))
      if (found === undefined) return undefined
      if (!Array.isArray(found)) return same(found, child, sorted) ? found.score : undefined
      for (const entry of found) if (same(entry, child, sorted)) return entry.score
      return undefined
    },
    set: (child, sorted, score) => {
      const key = keyOf(child, sorted)
      const entry: Entry = { child, parents: Int32Array.from(sorted), score }
      const found = map.get(key)
      if (found === undefined) map.set(key, entry)
      else if (Array.isArray(found)) {
        const at = found.findIndex((e) => same(e, child, sorted))
        if (at >= 0) found[at] = entry
        else found.push(entry)
        if (at >= 0) return
      } else if (same(found, child, sorted)) {
        map.set(key, entry)
        return
      } else map.set(key, [found, entry])
      size++
    },
    size: () => size,
  }
}
