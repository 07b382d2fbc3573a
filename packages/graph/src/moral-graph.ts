/**
 * Moralisation, ancestral subgraphs, and the second d-separation algorithm.
 *
 * Lauritzen, Dawid, Larsen & Leimer, "Independence properties of directed Markov
 * fields" (Networks, 1990): X ⟂ Y | Z holds in a DAG iff Z separates X from Y in the
 * moral graph of the ancestral subgraph of X ∪ Y ∪ Z. This is an independent check on
 * Bayes-ball (the tests compare the two), and the moral graph is what junction-tree
 * and variable-elimination code triangulates.
 */
import * as E from 'fp-ts/lib/Either.js'
import { ancestorMask } from './closure.js'
import { buildDag } from './build-dag.js'
import type { Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { onNodeSets, resolveNodes } from './resolve.js'

/** A plain undirected graph over the same ids as the DAG it came from. */
export interface UndirectedAdjacency {
  /** id -> name (the DAG's declaration order). */
  readonly nodes: readonly string[]
  /** id -> neighbour ids, ascending. */
  readonly neighborIds: readonly (readonly number[])[]
  /** Each edge once, as `[a, b]` with id(a) < id(b), sorted by ids. */
  readonly edges: readonly (readonly [string, string])[]
}

/** Moral adjacency (sets of neighbour ids) of the nodes in `keep` (all if undefined). */
const moralSets = (dag: Dag, keep: Uint8Array | undefined): Set<number>[] => {
  const n = dag.nodes.length
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>())
  for (let v = 0; v < n; v++) {
    if (keep !== undefined && keep[v] === 0) continue
    const ps = dag.parentIds[v]!
    for (let i = 0; i < ps.length; i++) {
      const a = ps[i]!
      sets[a]!.add(v)
      sets[v]!.add(a)
      // "Marry" the parents: co-parents of a common child become adjacent.
      for (let j = i + 1; j < ps.length; j++) {
        const b = ps[j]!
        sets[a]!.add(b)
        sets[b]!.add(a)
      }
    }
  }
  return sets
}

/**
 * The moral graph: the DAG's skeleton plus an edge between every two parents of a
 * common child, as plain undirected adjacency over the DAG's ids.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, moralGraph } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']])
 * if (E.isRight(dag)) moralGraph(dag.right).edges
 * // => [['rain', 'wet'], ['rain', 'sprinkler'], ['wet', 'sprinkler']]
 * ```
 */
export const moralGraph = (dag: Dag): UndirectedAdjacency => {
  const sets = moralSets(dag, undefined)
  const neighborIds = sets.map((s) => Object.freeze([...s].sort((a, b) => a - b)))
  const edges: (readonly [string, string])[] = []
  neighborIds.forEach((ns, a) => {
    for (const b of ns) if (a < b) edges.push([dag.nodes[a]!, dag.nodes[b]!])
  })
  return Object.freeze({ nodes: dag.nodes, neighborIds: Object.freeze(neighborIds), edges: Object.freeze(edges) })
}

/**
 * The sub-DAG induced by `nodes` and all their ancestors. Nodes keep their relative
 * declaration order (ids are renumbered densely) and their declared parent order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, ancestralSubgraph } from '@chainrule/graph'
 * const dag = fromEdges([['a', 'b'], ['b', 'c'], ['x', 'c']])
 * const sub = E.flatMap(dag, (g) => ancestralSubgraph(g, ['b']))
 * if (E.isRight(sub)) sub.right.nodes // => ['a', 'b']
 * ```
 */
export const ancestralSubgraph = (dag: Dag, nodes: Iterable<string>): E.Either<GraphError, Dag> =>
  E.flatMap(resolveNodes(dag, nodes), (ids) => {
    const keep = ancestorMask(dag, ids)
    const newId = new Int32Array(dag.nodes.length).fill(-1)
    const names: string[] = []
    const parents: number[][] = []
    const index = new Map<string, number>()
    dag.nodes.forEach((name, v) => {
      if (keep[v] === 0) return
      newId[v] = names.length
      index.set(name, names.length)
      names.push(name)
    })
    dag.nodes.forEach((_, v) => {
      if (keep[v] === 1) parents.push(dag.parentIds[v]!.map((p) => newId[p]!))
    })
    return buildDag(names, index, parents)
  })

/**
 * d-separation by the moralised ancestral graph criterion (Lauritzen et al. 1990):
 * moralise the ancestral subgraph of X ∪ Y ∪ Z, delete Z, and ask whether any path
 * joins X to Y. Same answers and conventions as `dSeparated` (which uses Bayes-ball and
 * is faster); provided as an independent algorithm and for teaching.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, dSeparatedByMoralGraph } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']])
 * if (E.isRight(dag)) dSeparatedByMoralGraph(dag.right, ['rain'], ['sprinkler'], ['wet']) // => E.right(false)
 * ```
 */
export const dSeparatedByMoralGraph = (
  dag: Dag,
  x: Iterable<string>,
  y: Iterable<string>,
  z: Iterable<string>,
): E.Either<GraphError, boolean> =>
  onNodeSets(dag, x, y, z, (xs, ys, zs) => {
    const n = dag.nodes.length
    const keep = ancestorMask(dag, [...xs, ...ys, ...zs])
    const sets = moralSets(dag, keep)
    const blocked = new Uint8Array(n)
    for (const v of zs) blocked[v] = 1
    const target = new Uint8Array(n)
    for (const v of ys) target[v] = 1
    const seen = new Uint8Array(n)
    const queue: number[] = []
    for (const v of xs)
      if (blocked[v] === 0 && seen[v] === 0) {
        seen[v] = 1
        queue.push(v)
      }
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head]!
      if (target[u] === 1) return false
      for (const w of sets[u]!)
        if (blocked[w] === 0 && seen[w] === 0) {
          seen[w] = 1
          queue.push(w)
        }
    }
    return true
  })
