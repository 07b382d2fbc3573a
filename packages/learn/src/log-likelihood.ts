/**
 * Exact log-likelihood of a data set under a Bayesian network, in nats.
 *
 * Complete rows: log P(x) = sum_i log theta_i[x_i | x_parents(i)], computed
 * family by family over the typed columns (the same mixed-radix index as
 * counting, then one gather from the log-table per row). Rows with missing
 * cells: log P(observed cells) = log sum over the missing cells of P(x),
 * exactly, by junction-tree propagation (`@chainrule/infer`): the network is
 * compiled once, and each such row reuses the compiled tree and one evidence
 * buffer (no allocation per row).
 *
 * Bits per dimension = -total / (observed cells x ln 2): the usual image
 * figure when every cell is observed (dimensions = rows x variables).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSet } from '@chainrule/data'
import { MISSING } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { CompileOptions, InferError } from '@chainrule/infer'
import { compileTables, logEvidence, type CompiledTree } from '@chainrule/infer/internal'
import type { LearnError } from './errors.js'
import { familyIndex, markMissing } from './counts.js'
import { alignData, cardsOf } from './table-learning.js'

/** The log-likelihood of a data set, per row and in total. */
export interface LogLikelihood {
  /** log P(row) in nats (-Infinity for a row of probability zero). */
  readonly perRow: Float64Array
  /** Sum of `perRow`. */
  readonly total: number
  /** Cells that are not missing. */
  readonly observedCells: number
  /** -total / (observedCells * ln 2); 0 when nothing is observed. */
  readonly bitsPerDimension: number
  /** Rows with at least one missing cell (scored by propagation). */
  readonly rowsWithMissing: number
}

/** Options of {@link logLikelihood}. */
export interface LogLikelihoodOptions {
  /** Passed to the junction-tree compiler when some rows have missing cells. */
  readonly compile?: CompileOptions
}

/** Natural logs of every table of a network. */
export const logTablesOf = (bn: BayesianNetwork): Float64Array[] => bn.cpts.map((f) => Float64Array.from(f.values, Math.log))

/**
 * Add log P(row) of the complete rows `[0, rows)` into `perRow`, skipping
 * rows with `skip[r] !== 0` when given. `index` is scratch of length >= rows.
 */
export const addCompleteRows = (
  bn: BayesianNetwork,
  logTables: readonly Float64Array[],
  columns: readonly Uint8Array[],
  rows: number,
  perRow: Float64Array,
  index: Int32Array,
  skip?: Uint8Array,
): void => {
  const cards = cardsOf(bn)
  for (let v = 0; v < cards.length; v++) {
    familyIndex(columns, rows, bn.dag.parentIds[v]!, v, cards, index)
    const table = logTables[v]!
    if (skip === undefined) for (let r = 0; r < rows; r++) perRow[r] = perRow[r]! + table[index[r]!]!
    else for (let r = 0; r < rows; r++) if (skip[r] === 0) perRow[r] = perRow[r]! + table[index[r]!]!
  }
}

/** Compile a network's tables into a junction tree, or the infer error. */
export const compileNetwork = (bn: BayesianNetwork, options: CompileOptions = {}): E.Either<LearnError, CompiledTree> =>
  E.mapLeft((error: InferError): LearnError => ({ _tag: 'Infer', error }))(
    compileTables(
      cardsOf(bn),
      bn.cpts.map((f) => ({ scope: f.scope as readonly number[], values: f.values })),
      options,
    ),
  )

/**
 * The exact log-likelihood of `data` under `bn` (columns matched by name,
 * states by name), per row and in total, in nats; rows with missing cells
 * are marginalised exactly.
 *
 * @example
 * ```ts
 * import { logLikelihood } from '@chainrule/learn'
 * import { parseCsv } from '@chainrule/data'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const weather = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.5, 0.5], wet: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * const data = E.isRight(weather) ? parseCsv('rain,wet\nno,no\nyes,yes\nyes,yes\n', { domain: weather.right.domain }) : undefined
 * if (E.isRight(weather) && data !== undefined && E.isRight(data)) {
 *   const ll = logLikelihood(weather.right, data.right)
 *   // Rows (no, no), (yes, yes), (yes, yes) under the network's own tables, in nats
 *   E.isRight(ll) && ll.right.total // ~> Math.log(0.5 * 0.9) + 2 * Math.log(0.5 * 0.8)
 * }
 * ```
 */
export const logLikelihood = (
  bn: BayesianNetwork,
  data: DataSet,
  options: LogLikelihoodOptions = {},
): E.Either<LearnError, LogLikelihood> => {
  const aligned = alignData(data, bn)
  if (E.isLeft(aligned)) return aligned
  const { columns, rows } = aligned.right
  const n = columns.length
  const mask = new Uint8Array(rows)
  markMissing(columns, rows, bn.dag.nodes.map((_, v) => v), mask)
  let rowsWithMissing = 0
  for (let r = 0; r < rows; r++) rowsWithMissing += mask[r]!
  const perRow = new Float64Array(rows)
  addCompleteRows(bn, logTablesOf(bn), columns, rows, perRow, new Int32Array(rows), rowsWithMissing > 0 ? mask : undefined)
  let observedCells = rows * n
  if (rowsWithMissing > 0) {
    const tree = compileNetwork(bn, { keepPriorCollection: false, ...options.compile })
    if (E.isLeft(tree)) return tree
    const states = new Int32Array(n)
    const evidence = { states }
    for (let r = 0; r < rows; r++) {
      if (mask[r] === 0) continue
      for (let v = 0; v < n; v++) {
        const s = columns[v]![r]!
        if (s === MISSING) {
          states[v] = -1
          observedCells--
        } else states[v] = s
      }
      perRow[r] = logEvidence(tree.right, evidence)
    }
  }
  let total = 0
  for (let r = 0; r < rows; r++) total += perRow[r]!
  return E.right({
    perRow,
    total,
    observedCells,
    bitsPerDimension: observedCells === 0 ? 0 : -total / (observedCells * Math.LN2),
    rowsWithMissing,
  })
}
