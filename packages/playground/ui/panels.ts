// The side panels, rebuilt from plain data: evidence and P(e), the selected
// node (soft-evidence editor, Markov blanket, d-separation shortcuts), and
// the parameter counts. Each function only draws; the app decides.
import type { ParameterCounts, TreeSize } from '../src/counts.js'
import type { EvidenceState } from '../src/evidence.js'
import { groupDigits, milliseconds, powerOfTen, probability } from '../src/format.js'
import { html } from './dom.js'

/** What the evidence panel shows. */
export interface EvidenceSummary {
  readonly evidence: EvidenceState
  readonly logPEvidence: number | undefined
  readonly updateMs: number | undefined
  readonly workerMs: number | undefined
  readonly mpe: { readonly logProbability: number } | undefined
}

/** Evidence list with remove buttons, P(e), timings and the MPE's probability. */
export const renderEvidencePanel = (panel: HTMLElement, s: EvidenceSummary, onClear: (variable: string) => void): void => {
  const items = [
    ...[...s.evidence.interventions].map(([v, state]) => ({ v, text: `do(${v} = ${state})` })),
    ...[...s.evidence.hard].map(([v, state]) => ({ v, text: `${v} = ${state}` })),
    ...[...s.evidence.soft].map(([v, weights]) => ({ v, text: `${v} ~ likelihood (${weights.map((w) => String(w)).join(' : ')})` })),
  ]
  const soft = s.evidence.soft.size > 0
  const intervened = s.evidence.interventions.size > 0
  const pe = s.logPEvidence === undefined ? undefined : Math.exp(s.logPEvidence)
  const given = intervened ? `evidence | do(${[...s.evidence.interventions].map(([v, state]) => `${v}=${state}`).join(', ')})` : 'evidence'
  panel.replaceChildren(
    html('h2', {}, 'Evidence'),
    items.length === 0
      ? html('p', { class: 'hint' }, 'Click a state in any node to observe it; click it again to clear. Shift-click (or Alt-click) a state to intervene, do().')
      : html(
          'ul',
          { class: 'evidence-list' },
          ...items.map(({ v, text }) => {
            const remove = html('button', { class: 'small', title: `clear ${v}`, 'data-clear': v }, '×')
            remove.addEventListener('click', () => onClear(v))
            return html('li', {}, text, ' ', remove)
          }),
        ),
    html(
      'p',
      {},
      soft ? `P(${given}, likelihoods scaled to peak 1) = ` : `P(${given}) = `,
      html('strong', { id: 'p-evidence', 'data-log': s.logPEvidence === undefined ? undefined : String(s.logPEvidence) }, pe === undefined ? '…' : probability(pe)),
      s.logPEvidence === undefined ? '' : html('span', { class: 'muted' }, ` (log ${s.logPEvidence.toFixed(4)} nats)`),
    ),
    intervened
      ? html(
          'p',
          { class: 'muted', id: 'bars-key' },
          'Each state shows two bars:',
          html('span', { class: 'bar-key', style: 'background:#9ca3af' }),
          'P(state | evidence), as observed;',
          html('span', { class: 'bar-key', style: 'background:var(--bar)' }),
          'P(state | evidence, do(…)), the intervened model (the number). Dashed arcs are cut.',
        )
      : '',
    s.mpe === undefined
      ? ''
      : html(
          'p',
          { id: 'mpe-summary' },
          'Most probable explanation (★ on the graph): P(x, e) = ',
          html('strong', {}, probability(Math.exp(s.mpe.logProbability))),
        ),
    html(
      'p',
      { class: 'muted', id: 'update-time' },
      s.updateMs === undefined ? '' : `Bars updated ${milliseconds(s.updateMs)} after the click (junction tree in the worker: ${milliseconds(s.workerMs ?? 0)}).`,
    ),
  )
}

/** What the node panel needs. */
export interface NodeDetails {
  readonly name: string
  readonly states: readonly string[]
  readonly parents: readonly string[]
  readonly children: readonly string[]
  readonly hard: string | undefined
  readonly soft: readonly number[] | undefined
  /** The state do() forces, if any. */
  readonly forced: string | undefined
  readonly blanketShown: boolean
  readonly inGiven: boolean
}

/** Actions offered on the selected node. */
export interface NodeActions {
  readonly applySoft: (texts: readonly string[]) => void
  readonly clear: () => void
  readonly toggleBlanket: () => void
  readonly setX: () => void
  readonly setY: () => void
  readonly toggleGiven: () => void
}

const button = (label: string, id: string, action: () => void, title?: string): HTMLButtonElement => {
  const b = html('button', { id, title }, label)
  b.addEventListener('click', action)
  return b
}

/** The selected node: family, soft-evidence editor and structure shortcuts. */
export const renderNodePanel = (panel: HTMLElement, node: NodeDetails | undefined, actions: NodeActions): void => {
  if (node === undefined) {
    panel.replaceChildren(html('h2', {}, 'Node'), html('p', { class: 'hint' }, 'Click a node’s name to select it.'))
    return
  }
  const inputs = node.states.map((state, k) =>
    html('input', { type: 'text', inputmode: 'decimal', size: 6, 'data-weight': state, value: node.soft === undefined ? '1' : String(node.soft[k] ?? 1) }),
  )
  const form = html(
    'form',
    { id: 'soft-editor', class: 'soft-editor' },
    html('table', {}, ...node.states.map((state, k) => html('tr', {}, html('td', {}, state), html('td', {}, inputs[k]!)))),
    html('button', { type: 'submit', id: 'apply-soft' }, 'Apply likelihood'),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    actions.applySoft(inputs.map((i) => i.value))
  })
  panel.replaceChildren(
    html('h2', {}, 'Node ', html('span', { id: 'selected-node' }, node.name)),
    html('p', { class: 'muted' }, `parents: ${node.parents.join(', ') || 'none'}; children: ${node.children.join(', ') || 'none'}`),
    html(
      'p',
      { id: 'node-status' },
      node.forced !== undefined ? `Forced: do(${node.name} = ${node.forced}), cut from its parents. ` : '',
      node.hard !== undefined ? `Observed: ${node.hard}` : node.soft !== undefined ? 'Soft evidence set' : 'Not observed',
    ),
    html('h3', {}, 'Soft evidence'),
    html('p', { class: 'hint' }, 'One likelihood weight per state, P(observation | state) up to a constant.'),
    form,
    html(
      'p',
      { class: 'buttons' },
      button('Clear evidence and do() here', 'clear-node', actions.clear),
      button(node.blanketShown ? 'Hide Markov blanket' : 'Show Markov blanket', 'blanket-button', actions.toggleBlanket),
    ),
    html(
      'p',
      { class: 'buttons' },
      button('Use as X', 'use-x', actions.setX, 'first variable of the independence question'),
      button('Use as Y', 'use-y', actions.setY, 'second variable of the independence question'),
      button(node.inGiven ? 'Remove from Z' : 'Add to Z', 'toggle-z', actions.toggleGiven, 'conditioning set of the independence question'),
    ),
  )
}

const countCell = (n: bigint): HTMLElement => {
  const power = powerOfTen(n)
  const [mantissa, exponent] = power?.split('^') ?? []
  return html(
    'td',
    { class: 'count', 'data-count': n.toString() },
    groupDigits(n),
    power === undefined ? '' : html('span', { class: 'muted power' }, `≈ ${mantissa}`, html('sup', {}, exponent ?? '')),
  )
}

/** Parameter counts of the network and of the alternatives, and the compiled tree's size. */
export const renderCountsPanel = (panel: HTMLElement, counts: ParameterCounts, tree: TreeSize | undefined): void => {
  panel.replaceChildren(
    html('h2', {}, 'Parameters'),
    html('p', { class: 'muted' }, `${counts.variables} variables, ${counts.edges} edges. Free parameters needed for the same variables:`),
    html(
      'table',
      { id: 'counts', class: 'counts' },
      html('tr', { 'data-row': 'network' }, html('th', {}, 'this network'), countCell(counts.network)),
      html('tr', { 'data-row': 'full-joint' }, html('th', {}, 'full joint table'), countCell(counts.fullJoint)),
      html('tr', { 'data-row': 'chain-rule' }, html('th', {}, 'chain rule, no independences'), countCell(counts.chainRule)),
      html('tr', { 'data-row': 'independent' }, html('th', {}, 'all independent'), countCell(counts.independent)),
      html('tr', { 'data-row': 'table-entries' }, html('th', {}, 'numbers in its tables'), countCell(counts.tableEntries)),
    ),
    tree === undefined
      ? html('p', { class: 'muted' }, 'Compiling the junction tree…')
      : html(
          'p',
          { id: 'tree-size' },
          `Junction tree (${tree.strategy}): ${tree.clusters} cliques; largest `,
          html('strong', { id: 'largest-clique', 'data-entries': String(tree.largestEntries) }, `{${tree.largestClique.join(', ')}}`),
          ` with ${groupDigits(BigInt(tree.largestEntries))} entries; ${groupDigits(BigInt(tree.totalEntries))} entries in all.`,
        ),
  )
}
