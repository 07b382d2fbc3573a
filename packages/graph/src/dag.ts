/**
 * The `Dag` value: an immutable directed acyclic graph over variable names.
 *
 * Public fields are dense-id arrays (node id = position in `nodes`, the declaration
 * order) so that numeric code (models, inference) can walk the structure without
 * string keys. Behind a module-private symbol each DAG also carries the name -> id
 * map, a CSR (compressed sparse row) copy of both adjacency lists in `Int32Array`s
 * for the linear-time kernels, and its graphology `DirectedGraph` (which users copy
 * out with `toGraphology`). The graphology graph is materialised on first use and then
 * cached: building it costs about 1 µs per edge, which would dominate builders such as
 * `chain` over 784 pixels (306,936 edges) that never need it.
 *
 * Construction (`build-dag.ts`) validates everything once; this module holds
 * the value, its private storage and the accessors.
 */
import { DirectedGraph } from 'graphology'

const storageKey: unique symbol = Symbol('chainrule/graph.storage')

/** Private per-DAG storage; never handed out mutably. */
export interface DagStorage {
  /** The graphology graph, built on first use (see `graphOf`). */
  graph: DirectedGraph | undefined
  readonly index: ReadonlyMap<string, number>
  /** Parents of `v` are `parentList[parentStart[v] .. parentStart[v+1])`, declared order. */
  readonly parentStart: Int32Array
  readonly parentList: Int32Array
  /** Children of `v` are `childList[childStart[v] .. childStart[v+1])`, ascending id. */
  readonly childStart: Int32Array
  readonly childList: Int32Array
}

/**
 * An immutable DAG over variable names. Node ids are dense integers: the position of
 * the node in `nodes` (declaration order).
 *
 * - `nodes[id]` is the name of node `id`.
 * - `parentIds[id]` lists the parents of `id` in declared order (a CPT's layout follows it).
 * - `childIds[id]` lists the children of `id` in ascending id order.
 * - `topologicalIds` is one fixed topological order (the lexicographically smallest by id).
 *
 * Build one with `fromParents`, `fromEdges`, `independent`, `chain` or `markov`.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromParents } from '@chainrule/graph'
 * const dag = fromParents({ rain: [], sprinkler: ['rain'], wet: ['sprinkler', 'rain'] })
 * if (E.isRight(dag)) dag.right.parentIds[2] // => [1, 0]
 * ```
 */
export interface Dag {
  readonly nodes: readonly string[]
  readonly parentIds: readonly (readonly number[])[]
  readonly childIds: readonly (readonly number[])[]
  readonly topologicalIds: readonly number[]
  readonly [storageKey]: DagStorage
}

/** The private storage of a DAG (for this package's kernels only; not re-exported). */
export const storageOf = (dag: Dag): DagStorage => dag[storageKey]

/**
 * The dense id of a node name, or `undefined` if the DAG has no such node.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, idOf } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) idOf(dag.right, 'c') // => 2
 * ```
 */
export const idOf = (dag: Dag, name: string): number | undefined => dag[storageKey].index.get(name)

/**
 * A fresh graphology `DirectedGraph` copy of the DAG (nodes keyed by name, with attribute
 * `id`; each node's in-edges inserted in declared parent order). Mutating it does not
 * affect the DAG.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, toGraphology } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) toGraphology(dag.right).size // => 3
 * ```
 */
export const toGraphology = (dag: Dag): DirectedGraph => graphOf(dag).copy() as DirectedGraph

/** The DAG's graphology graph (shared, never handed out: callers must not mutate it). */
const graphOf = (dag: Dag): DirectedGraph => {
  const storage = dag[storageKey]
  if (storage.graph === undefined) {
    const graph = new DirectedGraph({ allowSelfLoops: false, multi: false })
    dag.nodes.forEach((name, v) => graph.addNode(name, { id: v }))
    dag.parentIds.forEach((ps, v) => {
      for (const p of ps) graph.addEdge(dag.nodes[p]!, dag.nodes[v]!)
    })
    storage.graph = graph
  }
  return storage.graph
}

/**
 * Freeze a checked DAG's public arrays and attach its private storage
 * (`build-dag.ts` calls this once everything is validated).
 */
export const sealDag = (
  names: readonly string[],
  parentIds: readonly (readonly number[])[],
  childIds: readonly (readonly number[])[],
  topological: readonly number[],
  storage: DagStorage,
): Dag => {
  const dag = {
    nodes: Object.freeze([...names]),
    parentIds: Object.freeze(parentIds),
    childIds: Object.freeze(childIds),
    topologicalIds: Object.freeze(topological),
  }
  Object.defineProperty(dag, storageKey, { value: storage, enumerable: false })
  return Object.freeze(dag) as Dag
}

/**
 * Number of edges of the DAG.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, edgeCount } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c', 'd'])
 * if (E.isRight(dag)) edgeCount(dag.right) // => 6
 * ```
 */
export const edgeCount = (dag: Dag): number => dag[storageKey].parentList.length

/**
 * All edges as `[parent, child]` name pairs, grouped by child in id order, parents in declared order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromParents, edges } from '@chainrule/graph'
 * const dag = fromParents({ a: [], b: ['a'] })
 * if (E.isRight(dag)) edges(dag.right) // => [['a', 'b']]
 * ```
 */
export const edges = (dag: Dag): readonly (readonly [string, string])[] => {
  const out: (readonly [string, string])[] = []
  dag.parentIds.forEach((ps, v) => {
    for (const p of ps) out.push([dag.nodes[p]!, dag.nodes[v]!])
  })
  return out
}
