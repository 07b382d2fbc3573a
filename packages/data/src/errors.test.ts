import { describe, expect, it } from 'vitest'
import { describeError, type DataError } from './errors.js'

/** One error of every tag, with the fact its message must carry. */
const samples: readonly [DataError, string][] = [
  [{ _tag: 'ColumnCountMismatch', variables: 2, columns: 3, states: 2 }, '3 columns'],
  [{ _tag: 'ColumnLengthMismatch', variable: 'a', expected: 4, got: 5 }, '5 rows'],
  [{ _tag: 'StateOutOfRange', variable: 'a', row: 7, state: 9, card: 2 }, 'row 7'],
  [{ _tag: 'TooManyStates', variable: 'a', states: 300, limit: 255 }, '300 states'],
  [{ _tag: 'DuplicateVariable', variable: 'a' }, '"a"'],
  [{ _tag: 'MissingVariable', variable: 'wet' }, '"wet"'],
  [{ _tag: 'UnknownDataState', variable: 'a', state: 'q', states: ['x'] }, '"q"'],
  [{ _tag: 'RowRangeInvalid', start: 3, end: 9, rows: 5 }, '[3, 9)'],
  [{ _tag: 'InvalidOption', option: 'level', value: '0', reason: 'expected 1..255' }, 'level'],
  [{ _tag: 'CsvEmpty' }, 'no header'],
  [{ _tag: 'CsvEmptyHeader', column: 2 }, 'column 2'],
  [{ _tag: 'CsvDuplicateColumn', column: 3, name: 'a', first: 1 }, 'column 1'],
  [{ _tag: 'CsvUnknownColumn', line: 1, column: 4, name: 'snow' }, 'column 4'],
  [{ _tag: 'CsvRaggedRow', line: 12, expected: 3, got: 2 }, 'line 12'],
  [{ _tag: 'CsvUnknownState', line: 5, column: 2, variable: 'wet', state: 'damp', states: ['no', 'yes'] }, 'line 5, column 2'],
  [{ _tag: 'CsvTooManyStates', line: 300, column: 1, variable: 'id', limit: 255 }, 'line 300'],
  [{ _tag: 'CsvUnterminatedQuote', line: 8, column: 3 }, 'line 8, column 3'],
  [{ _tag: 'CsvStrayQuote', line: 2, column: 2 }, 'line 2, column 2'],
  [{ _tag: 'FileUnreadable', path: '/x.csv', reason: 'ENOENT' }, '/x.csv'],
  [{ _tag: 'GzipFailed', path: '/x.gz', reason: 'incorrect header check' }, '/x.gz'],
  [{ _tag: 'IdxTooShort', bytes: 3, needed: 4 }, '3 bytes'],
  [{ _tag: 'IdxBadMagic', magic: 0x1f8b0800 }, '0x1f8b0800'],
  [{ _tag: 'IdxUnknownType', code: 7 }, '0x07'],
  [{ _tag: 'IdxSizeMismatch', dims: [2, 3], expectedBytes: 6, gotBytes: 5 }, '2 x 3'],
  [{ _tag: 'IdxUnexpectedShape', path: 'f', expected: 'unsigned bytes [count]', got: 'uint8 [2, 2]' }, 'uint8 [2, 2]'],
  [{ _tag: 'ImageLabelMismatch', images: 3, labels: 2 }, '3 images'],
  [{ _tag: 'DatasetFilesMissing', dataset: 'Fashion-MNIST', directory: '/d', missing: ['a'], install: 'apt-get install x' }, 'apt-get install x'],
  [{ _tag: 'ProtocolMismatch', reason: '12 images' }, '12 images'],
  [{ _tag: 'UnknownDataState', variable: 'a', state: 'q', states: ['x'], row: 41, source: 'duckdb:e.parquet' }, 'duckdb:e.parquet: row 41: column "a"'],
  [{ _tag: 'DataSpecInvalid', spec: 'mysql://x', reason: 'unknown scheme' }, 'unknown scheme'],
  [{ _tag: 'DependencyMissing', module: '@duckdb/node-api', purpose: 'reading Parquet' }, 'npm install @duckdb/node-api'],
  [{ _tag: 'SourceUnavailable', source: 'clickhouse://127.0.0.1:1/db', reason: 'ECONNREFUSED' }, 'ECONNREFUSED'],
  [{ _tag: 'ConnectionLost', source: 'clickhouse://h/db', reason: 'socket hang up\n  at x' }, 'connection lost during a query: socket hang up'],
  [{ _tag: 'QueryFailed', source: 'duckdb:x', reason: 'Binder Error\nLINE 1: SELECT' }, 'query failed: Binder Error'],
  [{ _tag: 'Unsupported', source: 'memory', operation: 'writing scores to a table' }, 'writing scores to a table'],
  [{ _tag: 'OutputFailed', target: 'scores.csv', reason: 'EACCES' }, 'scores.csv'],
]

describe('describeError', () => {
  it.each(samples)('renders %j as one line with its facts', (e, fact) => {
    const line = describeError(e)
    expect(line).toContain(fact)
    expect(line).not.toContain('\n')
  })
})
