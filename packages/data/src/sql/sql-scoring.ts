/**
 * Scoring pushed down to a SQL engine. A row's log-probability is the sum,
 * over families, of the family's log-table entry its cells select: each
 * log-table is an array literal in the query and each row joins it by array
 * index (a dense-key join: the family's mixed-radix index of the row's state
 * indices), so the rows never leave the engine. `CREATE TABLE ... AS SELECT`
 * writes per-row scores beside the data; the count of rows below a threshold
 * is one query of the same join. The total alone is cheaper still: the join
 * commutes with the sum, so it is the grouped counts times the log-tables.
 *
 * An array index rather than SQL `JOIN`s against log-table relations: on
 * ClickHouse 18.16 a JOIN keeps its right side in memory and a query takes
 * one JOIN per SELECT (37 nested subqueries for alarm); an array lookup is
 * one expression per family and the same text on both engines.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING } from '../data-set.js'
import type { DataError } from '../errors.js'
import { checkFamily, type CompleteRowsSum, type LogTable, type ScoreIncomplete, type ScoreTarget, type SumOptions, type WrittenScores } from '../source.js'
import { completeCaseCounts } from './grouped-counts.js'
import { indicesOf, unknownStateError, type SqlLayout } from './layout.js'

/** Rows handed to the in-process scorer at a time when writing scores. */
const INCOMPLETE_BATCH = 8192

const checkTables = (layout: SqlLayout, tables: readonly LogTable[]): E.Either<DataError, number[]> => {
  const used = new Set<number>()
  for (const table of tables) {
    const entries = checkFamily(layout, table.columns)
    if (E.isLeft(entries)) return entries
    if (table.values.length !== entries.right)
      return E.left({ _tag: 'InvalidOption', option: 'tables', value: table.columns.join(','), reason: `${table.values.length} values for a table of ${entries.right} entries` })
    if (Array.from(table.values).some((x) => Number.isNaN(x) || x === Infinity))
      return E.left({ _tag: 'InvalidOption', option: 'tables', value: table.columns.join(','), reason: 'a log-probability is NaN or +Infinity' })
    for (const c of table.columns) used.add(c)
  }
  return E.right([...used].sort((a, b) => a - b))
}

const checkThreshold = (threshold: number | undefined): E.Either<DataError, void> =>
  threshold === undefined || Number.isFinite(threshold)
    ? E.right(undefined)
    : E.left({ _tag: 'InvalidOption', option: 'threshold', value: String(threshold), reason: 'expected a finite number' })

/** The score expression of a row over `i{v}` columns, and the conditions on its cells. */
const scoreParts = (layout: SqlLayout, tables: readonly LogTable[], used: readonly number[]) => {
  const d = layout.engine.dialect
  const terms = tables.map((table) => {
    let index = ''
    table.columns.forEach((c, k) => {
      const stride = table.columns.slice(k + 1).reduce((n, v) => n * layout.states[v]!.length, 1)
      index += `${index === '' ? '' : ' + '}i${c}${stride === 1 ? '' : ` * ${stride}`}`
    })
    return d.element(d.doubles(table.values), index === '' ? '0' : index)
  })
  return {
    score: terms.length === 0 ? '0.0' : terms.join(' + '),
    complete: used.length === 0 ? '1 = 1' : used.map((v) => `i${v} >= 0`).join(' AND '),
    incomplete: used.length === 0 ? '0 = 1' : `(${used.map((v) => `i${v} = -1`).join(' OR ')})`,
    unknown: used.length === 0 ? '0 = 1' : `(${used.map((v) => `i${v} = -2`).join(' OR ')})`,
  }
}


/**
 * Sum the complete rows' scores in the engine (see {@link DataSource.sumLogTables}).
 * The total needs no per-row join: summed over rows, each family contributes
 * sum_k N_k log(theta_k), so the engine returns each family's grouped counts
 * (one scan) and the products are summed here, exactly as the per-row sums
 * would be up to rounding. Counting rows below a threshold does need each
 * row's score: that one query joins the log-tables to the rows.
 */
export const sumLogTables = async (
  layout: SqlLayout,
  tables: readonly LogTable[],
  options: SumOptions,
): Promise<E.Either<DataError, CompleteRowsSum>> => {
  const used = checkTables(layout, tables)
  if (E.isLeft(used)) return used
  const checked = checkThreshold(options.threshold)
  if (E.isLeft(checked)) return checked
  const d = layout.engine.dialect
  const counted = await completeCaseCounts(
    layout,
    tables.map((t) => t.columns),
    used.right,
  )
  if (E.isLeft(counted)) return counted
  let total = 0
  counted.right.tables.forEach((table, k) => {
    const values = tables[k]!.values
    for (let i = 0; i < values.length; i++) if (table.counts[i]! > 0) total += table.counts[i]! * values[i]!
  })
  let below = 0
  if (options.threshold !== undefined) {
    const parts = scoreParts(layout, tables, used.right)
    const sql =
      `SELECT ${d.countIf(`${parts.complete} AND s < ${d.double(options.threshold)}`)}, ${d.countIf(parts.unknown)} ` +
      `FROM (SELECT ${used.right.map((v) => `i${v}`).join(', ')}${used.right.length === 0 ? '' : ', '}${parts.score} AS s FROM ${indicesOf(layout, used.right)}) AS scored`
    const result = await layout.engine.rows(sql)
    if (E.isLeft(result)) return result
    const [belowCount, unknown] = (result.right[0] ?? []).map(Number)
    if ((unknown ?? 0) > 0) return E.left(await unknownStateError(layout, used.right))
    below = belowCount ?? 0
  }
  return E.right({ rows: counted.right.kept, total, below, incompleteRows: counted.right.dropped })
}

/** Write per-row scores to a new table (see {@link DataSource.writeScores}); drop it on failure. */
export const writeScores = async <X>(
  layout: SqlLayout,
  tables: readonly LogTable[],
  target: ScoreTarget,
  scoreIncomplete: ScoreIncomplete<X>,
): Promise<E.Either<DataError | X, WrittenScores>> => {
  const { engine } = layout
  const d = engine.dialect
  const used = checkTables(layout, tables)
  if (E.isLeft(used)) return used
  const checked = checkThreshold(target.threshold)
  if (E.isLeft(checked)) return checked
  if (target.table.trim() === '') return E.left({ _tag: 'InvalidOption', option: 'table', value: target.table, reason: 'expected a table name' })
  const table = d.identifier(target.table)
  const exists = await engine.rows(d.tableExists(target.table))
  if (E.isLeft(exists)) return exists
  if (Number(exists.right[0]?.[0] ?? 0) > 0)
    return E.left({ _tag: 'OutputFailed', target: `${engine.description} table ${target.table}`, reason: 'the table already exists (scores are never written over a table)' })
  const all = layout.variables.map((_, v) => v)
  const parts = scoreParts(layout, tables, used.right)
  const keys = target.key.map((name, k) => `k${k} AS ${d.identifier(name)}`)
  const anomaly = target.threshold === undefined ? [] : [`CASE WHEN s < ${d.double(target.threshold)} THEN 1 ELSE 0 END AS anomaly`]
  const scored = `(SELECT ${[...target.key.map((_, k) => `k${k}`), ...all.map((v) => `i${v}`), `${parts.score} AS s`].join(', ')} FROM ${indicesOf(layout, all, target.key)}) AS scored`
  const fail = async (error: DataError | X): Promise<E.Either<DataError | X, WrittenScores>> => {
    await engine.run(d.dropTable(table))
    return E.left(error)
  }
  const created = await engine.run(d.createTableAs(table, `SELECT ${[...keys, 's AS log_likelihood', ...anomaly].join(', ')} FROM ${scored} WHERE ${parts.complete}`))
  if (E.isLeft(created)) return fail(created.left)
  // Every row the engine did not score: missing cells (scored in process) or names that are not states (an error).
  const rest = `SELECT ${[...target.key.map((_, k) => d.asText(`k${k}`)), ...all.map((v) => `i${v}`)].join(', ')} FROM ${scored} WHERE NOT (${parts.complete})`
  let incompleteRows = 0
  for await (const chunk of engine.stream(rest, target.key.length, all.length)) {
    if (E.isLeft(chunk)) return fail(chunk.left)
    const { rows, texts, ints } = chunk.right
    for (let start = 0; start < rows; start += INCOMPLETE_BATCH) {
      const end = Math.min(rows, start + INCOMPLETE_BATCH)
      const columns = ints.map((column) => Uint8Array.from(column.subarray(start, end), (s) => (s < 0 ? MISSING : s)))
      const bad = ints.findIndex((column) => column.subarray(start, end).includes(-2))
      if (bad >= 0) return fail(await unknownStateError(layout, [bad]))
      const scores = await scoreIncomplete({ variables: layout.variables, states: layout.states, columns, rows: end - start })
      if (E.isLeft(scores)) return fail(scores.left)
      const numbers = [scores.right]
      if (target.threshold !== undefined) numbers.push(Float64Array.from(scores.right, (s) => (s < target.threshold! ? 1 : 0)))
      const inserted = await engine.insert(table, texts.map((column) => column.slice(start, end)), numbers, end - start)
      if (E.isLeft(inserted)) return fail(inserted.left)
      incompleteRows += end - start
    }
  }
  // The summary is read back from what was written (two numeric columns: a cheap scan).
  const below = target.threshold === undefined ? '0' : d.countIf(`log_likelihood < ${d.double(target.threshold)}`)
  const summary = await engine.rows(`SELECT ${d.count}, sum(log_likelihood), ${below} FROM ${table}`)
  if (E.isLeft(summary)) return fail(summary.left)
  const [rows, total, belowCount] = (summary.right[0] ?? []).map(Number)
  return E.right({ table: target.table, rows: rows ?? 0, incompleteRows, total: rows === 0 ? 0 : (total ?? 0), below: belowCount ?? 0 })
}
