/**
 * Complete discrete data, row-major: what the latent-tree fast path and the
 * Chow-Liu tree read. Row r, variable i is `values[r * n + i]`, a state index
 * below `cards[i]`. Binary images (`ImageMatrix`) are row data as they are
 * (every card 2); a `DataSet` of `@chainrule/data` is transposed once.
 *
 * Alongside the values, each variable has a most frequent state (its mode)
 * and each row lists only its cells that differ from the modes (a CSR list):
 * on binarized MNIST 87 % of the cells are the mode (0), so what is counted
 * or accumulated per row is the short list, and the rest is one term per
 * variable for the whole data set.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSet } from '@chainrule/data'
import type { LearnError } from './errors.js'
import type { ImageMatrix } from './image-data.js'

/** Complete discrete data, row-major. */
export interface RowData {
  readonly rows: number
  /** States per variable (n = cards.length). */
  readonly cards: Int32Array
  /** `values[r * n + i]`: the state of variable i in row r. */
  readonly values: Uint8Array
}

/** The rows' cells that differ from each variable's mode. */
export interface Exceptions {
  /** The most frequent state of each variable (the lowest on ties). */
  readonly mode: Uint8Array
  /** Row r's exceptions are entries offsets[r] .. offsets[r + 1] - 1 of `variable` and `state`. */
  readonly offsets: Int32Array
  readonly variable: Int32Array
  readonly state: Uint8Array
}

/**
 * Binary images as row data (every card 2); the pixels are shared, not copied.
 *
 * @example
 * ```ts
 * import { imageRows } from '@chainrule/learn'
 * const rows = imageRows({ rows: 2, width: 2, height: 1, pixels: Uint8Array.of(0, 1, 1, 1) })
 * rows.cards // => Int32Array.of(2, 2)
 * ```
 */
export const imageRows = (images: ImageMatrix): RowData => ({
  rows: images.rows,
  cards: new Int32Array(images.width * images.height).fill(2),
  values: images.pixels,
})

/**
 * A complete data set as row data (columns in the data set's order). A
 * missing cell is `MissingCells`: the fast path needs every cell observed.
 *
 * @example
 * ```ts
 * import { rowsOfDataSet } from '@chainrule/learn'
 * import { dataSet } from '@chainrule/data'
 * import * as E from 'fp-ts/lib/Either.js'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['x', 'y'], ['p', 'q', 'r']], columns: [Uint8Array.of(0, 1), Uint8Array.of(2, 0)] })
 * if (E.isRight(ds)) {
 *   const rows = rowsOfDataSet(ds.right)
 *   if (E.isRight(rows)) rows.right.values // => Uint8Array.of(0, 2, 1, 0)
 * }
 * ```
 */
export const rowsOfDataSet = (data: DataSet): E.Either<LearnError, RowData> => {
  const n = data.columns.length
  const values = new Uint8Array(data.rows * n)
  for (let i = 0; i < n; i++) {
    const column = data.columns[i]!
    for (let r = 0; r < data.rows; r++) {
      const s = column[r]!
      if (s === MISSING) return E.left({ _tag: 'MissingCells', variable: data.variables[i]!, row: r })
      values[r * n + i] = s
    }
  }
  return E.right({ rows: data.rows, cards: Int32Array.from(data.states, (s) => s.length), values })
}

/**
 * Each variable's mode and every row's cells that differ from it.
 *
 * @example
 * ```ts
 * import { exceptionsOf, imageRows } from '@chainrule/learn'
 * const x = exceptionsOf(imageRows({ rows: 3, width: 2, height: 1, pixels: Uint8Array.of(0, 1, 0, 1, 1, 0) }))
 * x.mode // => Uint8Array.of(0, 1)
 * Array.from(x.offsets) // => [0, 0, 0, 2]
 * ```
 */
export const exceptionsOf = (data: RowData): Exceptions => {
  const n = data.cards.length
  const { rows, values } = data
  const mode = new Uint8Array(n)
  const counts = new Float64Array(n * 256)
  for (let r = 0; r < rows; r++) {
    const base = r * n
    for (let i = 0; i < n; i++) counts[i * 256 + values[base + i]!]!++
  }
  let total = 0
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let s = 1; s < data.cards[i]!; s++) if (counts[i * 256 + s]! > counts[i * 256 + best]!) best = s
    mode[i] = best
    total += rows - counts[i * 256 + best]!
  }
  const offsets = new Int32Array(rows + 1)
  const variable = new Int32Array(total)
  const state = new Uint8Array(total)
  let k = 0
  for (let r = 0; r < rows; r++) {
    offsets[r] = k
    const base = r * n
    for (let i = 0; i < n; i++) {
      const s = values[base + i]!
      if (s !== mode[i]) {
        variable[k] = i
        state[k++] = s
      }
    }
  }
  offsets[rows] = k
  return { mode, offsets, variable, state }
}
