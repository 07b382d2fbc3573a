/**
 * What each node of the drawing shows, as plain data: one row per state with
 * its posterior (text and bar length), which state is observed or most
 * probable, and the highlight classes from the structure questions. The SVG
 * renderer applies these values and knows nothing about inference.
 */
import type { EvidenceState } from './evidence.js'
import { percent } from './format.js'
import type { IndependenceAnswer, IndependenceQuery } from './independence.js'

/** One state row of a node. */
export interface RowView {
  readonly state: string
  readonly probability: number
  /** The percentage printed beside the bar. */
  readonly text: string
  /** Bar length as a fraction of the full bar, in [0, 1]. */
  readonly fraction: number
  /** This state is the hard evidence. */
  readonly observed: boolean
  /** Soft-evidence weight on this state (scaled to a peak of 1), if any. */
  readonly likelihood: number | undefined
  /** This state is in the most probable explanation on display. */
  readonly mpe: boolean
  /** With interventions: this state's observational probability (no do()), shown beside the intervened one. */
  readonly observational: number | undefined
  /** Bar length of the observational probability, in [0, 1]. */
  readonly observationalFraction: number | undefined
  /** This state is forced by an intervention. */
  readonly forced: boolean
}

/** One node of the drawing. */
export interface NodeView {
  readonly name: string
  readonly classes: readonly string[]
  readonly rows: readonly RowView[]
}

/** What is highlighted on the graph. */
export interface Highlights {
  readonly trail: ReadonlySet<string>
  /** Keys from {@link edgeKey}. */
  readonly trailEdges: ReadonlySet<string>
  readonly endpoints: ReadonlySet<string>
  readonly given: ReadonlySet<string>
  readonly separated: boolean | undefined
  readonly blanket: ReadonlySet<string>
  readonly blanketOf: string | undefined
  /** Arcs cut by interventions (into an intervened variable), keys from {@link edgeKey}. */
  readonly cutEdges: ReadonlySet<string>
}

/** Nothing highlighted. */
export const noHighlights: Highlights = {
  trail: new Set(),
  trailEdges: new Set(),
  endpoints: new Set(),
  given: new Set(),
  separated: undefined,
  blanket: new Set(),
  blanketOf: undefined,
  cutEdges: new Set(),
}

/**
 * The arcs graph surgery removes: every arc into an intervened variable.
 *
 * @example
 * cutEdgesOf(['smoke', 'lung'], [[], [0]], new Map([['lung', 'yes']])) // => Set { edgeKey('smoke', 'lung') }
 */
export const cutEdgesOf = (nodes: readonly string[], parentIds: readonly (readonly number[])[], interventions: ReadonlyMap<string, string>): ReadonlySet<string> =>
  new Set(nodes.flatMap((name, v) => (interventions.has(name) ? parentIds[v]!.map((p) => edgeKey(nodes[p]!, name)) : [])))

/**
 * The key of a directed edge, as the renderer tags edges.
 *
 * @example
 * edgeKey('smoke', 'lung') // => 'smoke\u0000lung'
 */
export const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`

/**
 * Highlights for an answered d-separation question and a Markov blanket
 * (either may be absent).
 *
 * @example
 * highlightsOf({ query: { x: 'tub', y: 'smoke', given: ['dysp'] }, answer }, undefined)
 * // trail: {tub, either, lung, smoke}, endpoints: {tub, smoke}, given: {dysp}, separated: false
 */
export const highlightsOf = (
  independence: { readonly query: IndependenceQuery; readonly answer: IndependenceAnswer } | undefined,
  blanket: { readonly node: string; readonly members: readonly string[] } | undefined,
): Highlights => ({
  trail: new Set(independence === undefined || independence.answer.separated ? [] : independence.answer.trail),
  trailEdges: new Set(
    independence === undefined || independence.answer.separated ? [] : independence.answer.edges.map((e) => edgeKey(e.from, e.to)),
  ),
  endpoints: new Set(independence === undefined ? [] : [independence.query.x, independence.query.y]),
  given: new Set(independence?.query.given ?? []),
  separated: independence?.answer.separated,
  blanket: new Set(blanket?.members ?? []),
  blanketOf: blanket?.node,
  cutEdges: new Set(),
})

/** Everything a node's view depends on. */
export interface NodeInput {
  readonly name: string
  readonly states: readonly string[]
  /** Posterior of this variable, or undefined before the first answer (with interventions: the intervened one). */
  readonly probabilities: ArrayLike<number> | undefined
  /** With interventions: the observational posterior, shown beside it (undefined without interventions). */
  readonly observational?: ArrayLike<number> | undefined
  readonly evidence: EvidenceState
  /** State index in the MPE on display, if any. */
  readonly mpeState: number | undefined
  readonly selected: boolean
  readonly highlights: Highlights
}

/**
 * The view of one node.
 *
 * @example
 * nodeView({ name: 'smoke', states: ['yes', 'no'], probabilities: [0.5, 0.5], evidence: noEvidence,
 *            mpeState: undefined, selected: false, highlights: noHighlights })
 * // => { name: 'smoke', classes: [], rows: [{ state: 'yes', text: '50.00%', fraction: 0.5, ... }, ...] }
 */
export const nodeView = (input: NodeInput): NodeView => {
  const { name, highlights: h } = input
  const observed = input.evidence.hard.get(name)
  const soft = input.evidence.soft.get(name)
  const peak = soft === undefined ? 1 : Math.max(...soft)
  const forced = input.evidence.interventions.get(name)
  const classes = [
    forced !== undefined ? 'intervened' : undefined,
    observed !== undefined ? 'observed' : undefined,
    soft !== undefined ? 'soft' : undefined,
    input.selected ? 'selected' : undefined,
    h.trail.has(name) ? 'on-trail' : undefined,
    h.endpoints.has(name) ? 'endpoint' : undefined,
    h.given.has(name) ? 'given' : undefined,
    h.blanket.has(name) ? 'in-blanket' : undefined,
    h.blanketOf === name ? 'blanket-center' : undefined,
  ].filter((c): c is string => c !== undefined)
  const rows = input.states.map((state, k): RowView => {
    const probability = input.probabilities?.[k] ?? Number.NaN
    const known = Number.isFinite(probability)
    const seen = input.observational === undefined ? undefined : (input.observational[k] ?? Number.NaN)
    return {
      state,
      probability,
      text: known ? percent(probability) : '…',
      fraction: known ? Math.min(1, Math.max(0, probability)) : 0,
      observed: observed === state,
      likelihood: soft === undefined ? undefined : (soft[k] ?? 0) / peak,
      mpe: input.mpeState === k,
      observational: seen,
      observationalFraction: seen === undefined ? undefined : Number.isFinite(seen) ? Math.min(1, Math.max(0, seen)) : 0,
      forced: forced === state,
    }
  })
  return { name, classes, rows }
}
