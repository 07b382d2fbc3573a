/**
 * Bayes-ball: every node d-connected to a source set X given an observed set Z, in
 * O(V + E).
 *
 * Koller & Friedman, "Probabilistic Graphical Models" (2009), Algorithm 3.1
 * (Reachable); Shachter, "Bayes-Ball" (UAI 1998). Phase 1 marks Z and its ancestors
 * (A). Phase 2 walks states (node, direction): "up" means the trail arrived from a
 * child, "down" from a parent. From (v, up) with v not in Z the trail may continue to
 * any parent (up) or child (down); from (v, down) with v not in Z it continues to
 * children (down), and if v is in A (v is an active collider: in Z or an ancestor of
 * Z) to parents (up). Each of the 2V states is pushed at most once and scans its
 * adjacency once, hence linear time.
 */
import * as E from 'fp-ts/lib/Either.js'
import { ancestorMask } from './closure.js'
import { storageOf, type Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { namesOfMask, resolveNodes } from './resolve.js'

/**
 * Dense-id Bayes-ball kernel: a mask (1 = reachable) of every node with an active trail
 * from some source given `given`. Sources not in `given` are reachable (a node is
 * d-connected to itself); observed nodes never are. Ids must be valid (trusted).
 *
 * When `observedReached` is given (length = node count), it is set to 1 for every
 * observed node that an active trail arrives at (Shachter's requisite observations):
 * the sources are independent of the observed nodes left at 0 given the others, so
 * P(sources | given) = P(sources | given nodes marked here).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, reachableMask } from '@chainrule/graph'
 * const dag = chain(['a', 'b'])
 * if (E.isRight(dag)) reachableMask(dag.right, [0], []) // => Uint8Array.of(1, 1)
 * ```
 */
export const reachableMask = (
  dag: Dag,
  sources: ArrayLike<number>,
  given: ArrayLike<number>,
  observedReached?: Uint8Array,
): Uint8Array => {
  const n = dag.nodes.length
  const { parentStart, parentList, childStart, childList } = storageOf(dag)
  const observed = new Uint8Array(n)
  for (let i = 0; i < given.length; i++) observed[given[i]!] = 1
  const active = ancestorMask(dag, given)
  const reached = new Uint8Array(n)
  // visited bit 1: state (v, up); bit 2: state (v, down). A state is marked when pushed.
  const visited = new Uint8Array(n)
  const stack = new Int32Array(2 * n) // encoded state: 2 * v + (0 up | 1 down)
  let top = 0
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!
    if ((visited[s]! & 1) === 0) {
      visited[s]! |= 1
      stack[top++] = 2 * s
    }
  }
  while (top > 0) {
    const state = stack[--top]!
    const v = state >> 1
    const isObserved = observed[v] === 1
    if (!isObserved) reached[v] = 1
    else if (observedReached !== undefined) observedReached[v] = 1
    if ((state & 1) === 0) {
      if (isObserved) continue
      for (let k = parentStart[v]!; k < parentStart[v + 1]!; k++) {
        const p = parentList[k]!
        if ((visited[p]! & 1) === 0) {
          visited[p]! |= 1
          stack[top++] = 2 * p
        }
      }
      for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
        const c = childList[k]!
        if ((visited[c]! & 2) === 0) {
          visited[c]! |= 2
          stack[top++] = 2 * c + 1
        }
      }
    } else {
      if (!isObserved)
        for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
          const c = childList[k]!
          if ((visited[c]! & 2) === 0) {
            visited[c]! |= 2
            stack[top++] = 2 * c + 1
          }
        }
      if (active[v] === 1)
        for (let k = parentStart[v]!; k < parentStart[v + 1]!; k++) {
          const p = parentList[k]!
          if ((visited[p]! & 1) === 0) {
            visited[p]! |= 1
            stack[top++] = 2 * p
          }
        }
    }
  }
  return reached
}

/**
 * Every node d-connected to some node of `from` given `given` (Bayes-ball, linear
 * time), in declaration order. Nodes of `from` not in `given` are included; nodes of
 * `given` never are.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, reachable } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']])
 * if (E.isRight(dag)) {
 *   reachable(dag.right, ['rain'], []) // => E.right(['rain', 'wet'])
 *   reachable(dag.right, ['rain'], ['wet']) // => E.right(['rain', 'sprinkler'])
 * }
 * ```
 */
export const reachable = (
  dag: Dag,
  from: Iterable<string>,
  given: Iterable<string>,
): E.Either<GraphError, readonly string[]> =>
  E.flatMap(resolveNodes(dag, from), (xs) =>
    E.Functor.map(resolveNodes(dag, given), (zs) => namesOfMask(dag, reachableMask(dag, xs, zs))),
  )
