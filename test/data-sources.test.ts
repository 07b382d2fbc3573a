/**
 * The data-source contract, against every source on the same rows: in
 * memory, DuckDB on CSV, on Parquet and on a table of a database file, and
 * ClickHouse on one shard and on two (a `Distributed` table over two real
 * servers on loopback ports). Every source must give the same row count and
 * the same counts (exactly), the same learned tables (bit for bit: the same
 * counts through the same estimator) and the same log-likelihoods as
 * `logLikelihood` of `@chainrule/learn` on the in-memory data (1e-9
 * relative: only the summation order differs). Then the bad inputs: a
 * missing file, a state the network does not know (with its row where the
 * engine can say), a server killed in the middle of a query; each a typed
 * error, one line from the CLI, and no partial output file.
 *
 * The network is alarm when `../shared/networks` is there (37 columns: one
 * DuckDB grouping-sets query per batch, 37 UNION ALL branches on
 * ClickHouse), else the CLI's asia fixture. 3,000 rows, 1% of cells missing.
 */
import { cachedSource, fromSamples, hideCells, MISSING, memorySource, selectRows, writeCsv, type DataSet, type DataSource } from '@chainrule/data'
import { csvToParquet } from '@chainrule/data/duckdb'
import { openDataSource } from '@chainrule/data/open'
import { main } from '@chainrule/cli'
import { learnTables, learnTablesFromSource, logLikelihood, scoreSource, scoreSourceRows, writeSourceScores } from '@chainrule/learn'
import { loadNetwork } from '@chainrule/io/node'
import { ancestralSample, createRng, isBayesianNetwork, type BayesianNetwork } from '@chainrule/models'
import { DuckDBInstance } from '@duckdb/node-api'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClickHouseCluster, type ClickHouseCluster } from '@chainrule/bench/clickhouse-cluster'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const alarmFile = join(repoRoot, '..', 'shared', 'networks', 'alarm.bif.gz')
const networkFile = existsSync(alarmFile) ? alarmFile : join(repoRoot, 'packages', 'cli', 'src', 'fixtures', 'asia.bif')
const ROWS = 3000

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const relativeGap = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

const scratch = mkdtempSync(join(tmpdir(), 'chainrule-sources-'))
const loadedNetwork = right(loadNetwork(networkFile)).network
if (!isBayesianNetwork(loadedNetwork)) throw new Error(`${networkFile} is not a Bayesian network`)
const bn: BayesianNetwork = loadedNetwork
const data: DataSet = right(hideCells(right(fromSamples(right(ancestralSample(bn, ROWS, createRng(11))))), 0.01, createRng(12)))
const variables = bn.domain.variables.map((v) => v.name)
const families = bn.dag.nodes.map((_, v) => [...bn.dag.parentIds[v]!, v])
const complete = Array.from({ length: ROWS }, (_, r) => r).filter((r) => data.columns.every((c) => c[r] !== MISSING))
const reference = right(logLikelihood(bn, data))

/** The rows as CSV with an `id` column (1-based) first: extra columns are ignored with a domain. */
const csvWithIds = (ds: DataSet): string => {
  const lines = writeCsv(ds).trimEnd().split('\n')
  return `${['id,' + lines[0], ...lines.slice(1).map((line, r) => `${r + 1},${line}`)].join('\n')}\n`
}
const tsvRow = (ds: DataSet, r: number): string =>
  [String(r + 1), ...ds.columns.map((c, v) => (c[r] === MISSING ? '\\N' : ds.states[v]![c[r]!]!.replace(/[\\\t\n]/g, (x) => `\\${x === '\t' ? 't' : x === '\n' ? 'n' : '\\'}`)))].join('\t')

const files = { csv: join(scratch, 'events.csv'), parquet: join(scratch, 'events.parquet'), database: join(scratch, 'warehouse.duckdb') }
let cluster: ClickHouseCluster
const clickhouse = (table: string) => `clickhouse://127.0.0.1:${new URL(cluster.url(0)).port}/default?table=${table}`

/** Every DATA form, by name. */
const specs = (): Record<string, string> => ({
  memory: `memory:${files.csv}`,
  'duckdb csv': `duckdb:${files.csv}`,
  'duckdb parquet': files.parquet,
  'duckdb table': `duckdb:${files.database}?table=events`,
  'clickhouse 1 shard': clickhouse('events_one'),
  'clickhouse 2 shards': clickhouse('events'),
})
const open = async (spec: string): Promise<DataSource> => right(await openDataSource(spec, { domain: bn.domain }))

const createEvents = async (k: number, table: string, rows: readonly number[]): Promise<void> => {
  await cluster.query(k, `CREATE TABLE ${table} (id UInt32, ${variables.map((v) => `"${v}" Nullable(String)`).join(', ')}) ENGINE = MergeTree ORDER BY id`)
  await cluster.query(k, `INSERT INTO ${table} FORMAT TabSeparated`, `${rows.map((r) => tsvRow(data, r)).join('\n')}\n`)
}

beforeAll(async () => {
  writeFileSync(files.csv, csvWithIds(data))
  right(await csvToParquet(files.csv, files.parquet, { types: { id: 'INTEGER' } }))
  const instance = await DuckDBInstance.create(files.database)
  const connection = await instance.connect()
  await connection.run(`CREATE TABLE events AS SELECT * FROM read_parquet('${files.parquet}')`)
  connection.closeSync()
  instance.closeSync()
  cluster = await startClickHouseCluster(2)
  const all = Array.from({ length: ROWS }, (_, r) => r)
  await Promise.all([0, 1].map((k) => createEvents(k, 'events_local', all.filter((r) => r % 2 === k))))
  await createEvents(0, 'events_one', all)
  await cluster.query(0, 'CREATE TABLE events AS events_local ENGINE = Distributed(chainrule, default, events_local)')
  // A view that makes each shard sleep over its rows (about 1.5 s a block): a query long enough to kill a server in.
  await cluster.query(0, 'CREATE VIEW slow AS SELECT * FROM events WHERE sleepEachRow(0.001) = 0')
}, 120_000)

afterAll(async () => {
  await cluster?.stop()
})

describe('every data source answers the same', () => {
  it('row counts and grouped counts, exactly, under both missing-cell policies and with a filter', async () => {
    const memory = memorySource(data)
    for (const [name, spec] of Object.entries(specs())) {
      const source = await open(spec)
      try {
        expect(source.variables, name).toEqual(variables)
        expect(right(await source.rowCount()), name).toBe(ROWS)
        for (const missing of ['complete-case', 'available-case'] as const) {
          const options = { missing }
          expect(right(await source.counts(families, options)), `${name} ${missing}`).toEqual(right(await memory.counts(families, options)))
          const filtered = { missing, where: [[families[0]![0]!, 0] as const] }
          expect(right(await source.counts(families.slice(0, 5), filtered)), `${name} ${missing} where`).toEqual(right(await memory.counts(families.slice(0, 5), filtered)))
        }
      } finally {
        await source.close()
      }
    }
  })

  it('learned tables, bit for bit, for every estimator; the count cache asks each family once', async () => {
    const completeData = right(selectRows(data, complete))
    const estimators = [{ kind: 'maximumLikelihood' }, { kind: 'dirichlet', alpha: 1 }, { kind: 'bdeu', equivalentSampleSize: 10 }] as const
    const expected = estimators.map((estimator) => right(learnTables(completeData, bn, { estimator })))
    const availableCase: Float64Array[][][] = []
    for (const [name, spec] of Object.entries(specs())) {
      const source = cachedSource(await open(spec))
      try {
        const available: Float64Array[][] = []
        for (const [k, estimator] of estimators.entries()) {
          const learned = right(await learnTablesFromSource(source, bn, { estimator, missing: 'complete-case' }))
          learned.cpts.forEach((f, v) => expect(Array.from(f.values), `${name} ${estimator.kind} ${variables[v]}`).toEqual(Array.from(expected[k]!.cpts[v]!.values)))
          available.push(right(await learnTablesFromSource(source, bn, { estimator, missing: 'available-case' })).cpts.map((f) => f.values))
        }
        availableCase.push(available)
        // Three estimators, two policies: two batches of counts, every later learning from the cache.
        expect(source.countCacheStats().batches, name).toBe(2)
        const refused = await learnTablesFromSource(source, bn)
        expect(E.isLeft(refused) && refused.left, name).toEqual({ _tag: 'MissingCellsInSource', source: source.description, rows: ROWS - complete.length })
      } finally {
        await source.close()
      }
    }
    for (const tables of availableCase.slice(1)) expect(tables).toEqual(availableCase[0])
  })

  it('the total log-likelihood (to 1e-9 relative), rows with missing cells and anomalies, pushed down where the engine can', async () => {
    const threshold = [...reference.perRow].sort((a, b) => a - b)[Math.floor(ROWS / 10)]!
    const anomalies = reference.perRow.filter((s) => s < threshold).length
    for (const [name, spec] of Object.entries(specs())) {
      const source = await open(spec)
      try {
        const scored = right(await scoreSource(bn, source, { threshold, batchSize: 700 }))
        expect(scored.rows, name).toBe(ROWS)
        expect(scored.rowsWithMissing, name).toBe(reference.rowsWithMissing)
        expect(relativeGap(scored.logLikelihood, reference.total), name).toBeLessThan(1e-9)
        expect(scored.anomalies, name).toBe(anomalies)
        expect(scored.pushedDown, name).toBe(name !== 'memory')
      } finally {
        await source.close()
      }
    }
  })

  it('per-row scores in file order from memory and DuckDB files, and written back to tables keyed by id from DuckDB and ClickHouse', async () => {
    for (const name of ['memory', 'duckdb csv', 'duckdb parquet']) {
      const source = await open(specs()[name]!)
      const scores: number[] = []
      for await (const batch of scoreSourceRows(bn, source, { batchSize: 1024 })) scores.push(...right(batch).scores)
      await source.close()
      expect(scores.length, name).toBe(ROWS)
      expect(Math.max(...scores.map((s, r) => relativeGap(s, reference.perRow[r]!))), name).toBeLessThan(1e-9)
    }
    const checkById = (rows: readonly (readonly [number, number, number])[], threshold: number, name: string) => {
      expect(rows.length, name).toBe(ROWS)
      for (const [id, s, anomaly] of rows) {
        expect(relativeGap(s, reference.perRow[id - 1]!), `${name} id ${id}`).toBeLessThan(1e-9)
        expect(anomaly, `${name} id ${id}`).toBe(reference.perRow[id - 1]! < threshold ? 1 : 0)
      }
    }
    const threshold = -20
    const duck = await open(specs()['duckdb table']!)
    const written = right(await writeSourceScores(bn, duck, { table: 'scores', key: ['id'], threshold }))
    expect(written.rows).toBe(ROWS)
    expect(written.incompleteRows).toBe(reference.rowsWithMissing)
    expect(relativeGap(written.total, reference.total)).toBeLessThan(1e-9)
    const again = await writeSourceScores(bn, duck, { table: 'scores', key: ['id'] })
    expect(E.isLeft(again) && again.left._tag === 'Data' && again.left.error._tag).toBe('OutputFailed')
    await duck.close()
    const instance = await DuckDBInstance.create(files.database)
    const connection = await instance.connect()
    const duckRows = (await connection.runAndReadAll('SELECT id, log_likelihood, anomaly FROM scores')).getRowsJS().map((r) => r.map(Number) as [number, number, number])
    connection.closeSync()
    instance.closeSync()
    checkById(duckRows, threshold, 'duckdb table')
    for (const table of ['events_one', 'events']) {
      const source = await open(clickhouse(table))
      const out = `scores_${table}`
      right(await writeSourceScores(bn, source, { table: out, key: ['id'], threshold }))
      await source.close()
      const text = await cluster.query(0, `SELECT id, log_likelihood, anomaly FROM ${out} FORMAT TabSeparated`)
      checkById(text.trim().split('\n').map((line) => line.split('\t').map((x) => (x === '-inf' ? -Infinity : Number(x))) as [number, number, number]), threshold, out)
    }
  })
})

/** Run the CLI in process (quiet: alarm's file has rows that are renormalised, a note the tests do not read). */
const run = async (...argv: string[]) => {
  let stdout = ''
  let stderr = ''
  const status = await main([...argv, '-q'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } })
  return { status, stdout, stderr }
}

/** A failure: status 2, one line on stderr, nothing on stdout, no stack trace. */
const expectOneLineFailure = (r: { status: number; stdout: string; stderr: string }, pattern: RegExp) => {
  expect(r.stderr).toMatch(pattern)
  expect(r.status).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}

/** No file of `name`, finished or partial, in the scratch directory. */
const expectNoOutput = (name: string) => expect(readdirSync(scratch).filter((f) => f.includes(name))).toEqual([])

describe('chainrule score', () => {
  it('--json gives the same rows and log-likelihood for every DATA form', async () => {
    for (const [name, spec] of Object.entries(specs())) {
      const r = await run('score', networkFile, spec, '--json', '--threshold', '-20')
      expect(r.stderr, name).toBe('')
      const out = JSON.parse(r.stdout) as { rows: number; logLikelihood: number; rowsWithMissing: number; anomalies: number }
      expect(out.rows, name).toBe(ROWS)
      expect(relativeGap(out.logLikelihood, reference.total), name).toBeLessThan(1e-9)
      expect(out.rowsWithMissing, name).toBe(reference.rowsWithMissing)
      expect(out.anomalies, name).toBe(reference.perRow.filter((s) => s < -20).length)
    }
  })

  it('--out writes per-row scores and anomaly flags as CSV and as Parquet', async () => {
    const csvOut = join(scratch, 'rows.csv')
    const parquetOut = join(scratch, 'rows.parquet')
    expect((await run('score', networkFile, files.parquet, '--out', csvOut, '--threshold', '-20')).status).toBe(0)
    expect((await run('score', networkFile, `duckdb:${files.csv}`, '--out', parquetOut, '--threshold', '-20')).status).toBe(0)
    const lines = readFileSync(csvOut, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('row,log_likelihood,anomaly')
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const fromParquet = (await connection.runAndReadAll(`SELECT row, log_likelihood, anomaly FROM read_parquet('${parquetOut}') ORDER BY row`)).getRowsJS()
    connection.closeSync()
    instance.closeSync()
    for (const rows of [lines.slice(1).map((l) => l.split(',').map(Number)), fromParquet.map((r) => r.map(Number))]) {
      expect(rows.length).toBe(ROWS)
      rows.forEach(([row, s, anomaly], r) => {
        expect(row).toBe(r + 1)
        expect(relativeGap(s!, reference.perRow[r]!)).toBeLessThan(1e-9)
        expect(anomaly).toBe(reference.perRow[r]! < -20 ? 1 : 0)
      })
    }
  })

  it('a missing file: one line naming it, no output file', async () => {
    for (const spec of [join(scratch, 'nope.parquet'), join(scratch, 'nope.csv'), `duckdb:${join(scratch, 'nope.duckdb')}?table=events`]) {
      expectOneLineFailure(await run('score', networkFile, spec, '--out', join(scratch, 'missing-out.csv')), /cannot read .*nope/)
      expect(right(await openDataSource(spec, { domain: bn.domain }).then((e) => E.swap(e)))._tag).toBe('FileUnreadable')
    }
    expectNoOutput('missing-out')
    expectOneLineFailure(await run('score', networkFile, 'mysql://host/db'), /unknown scheme mysql/)
  })

  it('a state the network does not know: the variable, the state, and its row where the engine can give it; no output file', async () => {
    const bad = 1234
    const lines = csvWithIds(data).split('\n')
    const cells = lines[bad]!.split(',')
    cells[2] = 'bogus'
    lines[bad] = cells.join(',')
    const badCsv = join(scratch, 'bad.csv')
    writeFileSync(badCsv, lines.join('\n'))
    const badParquet = join(scratch, 'bad.parquet')
    right(await csvToParquet(badCsv, badParquet))
    await cluster.query(0, `CREATE TABLE bad AS events_one`)
    await cluster.query(0, `INSERT INTO bad SELECT * FROM events_one WHERE id != ${bad}`)
    await cluster.query(0, `INSERT INTO bad FORMAT TabSeparated`, `${tsvRow(data, bad - 1).split('\t').map((x, k) => (k === 2 ? 'bogus' : x)).join('\t')}\n`)
    const variable = variables[1]!
    const expected: Record<string, RegExp> = {
      [`memory:${badCsv}`]: new RegExp(`line ${bad + 1}, column 3 \\("${variable}"\\): unknown state "bogus"`),
      [`duckdb:${badCsv}`]: new RegExp(`row ${bad}: column "${variable}" holds state "bogus"`),
      [badParquet]: new RegExp(`row ${bad}: column "${variable}" holds state "bogus"`),
      [clickhouse('bad')]: new RegExp(`^chainrule score: clickhouse://[^ ]+: column "${variable}" holds state "bogus"`),
    }
    for (const [spec, pattern] of Object.entries(expected)) {
      for (const extra of [[], ['--out', join(scratch, 'bad-out.parquet')]]) expectOneLineFailure(await run('score', networkFile, spec, ...extra), pattern)
      expectNoOutput('bad-out')
      // The same error from counting, through the library.
      const source = await openDataSource(spec, { domain: bn.domain })
      if (E.isRight(source)) {
        const counted = await source.right.counts([[1]], { missing: 'available-case' })
        await source.right.close()
        expect(E.isLeft(counted) && counted.left).toMatchObject({ _tag: 'UnknownDataState', variable, state: 'bogus', ...(spec.startsWith('clickhouse') ? {} : { row: bad }) })
      } else expect(source.left._tag).toBe('CsvUnknownState')
    }
  })

  it('a server killed mid-query: ConnectionLost, one line, no partial output file', async () => {
    const out = join(scratch, 'killed.csv')
    // The server the client talks to dies while it streams rows.
    const scoring = run('score', networkFile, clickhouse('slow'), '--out', out)
    await new Promise((resolve) => setTimeout(resolve, 700))
    await cluster.kill(0)
    expectOneLineFailure(await scoring, /connection lost during a query/)
    expectNoOutput('killed')
    await cluster.restart(0)
    // A shard dies while the server it belongs to is counting: the server reports it, the source says the connection was lost.
    const source = await open(clickhouse('slow'))
    const counting = source.counts([[0]])
    await new Promise((resolve) => setTimeout(resolve, 700))
    await cluster.kill(1)
    const counted = await counting
    await source.close()
    expect(E.isLeft(counted) && counted.left).toMatchObject({ _tag: 'ConnectionLost' })
    await cluster.restart(1)
    const after = await open(clickhouse('events'))
    expect(right(await after.rowCount())).toBe(ROWS)
    await after.close()
  })
})
