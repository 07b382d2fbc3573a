/**
 * A layered drawing of a network that respects edge direction: dagre's
 * Sugiyama layout (longest-path ranks refined by network simplex, crossing
 * reduction by barycentres, Brandes-Köpf coordinates), top to bottom, so
 * every arrow points down. Node boxes are sized for one belief bar per state.
 *
 * Reference: Gansner, Koutsofios, North & Vo (1993), "A technique for drawing
 * directed graphs"; dagre implements it.
 */
import { Graph, layout } from '@dagrejs/dagre'

/** Geometry of one node box, in drawing units (pixels at zoom 1). */
export interface NodeBox {
  readonly name: string
  /** Top-left corner. */
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** One edge as a polyline from the parent's box to the child's. */
export interface EdgePath {
  readonly from: string
  readonly to: string
  readonly points: readonly { readonly x: number; readonly y: number }[]
}

/** The whole drawing. */
export interface GraphLayout {
  readonly nodes: readonly NodeBox[]
  readonly edges: readonly EdgePath[]
  readonly width: number
  readonly height: number
}

/** What the layout needs to know about a network. */
export interface LayoutInput {
  readonly nodes: readonly string[]
  readonly parentIds: readonly (readonly number[])[]
  readonly stateCounts: readonly number[]
}

/** Box metrics shared with the SVG renderer. */
export const NODE_WIDTH = 196
export const HEADER_HEIGHT = 22
export const ROW_HEIGHT = 16
export const PADDING = 5

/**
 * Height of a node box with `states` bar rows.
 *
 * @example
 * nodeHeight(2) // => 22 + 2 * 16 + 5 = 59
 */
export const nodeHeight = (states: number): number => HEADER_HEIGHT + states * ROW_HEIGHT + PADDING

const MARGIN = 16

/**
 * Lay a network out top to bottom: parents above children, no two boxes
 * overlapping, everything inside `[0, width] x [0, height]`.
 *
 * @example
 * const drawing = layoutNetwork({ nodes: ['rain', 'wet'], parentIds: [[], [0]], stateCounts: [2, 2] })
 * // drawing.nodes[1].y > drawing.nodes[0].y + drawing.nodes[0].height; drawing.edges = [{ from: 'rain', to: 'wet', points }]
 */
export const layoutNetwork = (input: LayoutInput): GraphLayout => {
  const g = new Graph()
  // Wider networks get a little less space between layers: alarm and
  // hailfinder stay within a few screens.
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 46, edgesep: 10, marginx: MARGIN, marginy: MARGIN })
  g.setDefaultEdgeLabel(() => ({}))
  // dagre keys are strings; indices avoid any clash with odd variable names.
  input.nodes.forEach((_, i) => {
    g.setNode(String(i), { width: NODE_WIDTH, height: nodeHeight(input.stateCounts[i] ?? 1) })
  })
  input.parentIds.forEach((parents, child) => {
    for (const p of parents) g.setEdge(String(p), String(child))
  })
  layout(g)
  const nodes = input.nodes.map((name, i): NodeBox => {
    const n = g.node(String(i)) as { x: number; y: number; width: number; height: number }
    return { name, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height }
  })
  const edges: EdgePath[] = []
  input.parentIds.forEach((parents, child) => {
    for (const p of parents) {
      const e = g.edge(String(p), String(child)) as { points?: { x: number; y: number }[] }
      edges.push({ from: input.nodes[p]!, to: input.nodes[child]!, points: (e.points ?? []).map(({ x, y }) => ({ x, y })) })
    }
  })
  const graph = g.graph() as { width?: number; height?: number }
  const width = Math.max(graph.width ?? 0, ...nodes.map((n) => n.x + n.width + MARGIN))
  const height = Math.max(graph.height ?? 0, ...nodes.map((n) => n.y + n.height + MARGIN))
  return { nodes, edges, width, height }
}
