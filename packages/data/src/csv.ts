/**
 * CSV of discrete data: the header names the variables, every other record
 * gives one state name per variable. The dialect is RFC 4180 with a few
 * forgiving choices, all documented here:
 *
 * - Records end with LF, CRLF or a lone CR. Blank lines (no characters at
 *   all) are skipped anywhere, so a trailing newline never adds a row. A
 *   leading byte-order mark is ignored.
 * - A cell may be quoted (`"a, b"`, `"say ""hi"""`); quoted cells may span
 *   lines and are taken verbatim. Unquoted cells are trimmed of spaces and
 *   tabs. A quote inside an unquoted cell, or text after a closing quote, is
 *   an error rather than a guess.
 * - Missing cells: an empty cell (quoted or not), or an unquoted cell equal to
 *   one of the `missing` markers (default `?` and `NA`). Quote a state named
 *   `NA` to keep it. Missing cells become {@link MISSING} (255).
 * - Every error names the 1-based physical line (the header is line 1) and
 *   the 1-based column, with the column's variable name where it helps.
 *
 * States come from a `Domain` (a network's `domain`: unknown columns and
 * states are errors) or, without one, are inferred in order of first
 * appearance, column by column.
 *
 * The scanner walks the text once with `charCodeAt`; the only allocations per
 * cell are the cell's string itself and a `Map` lookup to its state index.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import type { DataError } from './errors.js'
import { MAX_STATES, MISSING, type DataSet } from './data-set.js'

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Take variables and states from here (e.g. `network.domain`); without it, states are inferred. */
  readonly domain?: Domain
  /** Unquoted cells that mean "missing", besides the empty cell (default `['?', 'NA']`). */
  readonly missing?: readonly string[]
  /** With a domain, columns it does not name: `'error'` (default, `CsvUnknownColumn`) or `'ignore'` (skipped unread, like a database source). */
  readonly extraColumns?: 'error' | 'ignore'
}

const COMMA = 44
const QUOTE = 34
const CR = 13
const LF = 10
const SPACE = 32
const TAB = 9

/**
 * Parse CSV text into a data set (columns in header order).
 *
 * @example
 * ```ts
 * import { parseCsv } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = parseCsv('rain,wet\nno,no\nyes,yes\nyes,?\n')
 * F.pipe(ds, E.map((d) => d.states)) // => E.right([['no', 'yes'], ['no', 'yes']])
 * F.pipe(ds, E.map((d) => d.columns)) // => E.right([Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, 255)])
 * parseCsv('rain,wet\nno\n') // => E.left({ _tag: 'CsvRaggedRow', line: 2, expected: 2, got: 1 })
 * ```
 */
export const parseCsv = (text: string, options: CsvOptions = {}): E.Either<DataError, DataSet> => {
  const missing = new Set(options.missing ?? ['?', 'NA'])
  const len = text.length
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  // Reused for every record: the cells, whether each was quoted, and the line each starts on.
  const cells: string[] = []
  const quoted: boolean[] = []
  const cellLine: number[] = []

  /** Read one record into `cells`; the number of cells, -1 at the end, or an error. */
  const readRecord = (): number | DataError => {
    while (pos < len) {
      const c = text.charCodeAt(pos)
      if (c === LF) {
        pos++
        line++
      } else if (c === CR) {
        pos++
        if (text.charCodeAt(pos) === LF) pos++
        line++
      } else break
    }
    if (pos >= len) return -1
    let k = 0
    for (;;) {
      while (pos < len && (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB)) pos++
      cellLine[k] = line
      if (text.charCodeAt(pos) === QUOTE) {
        const startLine = line
        pos++
        let value = ''
        let chunk = pos
        for (;;) {
          const q = text.indexOf('"', pos)
          if (q < 0) return { _tag: 'CsvUnterminatedQuote', line: startLine, column: k + 1 }
          for (let i = pos; i < q; i++) {
            const c = text.charCodeAt(i)
            if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(chunk, q + 1)
            pos = q + 2
            chunk = pos
            continue
          }
          value += text.slice(chunk, q)
          pos = q + 1
          break
        }
        while (pos < len && (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB)) pos++
        const next = text.charCodeAt(pos)
        if (pos < len && next !== COMMA && next !== LF && next !== CR) return { _tag: 'CsvStrayQuote', line, column: k + 1 }
        cells[k] = value
        quoted[k] = true
      } else {
        const start = pos
        let end = pos
        while (end < len) {
          const c = text.charCodeAt(end)
          if (c === COMMA || c === LF || c === CR) break
          if (c === QUOTE) return { _tag: 'CsvStrayQuote', line, column: k + 1 }
          end++
        }
        pos = end
        let last = end
        while (last > start && (text.charCodeAt(last - 1) === SPACE || text.charCodeAt(last - 1) === TAB)) last--
        cells[k] = text.slice(start, last)
        quoted[k] = false
      }
      k++
      const c = text.charCodeAt(pos)
      if (c === COMMA) {
        pos++
        continue
      }
      if (c === CR) {
        pos++
        if (text.charCodeAt(pos) === LF) pos++
        line++
      } else if (c === LF) {
        pos++
        line++
      }
      return k
    }
  }

  const header = readRecord()
  if (typeof header !== 'number') return E.left(header)
  if (header < 0) return E.left({ _tag: 'CsvEmpty' })
  const n = header
  const names = cells.slice(0, n)
  const firstColumn = new Map<string, number>()
  for (let j = 0; j < n; j++) {
    const name = names[j]!
    if (name.length === 0) return E.left({ _tag: 'CsvEmptyHeader', column: j + 1 })
    const first = firstColumn.get(name)
    if (first !== undefined) return E.left({ _tag: 'CsvDuplicateColumn', column: j + 1, name, first })
    firstColumn.set(name, j + 1)
  }

  // Per column: state name -> index, and the state list (grown when inferring).
  const lookup: Map<string, number>[] = []
  const states: string[][] = []
  const { domain } = options
  // Columns read (false: an extra column skipped under `extraColumns: 'ignore'`).
  const kept: boolean[] = []
  for (let j = 0; j < n; j++) {
    kept.push(true)
    if (domain === undefined) {
      lookup.push(new Map())
      states.push([])
      continue
    }
    const id = domain.byName.get(names[j]!)
    if (id === undefined && options.extraColumns === 'ignore') {
      kept[j] = false
      lookup.push(new Map())
      states.push([])
      continue
    }
    if (id === undefined) return E.left({ _tag: 'CsvUnknownColumn', line: 1, column: j + 1, name: names[j]! })
    const declared = domain.variables[id]!.states
    if (declared.length > MAX_STATES)
      return E.left({ _tag: 'TooManyStates', variable: names[j]!, states: declared.length, limit: MAX_STATES })
    lookup.push(new Map(declared.map((s, i) => [s, i])))
    states.push([...declared])
  }

  let capacity = 16
  for (let i = text.indexOf('\n', pos); i >= 0; i = text.indexOf('\n', i + 1)) capacity++
  let columns = names.map(() => new Uint8Array(capacity))
  let rows = 0
  for (;;) {
    const recordLine = line
    const k = readRecord()
    if (typeof k !== 'number') return E.left(k)
    if (k < 0) break
    // A blank line was skipped inside readRecord: the record starts where its first cell does.
    if (k !== n) return E.left({ _tag: 'CsvRaggedRow', line: cellLine[0] ?? recordLine, expected: n, got: k })
    if (rows === capacity) {
      capacity *= 2
      columns = columns.map((c) => {
        const grown = new Uint8Array(capacity)
        grown.set(c)
        return grown
      })
    }
    for (let j = 0; j < n; j++) {
      if (!kept[j]) continue
      const cell = cells[j]!
      if (cell.length === 0 || (!quoted[j] && missing.has(cell))) {
        columns[j]![rows] = MISSING
        continue
      }
      const map = lookup[j]!
      let s = map.get(cell)
      if (s === undefined) {
        if (domain !== undefined)
          return E.left({ _tag: 'CsvUnknownState', line: cellLine[j]!, column: j + 1, variable: names[j]!, state: cell, states: states[j]! })
        s = states[j]!.length
        if (s >= MAX_STATES) return E.left({ _tag: 'CsvTooManyStates', line: cellLine[j]!, column: j + 1, variable: names[j]!, limit: MAX_STATES })
        map.set(cell, s)
        states[j]!.push(cell)
      }
      columns[j]![rows] = s
    }
    rows++
  }
  const read = (xs: readonly unknown[]) => xs.filter((_, j) => kept[j])
  return E.right({
    variables: read(names) as string[],
    states: read(states) as string[][],
    columns: (read(columns) as Uint8Array[]).map((c) => c.subarray(0, rows)),
    rows,
  })
}

const needsQuotes = (cell: string, missing: ReadonlySet<string>): boolean =>
  cell.length === 0 ||
  missing.has(cell) ||
  /[",\r\n]/.test(cell) ||
  /^[ \t]|[ \t]$/.test(cell)

/**
 * Write a data set as CSV (LF line ends) that {@link parseCsv} reads back to
 * the same data: states that could be mistaken for a missing marker, or that
 * hold commas, quotes, line breaks or edge spaces, are quoted; missing cells
 * are written as `missing` (default `?`).
 *
 * @example
 * ```ts
 * import { dataSet, MISSING, writeCsv } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['rain', 'wet'], states: [['no', 'yes'], ['no', 'yes']], columns: [Uint8Array.of(0, 1), Uint8Array.of(0, MISSING)] })
 * F.pipe(ds, E.map((d) => writeCsv(d))) // => E.right('rain,wet\nno,no\nyes,?\n')
 * ```
 */
export const writeCsv = (ds: DataSet, options: { readonly missing?: string; readonly markers?: readonly string[] } = {}): string => {
  const marker = options.missing ?? '?'
  const markers = new Set(options.markers ?? ['?', 'NA'])
  const quote = (cell: string): string => (needsQuotes(cell, markers) ? `"${cell.replaceAll('"', '""')}"` : cell)
  const stateText = ds.states.map((ss) => ss.map(quote))
  const lines: string[] = [ds.variables.map(quote).join(',')]
  const parts: string[] = new Array<string>(ds.variables.length)
  for (let r = 0; r < ds.rows; r++) {
    for (let v = 0; v < ds.variables.length; v++) {
      const s = ds.columns[v]![r]!
      parts[v] = s === MISSING ? marker : stateText[v]![s]!
    }
    lines.push(parts.join(','))
  }
  return lines.join('\n') + '\n'
}
