/**
 * Edits that return new DAGs: add, remove or reverse one edge. The input DAG is never
 * changed; node ids stay the same. Each edit re-validates the result (cycle check), in
 * O(V + E).
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildDag } from './build-dag.js'
import { storageOf, type Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { resolveNode } from './resolve.js'

const endpoints = (dag: Dag, from: string, to: string): E.Either<GraphError, readonly [number, number]> =>
  E.flatMap(resolveNode(dag, from), (f) => E.Functor.map(resolveNode(dag, to), (t) => [f, t] as const))

const rebuild = (dag: Dag, parents: (readonly number[])[]): E.Either<GraphError, Dag> =>
  buildDag(dag.nodes, storageOf(dag).index, parents)

/**
 * The DAG with edge `from -> to` added (`from` becomes the last parent of `to`).
 * Fails with `UnknownNode`, `SelfLoop`, `DuplicateEdge`, or `Cycle` (naming the cycle the edge would close).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, addEdge, describeError } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) {
 *   const back = addEdge(dag.right, 'c', 'a')
 *   if (E.isLeft(back)) describeError(back.left) // => 'cycle: a -> b -> c -> a'
 * }
 * ```
 */
export const addEdge = (dag: Dag, from: string, to: string): E.Either<GraphError, Dag> =>
  E.flatMap(endpoints(dag, from, to), ([f, t]) => {
    if (f === t) return E.left<GraphError>({ _tag: 'SelfLoop', node: from })
    if (dag.parentIds[t]!.includes(f)) return E.left<GraphError>({ _tag: 'DuplicateEdge', from, to })
    const parents = [...dag.parentIds]
    parents[t] = [...dag.parentIds[t]!, f]
    return rebuild(dag, parents)
  })

/**
 * The DAG with edge `from -> to` removed. Fails with `UnknownNode` or `EdgeNotFound`.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, removeEdge } from '@chainrule/graph'
 * const dag = E.flatMap(chain(['a', 'b', 'c']), (g) => removeEdge(g, 'a', 'c'))
 * if (E.isRight(dag)) dag.right.parentIds[2] // => [1]
 * ```
 */
export const removeEdge = (dag: Dag, from: string, to: string): E.Either<GraphError, Dag> =>
  E.flatMap(endpoints(dag, from, to), ([f, t]) => {
    if (!dag.parentIds[t]!.includes(f)) return E.left<GraphError>({ _tag: 'EdgeNotFound', from, to })
    const parents = [...dag.parentIds]
    parents[t] = dag.parentIds[t]!.filter((p) => p !== f)
    return rebuild(dag, parents)
  })

/**
 * The DAG with edge `from -> to` replaced by `to -> from` (`to` becomes the last parent
 * of `from`). Fails with `UnknownNode`, `EdgeNotFound`, or `Cycle` when another directed
 * path from `from` to `to` exists.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, reverseEdge } from '@chainrule/graph'
 * const dag = E.flatMap(chain(['a', 'b']), (g) => reverseEdge(g, 'a', 'b'))
 * if (E.isRight(dag)) dag.right.parentIds // => [[1], []]
 * ```
 */
export const reverseEdge = (dag: Dag, from: string, to: string): E.Either<GraphError, Dag> =>
  E.flatMap(endpoints(dag, from, to), ([f, t]) => {
    if (!dag.parentIds[t]!.includes(f)) return E.left<GraphError>({ _tag: 'EdgeNotFound', from, to })
    const parents = [...dag.parentIds]
    parents[t] = dag.parentIds[t]!.filter((p) => p !== f)
    parents[f] = [...dag.parentIds[f]!, t]
    return rebuild(dag, parents)
  })
