/**
 * A data source: where rows live (memory, a DuckDB file, a ClickHouse table),
 * seen through the few operations that learning and scoring reduce to.
 *
 * - grouped counts over families of columns (the sufficient statistics of
 *   every table and of every decomposable structure score), asked for in
 *   batches so that a SQL engine answers many families in one query;
 * - the rows themselves, streamed in batches of typed columns, for what
 *   cannot be pushed down (EM, per-row scoring in process).
 *
 * Columns are named by their index into `variables`; states by their index
 * into `states[v]`. A missing cell is {@link MISSING} in a batch and `NULL` (or
 * an empty string) in a database. Every operation is asynchronous, because
 * most sources are; the in-memory source answers at once.
 *
 * Two optional operations push scoring down to an engine that can run it
 * where the rows are (SQL sources): the sum of per-row log-probabilities over
 * the rows with no missing cell (`sumLogTables`), and per-row scores written
 * to a table beside the data (`writeScores`). Rows with missing cells are
 * never scored by the engine: their probabilities need summing out, which
 * the caller does in process (`@chainrule/learn`'s `scoreSource`) on the rows
 * that `batches(size, { incompleteIn })` streams.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSet } from './data-set.js'
import type { DataError } from './errors.js'

/** Which rows a count sees. */
export type MissingPolicy =
  /** Rows with no missing cell among the requested columns (each family may see different rows). */
  | 'available-case'
  /** Rows with no missing cell in any column of the source (every family sees the same rows). */
  | 'complete-case'

/** Options of {@link DataSource.counts}. */
export interface CountOptions {
  /** Default `'complete-case'`. */
  readonly missing?: MissingPolicy
  /** Count only rows where each listed column has the listed state (a conjunction). */
  readonly where?: readonly (readonly [column: number, state: number])[]
}

/**
 * Counts of every joint assignment of `columns`, row-major with the last
 * column fastest: entry `sum_k state_k * stride_k` with
 * `stride_k = product of cards after k`. `rows` is how many rows were counted.
 */
export interface CountTable {
  readonly columns: readonly number[]
  readonly cards: readonly number[]
  readonly counts: Float64Array
  readonly rows: number
}

/** One batch of rows: a data set over all the source's variables (missing cells are {@link MISSING}). */
export type RowBatch = DataSet

/** Options of {@link DataSource.batches}. */
export interface BatchOptions {
  /** Only the rows with at least one missing cell among these columns (default: every row). */
  readonly incompleteIn?: readonly number[]
}

/**
 * One family's natural-log table over source columns, laid out like a
 * {@link CountTable} (last column fastest): a CPT's `log` with its scope
 * mapped to source columns. A row's score is the sum, over tables, of the
 * entry its cells select.
 */
export interface LogTable {
  readonly columns: readonly number[]
  readonly values: Float64Array
}

/** Options of {@link DataSource.sumLogTables}. */
export interface SumOptions {
  /** Also count the complete rows whose score is below this (anomalies). */
  readonly threshold?: number
}

/** What an engine sums of the rows it can score (no missing cell among the tables' columns). */
export interface CompleteRowsSum {
  /** Rows with every scored column observed: the rows summed. */
  readonly rows: number
  /** Sum of their scores (nats); -Infinity when one has probability zero. */
  readonly total: number
  /** Of those, rows whose score is below `threshold` (0 without one). */
  readonly below: number
  /** Rows with a missing cell among the scored columns: not in `total`, the caller sums them out. */
  readonly incompleteRows: number
}

/** Where {@link DataSource.writeScores} writes: a new table beside the source's, keyed by source columns. */
export interface ScoreTarget {
  /** Name of the table to create; it must not exist. */
  readonly table: string
  /** Columns of the source copied into the output to identify each row (an id, a timestamp, ...). */
  readonly key: readonly string[]
  /** Add an `anomaly` column: 1 where the score is below this, else 0. */
  readonly threshold?: number
}

/** Scores of the rows of a batch that have missing cells (computed in process by the caller). */
export type ScoreIncomplete<X> = (batch: RowBatch) => Promise<E.Either<X, Float64Array>>

/** What {@link DataSource.writeScores} wrote. */
export interface WrittenScores {
  readonly table: string
  /** Rows written in all. */
  readonly rows: number
  /** Of those, rows with missing cells, scored by the caller. */
  readonly incompleteRows: number
  /** Sum of the written scores (nats). */
  readonly total: number
  /** Rows written with a score below the threshold (0 without one). */
  readonly below: number
}

/** Where the rows are, and the operations learning and scoring need of them. */
export interface DataSource {
  /** A short description for messages and reports (`memory`, `duckdb:file.parquet`, ...). */
  readonly description: string
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
  /** The number of rows. */
  readonly rowCount: () => Promise<E.Either<DataError, number>>
  /** Counts for each requested family of columns, in request order. */
  readonly counts: (families: readonly (readonly number[])[], options?: CountOptions) => Promise<E.Either<DataError, readonly CountTable[]>>
  /** Every row once (or those `options` select), in the source's order, `size` rows a batch (the last may be shorter). */
  readonly batches: (size: number, options?: BatchOptions) => AsyncIterable<E.Either<DataError, RowBatch>>
  /** Release connections and files (a no-op for memory). */
  readonly close: () => Promise<void>
  /**
   * Optional capability: the rows already live in this process as typed
   * columns (the in-memory source). Learners may count from them directly,
   * e.g. incrementally or in worker threads that share the columns, instead
   * of asking {@link DataSource.counts} family by family. Sources whose rows
   * live elsewhere leave it out.
   */
  readonly inMemory?: DataSet
  /**
   * Pushed-down scoring (optional): sum, inside the engine, each row's
   * log-probability under `tables` over the rows with no missing cell among
   * the tables' columns, and count the others.
   */
  readonly sumLogTables?: (tables: readonly LogTable[], options?: SumOptions) => Promise<E.Either<DataError, CompleteRowsSum>>
  /**
   * Pushed-down per-row scores (optional): create `target.table` beside the
   * data with the key columns and `log_likelihood` of every row. Complete rows
   * are scored by the engine; rows with missing cells are streamed to
   * `scoreIncomplete` and their scores inserted. On failure the table is dropped.
   */
  readonly writeScores?: <X>(
    tables: readonly LogTable[],
    target: ScoreTarget,
    scoreIncomplete: ScoreIncomplete<X>,
  ) => Promise<E.Either<DataError | X, WrittenScores>>
}

/** Check a family against a source's columns: known, distinct, and a table of at most 2^31 entries. */
export const checkFamily = (source: Pick<DataSource, 'variables' | 'states'>, family: readonly number[]): E.Either<DataError, number> => {
  let entries = 1
  const seen = new Set<number>()
  for (const column of family) {
    if (!Number.isInteger(column) || column < 0 || column >= source.variables.length)
      return E.left({ _tag: 'InvalidOption', option: 'family', value: String(column), reason: `expected a column index below ${source.variables.length}` })
    if (seen.has(column))
      return E.left({ _tag: 'InvalidOption', option: 'family', value: String(column), reason: `column "${source.variables[column]}" is listed twice` })
    seen.add(column)
    entries *= source.states[column]!.length
  }
  if (entries > 2 ** 31)
    return E.left({ _tag: 'InvalidOption', option: 'family', value: family.join(','), reason: `the count table would have ${entries} entries` })
  return E.right(entries)
}

/**
 * The in-memory source over a data set: counting is one pass per family over
 * its typed columns (mixed-radix index built column by column, no per-row
 * objects); batches are views on the same memory.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(1, 1, 0)] })
 * if (E.isRight(ds)) {
 *   const counts = await memorySource(ds.right).counts([[0, 1]])
 *   if (E.isRight(counts)) Array.from(counts.right[0]!.counts) // => [0, 1, 1, 1]
 * }
 * ```
 */
export const memorySource = (ds: DataSet): DataSource => {
  let completeRows: Uint8Array | undefined
  const complete = (): Uint8Array => {
    if (completeRows !== undefined) return completeRows
    const ok = new Uint8Array(ds.rows).fill(1)
    for (const column of ds.columns) for (let r = 0; r < ds.rows; r++) if (column[r] === MISSING) ok[r] = 0
    return (completeRows = ok)
  }
  return {
    description: 'memory',
    inMemory: ds,
    variables: ds.variables,
    states: ds.states,
    rowCount: async () => E.right(ds.rows),
    counts: async (families, options = {}) => {
      const where = options.where ?? []
      for (const [column, state] of where) {
        const checked = checkFamily(ds, [column])
        if (E.isLeft(checked)) return checked
        if (!Number.isInteger(state) || state < 0 || state >= ds.states[column]!.length)
          return E.left({ _tag: 'InvalidOption', option: 'where', value: String(state), reason: `not a state of "${ds.variables[column]}"` })
      }
      const tables: CountTable[] = []
      const index = new Int32Array(ds.rows)
      const skip = new Uint8Array(ds.rows)
      for (const family of families) {
        const entries = checkFamily(ds, family)
        if (E.isLeft(entries)) return entries
        countInto(ds, family, options.missing === 'available-case' ? undefined : complete(), where, index, skip)
        const counts = new Float64Array(entries.right)
        let rows = 0
        for (let r = 0; r < ds.rows; r++)
          if (skip[r] === 0) {
            counts[index[r]!]! += 1
            rows++
          }
        tables.push({ columns: [...family], cards: family.map((c) => ds.states[c]!.length), counts, rows })
      }
      return E.right(tables)
    },
    batches: (size, options = {}) => batchesOf(options.incompleteIn === undefined ? ds : incompleteRows(ds, options.incompleteIn), size),
    close: async () => {},
  }
}

/** Mixed-radix index of each row over `family` into `index`; `skip[r] = 1` for rows left out. */
const countInto = (
  ds: DataSet,
  family: readonly number[],
  complete: Uint8Array | undefined,
  where: readonly (readonly [number, number])[],
  index: Int32Array,
  skip: Uint8Array,
): void => {
  const rows = ds.rows
  if (complete === undefined) skip.fill(0)
  else for (let r = 0; r < rows; r++) skip[r] = 1 - complete[r]!
  for (const [column, state] of where) {
    const c = ds.columns[column]!
    for (let r = 0; r < rows; r++) if (c[r] !== state) skip[r] = 1
  }
  index.fill(0)
  for (const column of family) {
    const c = ds.columns[column]!
    const card = ds.states[column]!.length
    for (let r = 0; r < rows; r++) {
      const s = c[r]!
      if (s === MISSING) skip[r] = 1
      index[r] = index[r]! * card + (s === MISSING ? 0 : s)
    }
  }
}

/** The rows with a missing cell among `columns`, copied. */
const incompleteRows = (ds: DataSet, columns: readonly number[]): DataSet => {
  const keep: number[] = []
  for (let r = 0; r < ds.rows; r++) if (columns.some((c) => ds.columns[c]![r] === MISSING)) keep.push(r)
  return { ...ds, columns: ds.columns.map((c) => Uint8Array.from(keep, (r) => c[r]!)), rows: keep.length }
}

async function* batchesOf(ds: DataSet, size: number): AsyncIterable<E.Either<DataError, RowBatch>> {
  if (!Number.isInteger(size) || size < 1) {
    yield E.left({ _tag: 'InvalidOption', option: 'size', value: String(size), reason: 'expected a positive integer' })
    return
  }
  for (let start = 0; start < ds.rows; start += size) {
    const end = Math.min(ds.rows, start + size)
    yield E.right({ ...ds, columns: ds.columns.map((c) => c.subarray(start, end)), rows: end - start })
  }
}

/**
 * Every row of a source in memory, as a data set (for the in-memory source's
 * speed on data that fits): the row count is asked first, columns are
 * allocated once, and batches are copied in.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource, readAllRows } from '@chainrule/data'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1, 1)] })
 * if (E.isRight(ds)) {
 *   const copied = await readAllRows(memorySource(ds.right), 2)
 *   if (E.isRight(copied)) Array.from(copied.right.columns[0]!) // => [0, 1, 1]
 * }
 * ```
 */
export const readAllRows = async (source: DataSource, batchSize = 1 << 16): Promise<E.Either<DataError, DataSet>> => {
  const rows = await source.rowCount()
  if (E.isLeft(rows)) return rows
  const columns = source.variables.map(() => new Uint8Array(rows.right))
  let at = 0
  for await (const batch of source.batches(batchSize)) {
    if (E.isLeft(batch)) return batch
    if (at + batch.right.rows > rows.right) return E.left({ _tag: 'QueryFailed', source: source.description, reason: `more rows than the ${rows.right} counted (the data changed while read)` })
    batch.right.columns.forEach((c, v) => columns[v]!.set(c.subarray(0, batch.right.rows), at))
    at += batch.right.rows
  }
  if (at !== rows.right) return E.left({ _tag: 'QueryFailed', source: source.description, reason: `${at} rows read, ${rows.right} counted (the data changed while read)` })
  return E.right({ variables: source.variables, states: source.states, columns, rows: at })
}
