// The network drawn as SVG: one group per node (a header and one belief-bar
// row per state), edges as arrows. Built once per network; every update only
// rewrites bar widths, texts and classes, so alarm-sized networks redraw in
// well under a millisecond. Clicks are delegated: a state row toggles
// evidence (with Shift or Alt held, an intervention), a header selects the
// node. With interventions, each row shows two bars side by side (stacked
// halves): the observational posterior above, the intervened one below; the
// arcs into intervened variables are drawn dashed (cut).
import type { GraphLayout } from '../src/layout.js'
import { HEADER_HEIGHT, NODE_WIDTH, ROW_HEIGHT } from '../src/layout.js'
import { edgeKey, type Highlights, type NodeView } from '../src/view-model.js'
import { svg, truncate } from './dom.js'

const LABEL_X = 8
const BAR_X = 86
const BAR_WIDTH = 52
const BAR_HEIGHT = 10

interface RowElements {
  readonly row: SVGGElement
  readonly label: SVGTextElement
  readonly labelText: string
  readonly bar: SVGRectElement
  readonly seen: SVGRectElement
  readonly likelihood: SVGRectElement
  readonly text: SVGTextElement
  readonly tip: SVGTitleElement
}

interface NodeElements {
  readonly group: SVGGElement
  readonly rows: readonly RowElements[]
}

/** What the view reports back. */
export interface GraphHandlers {
  /** A click on a state; `intervene` when Shift or Alt was held. */
  readonly onState: (variable: string, state: string, intervene: boolean) => void
  readonly onSelect: (variable: string) => void
}

/** A drawn network. */
export interface GraphView {
  readonly update: (views: readonly NodeView[], highlights: Highlights) => void
  readonly zoomBy: (factor: number) => void
  readonly fit: () => void
  readonly zoom: () => number
  /** Scroll a node into view; false when there is no such node. */
  readonly reveal: (name: string) => boolean
}

/** Draw `layout` into `container`, replacing what was there. */
export const drawGraph = (
  container: HTMLElement,
  layout: GraphLayout,
  variables: readonly { readonly name: string; readonly states: readonly string[] }[],
  handlers: GraphHandlers,
): GraphView => {
  const root = svg('svg', { id: 'graph-svg', viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': 'network' })
  root.append(
    svg(
      'defs',
      {},
      // Arrow heads sized in drawing units, not stroke widths, so a highlighted (thicker) edge keeps a normal head.
      svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })),
      svg('marker', { id: 'arrow-trail', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 12, markerHeight: 12, orient: 'auto' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head trail' })),
    ),
  )
  const edgeLayer = svg('g', { class: 'edges' })
  const edges = new Map<string, SVGPathElement>()
  for (const edge of layout.edges) {
    const d = edge.points.map((p, k) => `${k === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ')
    const path = svg('path', { class: 'edge', d, 'data-from': edge.from, 'data-to': edge.to, 'marker-end': 'url(#arrow)' })
    edges.set(edgeKey(edge.from, edge.to), path)
    edgeLayer.append(path)
  }
  const nodeLayer = svg('g', { class: 'nodes' })
  const nodes = new Map<string, NodeElements>()
  layout.nodes.forEach((box, i) => {
    const variable = variables[i]!
    const group = svg('g', { class: 'node', 'data-node': box.name, transform: `translate(${box.x.toFixed(1)} ${box.y.toFixed(1)})` })
    group.append(
      svg('rect', { class: 'box', width: box.width, height: box.height, rx: 6 }),
      svg(
        'g',
        { class: 'header', 'data-header': box.name },
        svg('rect', { class: 'header-bg', width: box.width, height: HEADER_HEIGHT, rx: 6 }),
        svg('text', { class: 'title', x: LABEL_X, y: 15 }, truncate(box.name, 25)),
        svg('title', {}, `${box.name}: click to select`),
      ),
    )
    const rows = variable.states.map((state, k): RowElements => {
      const bar = svg('rect', { class: 'bar', x: BAR_X, y: (ROW_HEIGHT - BAR_HEIGHT) / 2, width: 0, height: BAR_HEIGHT })
      const seen = svg('rect', { class: 'bar-seen', x: BAR_X, y: (ROW_HEIGHT - BAR_HEIGHT) / 2, width: 0, height: BAR_HEIGHT / 2 })
      const likelihood = svg('rect', { class: 'likelihood', x: BAR_X, y: ROW_HEIGHT - 3, width: 0, height: 2 })
      const text = svg('text', { class: 'pct', x: NODE_WIDTH - 8, y: 12 }, '…')
      const tip = svg('title', {}, state)
      const labelText = truncate(state, 12)
      const label = svg('text', { class: 'label', x: LABEL_X, y: 12 }, labelText)
      const row = svg(
        'g',
        { class: 'state', 'data-state': state, transform: `translate(0 ${HEADER_HEIGHT + k * ROW_HEIGHT})` },
        svg('rect', { class: 'hit', width: NODE_WIDTH, height: ROW_HEIGHT }),
        label,
        svg('rect', { class: 'track', x: BAR_X, y: (ROW_HEIGHT - BAR_HEIGHT) / 2, width: BAR_WIDTH, height: BAR_HEIGHT }),
        bar,
        seen,
        likelihood,
        text,
        tip,
      )
      group.append(row)
      return { row, label, labelText, bar, seen, likelihood, text, tip }
    })
    nodes.set(box.name, { group, rows })
    nodeLayer.append(group)
  })
  root.append(edgeLayer, nodeLayer)
  root.addEventListener('click', (event) => {
    const target = event.target as Element
    const row = target.closest('[data-state]')
    const node = target.closest('[data-node]')
    const name = node?.getAttribute('data-node')
    if (name === null || name === undefined) return
    const state = row?.getAttribute('data-state')
    const modified = (event as MouseEvent).shiftKey || (event as MouseEvent).altKey
    if (state !== null && state !== undefined) handlers.onState(name, state, modified)
    else handlers.onSelect(name)
  })
  container.replaceChildren(root)

  let scale = 1
  const applyZoom = (): void => {
    root.setAttribute('width', (layout.width * scale).toFixed(0))
    root.setAttribute('height', (layout.height * scale).toFixed(0))
  }
  const fitScale = (): number => {
    const width = Math.max(200, container.clientWidth - 8)
    const height = Math.max(200, container.clientHeight - 8)
    return Math.min(1, Math.max(0.25, Math.min(width / layout.width, height / layout.height)))
  }
  // Open readable: fit the width but never below 55%; scroll for the rest.
  scale = Math.min(1, Math.max(0.55, Math.min(1, (container.clientWidth - 8) / layout.width)))
  applyZoom()

  const previous = { classes: new Map<string, string>() }
  const update = (views: readonly NodeView[], highlights: Highlights): void => {
    for (const view of views) {
      const elements = nodes.get(view.name)
      if (elements === undefined) continue
      const classes = ['node', ...view.classes].join(' ')
      if (previous.classes.get(view.name) !== classes) {
        elements.group.setAttribute('class', classes)
        previous.classes.set(view.name, classes)
      }
      view.rows.forEach((r, k) => {
        const e = elements.rows[k]
        if (e === undefined) return
        e.bar.setAttribute('width', (r.fraction * BAR_WIDTH).toFixed(2))
        // Side by side: observational above, intervened below, when there are interventions.
        const split = r.observationalFraction !== undefined
        e.bar.setAttribute('y', String(split ? ROW_HEIGHT / 2 : (ROW_HEIGHT - BAR_HEIGHT) / 2))
        e.bar.setAttribute('height', String(split ? BAR_HEIGHT / 2 : BAR_HEIGHT))
        e.seen.setAttribute('width', split ? (r.observationalFraction! * BAR_WIDTH).toFixed(2) : '0')
        if (split && r.observational !== undefined && Number.isFinite(r.observational)) e.row.setAttribute('data-observational', String(r.observational))
        else e.row.removeAttribute('data-observational')
        e.likelihood.setAttribute('width', r.likelihood === undefined ? '0' : (r.likelihood * BAR_WIDTH).toFixed(2))
        e.text.textContent = r.text
        e.row.setAttribute('class', `state${r.observed ? ' observed' : ''}${r.mpe ? ' mpe' : ''}${r.forced ? ' forced' : ''}`)
        e.label.textContent = r.mpe ? `★ ${truncate(r.state, 10)}` : e.labelText
        e.tip.textContent =
          `${view.name} = ${r.state}: P = ${Number.isFinite(r.probability) ? r.probability.toPrecision(6) : '…'}` +
          (r.observational === undefined ? '' : ` with the interventions, ${Number.isFinite(r.observational) ? r.observational.toPrecision(6) : '…'} without`) +
          (r.likelihood === undefined ? '' : `, likelihood ${r.likelihood.toPrecision(3)}`) +
          (r.forced ? ' (forced by do(); Shift-click to undo)' : r.observed ? ' (observed; click to clear)' : ' (click to observe, Shift-click to intervene)')
      })
    }
    for (const [key, path] of edges) {
      const onTrail = highlights.trailEdges.has(key)
      path.setAttribute('class', `edge${onTrail ? ' on-trail' : ''}${highlights.cutEdges.has(key) ? ' cut' : ''}`)
      path.setAttribute('marker-end', onTrail ? 'url(#arrow-trail)' : 'url(#arrow)')
    }
  }
  return {
    update,
    zoomBy: (factor) => {
      scale = Math.min(2.5, Math.max(0.2, scale * factor))
      applyZoom()
    },
    fit: () => {
      scale = fitScale()
      applyZoom()
    },
    zoom: () => scale,
    reveal: (name) => {
      const node = nodes.get(name)
      node?.group.scrollIntoView({ block: 'center', inline: 'center' })
      return node !== undefined
    },
  }
}
