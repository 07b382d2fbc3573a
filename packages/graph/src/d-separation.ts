/**
 * d-separation of node sets, by Bayes-ball (see `reachable.ts`): X and Y are
 * d-separated given Z iff no node of Y is reachable from X given Z. O(V + E).
 *
 * Conventions: a node in both X and Y but not in Z is d-connected to itself; a node
 * in Z is separated from everything (it is known). Empty X or Y is trivially separated.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { reachableMask } from './reachable.js'
import { onNodeSets } from './resolve.js'

/**
 * Whether every node of `x` is d-separated from every node of `y` given `z`
 * (i.e. the DAG asserts X ⟂ Y | Z). `UnknownNode` if any name is not in the DAG.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, dSeparated } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']])
 * if (E.isRight(dag)) {
 *   dSeparated(dag.right, ['rain'], ['sprinkler'], []) // => E.right(true)
 *   // explaining away
 *   dSeparated(dag.right, ['rain'], ['sprinkler'], ['wet']) // => E.right(false)
 * }
 * ```
 */
export const dSeparated = (
  dag: Dag,
  x: Iterable<string>,
  y: Iterable<string>,
  z: Iterable<string>,
): E.Either<GraphError, boolean> =>
  onNodeSets(dag, x, y, z, (xs, ys, zs) => {
    const reached = reachableMask(dag, xs, zs)
    return ys.every((v) => reached[v] === 0)
  })
