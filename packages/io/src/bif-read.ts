/**
 * Reader for BIF, the Bayesian Interchange Format of the Bayesian network
 * repository as distributed with bnlearn and pgmpy (Cozman's BIF 0.15 with
 * JavaBayes' relaxations):
 *
 * ```text
 * network asia { property author = x; }
 * variable smoke { type discrete [ 2 ] { yes, no }; property x = y; }
 * probability ( lung | smoke ) { (yes) 0.1, 0.9; (no) 0.01, 0.99; }
 * probability ( smoke ) { table 0.5, 0.5; }
 * ```
 * Names are bare words (anything but whitespace and `{}()[],;|"`, so `<5`,
 * `>=7.5`, `a.b-c` are names) or double-quoted strings with backslash escapes.
 * Commas between states, parents and numbers are optional; `//` and `/* *\/`
 * comments are skipped; `probability ( X A B )` without `|` means X given A, B.
 *
 * Row order. Rows keyed by parent states `(a, b) p...;` say which row they
 * are, so their order in the file does not matter. A `table` entry lists every
 * value with the child varying slowest and, within one child state, parent
 * assignments with the last parent fastest (JavaBayes, pgmpy's `BIFReader`):
 * entry `k * rows + r` is P(child = k | row r). `default p...;` fills rows not
 * given otherwise. All are converted to NetworkSpec layout (row r, then k).
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, type ReadOptions, type TableContext, type TableDraft, type VariableDraft } from './assemble.js'
import type { IoError } from './errors.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'

/** BIF punctuation: everything else that is not whitespace belongs to a name. */
export const BIF_CLASSES = charClasses('{}()[],;|"')
const COMMENTS = { slashes: true, percent: false }

const LBRACE = 0x7b
const RBRACE = 0x7d
const LPAREN = 0x28
const RPAREN = 0x29
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const COMMA = 0x2c
const SEMI = 0x3b
const BAR = 0x7c
const QUOTE = 0x22

/** One entry of a probability block: a keyed row, a whole `table` or a `default` row. */
interface Entry {
  readonly kind: 'row' | 'table' | 'default'
  readonly at: number
  readonly start: number
  readonly count: number
  readonly keys: readonly string[]
  readonly keysAt: readonly number[]
}

/**
 * Read a BIF text into a `NetworkSpec` (variables in declaration order), or
 * the first syntax or structure error with its location.
 *
 * @example
 * ```ts
 * import { readBif } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readBif(`
 *   variable rain { type discrete [ 2 ] { yes, no }; }
 *   probability ( rain ) { table 0.2, 0.8; }
 * `)
 * spec // => E.right({ variables: [{ name: 'rain', states: ['yes', 'no'], parents: [], table: Float64Array.of(0.2, 0.8) }] })
 * ```
 */
export const readBif = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', BIF_CLASSES, COMMENTS)
  const numbers = new NumberBuffer()
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  let name: string | undefined
  while (s.ok && !s.atEnd()) {
    const start = s.pos
    if (s.tryWord('network')) {
      const n = networkBlock(s)
      if (s.ok && name === undefined) name = n
    } else if (s.tryWord('variable')) {
      const v = variableBlock(s)
      if (v !== undefined) variables.push(v)
    } else if (s.tryWord('probability')) {
      const t = probabilityBlock(s, numbers)
      if (t !== undefined) tables.push(t)
    } else {
      s.failExpected("'network', 'variable' or 'probability'", start)
    }
  }
  if (s.failure !== undefined) return E.left(s.failure)
  return assemble(name, variables, tables, (o) => s.locate(o), options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
}

/** `network NAME? { ...properties }`; returns the name. */
const networkBlock = (s: Scanner): string | undefined => {
  const name = s.peek() === LBRACE ? undefined : s.readName('a network name')
  if (!s.expectChar(LBRACE, "'{'")) return undefined
  while (s.ok && !s.tryChar(RBRACE)) {
    if (s.tryWord('property')) skipStatement(s)
    else s.failExpected("'property' or '}'")
  }
  return name
}

/** Skip to the `;` ending a property, honouring quoted strings. */
const skipStatement = (s: Scanner): void => {
  while (s.ok) {
    const c = s.peek()
    if (c === SEMI) {
      s.pos++
      return
    }
    if (c === -1 || c === RBRACE || c === LBRACE) {
      s.failExpected("';' ending the property")
      return
    }
    if (c === QUOTE) s.readName('a string')
    else if (s.peekWord() === undefined) s.pos++
    else s.readName('a word')
  }
}

/** `variable NAME { type discrete [ n ] { s1, s2 }; property ...; }` */
const variableBlock = (s: Scanner): VariableDraft | undefined => {
  s.skipTrivia()
  const at = s.pos
  const name = s.readName('a variable name')
  if (!s.expectChar(LBRACE, "'{'")) return undefined
  let states: string[] | undefined
  while (s.ok && !s.tryChar(RBRACE)) {
    const here = s.pos
    if (s.tryWord('property')) {
      skipStatement(s)
    } else if (s.tryWord('type')) {
      s.skipTrivia()
      const typeAt = s.pos
      const kind = s.readName("'discrete'")
      if (!s.ok) return undefined
      if (kind !== 'discrete')
        return void s.fail({ _tag: 'Unsupported', ...s.locate(typeAt), feature: `variable type '${kind}' (only discrete)` })
      if (states !== undefined) return void s.failExpected("one 'type' per variable", here)
      states = stateList(s, name, at)
    } else {
      s.failExpected("'type', 'property' or '}'")
    }
  }
  if (!s.ok) return undefined
  if (states === undefined) return void s.failExpected(`'type discrete' in variable ${name}`, s.pos - 1)
  return { name, states, at }
}

/** `[ n ] { s1, s2 } ;` after `type discrete`. */
const stateList = (s: Scanner, variable: string, at: number): string[] | undefined => {
  if (!s.expectChar(LBRACKET, "'['")) return undefined
  const declared = s.readCount('a state count')
  if (!s.expectChar(RBRACKET, "']'") || !s.expectChar(LBRACE, "'{'")) return undefined
  const states: string[] = []
  while (s.ok && !s.tryChar(RBRACE)) {
    if (s.tryChar(COMMA)) continue
    states.push(s.readName("a state name or '}'"))
  }
  s.tryChar(SEMI)
  if (!s.ok) return undefined
  if (states.length !== declared) {
    s.fail({ _tag: 'StateCountMismatch', ...s.locate(at), variable, declared, listed: states.length })
    return undefined
  }
  return states
}

/** Names up to `)`, commas optional; offsets recorded. */
const nameList = (s: Scanner, names: string[], offsets: number[], expected: string): void => {
  while (s.ok && !s.tryChar(RPAREN)) {
    if (s.tryChar(COMMA)) continue
    s.skipTrivia()
    offsets.push(s.pos)
    names.push(s.readName(expected))
  }
}

/** Numbers up to `;`, commas optional; returns how many were pushed. */
const numberList = (s: Scanner, numbers: NumberBuffer): number => {
  let count = 0
  while (s.ok) {
    const c = s.peek()
    if (c === SEMI) {
      s.pos++
      break
    }
    if (c === COMMA) {
      s.pos++
      continue
    }
    const x = s.readNumber("a number or ';'")
    if (!s.ok) break
    numbers.push(x)
    count++
  }
  return count
}

/** `probability ( X | A, B ) { entries }` */
const probabilityBlock = (s: Scanner, numbers: NumberBuffer): TableDraft | undefined => {
  if (!s.expectChar(LPAREN, "'('")) return undefined
  s.skipTrivia()
  const childAt = s.pos
  const child = s.readName('a variable name')
  s.tryChar(BAR)
  const parents: string[] = []
  const parentsAt: number[] = []
  nameList(s, parents, parentsAt, "a parent name or ')'")
  if (!s.expectChar(LBRACE, "'{'")) return undefined
  const entries: Entry[] = []
  while (s.ok && !s.tryChar(RBRACE)) {
    const at = s.pos
    if (s.tryChar(LPAREN)) {
      const keys: string[] = []
      const keysAt: number[] = []
      nameList(s, keys, keysAt, "a parent state or ')'")
      const start = numbers.length
      const count = numberList(s, numbers)
      entries.push({ kind: 'row', at, start, count, keys, keysAt })
    } else if (s.tryWord('table') || s.tryWord('default')) {
      const kind = s.text.startsWith('table', at) ? 'table' : 'default'
      const start = numbers.length
      const count = numberList(s, numbers)
      entries.push({ kind, at, start, count, keys: [], keysAt: [] })
    } else if (s.tryWord('property')) {
      skipStatement(s)
    } else {
      s.failExpected("'(', 'table', 'default', 'property' or '}'")
    }
  }
  if (!s.ok) return undefined
  return { child, childAt, parents, parentsAt, build: (context) => buildTable(context, child, childAt, parents, entries, numbers) }
}

/** Resolve a block's entries into NetworkSpec layout. */
const buildTable = (
  context: TableContext,
  child: string,
  childAt: number,
  parents: readonly string[],
  entries: readonly Entry[],
  numbers: NumberBuffer,
): E.Either<IoError, Float64Array> => {
  const card = context.childStates.length
  const rows = context.entries / card
  const { locate } = context
  const maps = context.parentStates.map((states) => new Map(states.map((state, i) => [state, i])))
  // Pass 1: sizes and row indices, so that a malformed block is refused
  // before its full table is allocated. mark: 0 unset, 1 by `table`, 2 by a row.
  const mark = new Uint8Array(rows)
  let fallback: Entry | undefined
  for (const e of entries) {
    const expected = e.kind === 'table' ? context.entries : card
    if (e.count !== expected)
      return E.left({ _tag: 'TableSizeMismatch', ...locate(e.at), variable: child, expected, got: e.count })
    if (e.kind === 'table') {
      mark.fill(1)
    } else if (e.kind === 'default') {
      fallback = e
    } else {
      if (e.keys.length !== parents.length)
        return E.left({
          _tag: 'UnexpectedInput',
          ...locate(e.at),
          expected: `${parents.length} parent states (${parents.join(', ')})`,
          found: `${e.keys.length} (${e.keys.join(', ')})`,
        })
      let r = 0
      for (let j = 0; j < parents.length; j++) {
        const i = maps[j]!.get(e.keys[j]!)
        if (i === undefined)
          return E.left({ _tag: 'UnknownState', ...locate(e.keysAt[j]!), variable: parents[j]!, state: e.keys[j]! })
        r = r * context.parentStates[j]!.length + i
      }
      if (mark[r] === 2) return E.left({ _tag: 'DuplicateRow', ...locate(e.at), variable: child, row: e.keys.join(', ') })
      mark[r] = 2
    }
  }
  if (fallback === undefined) {
    const missing = mark.indexOf(0)
    if (missing >= 0)
      return E.left({ _tag: 'MissingRow', ...locate(childAt), variable: child, row: rowName(context.parentStates, missing) })
  }
  // Pass 2: copy values; keyed rows override a `table`, `default` fills the rest.
  const out = new Float64Array(context.entries)
  const data = numbers.data
  for (const e of entries) {
    if (e.kind !== 'table') continue
    for (let k = 0; k < card; k++) {
      const from = e.start + k * rows
      for (let r = 0; r < rows; r++) out[r * card + k] = data[from + r]!
    }
  }
  for (const e of entries) {
    if (e.kind === 'row') {
      let r = 0
      for (let j = 0; j < parents.length; j++) r = r * context.parentStates[j]!.length + maps[j]!.get(e.keys[j]!)!
      out.set(data.subarray(e.start, e.start + card), r * card)
    }
  }
  if (fallback !== undefined) {
    const row = data.subarray(fallback.start, fallback.start + card)
    for (let r = 0; r < rows; r++) if (mark[r] === 0) out.set(row, r * card)
  }
  return E.right(out)
}

/** The parent states of row `r` (last parent fastest), comma-separated. */
const rowName = (parentStates: readonly (readonly string[])[], r: number): string => {
  const names: string[] = []
  let rest = r
  for (let j = parentStates.length - 1; j >= 0; j--) {
    const states = parentStates[j]!
    names.push(states[rest % states.length]!)
    rest = Math.floor(rest / states.length)
  }
  return names.reverse().join(', ')
}
