/**
 * Parent policies: which earlier variables each variable of an autoregressive
 * chain is conditioned on. p(x) = prod_i p(x_{o_i} | parents(o_i)), where every
 * parent comes before its child in the ordering `o`, so the result is a DAG by
 * construction (the ordering is a topological order of it).
 *
 * Policies work on plain variable indices; a grid is needed only by `window`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Ordering } from './orderings.js'
import { positionsOf } from './orderings.js'

/** The grid an autoregressive model lives on: cell (x, y) is variable `y * width + x`. */
export interface Grid {
  readonly width: number
  readonly height: number
}

/**
 * Which earlier variables each variable depends on.
 * - `fullHistory`: all earlier variables (the chain rule, no assumption).
 * - `lastK`: the k previous variables in the ordering (k-th order Markov).
 * - `window`: the earlier cells within Chebyshev distance `radius` on the grid
 *   (a causal neighbourhood), nearest first, keeping at most `max` of them.
 * - `custom`: a user function from (variable, position, ordering) to parents;
 *   checked to pick only earlier variables.
 */
export type ParentPolicy =
  | { readonly kind: 'fullHistory' }
  | { readonly kind: 'lastK'; readonly k: number }
  | { readonly kind: 'window'; readonly radius: number; readonly max?: number }
  | {
      readonly kind: 'custom'
      /** The parents of `variable`, at `position` in `ordering`: earlier variables only. */
      readonly parents: (variable: number, position: number, ordering: Ordering) => readonly number[]
    }

const badOption = (option: string, value: unknown, reason: string): NetworkError => ({
  _tag: 'InvalidOption',
  option,
  value: String(value),
  reason,
})

const lastK = (ordering: Ordering, k: number): number[][] => {
  const result = new Array<number[]>(ordering.length)
  for (let i = 0; i < ordering.length; i++) result[ordering[i]!] = ordering.slice(Math.max(0, i - k), i)
  return result
}

const windowParents = (ordering: Ordering, grid: Grid, radius: number, max: number): number[][] => {
  const position = positionsOf(ordering)
  const { width, height } = grid
  const result = new Array<number[]>(ordering.length)
  for (let v = 0; v < ordering.length; v++) {
    const x = v % width
    const y = (v - x) / width
    const candidates: { cell: number; distance: number; position: number }[] = []
    for (let dy = -radius; dy <= radius; dy++)
      for (let dx = -radius; dx <= radius; dx++) {
        const nx = x + dx
        const ny = y + dy
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue
        const cell = ny * width + nx
        if (position[cell]! < position[v]!) candidates.push({ cell, distance: dx * dx + dy * dy, position: position[cell]! })
      }
    // Nearest first; among equally near cells, the most recently generated first.
    candidates.sort((a, b) => a.distance - b.distance || b.position - a.position)
    // Parents are stored in ordering order so that tables read naturally (oldest parent first).
    result[v] = candidates
      .slice(0, max)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.cell)
  }
  return result
}

/**
 * The parents of every variable (indexed by variable, not by position) under
 * a policy and an ordering (assumed a valid permutation). Errors: a bad k,
 * radius or max, a `window` policy without a grid or with a grid whose size
 * differs from the ordering, and a `custom` function that picks a variable that
 * is not earlier, out of range, or twice.
 *
 * @example
 * ```ts
 * import { parentsFromPolicy } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * parentsFromPolicy([0, 1, 2, 3], { kind: 'lastK', k: 1 }) // => E.right([[], [0], [1], [2]])
 * parentsFromPolicy([0, 1, 2, 3], { kind: 'window', radius: 1 }, { width: 2, height: 2 }) // => E.right([[], [0], [0, 1], [0, 1, 2]])
 * ```
 */
export const parentsFromPolicy = (
  ordering: Ordering,
  policy: ParentPolicy,
  grid?: Grid,
): E.Either<NetworkError, readonly (readonly number[])[]> => {
  const n = ordering.length
  switch (policy.kind) {
    case 'fullHistory':
      return E.right(lastK(ordering, n))
    case 'lastK':
      if (!Number.isSafeInteger(policy.k) || policy.k < 0) return E.left(badOption('k', policy.k, 'expected a non-negative integer'))
      return E.right(lastK(ordering, policy.k))
    case 'window': {
      if (grid === undefined) return E.left(badOption('grid', 'undefined', 'a window policy needs a grid'))
      if (grid.width * grid.height !== n)
        return E.left(badOption('grid', `${grid.width}x${grid.height}`, `the ordering has ${n} variables`))
      if (!Number.isSafeInteger(policy.radius) || policy.radius < 0)
        return E.left(badOption('radius', policy.radius, 'expected a non-negative integer'))
      const max = policy.max ?? Number.MAX_SAFE_INTEGER
      if (!Number.isSafeInteger(max) || max < 0) return E.left(badOption('max', max, 'expected a non-negative integer'))
      return E.right(windowParents(ordering, grid, policy.radius, max))
    }
    case 'custom': {
      const position = positionsOf(ordering)
      const result = new Array<readonly number[]>(n)
      for (let i = 0; i < n; i++) {
        const v = ordering[i]!
        const parents = policy.parents(v, i, ordering)
        const seen = new Set<number>()
        for (const p of parents) {
          if (!Number.isInteger(p) || p < 0 || p >= n) return E.left(badOption('parents', p, `parent of ${v} is not a variable index in 0..${n - 1}`))
          if (seen.has(p)) return E.left(badOption('parents', p, `parent of ${v} is listed twice`))
          seen.add(p)
          if (position[p]! >= i) return E.left({ _tag: 'ParentNotEarlier', variable: String(v), parent: String(p) })
        }
        result[v] = [...parents]
      }
      return E.right(result)
    }
  }
}
