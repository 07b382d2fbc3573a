/**
 * ClickHouse (`@chainrule/data/clickhouse`, Node only): a table on a server
 * or a cluster (a `Distributed` table over shards) as a data source, over
 * the HTTP interface with `@clickhouse/client` (an optional dependency,
 * loaded on first use). Counting and scoring are pushed down as SQL that
 * runs on ClickHouse 18.16 (Debian's) and on current releases (see
 * `sql/dialect.ts` for the features avoided); on a `Distributed` table every
 * shard counts and sums its own rows and the initiator merges the few
 * results.
 *
 * Small results are read with `wait_end_of_query=1`, so that an error met
 * late (a shard that went away) is an HTTP error rather than text after a
 * `200 OK`; streamed results are parsed strictly, and a line that is not a
 * row of small integers is reported as the engine's error. A connection that
 * breaks (the server killed, the network gone) is `ConnectionLost`; a shard
 * the server cannot reach is `ConnectionLost` too, naming it as the server
 * says. Rows of a distributed table have no order: an error names the
 * variable and the state, not a row number.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import type { DataError } from './errors.js'
import type { DataSource } from './source.js'
import { clickhouseDialect } from './sql/dialect.js'
import type { SqlEngine, StreamChunk } from './sql/engine.js'
import { openSqlSource } from './sql/open-sql.js'

/** Which table of which server. */
export interface ClickHouseTarget {
  /** The HTTP interface: `http://127.0.0.1:8123`. */
  readonly url: string
  readonly database: string
  readonly table: string
  readonly username?: string
  readonly password?: string
}

/** Options of {@link openClickHouseSource}. */
export interface ClickHouseOptions {
  /** The model's variables and states (columns matched by name); without it, every column, states discovered. */
  readonly domain?: Domain
  /** Longest wait for one query, in milliseconds (default one hour: counting a large table is one long query). */
  readonly requestTimeoutMs?: number
}

type ClickHouseModule = typeof import('@clickhouse/client')
type Client = ReturnType<ClickHouseModule['createClient']>

/** Server error codes that mean a connection inside the cluster broke (a shard went away). */
const NETWORK_CODES = new Set(['32', '209', '210', '279'])
/** Node socket errors: the connection to the server itself broke. */
const SOCKET_ERRORS = /ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|other side closed|ETIMEDOUT|premature close|aborted/i

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const classify = (error: unknown, source: string): DataError => {
  const reason = message(error)
  // The client parses the current servers' error text into a code; 18.16 writes `Code: 32, e.displayText() = ...`.
  const code = (error as { code?: unknown }).code ?? /^Code: (\d+)/.exec(reason)?.[1]
  if ((typeof code === 'string' && NETWORK_CODES.has(code)) || (typeof code === 'string' && SOCKET_ERRORS.test(code)) || SOCKET_ERRORS.test(reason))
    return { _tag: 'ConnectionLost', source, reason: reason || String(code) }
  return { _tag: 'QueryFailed', source, reason }
}

/** Settings of every query: room for long log-table literals. */
const settingsFor = (sql: string) => ({ max_query_size: String(Math.max(262_144, 2 * sql.length)) })

const clickhouseEngine = (client: Client, description: string): SqlEngine => {
  const guard = async <T>(run: () => Promise<T>): Promise<E.Either<DataError, T>> => {
    try {
      return E.right(await run())
    } catch (error) {
      return E.left(classify(error, description))
    }
  }
  return {
    dialect: clickhouseDialect,
    description,
    ordered: false,
    rows: (sql) =>
      guard(async () => {
        const result = await client.query({ query: sql, format: 'JSONCompact', clickhouse_settings: { ...settingsFor(sql), wait_end_of_query: 1 } })
        return ((await result.json()) as { data: unknown[][] }).data
      }),
    run: (sql) => guard(async () => void (await client.command({ query: sql, clickhouse_settings: settingsFor(sql) }))),
    stream: async function* (sql, texts, ints) {
      const result = await guard(() => client.query({ query: sql, format: 'TabSeparated', clickhouse_settings: settingsFor(sql) }))
      if (E.isLeft(result)) {
        yield result
        return
      }
      const width = texts + ints
      try {
        for await (const rows of result.right.stream()) {
          const chunk: StreamChunk = {
            rows: rows.length,
            texts: Array.from({ length: texts }, () => new Array<string | null>(rows.length)),
            ints: Array.from({ length: ints }, () => new Int16Array(rows.length)),
          }
          for (let r = 0; r < rows.length; r++) {
            const fields = rows[r]!.text.split('\t')
            if (fields.length !== width) {
              yield E.left(classify({ message: rows.slice(r).map((row) => row.text).join(' '), code: /Code: (\d+)/.exec(rows[r]!.text)?.[1] }, description))
              return
            }
            for (let k = 0; k < texts; k++) (chunk.texts[k] as (string | null)[])[r] = fields[k] === '\\N' ? null : fields[k]!
            for (let k = 0; k < ints; k++) {
              const value = Number(fields[texts + k])
              if (!Number.isInteger(value)) {
                yield E.left(classify({ message: rows.slice(r).map((row) => row.text).join(' '), code: /Code: (\d+)/.exec(rows[r]!.text)?.[1] }, description))
                return
              }
              chunk.ints[k]![r] = value
            }
          }
          yield E.right(chunk)
        }
      } catch (error) {
        yield E.left(classify(error, description))
      }
    },
    insert: (table, keys, numbers, rows) =>
      guard(async () => {
        const lines: string[] = []
        for (let r = 0; r < rows; r++)
          lines.push([...keys.map((column) => column[r] ?? '\\N'), ...numbers.map((column) => (column[r] === -Infinity ? '-inf' : String(column[r])))].join('\t'))
        if (rows > 0) await client.command({ query: `INSERT INTO ${table} FORMAT TabSeparated\n${lines.join('\n')}\n` })
      }),
    close: () => client.close(),
  }
}

/** `clickhouse://host:port/database` as messages show it (no password). */
export const describeClickHouse = (target: ClickHouseTarget): string => {
  const url = new URL(target.url)
  return `clickhouse://${url.host}/${target.database}?table=${target.table}`
}

/**
 * Open a ClickHouse table as a data source (`SourceUnavailable` when the
 * server does not answer, `QueryFailed` when the table is not there,
 * `DependencyMissing` without `@clickhouse/client`).
 *
 * @example
 * ```ts
 * import { openClickHouseSource } from '@chainrule/data/clickhouse'
 * import { either as E } from 'fp-ts'
 * // With a server: `await source.right.rowCount()` counts the rows over every shard. Here nothing listens on
 * // port 1, and opening says so as a typed error:
 * const source = await openClickHouseSource({ url: 'http://127.0.0.1:1', database: 'default', table: 'events' })
 * E.isLeft(source) && source.left._tag // => 'SourceUnavailable'
 * ```
 */
export const openClickHouseSource = async (target: ClickHouseTarget, options: ClickHouseOptions = {}): Promise<E.Either<DataError, DataSource>> => {
  let module: ClickHouseModule
  try {
    module = await import('@clickhouse/client')
  } catch {
    return E.left({ _tag: 'DependencyMissing', module: '@clickhouse/client', purpose: 'reading a ClickHouse table' })
  }
  const description = describeClickHouse(target)
  const client = module.createClient({
    url: target.url,
    database: target.database,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    request_timeout: options.requestTimeoutMs ?? 3_600_000,
    // Errors come back as values; the client must not print them (the CLI's failures are one line).
    log: { level: module.ClickHouseLogLevel.OFF },
  })
  const ping = await client.ping()
  if (!ping.success) {
    await client.close()
    return E.left({ _tag: 'SourceUnavailable', source: description, reason: message(ping.error) })
  }
  const d = clickhouseDialect
  const opened = await openSqlSource(clickhouseEngine(client, description), `${d.identifier(target.database)}.${d.identifier(target.table)}`, options.domain)
  if (E.isLeft(opened)) await client.close()
  return opened
}
