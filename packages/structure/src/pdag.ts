/**
 * Partially directed graphs: equivalence classes of DAGs and their members.
 *
 * A `Pdag` stores marks in an n x n matrix, bnlearn's adjacency-matrix
 * convention: `marks[u * n + v] = 1` means an edge leaves u towards v; an arc
 * u -> v has that mark only, an undirected edge u - v has both.
 *
 * - `cpdagOf(dag)`: the completed PDAG (essential graph) of the DAG's Markov
 *   equivalence class: its skeleton with the v-structures directed, closed
 *   under Meek's rules (Meek 1995; Verma & Pearl 1990).
 * - `meekClosure`: Meek's rules R1-R4 applied until nothing changes.
 * - `consistentExtension`: a DAG in the class a PDAG describes (same skeleton,
 *   same v-structures, every arc kept), by Dor & Tarsi (1992): repeatedly take
 *   a sink whose undirected neighbours are adjacent to all its other
 *   neighbours, orient its undirected edges into it, remove it.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import type { StructureError } from './errors.js'
import { dagOf } from './named-dag.js'

/** A partially directed graph over named nodes (see the file header for the marks). */
export interface Pdag {
  readonly nodes: readonly string[]
  readonly marks: Uint8Array
}

const adjacent = (m: Uint8Array, n: number, a: number, b: number): boolean => m[a * n + b] === 1 || m[b * n + a] === 1
const directed = (m: Uint8Array, n: number, a: number, b: number): boolean => m[a * n + b] === 1 && m[b * n + a] === 0
const undirected = (m: Uint8Array, n: number, a: number, b: number): boolean => m[a * n + b] === 1 && m[b * n + a] === 1

/**
 * The DAG as a PDAG (every edge directed).
 *
 * @example
 * ```ts
 * import { fromEdges } from '@chainrule/graph'
 * import { pdagOfDag, arcsOf } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['a', 'b']])
 * if (E.isRight(dag)) arcsOf(pdagOfDag(dag.right)) // => [['a', 'b']]
 * ```
 */
export const pdagOfDag = (dag: Dag): Pdag => {
  const n = dag.nodes.length
  const marks = new Uint8Array(n * n)
  dag.parentIds.forEach((ps, v) => {
    for (const u of ps) marks[u * n + v] = 1
  })
  return { nodes: dag.nodes, marks }
}

/**
 * Apply Meek's orientation rules until none applies (a fresh PDAG):
 * R1 a -> b - c, a and c not adjacent: b -> c.
 * R2 a -> c -> b with a - b: a -> b.
 * R3 a - c -> b, a - d -> b, c and d not adjacent, a - b: a -> b.
 * R4 a - d -> c -> b, a adjacent to c, d and b not adjacent, a - b: a -> b.
 *
 * @example
 * ```ts
 * import { meekClosure, arcsOf, type Pdag } from '@chainrule/structure'
 * // a -> b - c with a, c not adjacent: R1 orients b -> c.
 * const marks = Uint8Array.of(0, 1, 0, 0, 0, 1, 0, 1, 0)
 * arcsOf(meekClosure({ nodes: ['a', 'b', 'c'], marks })) // => [['a', 'b'], ['b', 'c']]
 * ```
 */
export const meekClosure = (pdag: Pdag): Pdag => {
  const n = pdag.nodes.length
  const m = Uint8Array.from(pdag.marks)
  const orient = (a: number, b: number): void => {
    m[b * n + a] = 0
  }
  let changed = true
  while (changed) {
    changed = false
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        if (a === b || !undirected(m, n, a, b)) continue
        let rule = false
        for (let c = 0; c < n && !rule; c++) {
          if (c === a || c === b) continue
          // R1 (seen from b's parent side): c -> a - b, c and b not adjacent: a -> b.
          if (directed(m, n, c, a) && !adjacent(m, n, c, b)) rule = true
          // R2: a -> c -> b.
          else if (directed(m, n, a, c) && directed(m, n, c, b)) rule = true
        }
        for (let c = 0; c < n && !rule; c++) {
          if (c === a || c === b || !directed(m, n, c, b)) continue
          // R3: a - c -> b and a - d -> b with c, d not adjacent.
          if (undirected(m, n, a, c))
            for (let d = c + 1; d < n && !rule; d++)
              if (d !== a && d !== b && directed(m, n, d, b) && undirected(m, n, a, d) && !adjacent(m, n, c, d)) rule = true
          // R4: a - d -> c -> b, a adjacent to c, d and b not adjacent.
          if (!rule && adjacent(m, n, a, c))
            for (let d = 0; d < n && !rule; d++)
              if (d !== a && d !== b && d !== c && undirected(m, n, a, d) && directed(m, n, d, c) && !adjacent(m, n, d, b)) rule = true
        }
        if (rule) {
          orient(a, b)
          changed = true
        }
      }
  }
  return { nodes: pdag.nodes, marks: m }
}

/**
 * The completed PDAG (CPDAG) of a DAG's Markov equivalence class: two DAGs
 * have equal CPDAGs exactly when they are I-equivalent.
 *
 * @example
 * ```ts
 * import { fromEdges } from '@chainrule/graph'
 * import { cpdagOf, arcsOf, undirectedOf } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet'], ['wet', 'slippery']])
 * if (E.isRight(dag)) {
 *   const cpdag = cpdagOf(dag.right)
 *   arcsOf(cpdag) // => [['rain', 'wet'], ['wet', 'slippery'], ['sprinkler', 'wet']]
 *   undirectedOf(cpdag) // => []
 * }
 * ```
 */
export const cpdagOf = (dag: Dag): Pdag => {
  const n = dag.nodes.length
  const marks = new Uint8Array(n * n)
  dag.parentIds.forEach((ps, v) => {
    for (const u of ps) marks[u * n + v] = marks[v * n + u] = 1
  })
  dag.parentIds.forEach((ps, v) => {
    for (let i = 0; i < ps.length; i++)
      for (let j = i + 1; j < ps.length; j++) {
        const a = ps[i]!
        const b = ps[j]!
        if (dag.parentIds[a]!.includes(b) || dag.parentIds[b]!.includes(a)) continue
        marks[v * n + a] = 0
        marks[v * n + b] = 0
      }
  })
  return meekClosure({ nodes: dag.nodes, marks })
}

/**
 * The directed arcs `[from, to]`, by source then target in node order.
 *
 * @example
 * ```ts
 * import { arcsOf } from '@chainrule/structure'
 * arcsOf({ nodes: ['a', 'b'], marks: Uint8Array.of(0, 1, 0, 0) }) // => [['a', 'b']]
 * ```
 */
export const arcsOf = (pdag: Pdag): [string, string][] => {
  const n = pdag.nodes.length
  const out: [string, string][] = []
  for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) if (directed(pdag.marks, n, u, v)) out.push([pdag.nodes[u]!, pdag.nodes[v]!])
  return out
}

/**
 * The undirected edges `[a, b]`, each once with a before b in node order.
 *
 * @example
 * ```ts
 * import { undirectedOf } from '@chainrule/structure'
 * undirectedOf({ nodes: ['a', 'b'], marks: Uint8Array.of(0, 1, 1, 0) }) // => [['a', 'b']]
 * ```
 */
export const undirectedOf = (pdag: Pdag): [string, string][] => {
  const n = pdag.nodes.length
  const out: [string, string][] = []
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if (undirected(pdag.marks, n, u, v)) out.push([pdag.nodes[u]!, pdag.nodes[v]!])
  return out
}

/**
 * A DAG with the PDAG's skeleton, arcs and v-structures (Dor & Tarsi 1992),
 * or `NoConsistentExtension` when the class it describes is empty.
 *
 * @example
 * ```ts
 * import { consistentExtension } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const dag = consistentExtension({ nodes: ['a', 'b'], marks: Uint8Array.of(0, 1, 1, 0) })
 * if (E.isRight(dag)) dag.right.parentIds.flat().length // => 1
 * ```
 */
export const consistentExtension = (pdag: Pdag): E.Either<StructureError, Dag> => {
  const n = pdag.nodes.length
  const m = Uint8Array.from(pdag.marks)
  const alive = new Uint8Array(n).fill(1)
  const parents: number[][] = Array.from({ length: n }, () => [])
  for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) if (directed(m, n, u, v)) parents[v]!.push(u)
  for (let removed = 0; removed < n; removed++) {
    let sink = -1
    for (let x = 0; x < n && sink < 0; x++) {
      if (alive[x] === 0) continue
      let ok = true
      for (let y = 0; y < n && ok; y++) if (alive[y] === 1 && directed(m, n, x, y)) ok = false
      for (let y = 0; y < n && ok; y++) {
        if (alive[y] === 0 || !undirected(m, n, x, y)) continue
        for (let z = 0; z < n && ok; z++) if (z !== y && alive[z] === 1 && adjacent(m, n, x, z) && !adjacent(m, n, y, z)) ok = false
      }
      if (ok) sink = x
    }
    if (sink < 0) return E.left({ _tag: 'NoConsistentExtension', undirected: undirectedOf(pdag).length })
    for (let y = 0; y < n; y++)
      if (alive[y] === 1 && undirected(m, n, sink, y)) {
        parents[sink]!.push(y)
        m[sink * n + y] = 0
      }
    alive[sink] = 0
  }
  return dagOf(pdag.nodes, parents.map((ps) => ps.sort((a, b) => a - b)))
}

/**
 * A DAG for any PDAG: the consistent extension when there is one; otherwise
 * Dor & Tarsi's peeling where, when no node qualifies as a sink, the node
 * with the fewest violations is taken anyway and its edges are turned into
 * it. `reoriented` counts the arcs turned against the PDAG (0 for an exact
 * extension); undirected edges oriented into a non-qualifying sink are not
 * counted but the result may then hold v-structures the PDAG lacks
 * (`exact: false`).
 *
 * @example
 * ```ts
 * import { extendOrForce } from '@chainrule/structure'
 * // a directed 3-cycle has no extension: one arc is turned around.
 * const marks = Uint8Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0)
 * const forced = extendOrForce({ nodes: ['a', 'b', 'c'], marks })
 * const summary = [forced.exact, forced.reoriented] // => [false, 1]
 * ```
 */
export const extendOrForce = (pdag: Pdag): { readonly dag: Dag; readonly exact: boolean; readonly reoriented: number } => {
  const exact = consistentExtension(pdag)
  if (E.isRight(exact)) return { dag: exact.right, exact: true, reoriented: 0 }
  const n = pdag.nodes.length
  const m = pdag.marks
  const alive = new Uint8Array(n).fill(1)
  const parents: number[][] = Array.from({ length: n }, () => [])
  let reoriented = 0
  for (let removed = 0; removed < n; removed++) {
    let pick = -1
    let fewest = Number.POSITIVE_INFINITY
    for (let x = 0; x < n && fewest > 0; x++) {
      if (alive[x] === 0) continue
      let violations = 0
      for (let y = 0; y < n; y++) {
        if (alive[y] === 0 || y === x) continue
        if (directed(m, n, x, y)) violations++
        else if (undirected(m, n, x, y))
          for (let z = 0; z < n; z++) if (z !== y && z !== x && alive[z] === 1 && adjacent(m, n, x, z) && !adjacent(m, n, y, z)) violations++
      }
      if (violations < fewest) [pick, fewest] = [x, violations]
    }
    for (let y = 0; y < n; y++) {
      if (alive[y] === 0 || y === pick || !adjacent(m, n, pick, y)) continue
      if (directed(m, n, pick, y)) reoriented++
      parents[pick]!.push(y)
    }
    alive[pick] = 0
  }
  const dag = dagOf(pdag.nodes, parents.map((ps) => ps.sort((a, b) => a - b)))
  if (E.isLeft(dag)) throw new Error('structure: peeling sinks produced a cycle')
  return { dag: dag.right, exact: false, reoriented }
}
