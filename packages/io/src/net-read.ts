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
 * comment. Attributes other than `states` and `data` are skipped. Continuous,
 * decision and utility nodes, classes (OOBN) and joint potentials without `|`
 * over several variables are refused as `Unsupported`.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft, type VariableDraft } from './assemble.js'
import type { IoError } from './errors.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'

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
  const numbers = new NumberBuffer()
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  let name: string | undefined
  while (s.ok && !s.atEnd()) {
    const at = s.pos
    if (s.tryWord('net')) {
      attributeBlock(s, (attribute) => {
        if (attribute !== 'name' || s.peek() === LPAREN) return false
        name = s.readName('a network name')
        return true
      })
    } else if (s.tryWord('node') || (s.tryWord('discrete') && (s.tryWord('node') || unsupported(s, at, 'discrete decision nodes')))) {
      s.skipTrivia()
      const nameAt = s.pos
      const node = s.readName('a node name')
      const states: string[] = []
      attributeBlock(s, (attribute) => (attribute === 'states' ? stateList(s, states) : false))
      if (s.ok) variables.push({ name: node, states, at: nameAt })
    } else if (s.tryWord('potential')) {
      const t = potential(s, numbers)
      if (t !== undefined) tables.push(t)
    } else {
      const word = s.peekWord()
      if (word === 'continuous' || word === 'decision' || word === 'utility' || word === 'function' || word === 'class')
        unsupported(s, at, `${word} ${word === 'class' ? '(object-oriented networks)' : 'nodes'}`)
      else s.failExpected("'net', 'node' or 'potential'")
    }
  }
  if (s.failure !== undefined) return E.left(s.failure)
  return assemble(name, variables, tables, (o) => s.locate(o), options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
}

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
const potential = (s: Scanner, numbers: NumberBuffer): TableDraft | undefined => {
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
  if (values === undefined) return void unsupported(s, at, `potential of ${child} without a data table`)
  return { child, childAt, parents, parentsAt, build: fixedTable(values, child, dataAt) }
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
