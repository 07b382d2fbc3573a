/**
 * Where the learners' counts come from: a `FamilyCounter` scores batches of
 * families and counts tables over column lists, complete-case (only rows with
 * no missing cell are counted; how many were dropped is reported).
 *
 * - `sourceCounter`: any `DataSource` (memory, DuckDB, ClickHouse, ...). A
 *   batch of families is one `counts` call; families over the same set of
 *   columns (`x | y` and `y | x`) share one table.
 * - `memoryCounter`: the fast path for sources whose rows are in this
 *   process (`source.inMemory`): the kernels of `count-kernels.ts` count the
 *   families of a search step incrementally from one shared key. The
 *   benchmark `structure` measures both on the same searches.
 * - `parallelCounter` (`@chainrule/structure/node`, Node only): the same
 *   kernels in worker threads that share the columns.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSet, type DataSource } from '@chainrule/data'
import type { StructureError } from './errors.js'
import { countTables, entriesOf, newScratch, scoreFamiliesInto, type Columns, type CountingWork } from './count-kernels.js'
import { familyScore, type Score } from './scores.js'
import type { Family } from './score-cache.js'

/** Families scored and tables counted on behalf of a learner, complete-case. */
export interface FamilyCounter {
  /** Where the counts come from (`memory, incremental`, `source memory`, `2 workers`, ...). */
  readonly description: string
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
  readonly cards: readonly number[]
  /** Complete rows (the rows every count sees). */
  readonly rows: number
  /** Rows left out because a cell was missing. */
  readonly droppedRows: number
  /** The score of each family, in request order; -Infinity where the table would exceed `maxEntries` entries. */
  readonly scoreFamilies: (families: readonly Family[], score: Score, maxEntries: number) => Promise<E.Either<StructureError, Float64Array>>
  /** Count tables over column lists, last column fastest. */
  readonly countTables: (sets: readonly (readonly number[])[]) => Promise<E.Either<StructureError, readonly Float64Array[]>>
  /** Tables counted and cells summarised so far (live). */
  readonly work: CountingWork
  /** Release what the counter holds (workers); sources are closed by their owner. */
  readonly close: () => Promise<void>
}

/** What a search reports of its counting: the rows it used and what counting them cost. */
export interface CountingReport {
  /** Complete rows counted, and rows left out for a missing cell (complete-case). */
  readonly rows: number
  readonly droppedRows: number
  readonly missing: 'complete-case'
  /** Where counts came from. */
  readonly counting: string
  /** Tables counted and the cells (rows x columns) they summarise. */
  readonly tablesCounted: number
  readonly cellsCounted: number
}

/** How a learner counts: the fast path when the source has its rows in memory (default), or always through `counts`. */
export type Counting = { readonly kind: 'auto' } | { readonly kind: 'source' } | { readonly kind: 'counter'; readonly counter: FamilyCounter }

/** The complete rows of a data set (shared when nothing is missing, else copied). */
export const completeRows = (ds: DataSet): { readonly data: Columns; readonly dropped: number } => {
  const cards = ds.states.map((s) => s.length)
  const keep = new Uint8Array(ds.rows).fill(1)
  let dropped = 0
  for (const column of ds.columns) {
    if (column.indexOf(MISSING) < 0) continue
    for (let r = 0; r < ds.rows; r++) if (column[r] === MISSING && keep[r] === 1) {
      keep[r] = 0
      dropped++
    }
  }
  if (dropped === 0) return { data: { columns: ds.columns, cards, rows: ds.rows }, dropped }
  const rows = ds.rows - dropped
  const columns = ds.columns.map((column) => {
    const out = new Uint8Array(rows)
    for (let r = 0, k = 0; r < ds.rows; r++) if (keep[r] === 1) out[k++] = column[r]!
    return out
  })
  return { data: { columns, cards, rows }, dropped }
}

/**
 * The in-memory fast path over a data set (complete-case).
 *
 * @example
 * ```ts
 * import { dataSet } from '@chainrule/data'
 * import { memoryCounter } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1, 255), Uint8Array.of(0, 1, 1, 0)] })
 * if (E.isRight(ds)) {
 *   const counter = memoryCounter(ds.right)
 *   const rows = [counter.rows, counter.droppedRows] // => [3, 1]
 * }
 * ```
 */
export const memoryCounter = (ds: DataSet): FamilyCounter => {
  const { data, dropped } = completeRows(ds)
  const work: CountingWork = { tables: 0, cells: 0 }
  const scratch = newScratch(data.rows)
  return {
    description: 'memory, incremental',
    variables: ds.variables,
    states: ds.states,
    cards: data.cards,
    rows: data.rows,
    droppedRows: dropped,
    scoreFamilies: async (families, score, maxEntries) => {
      const out = new Float64Array(families.length)
      scoreFamiliesInto(data, families, score, maxEntries, out, work, scratch)
      return E.right(out)
    },
    countTables: async (sets) => E.right(countTables(data, sets, work, scratch)),
    work,
    close: async () => {},
  }
}

/** Move column `position` of a table (last column fastest) to the last place. */
export const moveToLast = (table: ArrayLike<number>, cards: readonly number[], position: number): Float64Array => {
  const k = cards.length
  if (position === k - 1) return Float64Array.from(table)
  const out = new Float64Array(table.length)
  let inner = 1
  for (let i = position + 1; i < k; i++) inner *= cards[i]!
  const card = cards[position]!
  const outer = table.length / (inner * card)
  // Entry (o, s, i) of the input goes to (o, i, s) of the output.
  for (let o = 0; o < outer; o++)
    for (let s = 0; s < card; s++) {
      const from = (o * card + s) * inner
      for (let i = 0; i < inner; i++) out[(o * inner + i) * card + s] = table[from + i]!
    }
  return out
}

const dataError = (error: import('@chainrule/data').DataError): StructureError => ({ _tag: 'DataError', error })

/**
 * A counter over any data source: every batch is one `counts` call,
 * complete-case.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { sourceCounter } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, 1)] })
 * if (E.isRight(ds)) {
 *   const counter = await sourceCounter(memorySource(ds.right))
 *   if (E.isRight(counter)) counter.right.rows // => 3
 * }
 * ```
 */
export const sourceCounter = async (source: DataSource): Promise<E.Either<StructureError, FamilyCounter>> => {
  const total = await source.rowCount()
  if (E.isLeft(total)) return E.left(dataError(total.left))
  const none = await source.counts([[]], { missing: 'complete-case' })
  if (E.isLeft(none)) return E.left(dataError(none.left))
  const rows = none.right[0]!.rows
  const cards = source.states.map((s) => s.length)
  const work: CountingWork = { tables: 0, cells: 0 }
  const countTablesOf = async (sets: readonly (readonly number[])[]): Promise<E.Either<StructureError, readonly Float64Array[]>> => {
    if (sets.length === 0) return E.right([])
    const counted = await source.counts(sets, { missing: 'complete-case' })
    if (E.isLeft(counted)) return E.left(dataError(counted.left))
    work.tables += sets.length
    for (const set of sets) work.cells += rows * set.length
    return E.right(counted.right.map((t) => t.counts))
  }
  return E.right({
    description: `source ${source.description}`,
    variables: source.variables,
    states: source.states,
    cards,
    rows,
    droppedRows: total.right - rows,
    scoreFamilies: async (families, score, maxEntries) => {
      const out = new Float64Array(families.length)
      // One table per distinct set of columns (sorted), asked for in one call.
      const setIndex = new Map<string, number>()
      const sets: number[][] = []
      const where: { set: number; position: number }[] = []
      families.forEach((f, i) => {
        if (entriesOf(cards, f.parents, f.child) > maxEntries) {
          out[i] = Number.NEGATIVE_INFINITY
          where.push({ set: -1, position: -1 })
          return
        }
        const set = [...f.parents, f.child].sort((a, b) => a - b)
        const key = set.join(',')
        let at = setIndex.get(key)
        if (at === undefined) {
          at = sets.length
          setIndex.set(key, at)
          sets.push(set)
        }
        where.push({ set: at, position: set.indexOf(f.child) })
      })
      const tables = await countTablesOf(sets)
      if (E.isLeft(tables)) return tables
      families.forEach((f, i) => {
        const { set, position } = where[i]!
        if (set < 0) return
        const columns = sets[set]!
        const laid = moveToLast(tables.right[set]!, columns.map((c) => cards[c]!), position)
        out[i] = familyScore(score, laid, laid.length, cards[f.child]!, rows)
      })
      return E.right(out)
    },
    countTables: countTablesOf,
    work,
    close: async () => {},
  })
}

/**
 * The counter a learner uses: the one given, the in-memory fast path when the
 * source has its rows in memory (`auto`), else the source's own counts.
 * Fails with `NoCompleteRows` when every row has a missing cell.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { openCounter } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1)] })
 * if (E.isRight(ds)) {
 *   const counter = await openCounter(memorySource(ds.right))
 *   if (E.isRight(counter)) counter.right.description // => 'memory, incremental'
 * }
 * ```
 */
export const openCounter = async (source: DataSource, counting: Counting = { kind: 'auto' }): Promise<E.Either<StructureError, FamilyCounter>> => {
  let counter: E.Either<StructureError, FamilyCounter>
  if (counting.kind === 'counter') counter = E.right(counting.counter)
  else if (counting.kind === 'auto' && source.inMemory !== undefined) counter = E.right(memoryCounter(source.inMemory))
  else counter = await sourceCounter(source)
  if (E.isRight(counter) && counter.right.rows === 0) return E.left({ _tag: 'NoCompleteRows', rows: counter.right.droppedRows })
  return counter
}
