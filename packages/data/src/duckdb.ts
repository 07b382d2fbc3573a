/**
 * DuckDB, embedded (`@chainrule/data/duckdb`, Node only): CSV and Parquet
 * files of any size, and tables of a DuckDB database, as data sources.
 * Counting is `GROUP BY GROUPING SETS` inside DuckDB (multi-threaded, out of
 * core past `memoryLimit`), one scan for a batch of families; only the count
 * tables come back. `@duckdb/node-api` (its native library ships inside the
 * npm package) is an optional dependency, loaded on first use.
 *
 * Files are read with `read_csv` (header row; every column as text; an empty
 * cell, `?` or `NA` unquoted is missing, as `parseCsv` reads them; gzipped
 * when the name ends in `.gz`) and `read_parquet` (NULL or an empty string is
 * missing). A scan returns rows in file order, so errors name the row.
 */
import { existsSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import type { DataError } from './errors.js'
import type { DataSource } from './source.js'
import { duckdbDialect } from './sql/dialect.js'
import type { SqlEngine, StreamChunk } from './sql/engine.js'
import { openSqlSource } from './sql/open-sql.js'

/** What DuckDB reads. */
export type DuckDbTarget =
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'parquet'; readonly path: string }
  | { readonly kind: 'table'; readonly database: string; readonly table: string }

/** Options of {@link openDuckDbSource}. */
export interface DuckDbOptions {
  /** The model's variables and states (columns matched by name); without it, every column, states discovered. */
  readonly domain?: Domain
  /** Worker threads of DuckDB (default: DuckDB's, one per core). */
  readonly threads?: number
  /** DuckDB's memory limit (`'1GB'`, ...); past it, aggregation spills to `tempDirectory`. */
  readonly memoryLimit?: string
  /** Where DuckDB spills (default: DuckDB's, beside the database or `.tmp`). */
  readonly tempDirectory?: string
}

type DuckDbModule = typeof import('@duckdb/node-api')
type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckDbModule['DuckDBInstance']['create']>>['connect']>>

/** Load `@duckdb/node-api`, or say how to install it. */
export const loadDuckDb = async (purpose: string): Promise<E.Either<DataError, DuckDbModule>> => {
  try {
    return E.right(await import('@duckdb/node-api'))
  } catch {
    return E.left({ _tag: 'DependencyMissing', module: '@duckdb/node-api', purpose })
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Integers of a result vector, whatever their width (SMALLINT for state indices). */
const readInts = (vector: { readonly itemCount: number; getItem(i: number): unknown }, rows: number): Int16Array => {
  const items = (vector as unknown as { items?: unknown }).items
  if (items instanceof Int16Array && items.length >= rows) return Int16Array.from(items.subarray(0, rows))
  const out = new Int16Array(rows)
  for (let r = 0; r < rows; r++) out[r] = Number(vector.getItem(r) ?? -1)
  return out
}

const describeTarget = (target: DuckDbTarget): string => (target.kind === 'table' ? `duckdb:${target.database}?table=${target.table}` : `duckdb:${target.path}`)

/** The FROM clause for a target. */
export const duckdbRelation = (target: DuckDbTarget): string => {
  const d = duckdbDialect
  switch (target.kind) {
    case 'csv':
      return `read_csv(${d.string(target.path)}, header = true, all_varchar = true, nullstr = ['', '?', 'NA'], allow_quoted_nulls = false, auto_detect = true)`
    case 'parquet':
      return `read_parquet(${d.string(target.path)})`
    case 'table':
      return d.identifier(target.table)
  }
}

type Guard = <T>(run: () => Promise<T>) => Promise<E.Either<DataError, T>>

/** A query's result in chunks (DuckDB's vectors of up to 2,048 rows). */
async function* streamChunks(connection: Connection, sql: string, texts: number, ints: number, guard: Guard): AsyncIterable<E.Either<DataError, StreamChunk>> {
  const result = await guard(() => connection.stream(sql))
  if (E.isLeft(result)) {
    yield result
    return
  }
  for (;;) {
    const chunk = await guard(() => result.right.fetchChunk())
    if (E.isLeft(chunk)) {
      yield chunk
      return
    }
    if (chunk.right === null || chunk.right.rowCount === 0) return
    const data = chunk.right
    const rows = data.rowCount
    yield E.right({
      rows,
      texts: Array.from({ length: texts }, (_, k) => data.getColumnValues(k).map((x) => (x === null ? null : String(x)))),
      ints: Array.from({ length: ints }, (_, k) => readInts(data.getColumnVector(texts + k), rows)),
    })
  }
}

/**
 * A {@link SqlEngine} over a DuckDB instance: one connection for queries and
 * statements, and one more per streamed result (a statement run on a
 * connection ends the result it was streaming).
 */
const duckdbEngine = (connection: Connection, connect: () => Promise<Connection>, close: () => void, description: string): SqlEngine => {
  const guard: Guard = async (run) => {
    try {
      return E.right(await run())
    } catch (error) {
      const reason = message(error)
      return E.left(/^IO Error/.test(reason) ? { _tag: 'FileUnreadable', path: description.replace(/^duckdb:/, ''), reason } : { _tag: 'QueryFailed', source: description, reason })
    }
  }
  return {
    dialect: duckdbDialect,
    description,
    ordered: true,
    rows: (sql) => guard(async () => (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][]),
    run: (sql) => guard(async () => void (await connection.run(sql))),
    stream: async function* (sql, texts, ints) {
      const own = await guard(connect)
      if (E.isLeft(own)) {
        yield own
        return
      }
      try {
        yield* streamChunks(own.right, sql, texts, ints, guard)
      } finally {
        own.right.closeSync()
      }
    },
    insert: (table, keys, numbers, rows) =>
      guard(async () => {
        const d = duckdbDialect
        const values: string[] = []
        for (let r = 0; r < rows; r++) {
          const cells = [
            ...keys.map((column) => (column[r] === null ? 'NULL' : d.string(column[r]!))),
            ...numbers.map((column) => (column[r] === -Infinity ? "'-inf'::DOUBLE" : String(column[r]))),
          ]
          values.push(`(${cells.join(', ')})`)
        }
        if (values.length > 0) await connection.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`)
      }),
    close: async () => close(),
  }
}

/**
 * Open a CSV or Parquet file, or a table of a DuckDB database file, as a
 * data source (`FileUnreadable` when the file is not there,
 * `DependencyMissing` without `@duckdb/node-api`).
 *
 * @example
 * ```ts
 * import { openDuckDbSource } from '@chainrule/data/duckdb'
 * import { either as E } from 'fp-ts'
 * import { writeFileSync } from 'node:fs'
 * writeFileSync('/tmp/rain.csv', 'rain,wet\nno,no\nyes,yes\nyes,?\n')
 * const source = await openDuckDbSource({ kind: 'csv', path: '/tmp/rain.csv' })
 * if (E.isRight(source)) {
 *   const counts = await source.right.counts([[0, 1]], { missing: 'available-case' })
 *   if (E.isRight(counts)) Array.from(counts.right[0]!.counts) // => [1, 0, 0, 1]
 *   await source.right.close()
 * }
 * ```
 */
export const openDuckDbSource = async (target: DuckDbTarget, options: DuckDbOptions = {}): Promise<E.Either<DataError, DataSource>> => {
  const file = target.kind === 'table' ? target.database : target.path
  if (!existsSync(file)) return E.left({ _tag: 'FileUnreadable', path: file, reason: 'no such file' })
  const duckdb = await loadDuckDb(`reading ${target.kind === 'table' ? 'a DuckDB database' : `a ${target.kind.toUpperCase()} file`}`)
  if (E.isLeft(duckdb)) return duckdb
  const description = describeTarget(target)
  const config: Record<string, string> = {}
  if (options.threads !== undefined) config.threads = String(options.threads)
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory
  let instance: Awaited<ReturnType<DuckDbModule['DuckDBInstance']['create']>>
  let connection: Connection
  try {
    instance = await duckdb.right.DuckDBInstance.create(target.kind === 'table' ? target.database : ':memory:', config)
    connection = await instance.connect()
  } catch (error) {
    return E.left({ _tag: 'SourceUnavailable', source: description, reason: message(error) })
  }
  const close = (): void => {
    connection.closeSync()
    instance.closeSync()
  }
  const opened = await openSqlSource(duckdbEngine(connection, () => instance.connect(), close, description), duckdbRelation(target), options.domain)
  if (E.isLeft(opened)) close()
  return opened
}

/**
 * Convert a CSV file to Parquet with DuckDB: every column as text (missing
 * cells NULL, read as `read_csv` above) unless `types` names a DuckDB type
 * for it. Used for score files, tests and benchmarks.
 *
 * @example
 * ```ts
 * import { csvToParquet } from '@chainrule/data/duckdb'
 * import { writeFileSync } from 'node:fs'
 * writeFileSync('/tmp/w.csv', 'rain,wet\nno,no\nyes,?\n')
 * await csvToParquet('/tmp/w.csv', '/tmp/w.parquet') // => { _tag: 'Right', right: undefined }
 * ```
 */
export const csvToParquet = async (csvPath: string, parquetPath: string, options: { readonly types?: Readonly<Record<string, string>> } = {}): Promise<E.Either<DataError, void>> => {
  if (!existsSync(csvPath)) return E.left({ _tag: 'FileUnreadable', path: csvPath, reason: 'no such file' })
  const duckdb = await loadDuckDb('writing Parquet')
  if (E.isLeft(duckdb)) return duckdb
  const d = duckdbDialect
  // Read as text (no guessing that yes/no is a BOOLEAN), then cast the typed columns.
  const types = Object.entries(options.types ?? {})
  const select = types.length === 0 ? '*' : `* REPLACE (${types.map(([k, t]) => `CAST(${d.identifier(k)} AS ${t}) AS ${d.identifier(k)}`).join(', ')})`
  try {
    const instance = await duckdb.right.DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      await connection.run(`COPY (SELECT ${select} FROM ${duckdbRelation({ kind: 'csv', path: csvPath })}) TO ${d.string(parquetPath)} (FORMAT parquet)`)
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
    return E.right(undefined)
  } catch (error) {
    return E.left({ _tag: 'OutputFailed', target: parquetPath, reason: message(error) })
  }
}
