/**
 * What a SQL source needs of an engine: run a query for its (few) rows, run
 * a statement, stream a (long) result in chunks, insert rows, close. DuckDB
 * and ClickHouse each implement it in their own module (behind Node-only
 * subpath exports); everything else about SQL sources is shared.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { DataError } from '../errors.js'
import type { SqlDialect } from './dialect.js'

/** One chunk of a streamed result: `texts[k][r]` for the text columns, then `ints[k][r]` for the small-integer ones. */
export interface StreamChunk {
  readonly rows: number
  /** Text columns as the engine prints them (NULL as null). */
  readonly texts: readonly (readonly (string | null)[])[]
  readonly ints: readonly Int16Array[]
}

/** A connection to a SQL engine. */
export interface SqlEngine {
  readonly dialect: SqlDialect
  /** How messages name it: `duckdb:events.parquet`, `clickhouse://127.0.0.1:8123/db`. */
  readonly description: string
  /** A plain scan returns rows in the data's order, so a row number means something (DuckDB on a file: yes; a distributed table: no). */
  readonly ordered: boolean
  /** A query's rows (small results: counts, sums, schemas). */
  readonly rows: (sql: string) => Promise<E.Either<DataError, readonly (readonly unknown[])[]>>
  /** A statement with no result. */
  readonly run: (sql: string) => Promise<E.Either<DataError, void>>
  /** A long result in chunks: the first `texts` columns as text, the next `ints` as small integers. */
  readonly stream: (sql: string, texts: number, ints: number) => AsyncIterable<E.Either<DataError, StreamChunk>>
  /**
   * Append rows to a table whose columns are the key columns (values as the
   * engine printed them in `stream`) followed by numeric columns.
   */
  readonly insert: (
    table: string,
    keys: readonly (readonly (string | null)[])[],
    numbers: readonly Float64Array[],
    rows: number,
  ) => Promise<E.Either<DataError, void>>
  readonly close: () => Promise<void>
}
