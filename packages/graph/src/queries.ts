/**
 * Structural queries by name. Those naming a node return `Either` with `UnknownNode`
 * when the node is not in the DAG. Node lists come back in declaration order unless
 * stated otherwise (parents keep their declared order).
 */
import * as E from 'fp-ts/lib/Either.js'
import { ancestorMask, descendantMask } from './closure.js'
import { idOf, type Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { resolveNode } from './resolve.js'

const namesOf = (dag: Dag, ids: readonly number[]): string[] => ids.map((id) => dag.nodes[id]!)

/**
 * The parents of `node`, in declared order (the order a CPT's rows follow).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromParents, parents } from '@chainrule/graph'
 * const dag = fromParents({ a: [], b: [], c: ['b', 'a'] })
 * if (E.isRight(dag)) parents(dag.right, 'c') // => E.right(['b', 'a'])
 * ```
 */
export const parents = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (id) => namesOf(dag, dag.parentIds[id]!))

/**
 * The children of `node`, in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, children } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) children(dag.right, 'a') // => E.right(['b', 'c'])
 * ```
 */
export const children = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (id) => namesOf(dag, dag.childIds[id]!))

/**
 * The family of `node`: its parents (declared order) followed by the node itself, i.e. a CPT's scope.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, family } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) family(dag.right, 'c') // => E.right(['a', 'b', 'c'])
 * ```
 */
export const family = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (id) => [...namesOf(dag, dag.parentIds[id]!), node])

/**
 * The strict ancestors of `node` (not the node itself), in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { markov, ancestors } from '@chainrule/graph'
 * const dag = markov(['a', 'b', 'c'])
 * if (E.isRight(dag)) ancestors(dag.right, 'c') // => E.right(['a', 'b'])
 * ```
 */
export const ancestors = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (id) => {
    const mask = ancestorMask(dag, [id])
    return dag.nodes.filter((_, v) => v !== id && mask[v] === 1)
  })

/**
 * The strict descendants of `node` (not the node itself), in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { markov, descendants } from '@chainrule/graph'
 * const dag = markov(['a', 'b', 'c'])
 * if (E.isRight(dag)) descendants(dag.right, 'a') // => E.right(['b', 'c'])
 * ```
 */
export const descendants = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (id) => {
    const mask = descendantMask(dag, [id])
    return dag.nodes.filter((_, v) => v !== id && mask[v] === 1)
  })

/**
 * The DAG's fixed topological order, as names (parents always before children; ties
 * broken by declaration order).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromParents, topologicalOrder } from '@chainrule/graph'
 * const dag = fromParents({ c: ['a', 'b'], b: ['a'], a: [] })
 * if (E.isRight(dag)) topologicalOrder(dag.right) // => ['a', 'b', 'c']
 * ```
 */
export const topologicalOrder = (dag: Dag): readonly string[] => namesOf(dag, dag.topologicalIds)

/**
 * Whether `order` lists every node of the DAG exactly once with each parent before its children.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, isTopologicalOrder } from '@chainrule/graph'
 * const dag = chain(['a', 'b'])
 * if (E.isRight(dag)) isTopologicalOrder(dag.right, ['b', 'a']) // => false
 * ```
 */
export const isTopologicalOrder = (dag: Dag, order: readonly string[]): boolean => {
  const n = dag.nodes.length
  if (order.length !== n) return false
  const position = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    const id = idOf(dag, order[i]!)
    if (id === undefined || position[id] !== -1) return false
    position[id] = i
  }
  for (let v = 0; v < n; v++) for (const p of dag.parentIds[v]!) if (position[p]! > position[v]!) return false
  return true
}

/**
 * The nodes without parents, in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, roots } from '@chainrule/graph'
 * const dag = fromEdges([['a', 'c'], ['b', 'c']])
 * if (E.isRight(dag)) roots(dag.right) // => ['a', 'b']
 * ```
 */
export const roots = (dag: Dag): readonly string[] => dag.nodes.filter((_, v) => dag.parentIds[v]!.length === 0)

/**
 * The nodes without children, in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, leaves } from '@chainrule/graph'
 * const dag = fromEdges([['a', 'c'], ['b', 'c']])
 * if (E.isRight(dag)) leaves(dag.right) // => ['c']
 * ```
 */
export const leaves = (dag: Dag): readonly string[] => dag.nodes.filter((_, v) => dag.childIds[v]!.length === 0)
