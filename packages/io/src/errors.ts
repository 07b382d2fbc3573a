/**
 * The closed union of errors every reader and file helper of `@chainrule/io`
 * returns, and {@link describeError}, which renders any of them as one line.
 *
 * Every error that points into a file carries `file`, a 1-based `line` and a
 * 1-based `column` (counted in UTF-16 code units, as editors on the web do).
 */

/** Where in a file something was found. */
export interface Location {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** Everything that can go wrong while reading or writing a network file. */
export type IoError =
  /** The text does not follow the format's grammar here. */
  | (Location & { readonly _tag: 'UnexpectedInput'; readonly expected: string; readonly found: string })
  /** A number that is not finite once parsed (e.g. `1e999`). */
  | (Location & { readonly _tag: 'NonFiniteNumber'; readonly text: string })
  /** A variable declared twice. */
  | (Location & { readonly _tag: 'DuplicateVariable'; readonly name: string })
  /** A state listed twice for one variable. */
  | (Location & { readonly _tag: 'DuplicateState'; readonly variable: string; readonly state: string })
  /** A variable with a declared state count that differs from the states listed, or with no state. */
  | (Location & {
      readonly _tag: 'StateCountMismatch'
      readonly variable: string
      readonly declared: number
      readonly listed: number
    })
  /** A table or a parent list names a variable that is never declared. */
  | (Location & { readonly _tag: 'UnknownVariable'; readonly name: string })
  /** A table row or an evidence entry names a state the variable does not have. */
  | (Location & { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string })
  /** A parent listed twice, or a variable listed as its own parent. */
  | (Location & { readonly _tag: 'DuplicateParent'; readonly variable: string; readonly parent: string })
  /** Two tables for the same variable. */
  | (Location & { readonly _tag: 'DuplicateTable'; readonly variable: string })
  /** A declared variable without a table (location: its declaration). */
  | (Location & { readonly _tag: 'MissingTable'; readonly variable: string })
  /** A table (or one row of it) with the wrong number of entries. */
  | (Location & {
      readonly _tag: 'TableSizeMismatch'
      readonly variable: string
      readonly expected: number
      readonly got: number
    })
  /** Two rows of a keyed table for the same parent assignment. */
  | (Location & { readonly _tag: 'DuplicateRow'; readonly variable: string; readonly row: string })
  /** A keyed table without a row for some parent assignment (and no `default`). */
  | (Location & { readonly _tag: 'MissingRow'; readonly variable: string; readonly row: string })
  /** A table with more entries than the reader is allowed to allocate. */
  | (Location & {
      readonly _tag: 'TableTooLarge'
      readonly variable: string
      readonly entries: number
      readonly limit: number
    })
  /** Valid in the format, but not something a discrete Bayesian network can hold. */
  | (Location & { readonly _tag: 'Unsupported'; readonly feature: string })
  /** The file could not be read, written or gunzipped. */
  | { readonly _tag: 'FileUnreadable'; readonly file: string; readonly reason: string }
  /** A path whose extension names no supported format. */
  | { readonly _tag: 'UnknownFormat'; readonly file: string; readonly supported: readonly string[] }
  /** A network the chosen format cannot hold (a name it cannot spell, a cycle). */
  | { readonly _tag: 'Unwritable'; readonly file: string; readonly format: string; readonly reason: string }

const at = (e: Location): string => `${e.file}:${e.line}:${e.column}`

/**
 * One line describing any {@link IoError}, prefixed with `file:line:column`
 * when the error points into a file.
 *
 * @example
 * ```ts
 * import { describeError, readBif } from '@chainrule/io'
 * import { either as E, function as F } from 'fp-ts'
 *
 * F.pipe(readBif('variable A {', { file: 'a.bif' }), E.mapLeft(describeError)) // => E.left("a.bif:1:13: expected 'type', 'property' or '}', found end of input")
 * ```
 */
export const describeError = (e: IoError): string => {
  switch (e._tag) {
    case 'UnexpectedInput':
      return `${at(e)}: expected ${e.expected}, found ${e.found}`
    case 'NonFiniteNumber':
      return `${at(e)}: number ${e.text} is not finite`
    case 'DuplicateVariable':
      return `${at(e)}: variable ${e.name} is declared twice`
    case 'DuplicateState':
      return `${at(e)}: variable ${e.variable} lists state ${e.state} twice`
    case 'StateCountMismatch':
      return e.listed === 0
        ? `${at(e)}: variable ${e.variable} has no state`
        : `${at(e)}: variable ${e.variable} declares ${e.declared} states but lists ${e.listed}`
    case 'UnknownVariable':
      return `${at(e)}: variable ${e.name} is not declared`
    case 'UnknownState':
      return `${at(e)}: variable ${e.variable} has no state ${e.state}`
    case 'DuplicateParent':
      return e.parent === e.variable
        ? `${at(e)}: variable ${e.variable} is listed as its own parent`
        : `${at(e)}: parent ${e.parent} of ${e.variable} is listed twice`
    case 'DuplicateTable':
      return `${at(e)}: second table for variable ${e.variable}`
    case 'MissingTable':
      return `${at(e)}: variable ${e.variable} has no table`
    case 'TableSizeMismatch':
      return `${at(e)}: table of ${e.variable} needs ${e.expected} entries here, got ${e.got}`
    case 'DuplicateRow':
      return `${at(e)}: table of ${e.variable} has two rows for (${e.row})`
    case 'MissingRow':
      return `${at(e)}: table of ${e.variable} has no row for (${e.row})`
    case 'TableTooLarge':
      return `${at(e)}: table of ${e.variable} would have ${e.entries} entries, more than the limit ${e.limit}`
    case 'Unsupported':
      return `${at(e)}: unsupported: ${e.feature}`
    case 'FileUnreadable':
      return `${e.file}: cannot read: ${e.reason}`
    case 'UnknownFormat':
      return `${e.file}: unknown network format (supported extensions: ${e.supported.join(', ')})`
    case 'Unwritable':
      return `${e.file}: cannot write as ${e.format}: ${e.reason}`
  }
}
