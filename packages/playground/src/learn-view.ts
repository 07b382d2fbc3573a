/**
 * What the Learn tab draws: node positions (the true graph's layered layout
 * when the data came from a bundled network, so that a missing edge shows
 * where it belongs; a circle otherwise) and every edge with how it compares
 * with the truth. Edges compare as CPDAGs, the same way the structural
 * Hamming distance counts: per pair of variables, the learned edge is
 * `correct` (same status), `reversed` (both joined, other orientation or
 * undirected against directed), `extra` (only learned) or `missing` (only
 * true); so the number of edges that are not `correct` is the SHD.
 */
import { fromParents } from '@chainrule/graph'
import { cpdagOf, type Pdag } from '@chainrule/structure'
import * as E from 'fp-ts/lib/Either.js'
import { layoutNetwork } from './layout.js'
import type { Truth } from './learn-protocol.js'

/** How a drawn edge compares with the truth (`plain` while the search runs or without a truth). */
export type EdgeStatus = 'correct' | 'reversed' | 'extra' | 'missing' | 'plain'

/** One edge to draw: an arc from -> to, or an undirected line. */
export interface EdgeView {
  readonly from: string
  readonly to: string
  readonly directed: boolean
  readonly status: EdgeStatus
}

/** A node's centre. */
export interface NodePoint {
  readonly name: string
  readonly x: number
  readonly y: number
}

/** The learned graph as arcs and undirected edges (by name). */
export interface LearnedEdges {
  readonly arcs: readonly (readonly [string, string])[]
  readonly undirected: readonly (readonly [string, string])[]
}

/** The PDAG of learned edges over `nodes`. */
export const pdagOfEdges = (nodes: readonly string[], edges: LearnedEdges): Pdag => {
  const n = nodes.length
  const index = new Map(nodes.map((name, i) => [name, i]))
  const marks = new Uint8Array(n * n)
  for (const [a, b] of edges.arcs) marks[index.get(a)! * n + index.get(b)!] = 1
  for (const [a, b] of edges.undirected) marks[index.get(a)! * n + index.get(b)!] = marks[index.get(b)! * n + index.get(a)!] = 1
  return { nodes, marks }
}

/**
 * The CPDAG of a learned DAG (its arcs), to compare classes rather than drawings.
 *
 * @example
 * cpdagOfArcs(['a', 'b'], [['a', 'b']]) // => the PDAG a - b (undirected)
 */
export const cpdagOfArcs = (nodes: readonly string[], arcs: readonly (readonly [string, string])[]): Pdag => {
  const parents = new Map(nodes.map((name) => [name, arcs.filter(([, to]) => to === name).map(([from]) => from)]))
  const dag = fromParents(parents)
  if (E.isLeft(dag)) throw new Error('playground: the learned arcs are not a DAG')
  return cpdagOf(dag.right)
}

/** The truth's CPDAG. */
export const truthCpdag = (truth: Truth): Pdag => {
  const dag = fromParents(new Map(truth.nodes.map((name, v) => [name, truth.parentIds[v]!.map((p) => truth.nodes[p]!)])))
  if (E.isLeft(dag)) throw new Error('playground: the true graph is not a DAG')
  return cpdagOf(dag.right)
}

const statusOf = (m: Uint8Array, n: number, u: number, v: number): number => (m[u * n + v] === 1 ? 1 : 0) | (m[v * n + u] === 1 ? 2 : 0)

/**
 * Every edge of the learned PDAG, and every true edge it lacks, classified
 * against the true PDAG (nodes matched by name); without a truth, every
 * learned edge is `plain`.
 *
 * @example
 * classifyEdges(learned, truth) // => [{ from: 'a', to: 'b', directed: true, status: 'correct' }, ...]
 */
export const classifyEdges = (learned: Pdag, truth: Pdag | undefined): EdgeView[] => {
  const nodes = learned.nodes
  const n = nodes.length
  const out: EdgeView[] = []
  const t = truth === undefined ? undefined : (() => {
    const index = new Map(truth.nodes.map((name, i) => [name, i]))
    const marks = new Uint8Array(n * n)
    const at = nodes.map((name) => index.get(name)!)
    for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) if (truth.marks[at[u]! * n + at[v]!] === 1) marks[u * n + v] = 1
    return marks
  })()
  for (let u = 0; u < n; u++)
    for (let v = u + 1; v < n; v++) {
      const a = statusOf(learned.marks, n, u, v)
      const b = t === undefined ? 0 : statusOf(t, n, u, v)
      if (a === 0 && b === 0) continue
      const shown = a !== 0 ? a : b
      const [from, to] = shown === 2 ? [nodes[v]!, nodes[u]!] : [nodes[u]!, nodes[v]!]
      const status: EdgeStatus = t === undefined ? 'plain' : a === b ? 'correct' : a === 0 ? 'missing' : b === 0 ? 'extra' : 'reversed'
      out.push({ from, to, directed: shown !== 3, status })
    }
  return out
}

/**
 * Where to draw the nodes: the truth's layered layout (every true arc
 * pointing down) when there is a truth, else evenly on a circle.
 *
 * @example
 * learnLayout(['a', 'b', 'c'], undefined) // => three points on a circle
 */
export const learnLayout = (nodes: readonly string[], truth: Truth | undefined): { readonly points: readonly NodePoint[]; readonly width: number; readonly height: number } => {
  if (truth !== undefined) {
    const layout = layoutNetwork({ nodes: truth.nodes, parentIds: truth.parentIds, stateCounts: truth.nodes.map(() => 0) })
    const byName = new Map(layout.nodes.map((box) => [box.name, box]))
    return {
      points: nodes.map((name) => {
        const box = byName.get(name)!
        return { name, x: box.x + box.width / 2, y: box.y + box.height / 2 }
      }),
      width: layout.width,
      height: layout.height,
    }
  }
  const radius = Math.max(120, (nodes.length * 150) / (2 * Math.PI))
  const centre = radius + 110
  return {
    points: nodes.map((name, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, nodes.length) - Math.PI / 2
      return { name, x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }
    }),
    width: 2 * centre,
    height: 2 * centre,
  }
}
