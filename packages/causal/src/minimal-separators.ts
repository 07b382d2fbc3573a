/**
 * Every minimal d-separator of X and Y drawn from an allowed set, listed
 * breadth-first from the one closest to X, up to a limit.
 *
 * A minimal separator lies among the ancestors of X and Y (Tian, Paz & Pearl
 * 1998; van der Zander, Liśkiewicz & Textor 2019), where d-separation is
 * separation in the moral graph of An(X ∪ Y): the search runs there, with X and
 * Y each taken as one vertex. A minimal X–Y separator S is N(C) for its X-side
 * component C. From a set A around X (closed under nodes that may not be in a
 * separator), the separator closest to A is N(C_Y), where C_Y is Y's side once
 * N(A) is removed. Starting from A = X, and from each separator S found, from
 * C_X(S) plus one node of S, reaches every minimal separator: the X-sides grow
 * strictly along a path to any of them (the argument of Takata 2010). Each
 * separator costs O(|S| (V + E)).
 */
import type { Dag } from '@chainrule/graph'
import { maskOf, walk } from './surgery.js'

/** Minimal separators found, and whether the list is all of them (false when the limit stopped it). */
export interface SeparatorList {
  readonly sets: readonly (readonly number[])[]
  readonly complete: boolean
}

/**
 * The minimal d-separators of `x` and `y` in `dag` whose nodes all have
 * `allowed[v] = 1` (nodes of x and y never are), at most `limit` of them,
 * each ascending by id. No separator at all gives an empty list; X and Y
 * already separated give the one empty separator.
 */
export const minimalSeparators = (dag: Dag, x: readonly number[], y: readonly number[], allowed: Uint8Array, limit: number): SeparatorList => {
  const n = dag.nodes.length
  const inX = maskOf(n, x)
  const inY = maskOf(n, y)
  if (x.some((v) => inY[v] === 1)) return { sets: [], complete: true }
  const within = walk(dag, [...x, ...y], false)
  const neighbours = moralNeighbours(dag, within)
  const removable = (v: number): boolean => allowed[v] === 1 && inX[v] === 0 && inY[v] === 0

  /** `seed` grown by every neighbour that cannot be in a separator; undefined when that reaches Y. */
  const closure = (seed: Uint8Array): Uint8Array | undefined => {
    const side = Uint8Array.from(seed)
    const stack: number[] = []
    for (let v = 0; v < n; v++) if (side[v] === 1) stack.push(v)
    while (stack.length > 0) {
      const v = stack.pop()!
      for (const w of neighbours[v]!) {
        if (side[w] === 1 || removable(w)) continue
        if (inY[w] === 1) return undefined
        side[w] = 1
        stack.push(w)
      }
    }
    return side
  }

  /** The nodes reached from `from` without entering `wall`. */
  const component = (from: readonly number[], wall: Uint8Array): Uint8Array => {
    const seen = new Uint8Array(n)
    const stack = from.filter((v) => wall[v] === 0)
    for (const v of stack) seen[v] = 1
    while (stack.length > 0) {
      const v = stack.pop()!
      for (const w of neighbours[v]!)
        if (seen[w] === 0 && wall[w] === 0) {
          seen[w] = 1
          stack.push(w)
        }
    }
    return seen
  }

  /** The separator closest to `side` (a closed set around X), and its X-side. */
  const closest = (side: Uint8Array): { readonly separator: number[]; readonly xSide: Uint8Array } => {
    const boundary = new Uint8Array(n)
    for (let v = 0; v < n; v++) if (side[v] === 1) for (const w of neighbours[v]!) if (side[w] === 0) boundary[w] = 1
    const ySide = component(y, boundary)
    const separator: number[] = []
    for (let v = 0; v < n; v++) if (boundary[v] === 1 && neighbours[v]!.some((w) => ySide[w] === 1)) separator.push(v)
    return { separator, xSide: component(x, maskOf(n, separator)) }
  }

  const start = closure(inX)
  if (start === undefined) return { sets: [], complete: true }
  const sets: number[][] = []
  const seen = new Set<string>()
  const queue: Uint8Array[] = [start]
  for (let head = 0; head < queue.length; head++) {
    const { separator, xSide } = closest(queue[head]!)
    const key = separator.join(',')
    if (seen.has(key)) continue
    if (sets.length === limit) return { sets, complete: false }
    seen.add(key)
    sets.push(separator)
    for (const v of separator) {
      const grown = Uint8Array.from(xSide)
      grown[v] = 1
      const next = closure(grown)
      if (next !== undefined) queue.push(next)
    }
  }
  return { sets, complete: true }
}

/** Adjacency of the moral graph of the nodes marked in `within` (an ancestral set). */
const moralNeighbours = (dag: Dag, within: Uint8Array): number[][] => {
  const sets: Set<number>[] = Array.from({ length: dag.nodes.length }, () => new Set())
  const link = (a: number, b: number): void => {
    sets[a]!.add(b)
    sets[b]!.add(a)
  }
  for (let v = 0; v < within.length; v++) {
    if (within[v] === 0) continue
    const ps = dag.parentIds[v]!
    for (let i = 0; i < ps.length; i++) {
      link(v, ps[i]!)
      for (let j = i + 1; j < ps.length; j++) link(ps[i]!, ps[j]!)
    }
  }
  return sets.map((s) => [...s])
}
