/**
 * Grouped counts of many families from a SQL relation, in as few queries as
 * the engine allows (one, unless a batch spans more than 48 columns): the
 * families are grouped by column set, counted by the dialect's grouped-counts
 * query over the rows' text cells, and the rows that come back (one per
 * distinct combination, never one per data row) are mapped to state indices
 * here. A name that is not a state is the typed error of `layout.ts`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from '../errors.js'
import type { CountTable } from '../source.js'
import { cellsOf, unknownStateError, type SqlLayout } from './layout.js'

/** Which rows count: those with no missing cell among `completeIn`, and each `where` cell in its state. */
export interface CountFilter {
  readonly completeIn?: readonly number[]
  readonly where?: readonly (readonly [column: number, state: number])[]
}

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

const countSets = async (layout: SqlLayout, sets: readonly number[][], filter: CountFilter): Promise<E.Either<DataError, Map<string, CountTable>>> => {
  const { engine } = layout
  const d = engine.dialect
  const completeIn = filter.completeIn ?? []
  const where = [
    ...completeIn.map((v) => `NOT ${d.isMissing(`c${v}`)}`),
    ...(filter.where ?? []).map(([v, s]) => `c${v} = ${d.string(layout.states[v]![s]!)}`),
  ]
  const used = [...new Set([...sets.flat(), ...completeIn, ...(filter.where ?? []).map(([v]) => v)])].sort((a, b) => a - b)
  const query = d.groupedCounts(
    sets.map((set) => set.map((v) => `c${v}`)),
    cellsOf(layout, used, where),
    { filtered: where.length > 0 },
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


/** Counts of every family (in its own column order) over the rows `filter` keeps. */
export const groupedCountTables = async (layout: SqlLayout, families: readonly (readonly number[])[], filter: CountFilter): Promise<E.Either<DataError, CountTable[]>> => {
  const tables = new Map<string, CountTable>()
  for (const sets of planQueries(families)) {
    const counted = await countSets(layout, sets, filter)
    if (E.isLeft(counted)) return counted
    for (const [key, table] of counted.right) tables.set(key, table)
  }
  return E.right(families.map((family) => inFamilyOrder(tables.get([...family].sort((a, b) => a - b).join(','))!, family)))
}

/** Complete-case counts, and how many rows they kept and left out. */
export interface CompleteCaseCounts {
  readonly tables: readonly CountTable[]
  /** Rows with no missing cell among the columns (and matching `where`). */
  readonly kept: number
  /** Rows matching `where` with a missing cell among the columns. */
  readonly dropped: number
}

/**
 * Counts of every family over the rows with no missing cell among
 * `completeIn`. First without that filter (one scan; on ClickHouse each
 * family reads only its own columns), with a single-column family for every
 * column no family covers and the empty family (all rows): when every
 * family counted every row, no cell is missing and those are the counts.
 * Only otherwise is the filter applied, in a second scan. Data without
 * missing cells, the common case, costs one scan and no filter on every
 * column (which costs as much as the counting itself).
 */
export const completeCaseCounts = async (
  layout: SqlLayout,
  families: readonly (readonly number[])[],
  completeIn: readonly number[],
  where: CountFilter['where'] = [],
): Promise<E.Either<DataError, CompleteCaseCounts>> => {
  const cover = completeIn.filter((v) => !families.some((f) => f.includes(v))).map((v) => [v])
  const probe = await groupedCountTables(layout, [...families, ...cover, []], { where })
  if (E.isLeft(probe)) return probe
  const all = probe.right[probe.right.length - 1]!.rows
  if (probe.right.every((t) => t.rows === all)) return E.right({ tables: probe.right.slice(0, families.length), kept: all, dropped: 0 })
  const filtered = await groupedCountTables(layout, [...families, []], { completeIn, where })
  if (E.isLeft(filtered)) return filtered
  const kept = filtered.right[filtered.right.length - 1]!.rows
  return E.right({ tables: filtered.right.slice(0, families.length), kept, dropped: all - kept })
}
