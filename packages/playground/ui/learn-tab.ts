// The Learn tab: load data (drop a CSV, or sample from a bundled network),
// learn a structure in a worker while the drawing follows the search move by
// move, see how far it is from the true graph when the data came from a
// bundled network, then open the learned network (tables fitted) in the
// Networks tab to query it.
// Test hooks: the tab carries `data-phase` ('empty', 'data', 'learning',
// 'learned'), `data-moves` (moves drawn) and `data-shd`; every drawn edge is
// `[data-edge]` with `data-from`, `data-to`, `data-directed` and `data-status`.
import { CATALOG, catalogEntry } from '../src/catalog.js'
import { describeError } from '../src/errors.js'
import type { Candidate, LearnChoice, LearnRequest, LearnResponse, Truth } from '../src/learn-protocol.js'
import { classifyEdges, cpdagOfArcs, learnLayout, pdagOfEdges, truthCpdag, type EdgeView, type NodePoint } from '../src/learn-view.js'
import { catalogText, decodeBytes } from '../src/network-text.js'
import { html, svg } from './dom.js'

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`missing #${id}`)
  return element as T
}

/** Milliseconds between two drawn moves, so that the search can be watched. */
const MOVE_DELAY_MS = 40

/** Wire the Learn tab; `openLearned` opens BIF text in the Networks tab. */
export const startLearnTab = (
  showMessage: (text: string | undefined) => void,
  openLearned: (bif: string, title: string) => void,
): { readonly activate: () => void } => {
  const tab = byId<HTMLElement>('learn-tab')
  const fileInput = byId<HTMLInputElement>('learn-file')
  const networkSelect = byId<HTMLSelectElement>('learn-network')
  const rowsInput = byId<HTMLInputElement>('learn-rows')
  const seedInput = byId<HTMLInputElement>('learn-seed')
  const algorithmSelect = byId<HTMLSelectElement>('learn-algorithm')
  const scoreSelect = byId<HTMLSelectElement>('learn-score')
  const maxParentsInput = byId<HTMLInputElement>('learn-max-parents')
  const learnButton = byId<HTMLButtonElement>('learn-run')
  const queryButton = byId<HTMLButtonElement>('learn-query')
  const dataLine = byId<HTMLElement>('learn-data')
  const resultPanel = byId<HTMLElement>('learn-result')
  const drawing = byId<HTMLElement>('learn-graph')
  let worker: Worker | undefined
  let nextId = 1
  let variables: readonly string[] = []
  let truth: Truth | undefined
  let points: readonly NodePoint[] = []
  let size = { width: 0, height: 0 }
  let arcs = new Map<string, readonly [string, string]>()
  let pending: LearnResponse[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let moves = 0
  let activeLearn = 0

  const setState = (state: 'empty' | 'data' | 'learning' | 'learned'): void => {
    tab.dataset['phase'] = state
    learnButton.disabled = state === 'empty' || state === 'learning'
    queryButton.disabled = state !== 'learned'
  }
  const post = (request: LearnRequest): void => worker?.postMessage(request)

  const draw = (edges: readonly EdgeView[]): void => {
    const at = new Map(points.map((p) => [p.name, p]))
    const marker = (status: string) =>
      svg('marker', { id: `learn-arrow-${status}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow ${status}` }))
    const lines = edges.map((e) => {
      const a = at.get(e.from)!
      const b = at.get(e.to)!
      // Stop short of the node label so that the arrowhead shows.
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1
      const trim = Math.min(18, length / 3)
      const x2 = b.x - ((b.x - a.x) * trim) / length
      const y2 = b.y - ((b.y - a.y) * trim) / length
      return svg('line', {
        x1: a.x,
        y1: a.y,
        x2,
        y2,
        class: `learn-edge ${e.status}`,
        'data-edge': '',
        'data-from': e.from,
        'data-to': e.to,
        'data-directed': String(e.directed),
        'data-status': e.status,
        'marker-end': e.directed ? `url(#learn-arrow-${e.status})` : undefined,
      })
    })
    const nodes = points.map((p) =>
      svg('g', { class: 'learn-node', 'data-learn-node': p.name, transform: `translate(${p.x},${p.y})` }, svg('rect', { x: -48, y: -11, width: 96, height: 22, rx: 4 }), svg('text', { 'text-anchor': 'middle', y: 4 }, p.name.length > 14 ? `${p.name.slice(0, 13)}…` : p.name)),
    )
    const defs = svg('defs', {}, ...['plain', 'correct', 'reversed', 'extra', 'missing'].map(marker))
    drawing.replaceChildren(svg('svg', { id: 'learn-svg', width: size.width, height: size.height, viewBox: `0 0 ${size.width} ${size.height}` }, defs, ...lines, ...nodes))
  }

  const drawSearch = (): void =>
    draw([...arcs.values()].map(([from, to]) => ({ from, to, directed: true, status: 'plain' as const })))

  const describeResult = (r: Extract<LearnResponse, { kind: 'learned' }>): void => {
    const rows: [string, string][] = [
      ['edges', `${r.arcs.length} arcs${r.undirected.length > 0 ? `, ${r.undirected.length} undirected` : ''}`],
      ['score', `${r.score.toFixed(2)} (${r.scoreName})`],
      ['time', `${(r.seconds * 1000).toFixed(0)} ms${r.iterations === undefined ? '' : `, ${r.iterations} moves`}${r.tests === undefined ? '' : `, ${r.tests} tests`}`],
      ['rows', `${r.rows.toLocaleString('en-US')} counted${r.droppedRows > 0 ? `, ${r.droppedRows.toLocaleString('en-US')} left out (missing cells, complete-case)` : ''}`],
    ]
    if (r.comparison !== undefined && truth !== undefined) {
      const c = r.comparison
      rows.push(['SHD', `${c.shd} against the CPDAG of ${truth.id}`])
      rows.push(['skeleton', `precision ${c.skeleton.precision.toFixed(3)}, recall ${c.skeleton.recall.toFixed(3)}, F1 ${c.skeleton.f1.toFixed(3)}`])
      rows.push(['arrowheads', `precision ${c.arrowheads.precision.toFixed(3)}, recall ${c.arrowheads.recall.toFixed(3)}`])
      tab.dataset['shd'] = String(c.shd)
    } else delete tab.dataset['shd']
    resultPanel.replaceChildren(
      html('table', {}, ...rows.map(([k, v]) => html('tr', {}, html('th', {}, k), html('td', { 'data-field': k }, v)))),
      truth === undefined
        ? html('p', { class: 'hint' }, 'No true graph is known for this data.')
        : html('p', { class: 'hint learn-legend' }, html('span', { class: 'correct' }, 'as in the truth'), ' · ', html('span', { class: 'reversed' }, 'oriented otherwise'), ' · ', html('span', { class: 'extra' }, 'extra'), ' · ', html('span', { class: 'missing' }, 'missing')),
    )
  }

  /** Draw queued answers one move at a time. */
  const drain = (): void => {
    timer = undefined
    const next = pending.shift()
    if (next === undefined) return
    if (next.kind === 'step') {
      const key = (a: string, b: string) => `${a}\u0000${b}`
      if (next.move === 'add') arcs.set(key(next.from, next.to), [next.from, next.to])
      else if (next.move === 'remove') arcs.delete(key(next.from, next.to))
      else {
        arcs.delete(key(next.from, next.to))
        arcs.set(key(next.to, next.from), [next.to, next.from])
      }
      moves++
      tab.dataset['moves'] = String(moves)
      drawSearch()
      resultPanel.textContent = `move ${next.iteration}: ${next.move} ${next.from} → ${next.to}, score ${next.score.toFixed(2)}`
      timer = setTimeout(drain, MOVE_DELAY_MS)
      return
    }
    if (next.kind === 'level') {
      resultPanel.textContent = `conditioning sets of size ${next.size}: ${next.tests} tests, ${next.edges} edges left`
      timer = setTimeout(drain, MOVE_DELAY_MS)
      return
    }
    if (next.kind === 'learned') {
      const learned = pdagOfEdges(variables, { arcs: next.arcs, undirected: next.undirected })
      // A DAG is compared by its equivalence class, as the SHD is.
      const shown = next.undirected.length === 0 && algorithmSelect.value !== 'pc' ? cpdagOfArcs(variables, next.arcs) : learned
      const edges = truth === undefined ? classifyEdges(learned, undefined) : classifyEdges(shown, truthCpdag(truth))
      draw(edges)
      describeResult(next)
      setState('learned')
    }
    drain()
  }

  const onAnswer = (r: LearnResponse): void => {
    switch (r.kind) {
      case 'data':
        variables = r.variables
        truth = r.truth
        ;({ points, width: size.width, height: size.height } = (() => {
          const layout = learnLayout(variables, truth)
          return { points: layout.points, width: layout.width, height: layout.height }
        })())
        arcs = new Map()
        pending = []
        moves = 0
        tab.dataset['moves'] = '0'
        dataLine.textContent = `${r.origin}; ${r.variables.length} variables${r.incompleteRows > 0 ? `, ${r.incompleteRows.toLocaleString('en-US')} rows with a missing cell (left out: complete-case)` : ''}${truth === undefined ? '' : `; true graph known (${truth.id})`}`
        resultPanel.textContent = ''
        drawSearch()
        setState('data')
        showMessage(undefined)
        return
      case 'step':
      case 'level':
      case 'learned':
        if (r.id !== activeLearn) return
        pending.push(r)
        if (timer === undefined) drain()
        return
      case 'fitted':
        openLearned(r.bif, r.title)
        return
      case 'failed':
        showMessage(describeError(r.error))
        if (r.request === 'learn') setState(variables.length === 0 ? 'empty' : 'data')
        return
    }
  }

  const candidates = async (): Promise<Candidate[]> => {
    const out: Candidate[] = []
    for (const entry of CATALOG) {
      const text = await catalogText(entry, document.baseURI, (url) => fetch(url))
      if (text._tag === 'Right') out.push({ id: entry.id, file: entry.file, text: text.right })
    }
    return out
  }

  const loadCsv = async (file: File): Promise<void> => {
    const text = await decodeBytes(new Uint8Array(await file.arrayBuffer()), file.name)
    if (text._tag === 'Left') {
      showMessage(describeError(text.left))
      return
    }
    post({ kind: 'csv', id: nextId++, file: file.name, text: text.right, candidates: await candidates() })
  }

  networkSelect.replaceChildren(...CATALOG.map((e) => html('option', { value: e.id }, e.label)))
  networkSelect.value = 'asia'
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0]
    fileInput.value = ''
    if (file !== undefined) void loadCsv(file)
  })
  tab.addEventListener('dragover', (event) => event.preventDefault())
  tab.addEventListener('drop', (event) => {
    event.preventDefault()
    event.stopPropagation()
    const file = event.dataTransfer?.files[0]
    if (file !== undefined) void loadCsv(file)
  })
  byId<HTMLButtonElement>('learn-sample').addEventListener('click', async () => {
    const entry = catalogEntry(networkSelect.value)
    if (entry === undefined) return
    const text = await catalogText(entry, document.baseURI, (url) => fetch(url))
    if (text._tag === 'Left') {
      showMessage(describeError(text.left))
      return
    }
    post({ kind: 'sample', id: nextId++, network: { id: entry.id, file: entry.file, text: text.right }, rows: Math.floor(Number(rowsInput.value)), seed: Math.max(0, Math.floor(Number(seedInput.value) || 0)) })
  })
  learnButton.addEventListener('click', () => {
    const maxParents = maxParentsInput.value.trim() === '' ? undefined : Math.max(0, Math.floor(Number(maxParentsInput.value)))
    const choice: LearnChoice = {
      algorithm: algorithmSelect.value as LearnChoice['algorithm'],
      score: scoreSelect.value as LearnChoice['score'],
      ...(maxParents === undefined || Number.isNaN(maxParents) ? {} : { maxParents }),
    }
    activeLearn = nextId++
    arcs = new Map()
    pending = []
    moves = 0
    tab.dataset['moves'] = '0'
    drawSearch()
    setState('learning')
    post({ kind: 'learn', id: activeLearn, choice })
  })
  queryButton.addEventListener('click', () => post({ kind: 'fit', id: nextId++ }))
  setState('empty')

  return {
    activate: () => {
      if (worker !== undefined) return
      worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<LearnResponse>) => onAnswer(event.data)
      worker.onerror = (event) => showMessage(`the learning worker failed: ${event.message}`)
    },
  }
}
