/**
 * Reader for Netica's text format (`.dne`, DNET-1, Norsys):
 *
 * ```text
 * // ~->[DNET-1]->~
 * bnet ChestClinic {
 *   autoupdate = TRUE;
 *   node VisitAsia { kind = NATURE; discrete = TRUE; chance = CHANCE;
 *     states = (visit, no_visit); parents = (); probs = (0.01, 0.99); };
 *   node Tuberculosis { kind = NATURE; discrete = TRUE; states = (present, absent);
 *     parents = (VisitAsia); probs = ((0.05, 0.95), (0.01, 0.99)); };
 *   node TbOrCa { kind = NATURE; discrete = TRUE; chance = DETERMIN; states = (true, false);
 *     parents = (Tuberculosis, Cancer); functable = ((true, true), (true, false)); };
 * };
 * ```
 * Row order: `probs` nests one level per parent in `parents` order (first
 * parent outermost) with the node's states innermost; `functable` nests the
 * same way with one state name per parent assignment. Flattened, both are
 * the NetworkSpec layout; parentheses only group, counts are checked.
 * `functable` becomes a deterministic compact table (and wins over `probs`
 * when a node has both).
 *
 * A node is `kind = NATURE` (the default), `discrete = TRUE` (or a
 * discretised continuous node with `levels`, whose states are the
 * intervals: named by `states` if given, else as Netica shows them, `0 to
 * 10`, `>= 10`, `< 0`). Without `states`, `numstates = n` names them
 * `state0` ... Every other field (title, comment, visual and user blocks,
 * whenchanged, belief, ...) is skipped. Refused with `Unsupported`, naming
 * the node: decision and utility nodes (decision networks), disconnected
 * nodes, continuous nodes without `levels`, nodes defined only by an
 * equation, node templates (`define`, inheritance), impossible entries
 * (`@imposs`), and constant nodes that are some node's parent. A constant
 * node that is no node's parent (Netica's title and label boxes) carries no
 * probability and is left out.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft, type VariableDraft } from './assemble.js'
import { formatNumber } from './bif-write.js'
import { deterministicFromNames } from './compact-shape.js'
import type { IoError } from './errors.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'

const DNE_CLASSES = charClasses('{}()=;,":')
const COMMENTS = { slashes: true, percent: false }

const LBRACE = 0x7b
const RBRACE = 0x7d
const LPAREN = 0x28
const RPAREN = 0x29
const EQUALS = 0x3d
const SEMI = 0x3b
const COMMA = 0x2c
const QUOTE = 0x22
const COLON = 0x3a

/** A node as read, before its table is resolved. */
interface NodeDraft {
  readonly name: string
  readonly at: number
  kind: string
  discrete: boolean
  states: string[] | undefined
  numstates: number | undefined
  levels: number[] | undefined
  parents: string[]
  parentsAt: number
  probs: Float64Array | undefined
  probsAt: number
  functable: string[] | undefined
  functableAt: number
  equation: boolean
}

/**
 * Read a Netica `.dne` text into a `NetworkSpec`, or the first error with its location.
 *
 * @example
 * ```ts
 * import { readDne } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readDne('bnet Tiny { node Rain { kind = NATURE; discrete = TRUE; states = (yes, no); parents = (); probs = (0.2, 0.8); }; };')
 * // => E.right({ name: 'Tiny', variables: [{ name: 'Rain', states: ['yes', 'no'], parents: [], table: Float64Array.of(0.2, 0.8) }] })
 * ```
 */
export const readDne = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', DNE_CLASSES, COMMENTS)
  const numbers = new NumberBuffer()
  const nodes: NodeDraft[] = []
  s.skipTrivia()
  const bnetAt = s.pos
  if (s.tryWord('define')) return E.left({ _tag: 'Unsupported', ...s.locate(bnetAt), feature: 'Netica node templates (define)' })
  if (!s.tryWord('bnet')) {
    s.failExpected("'bnet'")
    return E.left(s.failure!)
  }
  const name = s.readName('a network name')
  s.expectChar(LBRACE, "'{'")
  while (s.ok && !s.tryChar(RBRACE)) {
    s.skipTrivia()
    const at = s.pos
    if (s.tryWord('define')) return unsupported(s, at, 'Netica node templates (define)')
    if (s.tryWord('node')) {
      const node = nodeBlock(s, numbers)
      if (node !== undefined) nodes.push(node)
      continue
    }
    const field = s.readName("a field, 'node' or '}'")
    if (!s.ok) break
    if (s.tryChar(EQUALS)) skipValue(s)
    else {
      // A named block: `visual V1 { ... };`, `NodeSet Name { ... };`, ...
      if (s.peek() !== LBRACE) s.readName(`a name or '{' after ${field}`)
      skipBlock(s)
    }
    s.expectChar(SEMI, "';'")
  }
  s.tryChar(SEMI)
  if (s.ok && !s.atEnd()) s.failExpected('end of input after the bnet block')
  if (s.failure !== undefined) return E.left(s.failure)
  return specOf(s, name, nodes, options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
}

const unsupported = (s: Scanner, at: number, feature: string): E.Either<IoError, never> =>
  E.left({ _tag: 'Unsupported', ...s.locate(at), feature })

/** `node NAME { field = value; ... };` */
const nodeBlock = (s: Scanner, numbers: NumberBuffer): NodeDraft | undefined => {
  s.skipTrivia()
  const at = s.pos
  const name = s.readName('a node name')
  if (s.peek() === COLON) return void s.fail({ _tag: 'Unsupported', ...s.locate(at), feature: `node ${name} inherits from a template (Netica inheritance)` })
  const node: NodeDraft = {
    name, at, kind: 'NATURE', discrete: true, states: undefined, numstates: undefined, levels: undefined,
    parents: [], parentsAt: at, probs: undefined, probsAt: at, functable: undefined, functableAt: at, equation: false,
  }
  if (!s.expectChar(LBRACE, "'{'")) return undefined
  while (s.ok && !s.tryChar(RBRACE)) {
    const field = s.readName("a field or '}'")
    if (!s.ok) return undefined
    if (!s.tryChar(EQUALS)) {
      if (s.peek() !== LBRACE) s.readName(`a name or '{' after ${field}`)
      skipBlock(s)
    } else {
      s.skipTrivia()
      const valueAt = s.pos
      if (field === 'kind') node.kind = s.readName('a node kind').toUpperCase()
      else if (field === 'discrete') node.discrete = s.readName('TRUE or FALSE').toUpperCase() === 'TRUE'
      else if (field === 'states') node.states = nameList(s)
      else if (field === 'numstates') node.numstates = s.readCount('a number of states')
      else if (field === 'parents') {
        node.parentsAt = valueAt
        node.parents = nameList(s)
      } else if (field === 'levels') {
        const start = numbers.length
        flatValues(s, () => numbers.push(levelValue(s)))
        node.levels = Array.from(numbers.slice(start, numbers.length))
      } else if (field === 'probs') {
        node.probsAt = valueAt
        const start = numbers.length
        flatValues(s, () => {
          if (s.peekWord()?.startsWith('@') === true) return void s.fail({ _tag: 'Unsupported', ...s.locate(s.pos), feature: `impossible entries (@imposs) in the table of ${name}` })
          numbers.push(s.readNumber('a probability'))
        })
        node.probs = numbers.slice(start, numbers.length)
      } else if (field === 'functable') {
        node.functableAt = valueAt
        const entries: string[] = []
        flatValues(s, () => {
          if (s.peekWord()?.startsWith('@') === true) return void s.fail({ _tag: 'Unsupported', ...s.locate(s.pos), feature: `impossible entries (@imposs) in the function table of ${name}` })
          entries.push(s.readName('a state name'))
        })
        node.functable = entries
      } else {
        if (field === 'equation') node.equation = true
        skipValue(s)
      }
    }
    s.expectChar(SEMI, "';'")
  }
  s.expectChar(SEMI, "';' after the node block")
  return s.ok ? node : undefined
}

/** A level: a number, or `INFINITY` / `-INFINITY`. */
const levelValue = (s: Scanner): number => {
  const word = s.peekWord()?.toUpperCase()
  if (word === 'INFINITY' || word === '+INFINITY') return (s.readName('a level'), Number.POSITIVE_INFINITY)
  if (word === '-INFINITY') return (s.readName('a level'), Number.NEGATIVE_INFINITY)
  return s.readNumber('a level (a number or INFINITY)')
}

/** `(a, b, ...)` of names (an empty list allowed). */
const nameList = (s: Scanner): string[] => {
  const out: string[] = []
  if (!s.expectChar(LPAREN, "'('")) return out
  while (s.ok && !s.tryChar(RPAREN)) {
    if (s.tryChar(COMMA)) continue
    out.push(s.readName("a name, ',' or ')'"))
  }
  return out
}

/** A value of nested parenthesised lists (or a bare atom), calling `atom()` for each entry in order. */
const flatValues = (s: Scanner, atom: () => void): void => {
  let depth = 0
  while (s.ok) {
    const c = s.peek()
    if (c === LPAREN) {
      depth++
      s.pos++
    } else if (c === RPAREN && depth > 0) {
      depth--
      s.pos++
    } else if (c === COMMA && depth > 0) s.pos++
    else if (c === SEMI && depth === 0) return
    else if (c === -1 || c === RPAREN || c === RBRACE || c === LBRACE || c === EQUALS) {
      s.failExpected(depth > 0 ? "an entry, ',' or ')'" : "an entry or ';'")
      return
    } else atom()
  }
}

/** Skip any value: atoms, strings, balanced parentheses and `word { ... }` blocks (`font {...}`), up to the `;` that ends it. */
const skipValue = (s: Scanner): void =>
  flatValues(s, () => {
    const c = s.peek()
    if (c === QUOTE || s.peekWord() !== undefined) s.readName('a value')
    else s.failExpected('a value')
    if (s.ok && s.peek() === LBRACE) skipBlock(s)
  })

/** Skip `{ ... }` with everything inside, nested blocks included. */
const skipBlock = (s: Scanner): void => {
  if (!s.expectChar(LBRACE, "'{'")) return
  let depth = 1
  while (s.ok && depth > 0) {
    const c = s.peek()
    if (c === -1) return void s.failExpected("'}'")
    if (c === LBRACE) depth++
    else if (c === RBRACE) depth--
    if (c === QUOTE || (c !== LBRACE && c !== RBRACE && s.peekWord() !== undefined)) s.readName('a value')
    else s.pos++
  }
}

/** Netica's label of the interval [lo, hi) of a discretised node. */
const levelLabel = (lo: number, hi: number): string => {
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo]
  if (b === Number.POSITIVE_INFINITY) return `>= ${formatNumber(a)}`
  if (a === Number.NEGATIVE_INFINITY) return `< ${formatNumber(b)}`
  return `${formatNumber(a)} to ${formatNumber(b)}`
}

/** Decide every node's kind and states, then build the spec through the shared checks. */
const specOf = (s: Scanner, name: string, nodes: readonly NodeDraft[], maxEntries: number): E.Either<IoError, NetworkSpec> => {
  const isParent = new Set(nodes.flatMap((n) => n.parents))
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  for (const node of nodes) {
    const what = (feature: string): E.Either<IoError, never> => unsupported(s, node.at, `${feature}: node ${node.name}`)
    if (node.kind === 'DECISION') return what('decision nodes (decision networks)')
    if (node.kind === 'UTILITY') return what('utility nodes (decision networks)')
    if (node.kind === 'DISCONNECTED') return what('disconnected nodes')
    if (node.kind === 'CONSTANT') {
      if (isParent.has(node.name)) return what('constant nodes used as parents')
      continue
    }
    if (node.kind !== 'NATURE') return what(`nodes of kind ${node.kind}`)
    let states = node.states
    if (!node.discrete) {
      const levels = node.levels
      if (levels === undefined || levels.length < 2) return what('continuous nodes without levels (discretisation)')
      states ??= levels.slice(1).map((hi, i) => levelLabel(levels[i]!, hi))
    }
    states ??= Array.from({ length: node.numstates ?? 0 }, (_, k) => `state${k}`)
    if (node.numstates !== undefined && node.numstates !== states.length)
      return E.left({ _tag: 'StateCountMismatch', ...s.locate(node.at), variable: node.name, declared: node.numstates, listed: states.length })
    variables.push({ name: node.name, states, at: node.at })
    const draft = { child: node.name, childAt: node.at, parents: node.parents, parentsAt: node.parents.map(() => node.parentsAt) }
    const functable = node.functable
    if (functable !== undefined) tables.push({ ...draft, compact: true, build: (context) => deterministicFromNames(functable, context, node.name, node.functableAt) })
    else if (node.probs !== undefined) tables.push({ ...draft, build: fixedTable(node.probs, node.name, node.probsAt) })
    else if (node.equation) return what('nodes defined only by an equation')
  }
  return assemble(name, variables, tables, (o) => s.locate(o), maxEntries)
}
