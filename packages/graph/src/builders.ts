/**
 * Builders for the structures a Bayesian network starts from: the full-independence
 * assumption, the chain rule, k-th order Markov chains, and arbitrary DAGs given as
 * parent lists or edge lists. All validate their input and return `Either<GraphError, Dag>`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildDag, indexNames } from './build-dag.js'
import type { Dag } from './dag.js'
import type { GraphError } from './errors.js'

/**
 * The DAG with no edges: every variable independent of every other (full independence).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { independent } from '@chainrule/graph'
 * const dag = independent(['x1', 'x2', 'x3'])
 * if (E.isRight(dag)) dag.right.parentIds // => [[], [], []]
 * ```
 */
export const independent = (vars: readonly string[]): E.Either<GraphError, Dag> => markov(vars, 0)

/**
 * The chain-rule DAG: every variable's parents are all variables before it in `order`
 * (p(x1..xn) = prod_i p(x_i | x_1..x_{i-1})). It asserts no independence at all.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) dag.right.parentIds[2] // => [0, 1]
 * ```
 */
export const chain = (order: readonly string[]): E.Either<GraphError, Dag> => markov(order, Math.max(0, order.length - 1))

/**
 * The k-th order Markov chain along `order`: the parents of the i-th variable are the k
 * variables before it (oldest first), so X_i is independent of X_1..X_{i-k-1} given
 * X_{i-k}..X_{i-1}. `k = 0` is {@link independent}; `k >= n - 1` is {@link chain}.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { markov } from '@chainrule/graph'
 * const dag = markov(['x1', 'x2', 'x3', 'x4'], 2)
 * if (E.isRight(dag)) dag.right.parentIds[3] // => [1, 2]
 * ```
 */
export const markov = (order: readonly string[], k = 1): E.Either<GraphError, Dag> => {
  if (!Number.isInteger(k) || k < 0) return E.left({ _tag: 'InvalidMarkovOrder', k })
  return E.flatMap(indexNames(order, (i) => `position ${i} of the order`), (index) => {
    const parents: number[][] = new Array(order.length)
    for (let i = 0; i < order.length; i++) {
      const ps: number[] = []
      for (let j = Math.max(0, i - k); j < i; j++) ps.push(j)
      parents[i] = ps
    }
    return buildDag(order, index, parents)
  })
}

/**
 * A DAG from each variable's parent list. Key order is declaration order (node ids);
 * parents need not be declared before their children, but every parent must itself be
 * a key. A `Map` keeps any key order; a plain object moves integer-like keys first
 * (JavaScript's own rule), so use a `Map` for names like `'1'`.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromParents, describeError } from '@chainrule/graph'
 * const dag = fromParents({ wet: ['rain', 'sprinkler'], rain: [], sprinkler: [] })
 * if (E.isRight(dag)) dag.right.topologicalIds // => [1, 2, 0]
 * const bad = fromParents({ a: ['b'], b: ['a'] })
 * if (E.isLeft(bad)) describeError(bad.left) // => 'cycle: a -> b -> a'
 * ```
 */
export const fromParents = (
  parents: Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>,
): E.Either<GraphError, Dag> => {
  const entries: [string, readonly string[]][] =
    parents instanceof Map ? [...parents.entries()] : Object.entries(parents as Readonly<Record<string, readonly string[]>>)
  const names = entries.map(([name]) => name)
  return E.flatMap(indexNames(names, (i) => `key ${i}`), (index) => {
    const parentIds: number[][] = new Array(names.length)
    for (let v = 0; v < entries.length; v++) {
      const [name, ps] = entries[v]!
      const ids: number[] = []
      for (let j = 0; j < ps.length; j++) {
        const p = ps[j]!
        if (typeof p !== 'string' || p.length === 0)
          return E.left<GraphError>({ _tag: 'EmptyName', where: `parent ${j} of ${name}` })
        const id = index.get(p)
        if (id === undefined) return E.left<GraphError>({ _tag: 'UnknownNode', node: p })
        ids.push(id)
      }
      parentIds[v] = ids
    }
    return buildDag(names, index, parentIds)
  })
}

/**
 * A DAG from `[parent, child]` edges. Nodes are declared in this order: first
 * `nodes` (which may also list isolated variables), then any other name in order of
 * first mention in `edges`. Each child's parents keep the order of its edges.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']], ['season'])
 * if (E.isRight(dag)) dag.right.nodes // => ['season', 'rain', 'wet', 'sprinkler']
 * ```
 */
export const fromEdges = (
  edges: readonly (readonly [string, string])[],
  nodes: readonly string[] = [],
): E.Either<GraphError, Dag> =>
  E.flatMap(indexNames(nodes, (i) => `node ${i}`), (index) => {
    const names = [...nodes]
    const parentIds: number[][] = names.map(() => [])
    const idFor = (name: string): number => {
      let id = index.get(name)
      if (id === undefined) {
        id = names.length
        index.set(name, id)
        names.push(name)
        parentIds.push([])
      }
      return id
    }
    for (let e = 0; e < edges.length; e++) {
      const [from, to] = edges[e]!
      if (typeof from !== 'string' || from.length === 0)
        return E.left<GraphError>({ _tag: 'EmptyName', where: `edge ${e} (from)` })
      if (typeof to !== 'string' || to.length === 0)
        return E.left<GraphError>({ _tag: 'EmptyName', where: `edge ${e} (to)` })
      const p = idFor(from)
      parentIds[idFor(to)]!.push(p)
    }
    return buildDag(names, index, parentIds)
  })
