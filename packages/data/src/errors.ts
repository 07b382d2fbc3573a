/**
 * The closed union of errors of `@chainrule/data`, and one renderer.
 *
 * Positions in text files are 1-based: `line` is the physical line of the
 * file (the header is line 1), `column` the field's position in its record.
 * Every error names the column's header as well, so that a message can be
 * acted on without counting commas.
 */

/** Every problem `@chainrule/data` reports. */
export type DataError =
  // data sets
  | { readonly _tag: 'ColumnCountMismatch'; readonly variables: number; readonly columns: number; readonly states: number }
  | { readonly _tag: 'ColumnLengthMismatch'; readonly variable: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'StateOutOfRange'; readonly variable: string; readonly row: number; readonly state: number; readonly card: number }
  | { readonly _tag: 'TooManyStates'; readonly variable: string; readonly states: number; readonly limit: number }
  | { readonly _tag: 'DuplicateVariable'; readonly variable: string }
  | { readonly _tag: 'MissingVariable'; readonly variable: string }
  | {
      readonly _tag: 'UnknownDataState'
      readonly variable: string
      readonly state: string
      readonly states: readonly string[]
      /** 1-based data row (header not counted) where a source can say which; absent otherwise. */
      readonly row?: number
      /** The source that holds the row (`duckdb:events.parquet`, ...), when not in memory. */
      readonly source?: string
    }
  | { readonly _tag: 'RowRangeInvalid'; readonly start: number; readonly end: number; readonly rows: number }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  // CSV
  | { readonly _tag: 'CsvEmpty' }
  | { readonly _tag: 'CsvEmptyHeader'; readonly column: number }
  | { readonly _tag: 'CsvDuplicateColumn'; readonly column: number; readonly name: string; readonly first: number }
  | { readonly _tag: 'CsvUnknownColumn'; readonly line: number; readonly column: number; readonly name: string }
  | { readonly _tag: 'CsvRaggedRow'; readonly line: number; readonly expected: number; readonly got: number }
  | {
      readonly _tag: 'CsvUnknownState'
      readonly line: number
      readonly column: number
      readonly variable: string
      readonly state: string
      readonly states: readonly string[]
    }
  | { readonly _tag: 'CsvTooManyStates'; readonly line: number; readonly column: number; readonly variable: string; readonly limit: number }
  | { readonly _tag: 'CsvUnterminatedQuote'; readonly line: number; readonly column: number }
  | { readonly _tag: 'CsvStrayQuote'; readonly line: number; readonly column: number }
  // files and IDX
  | { readonly _tag: 'FileUnreadable'; readonly path: string; readonly reason: string }
  | { readonly _tag: 'GzipFailed'; readonly path: string; readonly reason: string }
  | { readonly _tag: 'IdxTooShort'; readonly bytes: number; readonly needed: number }
  | { readonly _tag: 'IdxBadMagic'; readonly magic: number }
  | { readonly _tag: 'IdxUnknownType'; readonly code: number }
  | { readonly _tag: 'IdxSizeMismatch'; readonly dims: readonly number[]; readonly expectedBytes: number; readonly gotBytes: number }
  | { readonly _tag: 'IdxUnexpectedShape'; readonly path: string; readonly expected: string; readonly got: string }
  // MNIST
  | { readonly _tag: 'ImageLabelMismatch'; readonly images: number; readonly labels: number }
  | { readonly _tag: 'DatasetFilesMissing'; readonly dataset: string; readonly directory: string; readonly missing: readonly string[]; readonly install: string }
  | { readonly _tag: 'ProtocolMismatch'; readonly reason: string }
  // data sources (DuckDB, ClickHouse)
  | { readonly _tag: 'DataSpecInvalid'; readonly spec: string; readonly reason: string }
  | { readonly _tag: 'DependencyMissing'; readonly module: string; readonly purpose: string }
  | { readonly _tag: 'SourceUnavailable'; readonly source: string; readonly reason: string }
  | { readonly _tag: 'ConnectionLost'; readonly source: string; readonly reason: string }
  | { readonly _tag: 'QueryFailed'; readonly source: string; readonly reason: string }
  | { readonly _tag: 'Unsupported'; readonly source: string; readonly operation: string }
  | { readonly _tag: 'OutputFailed'; readonly target: string; readonly reason: string }

const quoted = (s: string): string => JSON.stringify(s)
/** Engine messages span lines (a query echoed, a caret): keep the first, trimmed. */
const oneLine = (s: string): string => (s.split('\n').find((line) => line.trim() !== '') ?? s).trim()
const list = (xs: readonly string[], max = 8): string =>
  xs.length <= max ? xs.map(quoted).join(', ') : `${xs.slice(0, max).map(quoted).join(', ')}, ... (${xs.length} states)`

/**
 * Render any {@link DataError} as one line.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/data'
 *
 * describeError({ _tag: 'CsvRaggedRow', line: 4, expected: 3, got: 2 }) // => 'line 4: 2 cells, expected 3 (one per header column)'
 * ```
 */
export const describeError = (e: DataError): string => {
  switch (e._tag) {
    case 'ColumnCountMismatch':
      return `${e.variables} variable names, ${e.columns} columns and ${e.states} state lists: expected one of each per variable`
    case 'ColumnLengthMismatch':
      return `column ${quoted(e.variable)} has ${e.got} rows, expected ${e.expected}`
    case 'StateOutOfRange':
      return `column ${quoted(e.variable)} row ${e.row} holds state index ${e.state}, but the variable has ${e.card} states (missing is 255)`
    case 'TooManyStates':
      return `variable ${quoted(e.variable)} has ${e.states} states, over the limit of ${e.limit} (state 255 marks a missing cell)`
    case 'DuplicateVariable':
      return `variable ${quoted(e.variable)} appears twice`
    case 'MissingVariable':
      return `the data has no column for variable ${quoted(e.variable)}`
    case 'UnknownDataState':
      return `${e.source === undefined ? '' : `${e.source}: `}${e.row === undefined ? '' : `row ${e.row}: `}column ${quoted(e.variable)} holds state ${quoted(e.state)}, which is not one of ${list(e.states)}`
    case 'RowRangeInvalid':
      return `rows [${e.start}, ${e.end}) are not a range within the ${e.rows} rows of the data`
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'CsvEmpty':
      return 'the CSV text has no header line'
    case 'CsvEmptyHeader':
      return `line 1, column ${e.column}: empty variable name in the header`
    case 'CsvDuplicateColumn':
      return `line 1, column ${e.column}: variable ${quoted(e.name)} already named by column ${e.first}`
    case 'CsvUnknownColumn':
      return `line ${e.line}, column ${e.column}: variable ${quoted(e.name)} is not in the domain`
    case 'CsvRaggedRow':
      return `line ${e.line}: ${e.got} cells, expected ${e.expected} (one per header column)`
    case 'CsvUnknownState':
      return `line ${e.line}, column ${e.column} (${quoted(e.variable)}): unknown state ${quoted(e.state)}, expected one of ${list(e.states)}`
    case 'CsvTooManyStates':
      return `line ${e.line}, column ${e.column} (${quoted(e.variable)}): more than ${e.limit} distinct states (255 marks a missing cell)`
    case 'CsvUnterminatedQuote':
      return `line ${e.line}, column ${e.column}: a quoted cell is never closed`
    case 'CsvStrayQuote':
      return `line ${e.line}, column ${e.column}: text after a closing quote (write "" for a quote inside a quoted cell)`
    case 'FileUnreadable':
      return `cannot read ${e.path}: ${e.reason}`
    case 'GzipFailed':
      return `cannot gunzip ${e.path}: ${e.reason}`
    case 'IdxTooShort':
      return `IDX data has ${e.bytes} bytes, fewer than the ${e.needed} its header needs`
    case 'IdxBadMagic':
      return `not an IDX file: magic number 0x${e.magic.toString(16).padStart(8, '0')} (expected 0x0000TTDD)`
    case 'IdxUnknownType':
      return `IDX element type 0x${e.code.toString(16).padStart(2, '0')} is not one of 08, 09, 0b, 0c, 0d, 0e`
    case 'IdxSizeMismatch':
      return `IDX dims ${e.dims.join(' x ')} need ${e.expectedBytes} data bytes, the file has ${e.gotBytes}`
    case 'IdxUnexpectedShape':
      return `${e.path}: expected ${e.expected}, got ${e.got}`
    case 'ImageLabelMismatch':
      return `${e.images} images but ${e.labels} labels`
    case 'DatasetFilesMissing':
      return `${e.dataset} not found in ${e.directory} (missing ${e.missing.join(', ')}); ${e.install}`
    case 'ProtocolMismatch':
      return `not the standard MNIST layout: ${e.reason}`
    case 'DataSpecInvalid':
      return `data ${quoted(e.spec)}: ${e.reason}`
    case 'DependencyMissing':
      return `${e.purpose} needs the optional package ${e.module}; install it (npm install ${e.module})`
    case 'SourceUnavailable':
      return `${e.source}: cannot open: ${oneLine(e.reason)}`
    case 'ConnectionLost':
      return `${e.source}: connection lost during a query: ${oneLine(e.reason)}`
    case 'QueryFailed':
      return `${e.source}: query failed: ${oneLine(e.reason)}`
    case 'Unsupported':
      return `${e.source}: ${e.operation} is not supported by this source`
    case 'OutputFailed':
      return `cannot write ${e.target}: ${oneLine(e.reason)}`
  }
}
