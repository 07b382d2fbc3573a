/**
 * The Node-only parts of chainrule, one namespace per package: network files
 * (`io`), CSV, IDX and MNIST files (`data`), scoring on worker threads
 * (`infer`), worker threads and a progress bar for learning (`learn`), counting on worker threads
 * (`structure`), and data where it lives: `openDataSource` for CSV and Parquet files, DuckDB and ClickHouse
 * tables (`dataSources`, with `@duckdb/node-api` or `@clickhouse/client` installed).
 *
 * @example
 * ```ts
 * import { io } from 'chainrule/node'
 * import * as E from 'fp-ts/lib/Either.js'
 *
 * const loaded = io.loadNetwork('no-such-file.bif')
 * E.isLeft(loaded) && loaded.left._tag // => 'Unreadable'
 * ```
 *
 * @packageDocumentation
 */
export * as io from '@chainrule/io/node'
export * as data from '@chainrule/data/node'
export * as infer from '@chainrule/infer/node'
export * as learn from '@chainrule/learn/node'
export * as structure from '@chainrule/structure/node'
export * as dataSources from '@chainrule/data/open'
