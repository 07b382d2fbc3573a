/**
 * Suite `data`: learning and scoring where the data lives. Rows sampled from
 * alarm (seed 1) are written once to Parquet (`--rows=N`, default 10^8; kept
 * in the system's temporary directory between runs) and then:
 *
 * - learning every CPT from the Parquet file through DuckDB (2 threads, a
 *   1 GB DuckDB memory limit), in a fresh process: wall time and peak
 *   resident memory, at N rows and at N/10 (the memory must not grow with N);
 * - the same rows read into the in-memory source (in a fresh process): load
 *   time, bytes of columns per row and resident growth per row, and learning
 *   and scoring there;
 * - scoring throughput (rows per second, total log-likelihood) per source:
 *   memory, DuckDB on Parquet (pushed down), ClickHouse on one server and on
 *   a Distributed table over two (`--clickhouse-rows=M`, default min(N,
 *   10^7): the rows are loaded over HTTP), each server limited to one thread
 *   so that two shards are two cores' worth of servers;
 * - the break-even: learning from CSV files of 10^3 ... 10^6 rows in memory
 *   (parse + count) against through DuckDB; below which row count is memory
 *   faster.
 *
 * Everything is one run on the same files. It takes minutes (about 25 at
 * 10^8 on 2 cores, most of it generating the file once); never part of CI.
 */
import { execFileSync } from 'node:child_process'
import { createReadStream, existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { openDataSource } from '@chainrule/data/open'
import { learnTablesFromSource } from '@chainrule/learn'
import { DuckDBInstance } from '@duckdb/node-api'
import * as E from 'fp-ts/lib/Either.js'
import { clickHouseCommand, startClickHouseCluster } from '../data/clickhouse-cluster.js'
import { csvSample, dataDir, parquetSample } from '../data/generate.js'
import { flagValue, median, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networkFile } from '../networks.js'

const childScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'child.js')
const args = process.argv.slice(2)
const count = (name: string, fallback: number): number => {
  const text = flagValue(args, name)
  const n = text === undefined ? fallback : Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bench data: --${name} needs a positive integer, got ${text}`)
  return n
}

/** Run one measurement in a fresh process (its peak memory its own). */
const child = (...argv: string[]): Record<string, number | string | boolean> => {
  const out = execFileSync(process.execPath, [childScript, ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 })
  const parsed = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string | boolean>
  if ('error' in parsed) throw new Error(`bench data: ${String(parsed.error)}`)
  return parsed
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`bench data: ${JSON.stringify(e.left)}`)
  return e.right
}

/** Learning from a DATA string in this process: open + learn, median of `repeats`. */
const learnMs = async (bn: ReturnType<typeof loadOrThrow>, spec: string, repeats: number): Promise<number> => {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const [, ms] = await timed(async () => {
      const source = right(await openDataSource(spec, { domain: bn.domain, threads: 2, inMemoryUpTo: Number.MAX_SAFE_INTEGER }))
      right(await learnTablesFromSource(source, bn))
      await source.close()
    })
    times.push(ms)
  }
  return median(times)
}

export const suite: Suite = {
  name: 'data',
  description: 'learning and scoring alarm samples where they live: Parquet through DuckDB, memory, ClickHouse on 1 and 2 shards',
  run: async () => {
    const file = networkFile('alarm')
    if (file === undefined) return []
    const bn = loadOrThrow(file)
    const rows: Row[] = []
    const n = count('rows', 100_000_000)
    // `--parts=learn,memory,score,clickhouse,break-even` runs only some parts (default: all).
    const parts = new Set((flagValue(args, 'parts') ?? 'learn,memory,score,clickhouse,break-even').split(','))
    const small = Math.max(1, Math.floor(n / 10))
    const row = (name: string, engine: string, medianMs: number, extra: Record<string, number | string>): void => {
      rows.push({ suite: 'data', case: name, engine, medianMs, repeats: 1, ...extra })
    }

    // Learning from Parquet through DuckDB, at N/10 and N rows: time and peak memory.
    for (const r of parts.has('learn') ? [small, n] : []) {
      const parquet = await parquetSample(bn, 'alarm', r, 1)
      const learned = child('learn', file, parquet, '2', '1GB')
      row(`learn CPTs, ${r.toLocaleString('en-US')} rows`, 'duckdb parquet', learned.ms as number, { rows: r, peakMB: learned.peakMB as number, rowsPerSecond: Math.round((r / (learned.ms as number)) * 1000) })
    }
    const parquet = parts.has('memory') || parts.has('score') ? await parquetSample(bn, 'alarm', n, 1) : ''

    // The same rows in memory: load, learn, score.
    if (parts.has('memory')) {
      const memory = child('memory', file, parquet, '2')
      row(`load into memory, ${n.toLocaleString('en-US')} rows`, 'memory (from parquet)', memory.loadMs as number, {
        rows: n,
        bytesPerRow: memory.bytesPerRow as number,
        rssBytesPerRow: memory.rssPerRow as number,
        peakMB: memory.peakMB as number,
      })
      row(`learn CPTs, ${n.toLocaleString('en-US')} rows`, 'memory', memory.learnMs as number, { rows: n, rowsPerSecond: Math.round((n / (memory.learnMs as number)) * 1000) })
      row(`score, ${n.toLocaleString('en-US')} rows`, 'memory', memory.scoreMs as number, { rows: n, rowsPerSecond: Math.round((n / (memory.scoreMs as number)) * 1000) })
    }
    if (parts.has('score')) {
      const scored = child('score', file, parquet, '2', '1GB')
      row(`score, ${n.toLocaleString('en-US')} rows`, 'duckdb parquet', scored.ms as number, { rows: n, peakMB: scored.peakMB as number, rowsPerSecond: Math.round((n / (scored.ms as number)) * 1000) })
    }

    // ClickHouse: one server against a Distributed table over two, one thread per server.
    const m = count('clickhouse-rows', Math.min(n, 10_000_000))
    if (parts.has('clickhouse') && clickHouseCommand() === undefined)
      process.stderr.write('  data: no clickhouse-server, ClickHouse rows left out (scripts/ensure-clickhouse.sh installs it)\n')
    else if (parts.has('clickhouse')) {
      const chParquet = await parquetSample(bn, 'alarm', m, 1)
      const tsv = join(dataDir(), `alarm-${m}-seed1.tsv`)
      if (!existsSync(tsv)) {
        const instance = await DuckDBInstance.create(':memory:')
        const connection = await instance.connect()
        await connection.run(`COPY (SELECT * FROM read_parquet('${chParquet}')) TO '${tsv}.partial' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')`)
        connection.closeSync()
        instance.closeSync()
        execFileSync('mv', [`${tsv}.partial`, tsv])
      }
      const cluster = await startClickHouseCluster(2, { maxThreads: 1 })
      try {
        const columns = bn.dag.nodes.map((name) => `"${name}" String`).join(', ')
        for (const k of [0, 1]) await cluster.query(k, `CREATE TABLE events_local (${columns}) ENGINE = MergeTree ORDER BY tuple()`)
        await cluster.query(0, `CREATE TABLE events_one (${columns}) ENGINE = MergeTree ORDER BY tuple()`)
        await cluster.query(0, 'CREATE TABLE events AS events_local ENGINE = Distributed(chainrule, default, events_local, rand())')
        process.stderr.write(`  loading ${m.toLocaleString('en-US')} rows into ClickHouse\n`)
        const load = (table: string) => cluster.query(0, `INSERT INTO ${table} FORMAT TabSeparated`, Readable.toWeb(createReadStream(tsv)) as ReadableStream<Uint8Array>)
        await load('events_one')
        await load('events')
        const port = new URL(cluster.url(0)).port
        // Each shard scans the rows it holds: how the Distributed table split them.
        const held = await Promise.all([0, 1].map(async (k) => Number((await cluster.query(k, 'SELECT count() FROM events_local')).trim())))
        for (const [engine, table] of [['clickhouse 1 shard', 'events_one'], ['clickhouse 2 shards', 'events']] as const) {
          const spec = `clickhouse://127.0.0.1:${port}/default?table=${table}`
          const learned = child('learn', file, spec)
          row(`learn CPTs, ${m.toLocaleString('en-US')} rows`, engine, learned.ms as number, {
            rows: m,
            rowsPerSecond: Math.round((m / (learned.ms as number)) * 1000),
            ...(table === 'events' ? { rowsPerShard: held.map((h) => h.toLocaleString('en-US')).join(' / ') } : {}),
          })
          const s = child('score', file, spec)
          row(`score, ${m.toLocaleString('en-US')} rows`, engine, s.ms as number, { rows: m, rowsPerSecond: Math.round((m / (s.ms as number)) * 1000) })
        }
        // The same rows through DuckDB, for a like-for-like line; and every row's score streamed out of DuckDB.
        const duck = child('score', file, chParquet, '2', '1GB')
        row(`score, ${m.toLocaleString('en-US')} rows`, 'duckdb parquet', duck.ms as number, { rows: m, rowsPerSecond: Math.round((m / (duck.ms as number)) * 1000) })
        const perRow = child('rows', file, chParquet, '2', '1GB')
        row(`score per row (streamed), ${m.toLocaleString('en-US')} rows`, 'duckdb parquet', perRow.ms as number, { rows: m, peakMB: perRow.peakMB as number, rowsPerSecond: Math.round((m / (perRow.ms as number)) * 1000) })
      } finally {
        await cluster.stop()
      }
    }

    // Break-even: learning from a CSV file in memory (parse + count) against through DuckDB.
    let breakEven: number | undefined
    for (const r of parts.has('break-even') ? [1_000, 10_000, 100_000, 1_000_000] : []) {
      const csv = csvSample(bn, 'alarm', r, 1)
      const repeats = r <= 100_000 ? 5 : 3
      const inMemory = await learnMs(bn, `memory:${csv}`, repeats)
      const duck = await learnMs(bn, `duckdb:${csv}`, repeats)
      row(`learn CPTs from CSV, ${r.toLocaleString('en-US')} rows`, 'memory', inMemory, { rows: r, repeats })
      row(`learn CPTs from CSV, ${r.toLocaleString('en-US')} rows`, 'duckdb csv', duck, { rows: r, repeats, ratio: duck / inMemory })
      if (breakEven === undefined && duck < inMemory) breakEven = r
    }
    if (parts.has('break-even')) {
      const where = breakEven === undefined ? 'above 1,000,000' : `between ${(breakEven / 10).toLocaleString('en-US')} and ${breakEven.toLocaleString('en-US')}`
      rows.push({ suite: 'data', case: 'break-even (learning from CSV)', engine: 'memory faster below', medianMs: 0, repeats: 0, rows: where })
    }
    for (const r of [1_000, 10_000, 100_000, 1_000_000]) rmSync(join(dataDir(), `alarm-${r}-seed1.csv.partial`), { force: true })
    return rows
  },
}
