/**
 * Scoring the rows of any data source under a network: log P(row) in nats,
 * per row and in total, exact. A complete row's score is a sum of log-table
 * entries; a row with missing cells has them summed out by propagation
 * (`exact-rows.ts`).
 *
 * Where the source can (SQL sources), the complete rows are scored inside
 * the engine (`sumLogTables`: each family's log-table joined to the rows by
 * array index and summed) and only the rows with missing cells are streamed
 * here; elsewhere (memory) every row is scored here, complete rows column by
 * column over the typed arrays. Per-row scores come as one `Float64Array`
 * per batch, in the source's order; `writeSourceScores` writes them to a
 * table beside the data without moving the complete rows.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSource, type LogTable, type RowBatch, type ScoreTarget, type WrittenScores } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'
import { exactRowScorer, type ExactRowScorer } from './exact-rows.js'
import { addCompleteRows, logTablesOf } from './log-likelihood.js'
import { networkColumns, sourceColumns, type SourceColumns } from './source-columns.js'

/** Options of the source scorers. */
export interface SourceScoreOptions {
  /** Rows scoring below this are anomalies (counted; flagged per row). */
  readonly threshold?: number
  /** Rows per streamed batch (default 65,536). */
  readonly batchSize?: number
}

/** The scores of a source's rows, summed. */
export interface SourceScore {
  /** Rows scored (every row of the source). */
  readonly rows: number
  /** Sum of log P(row), nats; -Infinity when a row has probability zero. */
  readonly logLikelihood: number
  /** Rows with missing cells (summed out exactly, in process). */
  readonly rowsWithMissing: number
  /** Rows below `threshold` (0 without one). */
  readonly anomalies: number
  /** Whether the complete rows were scored inside the source's engine. */
  readonly pushedDown: boolean
}

const dataError = <A>(e: E.Either<import('@chainrule/data').DataError, A>): E.Either<LearnError, A> =>
  E.mapLeft((error: import('@chainrule/data').DataError): LearnError => ({ _tag: 'Data', error }))(e)

const checkOptions = (options: SourceScoreOptions): E.Either<LearnError, number> => {
  const size = options.batchSize ?? 65_536
  if (!Number.isInteger(size) || size < 1) return E.left({ _tag: 'InvalidOption', option: 'batchSize', value: String(size), reason: 'expected a positive integer' })
  if (options.threshold !== undefined && !Number.isFinite(options.threshold))
    return E.left({ _tag: 'InvalidOption', option: 'threshold', value: String(options.threshold), reason: 'expected a finite number' })
  return E.right(size)
}

/** The network's log-tables over source columns and source states. */
const logTablesOverSource = (bn: BayesianNetwork, source: DataSource, mapping: SourceColumns): LogTable[] =>
  logTablesOf(bn).map((values, v) => {
    const family = [...bn.dag.parentIds[v]!, v]
    const columns = family.map((u) => mapping.column[u]!)
    if (family.every((u) => mapping.stateMap[u] === undefined)) return { columns, values }
    // Lay the table out over the source's states (each maps to one network state).
    const sourceCards = columns.map((c) => source.states[c]!.length)
    const cards = family.map((u) => bn.domain.variables[u]!.states.length)
    const out = new Float64Array(sourceCards.reduce((n, c) => n * c, 1))
    const digits = new Array<number>(family.length).fill(0)
    for (let i = 0; i < out.length; i++) {
      let at = 0
      family.forEach((u, k) => (at = at * cards[k]! + (mapping.stateMap[u]?.[digits[k]!] ?? digits[k]!)))
      out[i] = values[at]!
      for (let k = family.length - 1; k >= 0; k--) {
        if (++digits[k]! < sourceCards[k]!) break
        digits[k] = 0
      }
    }
    return { columns, values: out }
  })

/** Scores of every row of a batch: complete rows from the log-tables, the others exactly. */
const scoreBatch = (bn: BayesianNetwork, logTables: readonly Float64Array[], exact: ExactRowScorer, columns: readonly Uint8Array[], rows: number): E.Either<LearnError, ScoredBatch> => {
  const perRow = new Float64Array(rows)
  const mask = new Uint8Array(rows)
  const incomplete: number[] = []
  for (const column of columns) for (let r = 0; r < rows; r++) if (column[r] === MISSING) mask[r] = 1
  for (let r = 0; r < rows; r++) if (mask[r] === 1) incomplete.push(r)
  addCompleteRows(bn, logTables, columns, rows, perRow, new Int32Array(rows), incomplete.length > 0 ? mask : undefined)
  if (incomplete.length === 0) return E.right({ scores: perRow, rowsWithMissing: 0 })
  const scored = exact(
    columns.map((column) => Uint8Array.from(incomplete, (r) => column[r]!)),
    incomplete.length,
  )
  if (E.isLeft(scored)) return scored
  incomplete.forEach((r, k) => (perRow[r] = scored.right[k]!))
  return E.right({ scores: perRow, rowsWithMissing: incomplete.length })
}

/**
 * Per-row log-likelihoods of every row of a source, one batch of scores at a
 * time, in the source's order (a distributed table has none: pair scores
 * with rows through `writeSourceScores` and a key instead).
 *
 * @example
 * // for await (const batch of scoreSourceRows(alarm, source, { batchSize: 10_000 })) ... // Right({ scores: Float64Array, rowsWithMissing }) each
 */
export async function* scoreSourceRows(bn: BayesianNetwork, source: DataSource, options: SourceScoreOptions = {}): AsyncIterable<E.Either<LearnError, ScoredBatch>> {
  const size = checkOptions(options)
  const mapping = E.isLeft(size) ? size : sourceColumns(source, bn)
  if (E.isLeft(size) || E.isLeft(mapping)) {
    yield E.isLeft(size) ? size : (mapping as E.Left<LearnError>)
    return
  }
  const logTables = logTablesOf(bn)
  const exact = exactRowScorer(bn)
  for await (const batch of source.batches(size.right)) {
    if (E.isLeft(batch)) {
      yield dataError(batch)
      return
    }
    const scored = scoreBatch(bn, logTables, exact, networkColumns(batch.right, mapping.right), batch.right.rows)
    yield scored
    if (E.isLeft(scored)) return
  }
}

/** Scores of one streamed batch. */
export interface ScoredBatch {
  /** log P(row) per row of the batch, nats. */
  readonly scores: Float64Array
  /** Rows of the batch with missing cells (summed out exactly). */
  readonly rowsWithMissing: number
}

/**
 * The total log-likelihood of a source's rows (and rows with missing cells,
 * anomalies below a threshold): pushed down to the engine where the source
 * can, else over streamed batches.
 *
 * @example
 * // await scoreSource(alarm, source, { threshold: -25 })
 * // Right({ rows: 100000, logLikelihood: -1.13e6, rowsWithMissing: 0, anomalies: 312, pushedDown: true })
 */
export const scoreSource = async (bn: BayesianNetwork, source: DataSource, options: SourceScoreOptions = {}): Promise<E.Either<LearnError, SourceScore>> => {
  const size = checkOptions(options)
  if (E.isLeft(size)) return size
  const mapping = sourceColumns(source, bn)
  if (E.isLeft(mapping)) return mapping
  const threshold = options.threshold
  let rows = 0
  let total = 0
  let anomalies = 0
  let rowsWithMissing = 0
  const add = (scores: Float64Array, incomplete: boolean): void => {
    for (let r = 0; r < scores.length; r++) {
      total += scores[r]!
      if (threshold !== undefined && scores[r]! < threshold) anomalies++
    }
    rows += scores.length
    if (incomplete) rowsWithMissing += scores.length
  }
  if (source.sumLogTables === undefined) {
    const exact = exactRowScorer(bn)
    const logTables = logTablesOf(bn)
    for await (const batch of source.batches(size.right)) {
      if (E.isLeft(batch)) return dataError(batch)
      const scored = scoreBatch(bn, logTables, exact, networkColumns(batch.right, mapping.right), batch.right.rows)
      if (E.isLeft(scored)) return scored
      add(scored.right.scores, false)
      rowsWithMissing += scored.right.rowsWithMissing
    }
    return E.right({ rows, logLikelihood: total, rowsWithMissing, anomalies, pushedDown: false })
  }
  const complete = dataError(await source.sumLogTables(logTablesOverSource(bn, source, mapping.right), threshold === undefined ? {} : { threshold }))
  if (E.isLeft(complete)) return complete
  if (complete.right.incompleteRows > 0) {
    const exact = exactRowScorer(bn)
    for await (const batch of source.batches(size.right, { incompleteIn: mapping.right.column })) {
      if (E.isLeft(batch)) return dataError(batch)
      const scored = exact(networkColumns(batch.right, mapping.right), batch.right.rows)
      if (E.isLeft(scored)) return scored
      add(scored.right, true)
    }
  }
  return E.right({
    rows: rows + complete.right.rows,
    logLikelihood: total + complete.right.total,
    rowsWithMissing,
    anomalies: anomalies + complete.right.below,
    pushedDown: true,
  })
}

/**
 * Write every row's log-likelihood (and an `anomaly` flag with a threshold)
 * to a new table beside the source's data, keyed by the `target.key` columns:
 * complete rows are scored by the engine without leaving it, rows with
 * missing cells here. `Unsupported` for a source that cannot (memory).
 *
 * @example
 * // await writeSourceScores(alarm, source, { table: 'scores', key: ['event_id'], threshold: -25 })
 * // Right({ table: 'scores', rows: 100000, incompleteRows: 1200 })
 */
export const writeSourceScores = async (bn: BayesianNetwork, source: DataSource, target: ScoreTarget): Promise<E.Either<LearnError, WrittenScores>> => {
  if (source.writeScores === undefined)
    return E.left({ _tag: 'Data', error: { _tag: 'Unsupported', source: source.description, operation: 'writing scores to a table' } })
  const mapping = sourceColumns(source, bn)
  if (E.isLeft(mapping)) return mapping
  const exact = exactRowScorer(bn)
  // The scorer's errors are boxed on their way through the source, which passes them back untouched.
  const written = await source.writeScores(logTablesOverSource(bn, source, mapping.right), target, async (batch: RowBatch) =>
    E.mapLeft((scorer: LearnError) => ({ scorer }))(exact(networkColumns(batch, mapping.right), batch.rows)),
  )
  if (E.isRight(written)) return written
  const error = written.left
  return E.left('scorer' in error ? error.scorer : { _tag: 'Data', error })
}
