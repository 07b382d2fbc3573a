/**
 * A {@link DataSource} over a relation of a SQL engine (a table, a CSV or
 * Parquet file read by DuckDB, a distributed ClickHouse table). Counting runs
 * as `GROUP BY` in the engine and only the count tables come back; rows are
 * streamed as small integers (the engine maps state names to indices);
 * scoring is pushed down (`sql-scoring.ts`).
 *
 * Queries are built on the layers of `layout.ts` (cells, then state
 * indices). A name that is not a state is a typed error naming the variable
 * and the name, and the row where the engine scans in the data's order.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING } from '../data-set.js'
import type { DataError } from '../errors.js'
import { checkFamily, type DataSource, type RowBatch } from '../source.js'
import { completeCaseCounts, groupedCountTables } from './grouped-counts.js'
import { indicesOf, unknownStateError, type SqlLayout } from './layout.js'
import { sumLogTables, writeScores } from './sql-scoring.js'

export type { SqlLayout } from './layout.js'

async function* streamBatches(layout: SqlLayout, size: number, incompleteIn: readonly number[] | undefined): AsyncIterable<E.Either<DataError, RowBatch>> {
  if (!Number.isInteger(size) || size < 1) {
    yield E.left({ _tag: 'InvalidOption', option: 'size', value: String(size), reason: 'expected a positive integer' })
    return
  }
  const all = layout.variables.map((_, v) => v)
  const filter = incompleteIn === undefined ? '' : ` WHERE ${incompleteIn.map((v) => `i${v} < 0`).join(' OR ') || '0 = 1'}`
  const sql = `SELECT ${all.map((v) => `i${v}`).join(', ')} FROM ${indicesOf(layout, all)}${filter}`
  let columns = all.map(() => new Uint8Array(size))
  let filled = 0
  let scanned = 0
  for await (const chunk of layout.engine.stream(sql, 0, all.length)) {
    if (E.isLeft(chunk)) {
      yield chunk
      return
    }
    const { ints, rows } = chunk.right
    for (let r = 0; r < rows; ) {
      const take = Math.min(rows - r, size - filled)
      for (let v = 0; v < all.length; v++) {
        const source = ints[v]!
        const target = columns[v]!
        for (let k = 0; k < take; k++) {
          const s = source[r + k]!
          if (s === -2) {
            const error = await unknownStateError(layout, [v])
            yield E.left(incompleteIn === undefined && layout.engine.ordered && error._tag === 'UnknownDataState' ? { ...error, row: scanned + r + k + 1 } : error)
            return
          }
          target[filled + k] = s < 0 ? MISSING : s
        }
      }
      r += take
      filled += take
      if (filled === size) {
        yield E.right({ variables: layout.variables, states: layout.states, columns, rows: size })
        columns = all.map(() => new Uint8Array(size))
        filled = 0
      }
    }
    scanned += rows
  }
  if (filled > 0) yield E.right({ variables: layout.variables, states: layout.states, columns: columns.map((c) => c.subarray(0, filled)), rows: filled })
}

/**
 * A data source over a SQL relation laid out by `layout` (see `openSqlSource`
 * for discovering one).
 */
export const sqlSource = (layout: SqlLayout): DataSource => {
  let rowCount: number | undefined
  const all = layout.variables.map((_, v) => v)
  return {
    description: layout.engine.description,
    variables: layout.variables,
    states: layout.states,
    rowCount: async () => {
      if (rowCount !== undefined) return E.right(rowCount)
      const rows = await layout.engine.rows(`SELECT ${layout.engine.dialect.count} FROM ${layout.relation}`)
      return E.isLeft(rows) ? rows : E.right((rowCount = Number(rows.right[0]?.[0] ?? 0)))
    },
    counts: async (families, options = {}) => {
      for (const family of families) {
        const checked = checkFamily(layout, family)
        if (E.isLeft(checked)) return checked
      }
      for (const [v, s] of options.where ?? []) {
        const checked = checkFamily(layout, [v])
        if (E.isLeft(checked)) return checked
        if (!Number.isInteger(s) || s < 0 || s >= layout.states[v]!.length)
          return E.left({ _tag: 'InvalidOption', option: 'where', value: String(s), reason: `not a state of "${layout.variables[v]}"` })
      }
      if ((options.missing ?? 'complete-case') === 'available-case')
        return groupedCountTables(layout, families, options.where === undefined ? {} : { where: options.where })
      const counted = await completeCaseCounts(layout, families, all, options.where)
      return E.isLeft(counted) ? counted : E.right([...counted.right.tables])
    },
    batches: (size, options = {}) => {
      const invalid = (options.incompleteIn ?? []).map((c) => checkFamily(layout, [c])).find(E.isLeft)
      if (invalid !== undefined) return (async function* () { yield invalid })()
      return streamBatches(layout, size, options.incompleteIn)
    },
    close: () => layout.engine.close(),
    sumLogTables: (tables, options = {}) => sumLogTables(layout, tables, options),
    writeScores: (tables, target, scoreIncomplete) => writeScores(layout, tables, target, scoreIncomplete),
  }
}
