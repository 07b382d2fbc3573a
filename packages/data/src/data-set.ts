/**
 * `DataSet`: discrete data as columns of state indices.
 *
 * One `Uint8Array` per variable; `columns[v][r]` is the state index of
 * variable v in row r, or {@link MISSING} (255) when the cell is unobserved.
 * So a variable has at most 255 states (indices 0..254). Columns are what
 * counting wants (one pass per family over a few typed arrays); the row-major
 * view (`rowMajor`) is what per-row scoring wants, and costs one transpose.
 *
 * A `DataSet` is structurally a `Samples` of `@chainrule/models` whose columns
 * are `Uint8Array`s, so samples drawn from a network are data as they are
 * (`fromSamples` checks it).
 *
 * Row slices share memory with the original (`subarray`): nothing is copied
 * to split a data set into train and validation rows. Data sets are treated as
 * immutable; mutate only arrays you allocated yourself.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Rng, Samples } from '@chainrule/models'
import type { DataError } from './errors.js'

/** The state index that marks a missing (unobserved) cell. */
export const MISSING = 255

/** The most states a variable of a data set may have (0..254; 255 is {@link MISSING}). */
export const MAX_STATES = 255

/** Discrete data by column. */
export interface DataSet {
  /** Variable names, one per column. */
  readonly variables: readonly string[]
  /** State names per variable: state index s of variable v is `states[v][s]`. */
  readonly states: readonly (readonly string[])[]
  /** `columns[v][r]`: state index of variable v in row r, or {@link MISSING}. */
  readonly columns: readonly Uint8Array[]
  readonly rows: number
}

/**
 * Build a data set from columns, checking that there is one name, one state
 * list and one column per variable, that names are distinct, that every
 * column has the same length and every cell is a state index or {@link MISSING}.
 *
 * @example
 * ```ts
 * import { dataSet, MISSING } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({
 *   variables: ['rain', 'wet'],
 *   states: [['no', 'yes'], ['no', 'yes']],
 *   columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, MISSING)],
 * })
 * F.pipe(ds, E.map((d) => d.rows)) // => E.right(3)
 * F.pipe(dataSet({ variables: ['a'], states: [['x']], columns: [Uint8Array.of(1)] }), E.mapLeft((e) => e._tag)) // => E.left('StateOutOfRange')
 * ```
 */
export const dataSet = (input: {
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
  readonly columns: readonly Uint8Array[]
}): E.Either<DataError, DataSet> => {
  const { variables, states, columns } = input
  if (variables.length !== columns.length || variables.length !== states.length)
    return E.left({ _tag: 'ColumnCountMismatch', variables: variables.length, columns: columns.length, states: states.length })
  const seen = new Set<string>()
  for (const name of variables) {
    if (seen.has(name)) return E.left({ _tag: 'DuplicateVariable', variable: name })
    seen.add(name)
  }
  const rows = columns[0]?.length ?? 0
  for (let v = 0; v < columns.length; v++) {
    const column = columns[v]!
    const name = variables[v]!
    const card = states[v]!.length
    if (card > MAX_STATES) return E.left({ _tag: 'TooManyStates', variable: name, states: card, limit: MAX_STATES })
    if (column.length !== rows) return E.left({ _tag: 'ColumnLengthMismatch', variable: name, expected: rows, got: column.length })
    for (let r = 0; r < rows; r++) {
      const s = column[r]!
      if (s >= card && s !== MISSING) return E.left({ _tag: 'StateOutOfRange', variable: name, row: r, state: s, card })
    }
  }
  return E.right({ variables: [...variables], states: states.map((s) => [...s]), columns: [...columns], rows })
}

/**
 * Samples drawn from a network (`ancestralSample` of `@chainrule/models`) as a
 * data set. The columns are shared, not copied; variables with more than 255
 * states are `TooManyStates`.
 *
 * @example
 * ```ts
 * import { fromSamples } from '@chainrule/data'
 * import { ancestralSample, createRng, defineNetwork } from '@chainrule/models'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const coin = defineNetwork({ states: { coin: ['heads', 'tails'] }, parents: {}, tables: { coin: [0.5, 0.5] } })
 * if (E.isRight(coin)) {
 *   const samples = ancestralSample(coin.right, 1000, createRng(1))
 *   F.pipe(samples, E.flatMap(fromSamples), E.map((d) => [d.variables, d.states, d.rows])) // => E.right([['coin'], [['heads', 'tails']], 1000])
 * }
 * ```
 */
export const fromSamples = (samples: Samples): E.Either<DataError, DataSet> => {
  for (let v = 0; v < samples.columns.length; v++) {
    const card = samples.states[v]!.length
    if (card > MAX_STATES || !(samples.columns[v] instanceof Uint8Array))
      return E.left({ _tag: 'TooManyStates', variable: samples.variables[v]!, states: card, limit: MAX_STATES })
  }
  return E.right({
    variables: samples.variables,
    states: samples.states,
    columns: samples.columns as readonly Uint8Array[],
    rows: samples.rows,
  })
}

/**
 * Rows `[start, end)` as a data set sharing memory with `ds` (no copy).
 *
 * @example
 * ```ts
 * import { dataSet, sliceRows } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['x'], states: [['a', 'b']], columns: [Uint8Array.of(0, 1, 1, 0, 1)] })
 * // The first 3 rows for training, the rest for validation (views: nothing is copied).
 * const train = F.pipe(ds, E.flatMap((d) => sliceRows(d, 0, 3)))
 * const validation = F.pipe(ds, E.flatMap((d) => sliceRows(d, 3, d.rows)))
 * F.pipe(train, E.map((d) => d.rows)) // => E.right(3)
 * F.pipe(validation, E.map((d) => d.columns[0])) // => E.right(Uint8Array.of(0, 1))
 * ```
 */
export const sliceRows = (ds: DataSet, start: number, end: number): E.Either<DataError, DataSet> => {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > ds.rows)
    return E.left({ _tag: 'RowRangeInvalid', start, end, rows: ds.rows })
  return E.right({ ...ds, columns: ds.columns.map((c) => c.subarray(start, end)), rows: end - start })
}

/**
 * Split into the first `at` rows and the rest, both sharing memory with `ds`.
 *
 * @example
 * ```ts
 * import { dataSet, splitRows } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['x'], states: [['a', 'b']], columns: [Uint8Array.of(0, 1, 1, 0, 1)] })
 * const parts = F.pipe(ds, E.flatMap((d) => splitRows(d, 2)))
 * F.pipe(parts, E.map(([first, rest]) => [first.rows, rest.rows])) // => E.right([2, 3])
 * ```
 */
export const splitRows = (ds: DataSet, at: number): E.Either<DataError, readonly [DataSet, DataSet]> => {
  const head = sliceRows(ds, 0, at)
  if (E.isLeft(head)) return head
  const tail = sliceRows(ds, at, ds.rows)
  if (E.isLeft(tail)) return tail
  return E.right([head.right, tail.right] as const)
}

/**
 * The rows at the given indices, in that order (copied; indices may repeat,
 * as in a bootstrap sample).
 *
 * @example
 * ```ts
 * import { dataSet, selectRows } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['x'], states: [['a', 'b']], columns: [Uint8Array.of(0, 0, 1)] })
 * F.pipe(ds, E.flatMap((d) => selectRows(d, [0, 2, 2])), E.map((d) => d.columns[0])) // => E.right(Uint8Array.of(0, 1, 1))
 * ```
 */
export const selectRows = (ds: DataSet, indices: ArrayLike<number>): E.Either<DataError, DataSet> => {
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!
    if (!Number.isInteger(r) || r < 0 || r >= ds.rows) return E.left({ _tag: 'RowRangeInvalid', start: r, end: r + 1, rows: ds.rows })
  }
  const columns = ds.columns.map((c) => {
    const out = new Uint8Array(indices.length)
    for (let i = 0; i < indices.length; i++) out[i] = c[indices[i]!]!
    return out
  })
  return E.right({ ...ds, columns, rows: indices.length })
}

/**
 * The data as one row-major matrix: entry `r * variables + v` is the state of
 * variable v in row r (missing stays {@link MISSING}). One transpose, done in
 * blocks of rows so that both sides stay in cache.
 *
 * @example
 * ```ts
 * import { dataSet, rowMajor } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1), Uint8Array.of(1, 1)] })
 * F.pipe(ds, E.map(rowMajor)) // => E.right(Uint8Array.of(0, 1, 1, 1))
 * ```
 */
export const rowMajor = (ds: DataSet): Uint8Array => {
  const n = ds.variables.length
  const out = new Uint8Array(ds.rows * n)
  const block = 256
  for (let r0 = 0; r0 < ds.rows; r0 += block) {
    const r1 = Math.min(ds.rows, r0 + block)
    for (let v = 0; v < n; v++) {
      const column = ds.columns[v]!
      for (let r = r0, at = r0 * n + v; r < r1; r++, at += n) out[at] = column[r]!
    }
  }
  return out
}

/**
 * Columns from a row-major matrix (`rows x variables.length`, entry
 * `r * variables.length + v`), checked like {@link dataSet}.
 *
 * @example
 * ```ts
 * import { fromRowMajor } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = fromRowMajor(Uint8Array.of(0, 1, 1, 1), ['a', 'b'], [['0', '1'], ['0', '1']])
 * F.pipe(ds, E.map((d) => [d.rows, d.columns])) // => E.right([2, [Uint8Array.of(0, 1), Uint8Array.of(1, 1)]])
 * ```
 */
export const fromRowMajor = (
  matrix: Uint8Array,
  variables: readonly string[],
  states: readonly (readonly string[])[],
): E.Either<DataError, DataSet> => {
  const n = variables.length
  if (n === 0 || matrix.length % n !== 0)
    return E.left({ _tag: 'ColumnLengthMismatch', variable: variables[0] ?? '(none)', expected: n, got: matrix.length })
  const rows = matrix.length / n
  const columns = variables.map(() => new Uint8Array(rows))
  const block = 256
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block)
    for (let v = 0; v < n; v++) {
      const column = columns[v]!
      for (let r = r0, at = r0 * n + v; r < r1; r++, at += n) column[r] = matrix[at]!
    }
  }
  return dataSet({ variables, states, columns })
}

/**
 * How many cells are missing, in total and per variable.
 *
 * @example
 * ```ts
 * import { dataSet, missingCells, MISSING } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(MISSING, 1, MISSING)] })
 * F.pipe(ds, E.map(missingCells)) // => E.right({ total: 2, perVariable: Int32Array.of(0, 2) })
 * ```
 */
export const missingCells = (ds: DataSet): { readonly total: number; readonly perVariable: Int32Array } => {
  const perVariable = new Int32Array(ds.variables.length)
  let total = 0
  ds.columns.forEach((c, v) => {
    let k = 0
    for (let r = 0; r < ds.rows; r++) if (c[r] === MISSING) k++
    perVariable[v] = k
    total += k
  })
  return { total, perVariable }
}

/**
 * Hide each cell independently with probability `probability` (missing
 * completely at random), drawing one `rng.float()` per cell, column by column.
 * Returns new columns; `ds` is unchanged.
 *
 * @example
 * ```ts
 * import { dataSet, hideCells, missingCells } from '@chainrule/data'
 * import { createRng } from '@chainrule/models'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [new Uint8Array(10_000)] })
 * const share = F.pipe(ds, E.flatMap((d) => hideCells(d, 0.2, createRng(7))), E.map((d) => missingCells(d).total / d.rows))
 * // About 20% of the cells are now missing (the standard deviation of the share is 0.004).
 * F.pipe(share, E.map((s) => Math.abs(s - 0.2) < 0.02)) // => E.right(true)
 * ```
 */
export const hideCells = (ds: DataSet, probability: number, rng: Rng): E.Either<DataError, DataSet> => {
  if (!(probability >= 0 && probability <= 1))
    return E.left({ _tag: 'InvalidOption', option: 'probability', value: String(probability), reason: 'expected a number in [0, 1]' })
  const columns = ds.columns.map((c) => {
    const out = Uint8Array.from(c)
    for (let r = 0; r < ds.rows; r++) if (rng.float() < probability) out[r] = MISSING
    return out
  })
  return E.right({ ...ds, columns })
}
