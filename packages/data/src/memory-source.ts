/**
 * The in-memory data source: a data set behind the `DataSource` operations,
 * counting by one pass per family over typed columns, batches as views on the
 * same memory. What every other source is checked against.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSet } from './data-set.js'
import type { DataError } from './errors.js'
import { checkFamily, type CountTable, type DataSource, type RowBatch } from './source.js'

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
