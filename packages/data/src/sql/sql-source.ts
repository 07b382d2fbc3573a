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
import { checkFamily, type CountOptions, type CountTable, type DataSource, type RowBatch } from '../source.js'
import { cellsOf, indicesOf, unknownStateError, type SqlLayout } from './layout.js'
import { sumLogTables, writeScores } from './sql-scoring.js'

export type { SqlLayout } from './layout.js'

/** DuckDB's GROUPING mask is a BIGINT: keep a query's columns well below 64. */
const MAX_COLUMNS_PER_QUERY = 48

/** Group families by column set; queries of at most MAX_COLUMNS_PER_QUERY columns. */
const planQueries = (families: readonly (readonly number[])[]): number[][][] => {
  const sets = new Map<string, number[]>()
  for (const f of families) {
    const set = [...f].sort((a, b) => a - b)
    sets.set(set.join(','), set)
  }
  const queries: number[][][] = []
  let current: number[][] = []
  let columns = new Set<number>()
  for (const set of sets.values()) {
    const union = new Set([...columns, ...set])
    if (current.length > 0 && union.size > MAX_COLUMNS_PER_QUERY) {
      queries.push(current)
      current = []
      columns = new Set(set)
    } else columns = union
    current.push(set)
  }
  if (current.length > 0) queries.push(current)
  return queries
}

const countSets = async (layout: SqlLayout, sets: readonly number[][], options: CountOptions): Promise<E.Either<DataError, Map<string, CountTable>>> => {
  const { engine } = layout
  const d = engine.dialect
  const all = layout.variables.map((_, v) => v)
  const complete = (options.missing ?? 'complete-case') === 'complete-case'
  const where = [
    ...(complete ? all.map((v) => `NOT ${d.isMissing(`c${v}`)}`) : []),
    ...(options.where ?? []).map(([v, s]) => `c${v} = ${d.string(layout.states[v]![s]!)}`),
  ]
  const used = complete ? all : [...new Set([...sets.flat(), ...(options.where ?? []).map(([v]) => v)])].sort((a, b) => a - b)
  const query = d.groupedCounts(
    sets.map((set) => set.map((v) => `c${v}`)),
    cellsOf(layout, used, where),
  )
  const rows = await engine.rows(query.sql)
  if (E.isLeft(rows)) return rows
  const lookups = layout.states.map((states) => new Map(states.map((s, k) => [s, k])))
  const tables = sets.map((set): CountTable => {
    const cards = set.map((v) => layout.states[v]!.length)
    return { columns: set, cards, counts: new Float64Array(cards.reduce((n, c) => n * c, 1)), rows: 0 }
  })
  const rowsCounted = new Float64Array(sets.length)
  const unknown: number[] = []
  for (const row of rows.right) {
    const { set, cells, count } = query.read(row)
    const table = tables[set]
    if (table === undefined) continue
    let index = 0
    let missing = false
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k]
      if (cell === null || cell === undefined || cell === '') {
        missing = true
        continue
      }
      const state = lookups[table.columns[k]!]!.get(cell)
      if (state === undefined) unknown.push(table.columns[k]!)
      index = index * table.cards[k]! + (state ?? 0)
    }
    if (missing) continue
    ;(table.counts as Float64Array)[index]! += count
    rowsCounted[set]! += count
  }
  if (unknown.length > 0) return E.left(await unknownStateError(layout, [...new Set(unknown)]))
  return E.right(new Map(tables.map((t, k) => [t.columns.join(','), { ...t, rows: rowsCounted[k]! }])))
}

/** Reorder a table over a sorted column set into a family's order. */
const inFamilyOrder = (table: CountTable, family: readonly number[]): CountTable => {
  if (family.every((c, k) => table.columns[k] === c)) return table
  const strides = table.cards.map((_, k) => table.cards.slice(k + 1).reduce((n, c) => n * c, 1))
  const cards = family.map((c) => table.cards[table.columns.indexOf(c)]!)
  const counts = new Float64Array(table.counts.length)
  const digits = new Array<number>(family.length).fill(0)
  for (let out = 0; out < counts.length; out++) {
    let at = 0
    family.forEach((c, k) => (at += digits[k]! * strides[table.columns.indexOf(c)]!))
    counts[out] = table.counts[at]!
    for (let k = family.length - 1; k >= 0; k--) {
      if (++digits[k]! < cards[k]!) break
      digits[k] = 0
    }
  }
  return { columns: [...family], cards, counts, rows: table.rows }
}

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
      const tables = new Map<string, CountTable>()
      for (const sets of planQueries(families)) {
        const counted = await countSets(layout, sets, options)
        if (E.isLeft(counted)) return counted
        for (const [key, table] of counted.right) tables.set(key, table)
      }
      return E.right(families.map((family) => inFamilyOrder(tables.get([...family].sort((a, b) => a - b).join(','))!, family)))
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
