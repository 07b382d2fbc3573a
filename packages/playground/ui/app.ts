// The page's controller: holds the state (open network, evidence cycle,
// selection, structure question), talks to the inference worker, and redraws
// the graph and panels from plain view data after every change.
import { toSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { CATALOG, catalogEntry } from '../src/catalog.js'
import { parameterCounts, treeSize, type ParameterCounts, type TreeSize } from '../src/counts.js'
import { describeError, type PlaygroundError } from '../src/errors.js'
import { clearVariable, noEvidence, questionOf, parseWeights, setSoft, toggleHard, toggleIntervention, type EvidenceState } from '../src/evidence.js'
import { milliseconds } from '../src/format.js'
import { blanketOf, describeTrail, independence } from '../src/independence.js'
import { layoutNetwork, type GraphLayout } from '../src/layout.js'
import type { Request, Response } from '../src/protocol.js'
import { answer, request, startCycle, type Send } from '../src/query-cycle.js'
import { catalogText, decodeBytes } from '../src/network-text.js'
import { openNetworkText, type OpenedNetwork } from '../src/read-network.js'
import { cutEdgesOf, highlightsOf, nodeView, noHighlights, type Highlights } from '../src/view-model.js'
import { html } from './dom.js'
import { drawGraph, type GraphView } from './graph-view.js'
import { buildIndependencePanel, type IndependenceForm, type IndependencePanel } from './independence-panel.js'
import { renderCountsPanel, renderEvidencePanel, renderNodePanel } from './panels.js'

interface Prepared {
  readonly id: string
  readonly opened: OpenedNetwork
  readonly layout: GraphLayout
  readonly counts: ParameterCounts
}

interface Installed extends Prepared {
  readonly view: GraphView
  readonly tree: TreeSize
  readonly independencePanel: IndependencePanel
  readonly compileMs: number
}

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

/** Start the playground in the current document; returns a way to open network text from elsewhere (the Learn tab). */
export const startApp = (): { readonly openText: (text: string, file: string, id: string) => void } => {
  const graph = byId<HTMLElement>('graph')
  const message = byId<HTMLElement>('message')
  const status = byId<HTMLElement>('status')
  const select = byId<HTMLSelectElement>('network-select')
  const fileInput = byId<HTMLInputElement>('file-input')
  const evidencePanel = byId<HTMLElement>('evidence-panel')
  const nodePanel = byId<HTMLElement>('node-panel')
  const independencePanelElement = byId<HTMLElement>('independence-panel')
  const countsPanel = byId<HTMLElement>('counts-panel')
  const mpeButton = byId<HTMLButtonElement>('mpe-button')
  const interveneMode = byId<HTMLInputElement>('intervene-mode')

  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module' })
  const post = (r: Request): void => worker.postMessage(r)

  let current: Installed | undefined
  let pendingOpen: { readonly id: number; readonly prepared: Prepared } | undefined
  let cycle = startCycle()
  let posterior:
    | { readonly probabilities: readonly Float64Array[]; readonly observational: readonly Float64Array[] | undefined; readonly logPEvidence: number }
    | undefined
  let mpeShown: { readonly states: Int32Array; readonly logProbability: number; readonly evidence: EvidenceState } | undefined
  let pendingMpe: { readonly id: number; readonly evidence: EvidenceState } | undefined
  let selected: string | undefined
  let blanketShown = false
  let question: IndependenceForm = { x: undefined, y: undefined, z: [], withObserved: true }
  let wantedAt = 0
  const sentAt = new Map<number, number>()
  let updateMs: number | undefined
  let workerMs: number | undefined
  let generation = 0
  let nextRequestId = 1

  // Messages ---------------------------------------------------------------
  const showMessage = (kind: 'error' | 'info', text: string): void => {
    message.hidden = false
    message.className = kind
    message.textContent = text
  }
  const clearMessage = (): void => {
    message.hidden = true
    message.textContent = ''
  }
  const showError = (e: PlaygroundError, suffix = ''): void => showMessage('error', describeError(e) + suffix)
  window.addEventListener('error', (event) => showMessage('error', `unexpected error: ${event.message}`))
  window.addEventListener('unhandledrejection', (event) => showMessage('error', `unexpected error: ${String(event.reason)}`))
  worker.addEventListener('error', (event) => showMessage('error', `the inference worker failed: ${event.message}`))

  // Drawing ----------------------------------------------------------------
  const givenSet = (): readonly string[] => {
    const observed = question.withObserved ? [...cycle.committed.hard.keys()] : []
    return [...new Set([...question.z, ...observed])]
  }

  const structureHighlights = (net: Installed): { highlights: Highlights; text: string; separated: boolean | undefined } => {
    const dag = net.opened.network.dag
    let text = 'Choose X and Y.'
    let separated: boolean | undefined
    let independenceHighlight: Parameters<typeof highlightsOf>[0]
    if (question.x !== undefined && question.y !== undefined) {
      const query = { x: question.x, y: question.y, given: givenSet() }
      const result = independence(dag, query)
      const z = query.given.length === 0 ? '∅' : `{${query.given.join(', ')}}`
      if (E.isLeft(result)) text = describeError(result.left)
      else {
        separated = result.right.separated
        independenceHighlight = { query, answer: result.right }
        const known = [query.x, query.y].filter((n) => query.given.includes(n))
        text = result.right.separated
          ? known.length > 0
            ? `${query.x} ⊥ ${query.y} | ${z}: d-separated, because ${known.join(' and ')} ${known.length === 1 ? 'is' : 'are'} in Z (known).`
            : `${query.x} ⊥ ${query.y} | ${z}: d-separated, every trail is blocked.`
          : `${query.x} and ${query.y} are d-connected given ${z}: active trail ${describeTrail(dag, result.right.trail)}.`
      }
    }
    let blanket: { node: string; members: readonly string[] } | undefined
    if (blanketShown && selected !== undefined) {
      const members = blanketOf(dag, selected)
      if (E.isRight(members)) blanket = { node: selected, members: members.right }
    }
    return { highlights: independenceHighlight === undefined && blanket === undefined ? noHighlights : highlightsOf(independenceHighlight, blanket), text, separated }
  }

  const render = (): void => {
    const net = current
    if (net === undefined) return
    const { network } = net.opened
    const structure = structureHighlights(net)
    const { text, separated } = structure
    const interventions = cycle.committed.interventions
    const highlights = { ...structure.highlights, cutEdges: cutEdgesOf(network.dag.nodes, network.dag.parentIds, interventions) }
    // Beside each intervened answer, the observational one ('…' when the evidence is impossible without the interventions).
    const besides = (i: number): ArrayLike<number> | undefined =>
      interventions.size === 0 ? undefined : (posterior?.observational?.[i] ?? new Float64Array(network.domain.variables[i]!.states.length).fill(Number.NaN))
    const views = network.domain.variables.map((v, i) =>
      nodeView({
        name: v.name,
        states: v.states,
        probabilities: posterior?.probabilities[i],
        observational: besides(i),
        evidence: cycle.committed,
        mpeState: mpeShown?.states[i],
        selected: selected === v.name,
        highlights,
      }),
    )
    net.view.update(views, highlights)
    net.independencePanel.show(question, { text, separated })
    renderEvidencePanel(
      evidencePanel,
      { evidence: cycle.committed, logPEvidence: posterior?.logPEvidence, updateMs, workerMs, mpe: mpeShown },
      (variable) => ask(clearVariable(cycle.wanted, variable)),
    )
    mpeButton.textContent = mpeShown === undefined ? 'Most probable explanation' : 'Hide explanation'
    const i = selected === undefined ? -1 : network.dag.nodes.indexOf(selected)
    renderNodePanel(
      nodePanel,
      i < 0
        ? undefined
        : {
            name: selected!,
            states: network.domain.variables[i]!.states,
            parents: network.dag.parentIds[i]!.map((p) => network.dag.nodes[p]!),
            children: network.dag.childIds[i]!.map((c) => network.dag.nodes[c]!),
            hard: cycle.committed.hard.get(selected!),
            soft: cycle.committed.soft.get(selected!),
            forced: cycle.committed.interventions.get(selected!),
            blanketShown,
            inGiven: question.z.includes(selected!),
          },
      nodeActions,
    )
    document.body.dataset['generation'] = String(generation)
    document.body.dataset['busy'] = String(cycle.inFlight !== undefined)
  }

  // Evidence ---------------------------------------------------------------
  const send = (s: Send | undefined): void => {
    if (s === undefined) return
    sentAt.set(s.id, wantedAt)
    post({ kind: 'posterior', id: s.id, question: questionOf(s.evidence) })
    document.body.dataset['busy'] = 'true'
  }

  const ask = (evidence: EvidenceState): void => {
    if (current === undefined) return
    clearMessage()
    wantedAt = performance.now()
    const step = request(cycle, evidence)
    cycle = step.cycle
    send(step.send)
  }

  const nodeActions = {
    applySoft: (texts: readonly string[]) => {
      if (current === undefined || selected === undefined) return
      const v = current.opened.network.domain.byName.get(selected)
      if (v === undefined) return
      const weights = parseWeights(selected, current.opened.network.domain.variables[v]!.states, texts)
      if (E.isLeft(weights)) showError(weights.left)
      else ask(setSoft(cycle.wanted, selected, weights.right))
    },
    clear: () => {
      if (selected !== undefined) ask(clearVariable(cycle.wanted, selected))
    },
    toggleBlanket: () => {
      blanketShown = !blanketShown
      render()
    },
    setX: () => {
      question = { ...question, x: selected }
      render()
    },
    setY: () => {
      question = { ...question, y: selected }
      render()
    },
    toggleGiven: () => {
      if (selected === undefined) return
      const z = question.z.includes(selected) ? question.z.filter((n) => n !== selected) : [...question.z, selected]
      question = { ...question, z }
      render()
    },
  }

  // Worker answers -----------------------------------------------------------
  const install = (prepared: Prepared, tree: TreeSize, compileMs: number): void => {
    const network = prepared.opened.network
    const view = drawGraph(graph, prepared.layout, network.domain.variables, {
      onState: (variable, state, intervene) =>
        ask(intervene || interveneMode.checked ? toggleIntervention(cycle.wanted, variable, state) : toggleHard(cycle.wanted, variable, state)),
      onSelect: (variable) => {
        if (selected !== variable) blanketShown = false
        selected = variable
        render()
      },
    })
    const independencePanel = buildIndependencePanel(independencePanelElement, network.dag.nodes, (form) => {
      question = form
      render()
    })
    current = { ...prepared, view, tree, independencePanel, compileMs }
    cycle = startCycle()
    posterior = undefined
    mpeShown = undefined
    pendingMpe = undefined
    selected = undefined
    blanketShown = false
    question = { x: undefined, y: undefined, z: [], withObserved: true }
    updateMs = undefined
    workerMs = undefined
    renderCountsPanel(countsPanel, prepared.counts, tree)
    byId<HTMLDataListElement>('node-names').replaceChildren(...network.dag.nodes.map((n) => html('option', { value: n })))
    document.body.dataset['network'] = prepared.id
    document.title = `${prepared.opened.title} · chainrule playground`
    const renormalized = prepared.opened.renormalized.length
    status.textContent =
      `${prepared.opened.title}: ${network.dag.nodes.length} variables, junction tree compiled in ${milliseconds(compileMs)} in a worker` +
      (renormalized === 0 ? '.' : `; ${renormalized} variable${renormalized === 1 ? '' : 's'} had rows printed rounded and rescaled.`)
    render()
    ask(noEvidence)
  }

  worker.addEventListener('message', (event: MessageEvent<Response>) => {
    const r = event.data
    switch (r.kind) {
      case 'opened': {
        if (pendingOpen === undefined || pendingOpen.id !== r.id) return
        const prepared = pendingOpen.prepared
        pendingOpen = undefined
        document.body.dataset['kernels'] = r.kernels
        install(prepared, treeSize(r.plan, prepared.opened.network.dag.nodes), r.ms)
        return
      }
      case 'posterior': {
        const received = performance.now()
        const step = answer(cycle, r.id, 'answered')
        cycle = step.cycle
        if (step.draw) {
          // An explanation belongs to the evidence it was computed for.
          if (mpeShown !== undefined && mpeShown.evidence !== cycle.committed) mpeShown = undefined
          posterior = { probabilities: r.probabilities, observational: r.observational, logPEvidence: r.logPEvidence }
          generation += 1
          workerMs = r.ms
          render()
          const asked = sentAt.get(r.id)
          sentAt.delete(r.id)
          if (asked !== undefined) {
            updateMs = performance.now() - asked
            document.body.dataset['updateMs'] = updateMs.toFixed(3)
            document.body.dataset['workerMs'] = r.ms.toFixed(3)
            document.body.dataset['roundTripMs'] = (received - asked).toFixed(3)
            document.body.dataset['renderMs'] = (performance.now() - received).toFixed(3)
            const line = document.getElementById('update-time')
            if (line !== null) line.textContent = `Bars updated ${milliseconds(updateMs)} after the click (junction tree in the worker: ${milliseconds(r.ms)}).`
          }
        }
        send(step.send)
        return
      }
      case 'mpe': {
        if (pendingMpe?.id !== r.id) return
        const evidence = pendingMpe.evidence
        pendingMpe = undefined
        if (evidence !== cycle.committed) return
        mpeShown = { states: r.states, logProbability: r.logProbability, evidence }
        render()
        return
      }
      case 'failed': {
        if (r.request === 'open') {
          if (pendingOpen?.id === r.id) pendingOpen = undefined
          showError(r.error, current === undefined ? '' : ` (still showing ${current.opened.title})`)
          return
        }
        if (r.request === 'mpe') {
          if (pendingMpe?.id === r.id) pendingMpe = undefined
          showError(r.error)
          return
        }
        const step = answer(cycle, r.id, 'rejected')
        cycle = step.cycle
        sentAt.delete(r.id)
        showError(r.error, '; the previous evidence is kept.')
        render()
        return
      }
    }
  })

  // Opening networks -------------------------------------------------------
  const openText = (text: string, file: string, id: string): void => {
    const opened = openNetworkText(text, file)
    if (E.isLeft(opened)) {
      showError(opened.left, current === undefined ? '' : ` (still showing ${current.opened.title})`)
      return
    }
    const network = opened.right.network
    const layout = layoutNetwork({
      nodes: network.dag.nodes,
      parentIds: network.dag.parentIds,
      stateCounts: network.domain.variables.map((v) => v.states.length),
    })
    const prepared: Prepared = { id, opened: opened.right, layout, counts: parameterCounts(network) }
    const requestId = nextRequestId++
    pendingOpen = { id: requestId, prepared }
    status.textContent = `Compiling ${opened.right.title}…`
    post({ kind: 'open', id: requestId, spec: toSpec(network) })
  }

  const openCatalog = async (id: string): Promise<void> => {
    const entry = catalogEntry(id)
    if (entry === undefined) return
    clearMessage()
    const text = await catalogText(entry, document.baseURI, (url) => fetch(url))
    if (E.isLeft(text)) showError(text.left)
    else openText(text.right, entry.file, entry.id)
  }

  const openFile = async (file: File): Promise<void> => {
    clearMessage()
    const text = await decodeBytes(new Uint8Array(await file.arrayBuffer()), file.name)
    if (E.isLeft(text)) showError(text.left, current === undefined ? '' : ` (still showing ${current.opened.title})`)
    else openText(text.right, file.name, file.name)
  }

  // Controls ---------------------------------------------------------------
  select.replaceChildren(...CATALOG.map((e) => html('option', { value: e.id }, e.label)))
  select.addEventListener('change', () => void openCatalog(select.value))
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0]
    fileInput.value = ''
    if (file !== undefined) void openFile(file)
  })
  const overlay = byId<HTMLElement>('drop-overlay')
  document.addEventListener('dragover', (event) => {
    event.preventDefault()
    overlay.hidden = false
  })
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) overlay.hidden = true
  })
  document.addEventListener('drop', (event) => {
    event.preventDefault()
    overlay.hidden = true
    const file = event.dataTransfer?.files[0]
    if (file !== undefined) void openFile(file)
  })
  byId<HTMLButtonElement>('clear-evidence').addEventListener('click', () => ask(noEvidence))
  mpeButton.addEventListener('click', () => {
    if (current === undefined) return
    if (mpeShown !== undefined) {
      mpeShown = undefined
      render()
      return
    }
    pendingMpe = { id: nextRequestId++, evidence: cycle.committed }
    post({ kind: 'mpe', id: pendingMpe.id, question: questionOf(cycle.committed) })
  })
  const find = byId<HTMLInputElement>('find-node')
  find.addEventListener('change', () => {
    const name = find.value.trim()
    if (current === undefined || name === '') return
    if (current.view.reveal(name)) {
      selected = name
      blanketShown = false
      find.value = ''
      render()
    } else showMessage('error', `no variable named "${name}" in ${current.opened.title}`)
  })
  byId<HTMLButtonElement>('zoom-in').addEventListener('click', () => current?.view.zoomBy(1.25))
  byId<HTMLButtonElement>('zoom-out').addEventListener('click', () => current?.view.zoomBy(0.8))
  byId<HTMLButtonElement>('zoom-fit').addEventListener('click', () => current?.view.fit())

  const initial = catalogEntry(location.hash.slice(1)) ?? catalogEntry('asia')!
  select.value = initial.id
  void openCatalog(initial.id)
  return { openText }
}
