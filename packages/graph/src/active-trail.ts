/**
 * A witness for d-connection: one active trail from x to y given Z.
 *
 * Breadth-first Bayes-ball over the same (node, direction) states as `reachable.ts`,
 * keeping each state's predecessor. A shortest state path never visits a node twice
 * (if it reached v twice, the moves available at the first visit include those at the
 * second, or the second is a dead end, so cutting the loop gives a shorter path), hence
 * the trail read back from it is a simple trail, active given Z: every collider on it
 * is in Z or has a descendant in Z, and no other node on it is in Z. O(V + E).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { ancestorMask } from './closure.js'
import { storageOf, type Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { resolveNode, resolveNodes } from './resolve.js'

/**
 * An active trail from `x` to `y` given `z` as a list of node names (`[x, ..., y]`,
 * consecutive nodes adjacent in either direction), or `none` when x and y are
 * d-separated given z. `[x]` when `x === y` and x is not in z. `UnknownNode` if a name
 * is not in the DAG.
 *
 * @example
 * ```ts
 * import { either as E, option as O } from 'fp-ts'
 * import { fromEdges, activeTrail } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet'], ['wet', 'slippery']])
 * if (E.isRight(dag)) {
 *   activeTrail(dag.right, 'rain', 'sprinkler', ['slippery']) // => E.right(O.some(['rain', 'wet', 'sprinkler']))
 *   activeTrail(dag.right, 'rain', 'sprinkler', []) // => E.right(O.none)
 * }
 * ```
 */
export const activeTrail = (
  dag: Dag,
  x: string,
  y: string,
  z: Iterable<string>,
): E.Either<GraphError, O.Option<readonly string[]>> =>
  E.flatMap(resolveNode(dag, x), (xi) =>
    E.flatMap(resolveNode(dag, y), (yi) => E.Functor.map(resolveNodes(dag, z), (zs) => trailIds(dag, xi, yi, zs))),
  )

const trailIds = (dag: Dag, x: number, y: number, given: readonly number[]): O.Option<readonly string[]> => {
  const n = dag.nodes.length
  const { parentStart, parentList, childStart, childList } = storageOf(dag)
  const observed = new Uint8Array(n)
  for (const v of given) observed[v] = 1
  if (observed[x] === 1 || observed[y] === 1) return O.none
  if (x === y) return O.some([dag.nodes[x]!])
  const active = ancestorMask(dag, given)
  const predecessor = new Int32Array(2 * n).fill(-2) // -2 unvisited, -1 start
  const queue = new Int32Array(2 * n)
  let tail = 0
  predecessor[2 * x] = -1
  queue[tail++] = 2 * x
  let found = -1
  const visit = (state: number, from: number): boolean => {
    if (predecessor[state] !== -2) return false
    predecessor[state] = from
    queue[tail++] = state
    return state >> 1 === y
  }
  search: for (let head = 0; head < tail; head++) {
    const state = queue[head]!
    const v = state >> 1
    const up = (state & 1) === 0
    if (observed[v] === 1 && up) continue
    if (observed[v] === 0)
      for (let k = childStart[v]!; k < childStart[v + 1]!; k++)
        if (visit(2 * childList[k]! + 1, state)) {
          found = 2 * childList[k]! + 1
          break search
        }
    if (up ? observed[v] === 0 : active[v] === 1)
      for (let k = parentStart[v]!; k < parentStart[v + 1]!; k++)
        if (visit(2 * parentList[k]!, state)) {
          found = 2 * parentList[k]!
          break search
        }
  }
  if (found < 0) return O.none
  const trail: string[] = []
  for (let s = found; s !== -1; s = predecessor[s]!) trail.push(dag.nodes[s >> 1]!)
  return O.some(trail.reverse())
}
