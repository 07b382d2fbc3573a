/**
 * Reader for the Hugin NET format (the "new" syntax of Hugin 6+, also written
 * by GeNIe, SamIam and pgmpy):
 *
 * ```text
 * net { node_size = (80 40); }
 * node A { label = "A"; states = ("yes" "no"); }
 * node B { states = ("lo" "mid" "hi"); }
 * potential (A) { data = (0.2 0.8); }
 * potential (B | A) { data = ((0.1 0.2 0.7) (0.3 0.3 0.4)); }
 * ```
 * Row order: `data` nests one level per parent in header order (first parent
 * outermost) with the child's states innermost, so flattened it is the
 * NetworkSpec layout (last parent fastest, child states within a row).
 * Parentheses inside `data` only group; the count is checked. `%` starts a
 * comment. Attributes other than `states` and `data` are skipped. Continuous
 * nodes, classes (OOBN) and joint potentials without `|` over several
 * variables are refused as `Unsupported`.
 *
 * Influence diagrams (LIMIDs) add `decision` nodes (`discrete decision` too),
 * whose potential lists their information arcs (`potential (D | A B)`; a
 * `data` there is an initial policy and is skipped), and `utility` nodes
 * (no states), whose potential's `data` holds one utility per parent
 * assignment, nested like a table without the child level. `readHuginNet`
 * refuses them (a network has no decisions); `readHuginDiagram` reads them
 * into a `DiagramSpec`.
 */
import type { ChanceSpec, DecisionSpec, DiagramSpec, NetworkSpec, UtilitySpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft } from './assemble.js'
import type { IoError } from './errors.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'
import { utilityTable, type ParentKind } from './utility-table.js'

const NET_CLASSES = charClasses('{}()=;|",')
const COMMENTS = { slashes: false, percent: true }

const LBRACE = 0x7b
const RBRACE = 0x7d
const LPAREN = 0x28
const RPAREN = 0x29
const EQUALS = 0x3d
const SEMI = 0x3b
const BAR = 0x7c
const COMMA = 0x2c
const QUOTE = 0x22

/** A node as declared: its kind, name, states (none for a utility) and where its name is. */
interface NodeDraft {
  readonly kind: 'chance' | 'decision' | 'utility'
  readonly name: string
  readonly states: readonly string[]
  readonly at: number
}

/** A NET text parsed: the network's name, the nodes in order and the potentials as read. */
interface ParsedNet {
  readonly name: string | undefined
  readonly nodes: readonly NodeDraft[]
  readonly potentials: readonly PotentialDraft[]
}

/** A potential as read: its child and parents with their offsets, and its data (undefined without one). */
interface PotentialDraft {
  readonly at: number
  readonly child: string
  readonly childAt: number
  readonly parents: readonly string[]
  readonly parentsAt: readonly number[]
  readonly values: Float64Array | undefined
  readonly dataAt: number
}

/** Parse the syntax of a NET text; decision and utility nodes only when `diagram`. */
const parseNet = (s: Scanner, diagram: boolean): ParsedNet | undefined => {
  const numbers = new NumberBuffer()
  const nodes: NodeDraft[] = []
  const potentials: PotentialDraft[] = []
  let name: string | undefined
  const node = (kind: NodeDraft['kind']): void => {
    s.skipTrivia()
    const nameAt = s.pos
    const id = s.readName('a node name')
    const states: string[] = []
    attributeBlock(s, (attribute) => (attribute === 'states' && kind !== 'utility' ? stateList(s, states) : false))
    if (s.ok) nodes.push({ kind, name: id, states, at: nameAt })
  }
  while (s.ok && !s.atEnd()) {
    const at = s.pos
    if (s.tryWord('net')) {
      attributeBlock(s, (attribute) => {
        if (attribute !== 'name' || s.peek() === LPAREN) return false
        name = s.readName('a network name')
        return true
      })
    } else if (s.tryWord('node')) node('chance')
    else if (s.tryWord('discrete')) {
      if (s.tryWord('node')) node('chance')
      else if (diagram && s.tryWord('decision')) node('decision')
      else if (diagram) s.failExpected("'node' or 'decision'")
      else unsupported(s, at, 'discrete decision nodes (an influence diagram: read it with readHuginDiagram)')
    } else if (diagram && s.tryWord('decision')) node('decision')
    else if (diagram && s.tryWord('utility')) node('utility')
    else if (s.tryWord('potential')) {
      const t = potential(s, numbers)
      if (t !== undefined) potentials.push(t)
    } else {
      const word = s.peekWord()
      if (word === 'decision' || word === 'utility') unsupported(s, at, `${word} nodes (an influence diagram: read it with readHuginDiagram)`)
      else if (word === 'continuous' || word === 'function' || word === 'class') unsupported(s, at, `${word} ${word === 'class' ? '(object-oriented networks)' : 'nodes'}`)
      else s.failExpected(diagram ? "'net', 'node', 'decision', 'utility' or 'potential'" : "'net', 'node' or 'potential'")
    }
  }
  return s.ok ? { name, nodes, potentials } : undefined
}

/** A chance variable's potential as `assemble` takes it; a potential without data is refused. */
const chanceTable = (s: Scanner, p: PotentialDraft): TableDraft | undefined =>
  p.values === undefined
    ? void unsupported(s, p.at, `potential of ${p.child} without a data table`)
    : { child: p.child, childAt: p.childAt, parents: p.parents, parentsAt: p.parentsAt, build: fixedTable(p.values, p.child, p.dataAt) }

/**
 * Read a Hugin NET text into a `NetworkSpec`, or the first error with its location.
 *
 * @example
 * ```ts
 * import { readHuginNet } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readHuginNet(`
 *   node rain { states = ("yes" "no"); }
 *   potential (rain) { data = (0.2 0.8); }
 * `)
 * spec // => E.right({ variables: [{ name: 'rain', states: ['yes', 'no'], parents: [], table: Float64Array.of(0.2, 0.8) }] })
 * ```
 */
export const readHuginNet = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', NET_CLASSES, COMMENTS)
  const parsed = parseNet(s, false)
  const tables: TableDraft[] = []
  for (const p of parsed?.potentials ?? []) {
    const t = chanceTable(s, p)
    if (t === undefined) break
    tables.push(t)
  }
  if (parsed === undefined || s.failure !== undefined) return E.left(s.failure!)
  return assemble(parsed.name, parsed.nodes, tables, (o) => s.locate(o), options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
}

/**
 * Read a Hugin NET influence diagram (chance, `decision` and `utility`
 * nodes) into a `DiagramSpec`, or the first error with its location. A
 * decision's parents are its information arcs; a decision without a
 * potential has none. Checked besides what `readHuginNet` checks: every
 * utility has one potential, with known, distinct, non-utility parents and
 * one number per parent assignment; no node has a utility as a parent.
 *
 * @example
 * ```ts
 * import { readHuginDiagram } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readHuginDiagram(`
 *   node rain { states = ("no" "yes"); }
 *   decision take { states = ("no" "yes"); }
 *   utility comfort { }
 *   potential (rain) { data = (0.7 0.3); }
 *   potential (take) { }
 *   potential (comfort | take rain) { data = ((100 0) (80 70)); }
 * `)
 * E.isRight(spec) && spec.right.variables.map((v) => [v.kind, v.name, v.parents]) // => [['chance', 'rain', []], ['decision', 'take', []]]
 * E.isRight(spec) && spec.right.utilities.map((u) => [u.name, u.parents, Array.from(u.table)]) // => [['comfort', ['take', 'rain'], [100, 0, 80, 70]]]
 * ```
 */
export const readHuginDiagram = (text: string, options: ReadOptions = {}): E.Either<IoError, DiagramSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', NET_CLASSES, COMMENTS)
  const parsed = parseNet(s, true)
  if (parsed === undefined) return E.left(s.failure!)
  const locate = (o: number) => s.locate(o)
  const maxEntries = options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES
  const kindOf = new Map<string, NodeDraft>()
  for (const node of parsed.nodes) {
    if (kindOf.has(node.name)) return E.left({ _tag: 'DuplicateVariable', ...locate(node.at), name: node.name })
    kindOf.set(node.name, node)
  }
  const tables: TableDraft[] = []
  const decisionParents = new Map<string, readonly string[]>()
  const utilityTables = new Map<string, Float64Array>()
  for (const p of parsed.potentials) {
    const child = kindOf.get(p.child)
    if (child === undefined) return E.left({ _tag: 'UnknownVariable', ...locate(p.childAt), name: p.child })
    for (let k = 0; k < p.parents.length; k++) {
      const parent = kindOf.get(p.parents[k]!)
      if (parent?.kind === 'utility') return E.left({ _tag: 'Unsupported', ...locate(p.parentsAt[k]!), feature: `utility node ${parent.name} as a parent` })
    }
    if (child.kind === 'chance') {
      const t = chanceTable(s, p)
      if (t === undefined) return E.left(s.failure!)
      tables.push(t)
    } else if (child.kind === 'decision') {
      if (decisionParents.has(child.name)) return E.left({ _tag: 'DuplicateTable', ...locate(p.childAt), variable: child.name })
      decisionParents.set(child.name, p.parents)
      // The information arcs go through `assemble` with a placeholder table of the right size.
      tables.push({ child: p.child, childAt: p.childAt, parents: p.parents, parentsAt: p.parentsAt, build: (context) => E.right(new Float64Array(context.entries)) })
    } else {
      if (utilityTables.has(child.name)) return E.left({ _tag: 'DuplicateTable', ...locate(p.childAt), variable: child.name })
      const draft = { name: p.child, at: p.childAt, parents: p.parents, parentsAt: p.parentsAt, values: p.values, valuesAt: p.dataAt, definitionAt: p.at }
      const table = utilityTable(draft, (name) => parentKind(kindOf.get(name)), locate, maxEntries)
      if (E.isLeft(table)) return table
      utilityTables.set(child.name, table.right)
    }
  }
  for (const node of parsed.nodes) {
    if (node.kind === 'decision' && !decisionParents.has(node.name))
      tables.push({ child: node.name, childAt: node.at, parents: [], parentsAt: [], build: (context) => E.right(new Float64Array(context.entries)) })
    if (node.kind === 'utility' && !utilityTables.has(node.name)) return E.left({ _tag: 'MissingTable', ...locate(node.at), variable: node.name })
  }
  const variables = parsed.nodes.filter((n) => n.kind !== 'utility')
  const network = assemble(parsed.name, variables, tables, locate, maxEntries)
  if (E.isLeft(network)) return network
  const isDecision = new Set(variables.filter((n) => n.kind === 'decision').map((n) => n.name))
  const utilities: UtilitySpec[] = parsed.nodes.flatMap((n) =>
    n.kind === 'utility' ? [{ name: n.name, parents: parsed.potentials.find((p) => p.child === n.name)!.parents, table: utilityTables.get(n.name)! }] : [],
  )
  const out: (ChanceSpec | DecisionSpec)[] = network.right.variables.map((v) =>
    isDecision.has(v.name) ? { kind: 'decision', name: v.name, states: v.states, parents: v.parents } : { kind: 'chance', ...v },
  )
  return E.right(parsed.name === undefined ? { variables: out, utilities } : { name: parsed.name, variables: out, utilities })
}

const parentKind = (node: NodeDraft | undefined): ParentKind => (node === undefined ? undefined : node.kind === 'utility' ? 'utility' : node.states.length)

const unsupported = (s: Scanner, at: number, feature: string): false =>
  s.fail({ _tag: 'Unsupported', ...s.locate(at), feature })

/**
 * `{ name = value; ... }`. `special(name)` may read the value itself and
 * return true; otherwise the value is skipped.
 */
const attributeBlock = (s: Scanner, special: ((attribute: string) => boolean) | undefined): void => {
  if (!s.expectChar(LBRACE, "'{'")) return
  while (s.ok && !s.tryChar(RBRACE)) {
    const attribute = s.readName("an attribute name or '}'")
    if (!s.expectChar(EQUALS, "'='")) return
    if (special === undefined || !special(attribute)) skipValue(s)
    s.expectChar(SEMI, "';'")
  }
}

/** A value: a string, number, word or parenthesised list, nested to any depth. */
const skipValue = (s: Scanner): void => {
  let depth = 0
  while (s.ok) {
    const c = s.peek()
    if (c === LPAREN) {
      depth++
      s.pos++
    } else if (c === RPAREN && depth > 0) {
      depth--
      s.pos++
    } else if (c === COMMA && depth > 0) {
      s.pos++
    } else if (c === QUOTE || (c !== -1 && s.peekWord() !== undefined)) {
      s.readName('a value')
    } else {
      s.failExpected(depth > 0 ? "a value or ')'" : 'a value')
      return
    }
    if (depth === 0) return
  }
}

/** `("a" "b" ...)` after `states =`. */
const stateList = (s: Scanner, states: string[]): boolean => {
  if (!s.expectChar(LPAREN, "'('")) return true
  while (s.ok && !s.tryChar(RPAREN)) {
    if (s.tryChar(COMMA)) continue
    states.push(s.readName("a state name or ')'"))
  }
  return true
}

/** `potential (X | A B) { data = (...); ... }` */
const potential = (s: Scanner, numbers: NumberBuffer): PotentialDraft | undefined => {
  s.skipTrivia()
  const at = s.pos
  if (!s.expectChar(LPAREN, "'('")) return undefined
  s.skipTrivia()
  const childAt = s.pos
  const child = s.readName('a node name')
  const parents: string[] = []
  const parentsAt: number[] = []
  const bar = s.tryChar(BAR)
  while (s.ok && !s.tryChar(RPAREN)) {
    if (s.tryChar(COMMA)) continue
    s.skipTrivia()
    parentsAt.push(s.pos)
    parents.push(s.readName("a node name or ')'"))
  }
  if (!s.ok) return undefined
  if (!bar && parents.length > 0) return void unsupported(s, at, 'joint potentials over several nodes')
  let values: Float64Array | undefined
  let dataAt = at
  if (s.peek() === LBRACE) {
    attributeBlock(s, (attribute) => {
      if (attribute !== 'data') return false
      s.skipTrivia()
      dataAt = s.pos
      const start = numbers.length
      dataValue(s, numbers)
      values = numbers.slice(start, numbers.length)
      return true
    })
  } else {
    s.expectChar(SEMI, "'{' or ';'")
  }
  if (!s.ok) return undefined
  return { at, child, childAt, parents, parentsAt, values, dataAt }
}

/** The numbers of a `data` value, flattened in order; parentheses must balance. */
const dataValue = (s: Scanner, numbers: NumberBuffer): void => {
  let depth = 0
  while (s.ok) {
    const c = s.peek()
    if (c === LPAREN) {
      depth++
      s.pos++
    } else if (c === RPAREN) {
      if (depth === 0) {
        s.failExpected("a number or ';'")
        return
      }
      depth--
      s.pos++
    } else if (c === SEMI && depth === 0) {
      return
    } else if (c === COMMA) {
      s.pos++
    } else {
      numbers.push(s.readNumber(depth > 0 ? "a number, '(' or ')'" : "a number or ';'"))
    }
  }
}
