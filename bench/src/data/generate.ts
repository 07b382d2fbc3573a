/**
 * The `data` suite's inputs: rows sampled from a network with a seed, written
 * as Parquet (state names as strings, dictionary-encoded) and CSV. Samples
 * are drawn a million rows at a time and appended to a staging DuckDB
 * database in chunks of 2,048 rows (DuckDB's vector size) written straight
 * into the vectors' buffers, then copied to Parquet; nothing holds all rows
 * in memory. Files are kept between runs (same network, rows and seed, same
 * bytes) in the system's temporary directory.
 */
import { writeCsv } from '@chainrule/data'
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import { DuckDBDataChunk, DuckDBInstance, ENUM8 } from '@duckdb/node-api'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where generated data is kept between runs. */
export const dataDir = (): string => {
  const dir = join(tmpdir(), 'chainrule-bench-data')
  mkdirSync(dir, { recursive: true })
  return dir
}

const SAMPLE_BLOCK = 1_000_000
const VECTOR = 2048

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`
const identifier = (s: string): string => `"${s.replaceAll('"', '""')}"`

/**
 * `rows` rows of `bn` (seed `seed`) as a Parquet file, generated once.
 * Progress on stderr.
 */
export const parquetSample = async (bn: BayesianNetwork, name: string, rows: number, seed: number): Promise<string> => {
  const path = join(dataDir(), `${name}-${rows}-seed${seed}.parquet`)
  if (existsSync(path)) return path
  const staging = `${path}.staging.duckdb`
  rmSync(staging, { force: true })
  const instance = await DuckDBInstance.create(staging)
  const connection = await instance.connect()
  const n = bn.dag.nodes.length
  const types = bn.domain.variables.map((v) => ENUM8(v.states))
  await connection.run(`CREATE TABLE raw (${bn.domain.variables.map((v) => `${identifier(v.name)} ENUM(${v.states.map(quote).join(', ')})`).join(', ')})`)
  const appender = await connection.createAppender('raw')
  const rng = createRng(seed)
  const started = performance.now()
  for (let done = 0; done < rows; ) {
    const block = Math.min(SAMPLE_BLOCK, rows - done)
    const drawn = ancestralSample(bn, block, rng)
    if (E.isLeft(drawn)) throw new Error('sampling failed')
    const columns = drawn.right.columns as readonly Uint8Array[]
    for (let start = 0; start < block; start += VECTOR) {
      const size = Math.min(VECTOR, block - start)
      const chunk = DuckDBDataChunk.create(types, size)
      for (let v = 0; v < n; v++) {
        const vector = chunk.getColumnVector(v) as unknown as { items: Uint8Array; flush(): void }
        vector.items.set(columns[v]!.subarray(start, start + size))
        vector.flush()
      }
      appender.appendDataChunk(chunk)
    }
    done += block
    process.stderr.write(`\r  sampling ${name}: ${done.toLocaleString('en-US')} / ${rows.toLocaleString('en-US')} rows (${((performance.now() - started) / 1000).toFixed(0)} s)`)
  }
  appender.closeSync()
  process.stderr.write(`\n  writing ${path}\n`)
  // ENUM columns are written as dictionary-encoded strings: the file holds state names.
  await connection.run(`COPY raw TO ${quote(`${path}.partial`)} (FORMAT parquet, COMPRESSION zstd)`)
  connection.closeSync()
  instance.closeSync()
  rmSync(staging, { force: true })
  rmSync(`${staging}.wal`, { force: true })
  renameSync(`${path}.partial`, path)
  return path
}

/** `rows` rows of `bn` as CSV (small sizes: the text is built in memory). */
export const csvSample = (bn: BayesianNetwork, name: string, rows: number, seed: number): string => {
  const path = join(dataDir(), `${name}-${rows}-seed${seed}.csv`)
  if (existsSync(path)) return path
  const drawn = ancestralSample(bn, rows, createRng(seed))
  if (E.isLeft(drawn)) throw new Error('sampling failed')
  writeFileSync(`${path}.partial`, writeCsv({ ...drawn.right, columns: drawn.right.columns as Uint8Array[] }))
  renameSync(`${path}.partial`, path)
  return path
}
