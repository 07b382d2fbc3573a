/**
 * The closed union of errors of table learning, log-likelihood and EM in
 * `@chainrule/learn`, and one renderer. Problems found by `@chainrule/data`
 * (CSV lines and columns, unknown states) are carried whole in `DataError`.
 */
import type { DataError } from '@chainrule/data'
import { describeError as describeDataError } from '@chainrule/data'

/** A parent assignment spelled with names: `{ rain: 'yes' }`. */
export type ParentAssignment = Readonly<Record<string, string>>

/** Every problem of table learning, log-likelihood and EM. */
export type TableLearningError =
  | { readonly _tag: 'DataError'; readonly error: DataError }
  | { readonly _tag: 'MissingCells'; readonly variable: string; readonly row: number }
  | { readonly _tag: 'MissingCellsInSource'; readonly source: string; readonly rows: number }
  | { readonly _tag: 'EmptyParentRow'; readonly variable: string; readonly parents: ParentAssignment }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  | { readonly _tag: 'TableTooLarge'; readonly variable: string; readonly entries: number; readonly limit: number }
  | { readonly _tag: 'ImpossibleRow'; readonly row: number; readonly iteration: number }
  | { readonly _tag: 'Dependency'; readonly source: 'models' | 'infer'; readonly message: string }

const assignmentText = (a: ParentAssignment): string => {
  const keys = Object.keys(a)
  return keys.length === 0 ? '(no parents)' : keys.map((k) => `${k}=${a[k]}`).join(', ')
}

/**
 * Render any {@link TableLearningError} as one line.
 *
 * @example
 * describeTableLearningError({ _tag: 'MissingCells', variable: 'wet', row: 12 })
 * // => "row 12 has no value for 'wet': complete-data learning needs every cell (use learnEm for missing data)"
 */
export const describeTableLearningError = (e: TableLearningError): string => {
  switch (e._tag) {
    case 'DataError':
      return describeDataError(e.error)
    case 'MissingCells':
      return `row ${e.row} has no value for '${e.variable}': complete-data learning needs every cell (use learnEm for missing data)`
    case 'MissingCellsInSource':
      return `${e.source}: ${e.rows} rows have missing cells: complete-data learning needs every cell (count around them with missing: 'complete-case' or 'available-case', or use learnEm)`
    case 'EmptyParentRow':
      return `no data row has ${assignmentText(e.parents)} for '${e.variable}': maximum likelihood leaves that row undefined`
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'TableTooLarge':
      return `the table of '${e.variable}' would have ${e.entries} entries, over the limit of ${e.limit}`
    case 'ImpossibleRow':
      return `row ${e.row} has probability zero under the network of EM iteration ${e.iteration}`
    case 'Dependency':
      return `${e.source}: ${e.message}`
  }
}
