/**
 * Reader for the chainrule JSON network form (see `json-write.ts` for the
 * layout). The JSON is decoded directly against the schema by a small
 * iterative parser, so every error, syntactic or structural, has a line and
 * column, and no input nests deeply enough to overflow the stack. Keys may
 * come in any order; unknown keys are skipped (after checking their syntax).
 */
import type { CompactTable, NetworkSpec, NoisyParent, Preserved, PreservedPart } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft, type VariableDraft } from './assemble.js'
import { checkCompactShape } from './compact-shape.js'
import type { IoError } from './errors.js'
import { JSON_FORMAT, JSON_VERSION } from './json-write.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'

const JSON_CLASSES = charClasses('{}[]:,"')
const NO_COMMENTS = { slashes: false, percent: false }

const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const COLON = 0x3a
const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** A JSON string with its escapes decoded. */
const jsonString = (s: Scanner, expected: string): string => {
  if (s.peek() !== QUOTE) {
    s.failExpected(expected)
    return ''
  }
  const text = s.text
  const start = s.pos
  let p = start + 1
  let out = ''
  let chunk = p
  while (p < text.length) {
    const c = text.charCodeAt(p)
    if (c === QUOTE) {
      s.pos = p + 1
      return out + text.slice(chunk, p)
    }
    if (c < 0x20) break
    if (c === BACKSLASH) {
      out += text.slice(chunk, p)
      const e = text[p + 1] ?? ''
      const simple = ESCAPES[e]
      if (simple !== undefined) {
        out += simple
        p += 2
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(p + 2, p + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(p + 2, p + 6), 16))
        p += 6
      } else {
        s.failExpected('a JSON escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', p)
        return ''
      }
      chunk = p
    } else {
      p++
    }
  }
  s.failExpected("'\"' closing the string", p)
  return ''
}

/** Skip any JSON value, checking its syntax, without recursion. */
const skipValue = (s: Scanner): void => {
  const stack: number[] = []
  const key = (): boolean => (jsonString(s, 'a key string'), s.expectChar(COLON, "':'"))
  while (s.ok) {
    // Expecting a value.
    const c = s.peek()
    if (c === LBRACE) {
      s.pos++
      if (!s.tryChar(RBRACE)) {
        stack.push(RBRACE)
        key()
        continue
      }
    } else if (c === LBRACKET) {
      s.pos++
      if (!s.tryChar(RBRACKET)) {
        stack.push(RBRACKET)
        continue
      }
    } else if (c === QUOTE) {
      jsonString(s, 'a value')
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      s.readNumber('a number')
    } else if (!(s.tryWord('true') || s.tryWord('false') || s.tryWord('null'))) {
      s.failExpected('a JSON value')
    }
    // After a value: close containers or move to the next element.
    for (;;) {
      const closer = stack[stack.length - 1]
      if (closer === undefined || !s.ok) return
      if (s.tryChar(COMMA)) {
        if (closer === RBRACE) key()
        break
      }
      if (s.tryChar(closer)) {
        stack.pop()
        continue
      }
      s.failExpected(`',' or '${String.fromCharCode(closer)}'`)
      return
    }
  }
}

/** `{ "key": value, ... }` with `field(key, keyAt)` reading known values (true) or not (false). */
const objectOf = (s: Scanner, what: string, field: (key: string, keyAt: number) => boolean): void => {
  if (!s.expectChar(LBRACE, `an object (${what})`)) return
  if (s.tryChar(RBRACE)) return
  const seen = new Set<string>()
  while (s.ok) {
    s.skipTrivia()
    const keyAt = s.pos
    const key = jsonString(s, `a key string in ${what}`)
    if (!s.ok) return
    if (seen.has(key)) return void s.failExpected(`key "${key}" once in ${what}`, keyAt)
    seen.add(key)
    if (!s.expectChar(COLON, "':'")) return
    if (!field(key, keyAt)) skipValue(s)
    if (s.tryChar(RBRACE)) return
    s.expectChar(COMMA, `',' or '}' in ${what}`)
  }
}

/** `[ item, ... ]`, calling `item()` for each element. */
const arrayOf = (s: Scanner, what: string, item: () => void): void => {
  if (!s.expectChar(LBRACKET, `an array (${what})`)) return
  if (s.tryChar(RBRACKET)) return
  while (s.ok) {
    item()
    if (s.tryChar(RBRACKET)) return
    s.expectChar(COMMA, `',' or ']' in ${what}`)
  }
}

const stringArray = (s: Scanner, what: string): string[] => {
  const out: string[] = []
  arrayOf(s, what, () => out.push(jsonString(s, `a string in ${what}`)))
  return out
}

/**
 * Read the chainrule JSON form into a `NetworkSpec`, or the first error with its location.
 *
 * @example
 * ```ts
 * import { readJson } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readJson('{"format": "chainrule-network", "version": 1, "variables": [' +
 *   '{"name": "a", "states": ["x", "y"], "parents": [], "table": [0.5, 0.5]}]}')
 * // => E.right({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: Float64Array.of(0.5, 0.5) }] })
 * ```
 */
export const readJson = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', JSON_CLASSES, NO_COMMENTS)
  const numbers = new NumberBuffer()
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  let name: string | undefined
  let format: string | undefined
  let haveVersion = false
  let haveVariables = false
  let preserved: Preserved | undefined
  s.skipTrivia()
  const rootAt = s.pos
  objectOf(s, 'the network', (key, keyAt) => {
    if (key === 'format') {
      s.skipTrivia()
      const at = s.pos
      format = jsonString(s, 'a string')
      if (s.ok && format !== JSON_FORMAT) s.failExpected(`"format": "${JSON_FORMAT}"`, at)
    } else if (key === 'version') {
      s.skipTrivia()
      const at = s.pos
      const version = s.readNumber('a version number')
      if (s.ok && version !== 1 && version !== JSON_VERSION)
        s.fail({ _tag: 'Unsupported', ...s.locate(at), feature: `JSON network version ${version} (this reader knows 1 and ${JSON_VERSION})` })
      haveVersion = true
    } else if (key === 'preserved') {
      preserved = preservedParts(s)
    } else if (key === 'name') {
      name = jsonString(s, 'a string (the network name)')
    } else if (key === 'variables') {
      haveVariables = true
      arrayOf(s, 'the variables', () => variable(s, numbers, variables, tables))
    } else {
      return false
    }
    return true
  })
  if (s.ok && !s.atEnd()) s.failExpected('end of input after the network object')
  if (s.ok && (format === undefined || !haveVersion || !haveVariables))
    s.failExpected(`keys "format", "version" and "variables" in the network object`, rootAt)
  if (s.failure !== undefined) return E.left(s.failure)
  return assemble(name, variables, tables, (o) => s.locate(o), options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES, preserved)
}

const numberArray = (s: Scanner, numbers: NumberBuffer, what: string): number[] => {
  const start = numbers.length
  arrayOf(s, what, () => numbers.push(s.readNumber(`a number in ${what}`)))
  return Array.from(numbers.slice(start, numbers.length))
}

/** `{"kind": "noisyMax" | "deterministic", ...}`: a compact table, its shape checked later against the header. */
const compactTable = (s: Scanner, numbers: NumberBuffer): CompactTable | undefined => {
  s.skipTrivia()
  const at = s.pos
  let kind: string | undefined
  let kindAt = at
  let order: number[] | undefined
  let leak: number[] | undefined
  let states: number[] | undefined
  let parents: NoisyParent[] | undefined
  objectOf(s, 'a compact table', (key) => {
    if (key === 'kind') {
      s.skipTrivia()
      kindAt = s.pos
      kind = jsonString(s, 'a string (the table kind)')
    } else if (key === 'order') order = numberArray(s, numbers, 'the order')
    else if (key === 'leak') leak = numberArray(s, numbers, 'the leak')
    else if (key === 'states') states = numberArray(s, numbers, 'the states')
    else if (key === 'parents') {
      parents = []
      arrayOf(s, 'the parents of a noisy table', () => {
        s.skipTrivia()
        const parentAt = s.pos
        let distinguished: number | undefined
        let probabilities: number[] | undefined
        objectOf(s, 'a noisy parent', (k) => {
          if (k === 'distinguished') distinguished = s.readNumber('a state index')
          else if (k === 'probabilities') probabilities = numberArray(s, numbers, 'the probabilities')
          else return false
          return true
        })
        if (s.ok && (distinguished === undefined || probabilities === undefined))
          return void s.failExpected('keys "distinguished" and "probabilities" in a noisy parent', parentAt)
        parents!.push({ distinguished: distinguished!, probabilities: probabilities! })
      })
    } else return false
    return true
  })
  if (!s.ok) return undefined
  if (kind === 'deterministic') {
    if (states !== undefined) return { kind, states }
    return void s.failExpected('key "states" in a deterministic table', at)
  }
  if (kind === 'noisyMax') {
    if (leak !== undefined && parents !== undefined) return { kind, ...(order === undefined ? {} : { order }), leak, parents }
    return void s.failExpected('keys "leak" and "parents" in a noisyMax table', at)
  }
  return void s.failExpected('a table kind, "noisyMax" or "deterministic"', kind === undefined ? at : kindAt)
}

/** `{"format": "...", "parts": [{"variable"?, "key", "text"}, ...]}` */
const preservedParts = (s: Scanner): Preserved | undefined => {
  s.skipTrivia()
  const at = s.pos
  let format: string | undefined
  const parts: PreservedPart[] = []
  objectOf(s, 'the preserved parts', (key) => {
    if (key === 'format') format = jsonString(s, 'a string (the format)')
    else if (key === 'parts')
      arrayOf(s, 'the parts', () => {
        s.skipTrivia()
        const partAt = s.pos
        let variable: string | undefined
        let partKey: string | undefined
        let text: string | undefined
        objectOf(s, 'a preserved part', (k) => {
          if (k === 'variable') variable = jsonString(s, 'a string (a variable name)')
          else if (k === 'key') partKey = jsonString(s, 'a string (the key)')
          else if (k === 'text') text = jsonString(s, 'a string (the text)')
          else return false
          return true
        })
        if (!s.ok) return
        if (partKey === undefined || text === undefined) return void s.failExpected('keys "key" and "text" in a preserved part', partAt)
        parts.push(variable === undefined ? { key: partKey, text } : { variable, key: partKey, text })
      })
    else return false
    return true
  })
  if (!s.ok) return undefined
  if (format === undefined) return void s.failExpected('key "format" in the preserved parts', at)
  return { format, parts }
}

/** One `{"name", "states", "parents", "table"}` object. */
const variable = (s: Scanner, numbers: NumberBuffer, variables: VariableDraft[], tables: TableDraft[]): void => {
  s.skipTrivia()
  const at = s.pos
  let name: string | undefined
  let states: string[] | undefined
  let parents: string[] | undefined
  let values: Float64Array | CompactTable | undefined
  let tableAt = at
  objectOf(s, 'a variable', (key) => {
    if (key === 'name') name = jsonString(s, 'a string (the variable name)')
    else if (key === 'states') states = stringArray(s, 'the states')
    else if (key === 'parents') parents = stringArray(s, 'the parents')
    else if (key === 'table') {
      s.skipTrivia()
      tableAt = s.pos
      if (s.peek() === LBRACE) values = compactTable(s, numbers)
      else {
        const start = numbers.length
        arrayOf(s, 'the table', () => numbers.push(s.readNumber('a number')))
        values = numbers.slice(start, numbers.length)
      }
    } else return false
    return true
  })
  if (!s.ok) return
  if (name === undefined || states === undefined || parents === undefined || values === undefined)
    return void s.failExpected('keys "name", "states", "parents" and "table" in the variable object', at)
  variables.push({ name, states, at })
  const child = name
  const table = values
  const build: TableDraft['build'] =
    table instanceof Float64Array ? fixedTable(table, child, tableAt) : (context) => checkCompactShape(table, context, child, tableAt)
  tables.push({ child, childAt: at, parents, parentsAt: parents.map(() => at), build, compact: !(table instanceof Float64Array) })
}
