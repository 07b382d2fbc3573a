/**
 * Reader for GeNIe/SMILE's XML format (`.xdsl`):
 *
 * ```xml
 * <smile version="1.0" id="Net" numsamples="10000" discsamples="10000">
 *   <nodes>
 *     <cpt id="Rain"><state id="yes" /><state id="no" /><probabilities>0.2 0.8</probabilities></cpt>
 *     <noisymax id="Wet"><state id="present" /><state id="absent" /><parents>Rain Sprinkler</parents>
 *       <strengths>0 1 0 1</strengths><parameters>0.9 0.1 0 1  0.8 0.2 0 1  0.01 0.99</parameters></noisymax>
 *     <deterministic id="Either"><state id="T" /><state id="F" /><parents>A B</parents>
 *       <resultingstates>T T T F</resultingstates></deterministic>
 *   </nodes>
 *   <extensions><genie ...>layout</genie></extensions>
 * </smile>
 * ```
 * - `cpt`: `probabilities` lists, for each assignment of `parents` (the last
 *   fastest), the node's states: the NetworkSpec layout.
 * - `deterministic`: `resultingstates` names the node's state for each parent
 *   assignment: a deterministic compact table.
 * - `noisymax` (SMILE's noisy-MAX, Díez's parameters): the node's states are
 *   listed from the highest to the distinguished one, last; for each parent,
 *   `strengths` lists its state indices from the strongest to its
 *   distinguished state, last; `parameters` holds, parent by parent and in
 *   strength order, one distribution over the node's states per parent state
 *   (the distinguished state's is 0 ... 0 1), then the leak. Read as a
 *   noisy-MAX compact table with order [m-1, ..., 0]; the strengths are kept
 *   (preserved part `strengths`) for the writer.
 *
 * Kept without interpretation, for `writeXdsl` (as `preserved` parts of
 * format `xdsl`): the root's attributes other than `id`; every top-level
 * element but `nodes` (`extensions` with GeNIe's layout, properties,
 * algorithm parameters, observation costs, ...), before or after `nodes`;
 * a node's attributes other than `id` (e.g. `diagtype`), its states'
 * attributes other than `id`, and its child elements other than the ones
 * read (e.g. `property`). Refused with `Unsupported`, naming the node:
 * decision and utility nodes (influence diagrams: `readXdslDiagram` reads
 * them), MAU nodes, equation and noisy-adder nodes, nodes in temporal plates
 * and the `dynamic` section (dynamic Bayesian networks), and any other node
 * kind.
 *
 * Influence diagrams (`readXdslDiagram`): a `decision` node lists its options
 * as states and its information arcs as `parents`; a `utility` node lists
 * `parents` (chance and decision nodes) and `utilities`, one number per
 * parent assignment, the last parent fastest.
 */
import type { ChanceSpec, CompactTable, DecisionSpec, DiagramSpec, NetworkSpec, PreservedPart, UtilitySpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableContext, type TableDraft, type VariableDraft } from './assemble.js'
import { deterministicFromNames } from './compact-shape.js'
import type { IoError } from './errors.js'
import { charClasses, locate, NumberBuffer, Scanner } from './scanner.js'
import { utilityTable, type UtilityDraft } from './utility-table.js'
import { parseXml, type XmlElement } from './xml.js'

const NUMBER_CLASSES = charClasses('<>&,;')
const NO_COMMENTS = { slashes: false, percent: false }

/** The preserved-part format name of this reader and its writer. */
export const XDSL_FORMAT = 'xdsl'

/** Root attributes `writeXdsl` writes when it has none from a file (not kept when read, so that writing and reading gives the spec back). */
export const DEFAULT_XDSL_ATTRIBUTES = ' version="1.0" numsamples="10000" discsamples="10000"'

const DIAGRAM_NODES: Readonly<Record<string, string>> = {
  decision: 'decision nodes (an influence diagram: read it with readXdslDiagram or chainrule decide)',
  utility: 'utility nodes (an influence diagram: read it with readXdslDiagram or chainrule decide)',
}

const UNSUPPORTED_NODES: Readonly<Record<string, string>> = {
  mau: 'multi-attribute utility nodes (influence diagrams)',
  equation: 'equation nodes (continuous variables)',
  noisyadder: 'noisy-adder nodes',
}

/** Attributes other than `id`, as XML text (` a="1" b="x"`), values escaped. */
export const otherAttributes = (e: XmlElement): string => {
  let out = ''
  for (const [name, value] of e.attributes) if (name !== 'id') out += ` ${name}="${escapeXml(value)}"`
  return out
}

/** Escape text for an XML attribute value or element content. */
export const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;'))

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0)

/**
 * Read an xdsl text into a `NetworkSpec` (compact tables for `noisymax` and
 * `deterministic` nodes), or the first error with its location.
 *
 * @example
 * ```ts
 * import { readXdsl } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * // Root attributes other than GeNIe's usual three are kept for the writer.
 * readXdsl(`<smile version="1.0" id="n"><nodes>
 *   <cpt id="a"><state id="on" /><state id="off" /><probabilities>0.3 0.7</probabilities></cpt>
 * </nodes></smile>`)
 * // => E.right({ name: 'n', variables: [{ name: 'a', states: ['on', 'off'], parents: [], table: Float64Array.of(0.3, 0.7) }], preserved: { format: 'xdsl', parts: [{ key: 'attributes', text: ' version="1.0"' }] } })
 * ```
 */
export const readXdsl = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const read = readSmile(text, options, false)
  return E.isLeft(read) ? read : E.right(read.right.network)
}

/**
 * Read an xdsl influence diagram (chance, `decision` and `utility` nodes)
 * into a `DiagramSpec` (solve it with `diagramFromSpec` of
 * `@chainrule/decision`), or the first error with its location. Checked
 * besides what `readXdsl` checks: every utility has known, distinct parents
 * that are not utilities and one number per parent assignment; no node has
 * a utility as a parent. What the diagram does not carry (layout,
 * properties) is not kept.
 *
 * @example
 * ```ts
 * import { readXdslDiagram } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readXdslDiagram(`<smile version="1.0" id="umbrella"><nodes>
 *   <cpt id="rain"><state id="no" /><state id="yes" /><probabilities>0.7 0.3</probabilities></cpt>
 *   <decision id="take"><state id="no" /><state id="yes" /></decision>
 *   <utility id="comfort"><parents>take rain</parents><utilities>100 0 80 70</utilities></utility>
 * </nodes></smile>`)
 * E.isRight(spec) && spec.right.variables.map((v) => [v.kind, v.name]) // => [['chance', 'rain'], ['decision', 'take']]
 * E.isRight(spec) && spec.right.utilities.map((u) => [u.name, u.parents, Array.from(u.table)]) // => [['comfort', ['take', 'rain'], [100, 0, 80, 70]]]
 * ```
 */
export const readXdslDiagram = (text: string, options: ReadOptions = {}): E.Either<IoError, DiagramSpec> => {
  const read = readSmile(text, options, true)
  if (E.isLeft(read)) return read
  const { network, decisions, utilities } = read.right
  const variables = network.variables.map((v): ChanceSpec | DecisionSpec =>
    decisions.has(v.name) ? { kind: 'decision', name: v.name, states: v.states, parents: v.parents } : { kind: 'chance', ...v },
  )
  return E.right(network.name === undefined ? { variables, utilities } : { name: network.name, variables, utilities })
}

/** A smile document read: the network (decisions with placeholder tables), which variables are decisions, and the utilities. */
interface SmileRead {
  readonly network: NetworkSpec
  readonly decisions: ReadonlySet<string>
  readonly utilities: readonly UtilitySpec[]
}

/** Read a smile document; decision and utility nodes only when `diagram`. */
const readSmile = (text: string, options: ReadOptions, diagram: boolean): E.Either<IoError, SmileRead> => {
  const file = options.file ?? '<input>'
  const parsed = parseXml(text, file)
  if (E.isLeft(parsed)) return parsed
  const where = (offset: number) => locate(text, file, offset)
  const unsupported = (e: XmlElement, feature: string): E.Either<IoError, never> => E.left({ _tag: 'Unsupported', ...where(e.at), feature })
  const expected = (what: string, e: XmlElement): E.Either<IoError, never> =>
    E.left({ _tag: 'UnexpectedInput', ...where(e.at), expected: what, found: `<${e.name}>` })
  const root = parsed.right
  if (root.name !== 'smile') return expected('a <smile> root element', root)
  const parts: PreservedPart[] = []
  const rootAttributes = otherAttributes(root)
  if (rootAttributes !== '' && rootAttributes !== DEFAULT_XDSL_ATTRIBUTES) parts.push({ key: 'attributes', text: rootAttributes })
  const nodesElements = root.children.filter((c) => c.name === 'nodes')
  if (nodesElements.length !== 1) return expected('exactly one <nodes> in <smile>', nodesElements[1] ?? root)
  let seenNodes = false
  for (const c of root.children) {
    if (c.name === 'nodes') seenNodes = true
    else if (c.name === 'dynamic') return unsupported(c, 'temporal plates (<dynamic>, dynamic Bayesian networks)')
    else parts.push({ key: seenNodes ? 'after-nodes' : 'before-nodes', text: text.slice(c.at, c.end) })
  }
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  const decisions = new Set<string>()
  const utilityDrafts: UtilityDraft[] = []
  const numbers = new NumberBuffer()
  /** The numbers inside an element, scanned in place so that errors point into the file. */
  const numbersOf = (e: XmlElement): E.Either<IoError, Float64Array> => {
    const s = new Scanner(text, file, NUMBER_CLASSES, NO_COMMENTS, e.contentStart, e.contentEnd)
    const start = numbers.length
    while (s.ok && !s.atEnd()) numbers.push(s.readNumber(`a number or </${e.name}>`))
    return s.failure === undefined ? E.right(numbers.slice(start, numbers.length)) : E.left(s.failure)
  }
  for (const node of nodesElements[0]!.children) {
    const kind = node.name
    const id = node.attributes.get('id')
    if (id === undefined || id.trim() === '') return expected(`an id attribute on <${kind}>`, node)
    if (UNSUPPORTED_NODES[kind] !== undefined) return unsupported(node, `${UNSUPPORTED_NODES[kind]}: <${kind} id="${id}">`)
    if (!diagram && DIAGRAM_NODES[kind] !== undefined) return unsupported(node, `${DIAGRAM_NODES[kind]}: <${kind} id="${id}">`)
    if (!['cpt', 'noisymax', 'deterministic', 'decision', 'utility'].includes(kind)) return unsupported(node, `<${kind}> nodes: <${kind} id="${id}">`)
    if (node.attributes.has('dynamic')) return unsupported(node, `nodes in temporal plates: <${kind} id="${id}" dynamic="${node.attributes.get('dynamic')}">`)
    const attributes = otherAttributes(node)
    if (attributes !== '') parts.push({ variable: id, key: 'attributes', text: attributes })
    const states: string[] = []
    let parents: string[] = []
    let parentsAt = node.at
    const definition = new Map<string, XmlElement>()
    for (const c of node.children) {
      if (c.name === 'state') {
        const state = c.attributes.get('id')
        if (state === undefined) return expected('an id attribute on <state>', c)
        const stateAttributes = otherAttributes(c)
        if (stateAttributes !== '') parts.push({ variable: id, key: `state:${states.length}`, text: stateAttributes })
        states.push(state)
      } else if (c.name === 'parents') {
        parents = words(c.text)
        parentsAt = c.contentStart
      } else if (['probabilities', 'resultingstates', 'strengths', 'parameters', 'utilities'].includes(c.name)) {
        if (definition.has(c.name)) return expected(`one <${c.name}> in <${kind} id="${id}">`, c)
        definition.set(c.name, c)
      } else parts.push({ variable: id, key: 'element', text: text.slice(c.at, c.end) })
    }
    const need = (name: string): E.Either<IoError, XmlElement> => {
      const e = definition.get(name)
      return e === undefined ? expected(`<${name}> in <${kind} id="${id}">`, node) : E.right(e)
    }
    if (kind === 'utility') {
      if (states.length > 0) return expected(`no <state> in <utility id="${id}">`, node)
      const u = need('utilities')
      if (E.isLeft(u)) return u
      const values = numbersOf(u.right)
      if (E.isLeft(values)) return values
      utilityDrafts.push({ name: id, at: node.at, parents, parentsAt: parents.map(() => parentsAt), values: values.right, valuesAt: u.right.contentStart, definitionAt: node.at })
      continue
    }
    variables.push({ name: id, states, at: node.at })
    const draft = { child: id, childAt: node.at, parents, parentsAt: parents.map(() => parentsAt) }
    if (kind === 'decision') {
      // The information arcs go through `assemble` with a placeholder table of the right size.
      decisions.add(id)
      tables.push({ ...draft, build: (context) => E.right(new Float64Array(context.entries)) })
    } else if (kind === 'cpt') {
      const p = need('probabilities')
      if (E.isLeft(p)) return p
      const values = numbersOf(p.right)
      if (E.isLeft(values)) return values
      tables.push({ ...draft, build: fixedTable(values.right, id, p.right.at) })
    } else if (kind === 'deterministic') {
      const r = need('resultingstates')
      if (E.isLeft(r)) return r
      const element = r.right
      tables.push({ ...draft, compact: true, build: (context) => deterministicFromNames(words(element.text), context, id, element.contentStart) })
    } else {
      const strengths = need('strengths')
      if (E.isLeft(strengths)) return strengths
      const parameters = need('parameters')
      if (E.isLeft(parameters)) return parameters
      const order = numbersOf(strengths.right)
      if (E.isLeft(order)) return order
      const values = numbersOf(parameters.right)
      if (E.isLeft(values)) return values
      const at = { strengths: strengths.right.contentStart, parameters: parameters.right.contentStart }
      tables.push({
        ...draft,
        compact: true,
        build: (context) => {
          const table = noisyMax(order.right, values.right, context, id, at)
          // Strengths other than the default ranking (other states in index order, then the distinguished one) are kept for the writer.
          if (E.isRight(table) && !isDefaultRanking(order.right, context)) parts.push({ variable: id, key: 'strengths', text: strengths.right.text.trim() })
          return table
        },
      })
    }
  }
  const name = root.attributes.get('id')
  const maxEntries = options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES
  const isUtility = new Set<string>()
  const isVariable = new Set(variables.map((v) => v.name))
  for (const u of utilityDrafts) {
    if (isVariable.has(u.name) || isUtility.has(u.name)) return E.left({ _tag: 'DuplicateVariable', ...where(u.at), name: u.name })
    isUtility.add(u.name)
  }
  for (const t of tables)
    for (const parent of t.parents) if (isUtility.has(parent)) return E.left({ _tag: 'Unsupported', ...where(t.parentsAt[0] ?? t.childAt), feature: `utility node ${parent} as a parent` })
  const spec = assemble(name, variables, tables, where, maxEntries)
  if (E.isLeft(spec)) return spec
  const statesOf = new Map(spec.right.variables.map((v) => [v.name, v.states.length]))
  const utilities: UtilitySpec[] = []
  for (const u of utilityDrafts) {
    const checked = utilityTable(u, (parent) => (isUtility.has(parent) ? 'utility' : statesOf.get(parent)), where, maxEntries)
    if (E.isLeft(checked)) return checked
    utilities.push({ name: u.name, parents: u.parents, table: checked.right })
  }
  // After assembling: the noisy-MAX builders add the strengths they keep.
  const network = parts.length === 0 || diagram ? spec.right : { ...spec.right, preserved: { format: XDSL_FORMAT, parts } }
  return E.right({ network, decisions, utilities })
}

/** True when each parent's ranking lists its states in index order but the last, its distinguished one. */
const isDefaultRanking = (strengths: Float64Array, context: TableContext): boolean => {
  let offset = 0
  for (const states of context.parentStates) {
    const k = states.length
    const distinguished = strengths[offset + k - 1]!
    const expected = [...Array.from({ length: k }, (_, x) => x).filter((x) => x !== distinguished), distinguished]
    if (expected.some((x, t) => strengths[offset + t] !== x)) return false
    offset += k
  }
  return true
}

/** A noisy-MAX table from SMILE's strengths and parameters (see the file header). */
const noisyMax = (
  strengths: Float64Array,
  parameters: Float64Array,
  context: TableContext,
  child: string,
  at: { readonly strengths: number; readonly parameters: number },
): E.Either<IoError, CompactTable> => {
  const m = context.childStates.length
  const cards = context.parentStates.map((s) => s.length)
  const total = cards.reduce((a, k) => a + k, 0)
  const mismatch = (where: number, expected: number, got: number): E.Either<IoError, never> =>
    E.left({ _tag: 'TableSizeMismatch', ...context.locate(where), variable: child, expected, got })
  if (strengths.length !== total) return mismatch(at.strengths, total, strengths.length)
  if (parameters.length !== (total + 1) * m) return mismatch(at.parameters, (total + 1) * m, parameters.length)
  const parents = []
  let offset = 0
  for (let j = 0; j < cards.length; j++) {
    const k = cards[j]!
    const ranking = Array.from(strengths.subarray(offset, offset + k))
    if (new Set(ranking.filter((x) => Number.isInteger(x) && x >= 0 && x < k)).size !== k)
      return E.left({
        _tag: 'UnexpectedInput',
        ...context.locate(at.strengths),
        expected: `each state index of parent ${j + 1} of ${child} (0 to ${k - 1}) once`,
        found: ranking.join(' '),
      })
    const distinguished = ranking[k - 1]!
    const base = offset * m
    // The distinguished state's row is fixed: all mass on the child's last (distinguished) state.
    for (let y = 0; y < m; y++)
      if (parameters[base + (k - 1) * m + y] !== (y === m - 1 ? 1 : 0))
        return E.left({
          _tag: 'UnexpectedInput',
          ...context.locate(at.parameters),
          expected: `0 ... 0 1 as the row of the distinguished state of parent ${j + 1} of ${child}`,
          found: Array.from(parameters.subarray(base + (k - 1) * m, base + k * m)).join(' '),
        })
    const probabilities: number[] = []
    for (let x = 0; x < k; x++) {
      if (x === distinguished) continue
      const t = ranking.indexOf(x)
      for (let y = 0; y < m; y++) probabilities.push(parameters[base + t * m + y]!)
    }
    parents.push({ distinguished, probabilities })
    offset += k
  }
  const leak = Array.from(parameters.subarray(total * m))
  return E.right({ kind: 'noisyMax', order: Array.from({ length: m }, (_, r) => m - 1 - r), parents, leak })
}
