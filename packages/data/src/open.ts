/**
 * One string names where data lives (`@chainrule/data/open`, Node only): what
 * the command line's DATA argument accepts, and what a program reads from
 * its configuration.
 *
 * ```text
 * DATA := PATH.csv | PATH.csv.gz        in memory up to `inMemoryUpTo` bytes (default 128 MiB), else DuckDB
 *       | PATH.parquet                  DuckDB
 *       | memory:PATH.csv[.gz]          in memory, whatever its size
 *       | duckdb:PATH.csv[.gz]          DuckDB, whatever its size
 *       | duckdb:PATH.parquet
 *       | duckdb:DATABASE?table=NAME    a table of a DuckDB database file
 *       | clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/[DATABASE]?table=NAME
 *                                       ClickHouse over HTTP (port 8123, database `default` when left out)
 * ```
 * Percent-escapes are decoded in a ClickHouse URL's parts; paths are taken as
 * they are. With a model's `domain`, a source's variables are the model's
 * (columns matched by name, extra columns ignored) and its states are the
 * model's; without one, every column is a variable with its states as found.
 */
import { statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import { alignToDomain } from './align.js'
import { openClickHouseSource, type ClickHouseOptions, type ClickHouseTarget } from './clickhouse.js'
import { readCsvFile } from './files.js'
import { openDuckDbSource, type DuckDbOptions, type DuckDbTarget } from './duckdb.js'
import type { DataError } from './errors.js'
import { memorySource, type DataSource } from './source.js'

/** A parsed DATA string. */
export type DataSpec =
  | { readonly kind: 'csv'; readonly path: string; readonly engine: 'auto' | 'memory' | 'duckdb' }
  | { readonly kind: 'duckdb'; readonly target: DuckDbTarget }
  | { readonly kind: 'clickhouse'; readonly target: ClickHouseTarget }

/** Options of {@link openDataSource}. */
export interface OpenOptions extends Omit<DuckDbOptions, 'domain'>, Omit<ClickHouseOptions, 'domain'> {
  /** The model's variables and states; without it, every column with its states as found. */
  readonly domain?: Domain
  /** A CSV file up to this many bytes is read into memory, a larger one through DuckDB (default 128 MiB). */
  readonly inMemoryUpTo?: number
}

/** The grammar, for messages. */
export const DATA_FORMS = 'PATH.csv[.gz], PATH.parquet, memory:PATH.csv, duckdb:PATH.csv|.parquet, duckdb:DATABASE?table=NAME, clickhouse://HOST[:PORT]/[DATABASE]?table=NAME'

const isCsv = (path: string): boolean => /\.csv(\.gz)?$/i.test(path)
const isParquet = (path: string): boolean => /\.parquet$/i.test(path)

const invalid = (spec: string, reason: string): E.Either<DataError, DataSpec> => E.left({ _tag: 'DataSpecInvalid', spec, reason: `${reason} (expected one of ${DATA_FORMS})` })

const parseClickHouse = (spec: string): E.Either<DataError, DataSpec> => {
  let url: URL
  try {
    url = new URL(spec)
  } catch {
    return invalid(spec, 'not a URL')
  }
  const table = url.searchParams.get('table')
  if (table === null || table === '') return invalid(spec, 'a ClickHouse URL needs ?table=NAME')
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'table')
  if (unknown.length > 0) return invalid(spec, `unknown parameter ${unknown.join(', ')}`)
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'default'
  if (database.includes('/')) return invalid(spec, 'the path of a ClickHouse URL is one database name')
  return E.right({
    kind: 'clickhouse',
    target: {
      url: `http://${url.hostname}:${url.port || '8123'}`,
      database,
      table,
      ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
      ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    },
  })
}

/**
 * Parse a DATA string (see the module comment for the grammar).
 *
 * @example
 * ```ts
 * import { parseDataSpec } from '@chainrule/data/open'
 * parseDataSpec('duckdb:warehouse.duckdb?table=events')
 * // => { _tag: 'Right', right: { kind: 'duckdb', target: { kind: 'table', database: 'warehouse.duckdb', table: 'events' } } }
 * parseDataSpec('clickhouse://10.1.2.3/logs?table=events')
 * // => { _tag: 'Right', right: { kind: 'clickhouse', target: { url: 'http://10.1.2.3:8123', database: 'logs', table: 'events' } } }
 * ```
 */
export const parseDataSpec = (spec: string): E.Either<DataError, DataSpec> => {
  if (spec.startsWith('clickhouse://')) return parseClickHouse(spec)
  if (spec.startsWith('memory:')) {
    const path = spec.slice('memory:'.length)
    return isCsv(path) ? E.right({ kind: 'csv', path, engine: 'memory' }) : invalid(spec, 'memory: reads a .csv or .csv.gz file')
  }
  if (spec.startsWith('duckdb:')) {
    const rest = spec.slice('duckdb:'.length)
    const q = rest.lastIndexOf('?table=')
    if (q >= 0) {
      const table = rest.slice(q + '?table='.length)
      if (table === '' || q === 0) return invalid(spec, 'duckdb:DATABASE?table=NAME needs both')
      return E.right({ kind: 'duckdb', target: { kind: 'table', database: rest.slice(0, q), table } })
    }
    if (isCsv(rest)) return E.right({ kind: 'csv', path: rest, engine: 'duckdb' })
    if (isParquet(rest)) return E.right({ kind: 'duckdb', target: { kind: 'parquet', path: rest } })
    return invalid(spec, 'duckdb: takes a .csv or .parquet file, or DATABASE?table=NAME')
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return invalid(spec, `unknown scheme ${spec.slice(0, spec.indexOf(':'))}`)
  if (isCsv(spec)) return E.right({ kind: 'csv', path: spec, engine: 'auto' })
  if (isParquet(spec)) return E.right({ kind: 'duckdb', target: { kind: 'parquet', path: spec } })
  return invalid(spec, 'not a .csv, .csv.gz or .parquet file, nor a duckdb: or clickhouse:// address')
}

const openCsvInMemory = (path: string, domain: Domain | undefined): E.Either<DataError, DataSource> => {
  const read = readCsvFile(path, domain === undefined ? {} : { domain, extraColumns: 'ignore' })
  if (E.isLeft(read)) return read
  const aligned = domain === undefined ? read : alignToDomain(read.right, domain)
  return E.isLeft(aligned) ? aligned : E.right({ ...memorySource(aligned.right), description: `memory:${path}` })
}

/**
 * Open the data a DATA string names, as a {@link DataSource} (close it when done).
 *
 * @example
 * ```ts
 * import { openDataSource } from '@chainrule/data/open'
 * import { either as E } from 'fp-ts'
 * import { writeFileSync } from 'node:fs'
 * writeFileSync('/tmp/weather.csv', 'rain,wet\nno,no\nyes,yes\n')
 * const source = await openDataSource('/tmp/weather.csv')
 * if (E.isRight(source)) {
 *   source.right.description // => 'memory:/tmp/weather.csv'
 *   await source.right.close()
 * }
 * ```
 */
export const openDataSource = async (spec: string | DataSpec, options: OpenOptions = {}): Promise<E.Either<DataError, DataSource>> => {
  const parsed = typeof spec === 'string' ? parseDataSpec(spec) : E.right(spec)
  if (E.isLeft(parsed)) return parsed
  const { domain, inMemoryUpTo = 128 * 2 ** 20, ...engineOptions } = options
  const withDomain = domain === undefined ? {} : { domain }
  const s = parsed.right
  switch (s.kind) {
    case 'csv': {
      let size: number
      try {
        size = statSync(s.path).size
      } catch (error) {
        return E.left({ _tag: 'FileUnreadable', path: s.path, reason: error instanceof Error ? error.message : String(error) })
      }
      const inMemory = s.engine === 'memory' || (s.engine === 'auto' && size <= inMemoryUpTo)
      return inMemory ? openCsvInMemory(s.path, domain) : openDuckDbSource({ kind: 'csv', path: s.path }, { ...engineOptions, ...withDomain })
    }
    case 'duckdb':
      return openDuckDbSource(s.target, { ...engineOptions, ...withDomain })
    case 'clickhouse':
      return openClickHouseSource(s.target, { ...engineOptions, ...withDomain })
  }
}
