/**
 * The closed union of errors of `@chainrule/learn` (tables, log-likelihood,
 * EM, logistic CPDs and image models), and one renderer. What a package below
 * found is carried whole, as that package reported it.
 */
import { describeError as describeDataError, type DataError } from '@chainrule/data'
import { describeError as describeFactorError, type FactorError } from '@chainrule/factor'
import { describeError as describeInferError, type InferError } from '@chainrule/infer'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'

/** A parent assignment spelled with names: `{ rain: 'yes' }`. */
export type ParentAssignment = Readonly<Record<string, string>>

/** Every problem `@chainrule/learn` reports. */
export type LearnError =
  // tables, log-likelihood and EM
  | { readonly _tag: 'MissingCells'; readonly variable: string; readonly row: number }
  /** A data source with rows that have missing cells, under `missing: 'refuse'`. */
  | { readonly _tag: 'MissingCellsInSource'; readonly source: string; readonly rows: number }
  | { readonly _tag: 'EmptyParentRow'; readonly variable: string; readonly parents: ParentAssignment }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  | { readonly _tag: 'TableTooLarge'; readonly variable: string; readonly entries: bigint; readonly limit: number }
  | { readonly _tag: 'ImpossibleRow'; readonly row: number; readonly iteration: number }
  | { readonly _tag: 'UndeclaredLatent'; readonly variable: string }
  // logistic CPDs and image models
  | { readonly _tag: 'NonBinaryValue'; readonly index: number; readonly value: number }
  | { readonly _tag: 'ShapeMismatch'; readonly what: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'EmptyData'; readonly what: string }
  | { readonly _tag: 'InvalidWeight'; readonly variable: string; readonly index: number; readonly value: number }
  | { readonly _tag: 'ParentOutOfRange'; readonly variable: string; readonly parent: number }
  | { readonly _tag: 'CpdMismatch'; readonly variable: string; readonly reason: string }
  | { readonly _tag: 'TooManyParents'; readonly variable: string; readonly parents: number; readonly limit: number }
  | { readonly _tag: 'NonBinaryVariable'; readonly variable: string; readonly states: number }
  | { readonly _tag: 'WorkerFailed'; readonly reason: string }
  // what the packages below found
  | { readonly _tag: 'Data'; readonly error: DataError }
  | { readonly _tag: 'Network'; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'Factor'; readonly error: FactorError }
  | { readonly _tag: 'Infer'; readonly error: InferError }

const assignmentText = (a: ParentAssignment): string => {
  const keys = Object.keys(a)
  return keys.length === 0 ? '(no parents)' : keys.map((k) => `${k}=${a[k]}`).join(', ')
}

/**
 * An option refused: the one way learn's checks say so.
 *
 * Used as (package-internal, not exported):
 * invalidOption('maxIterations', -1, 'expected an integer >= 0')
 */
export const invalidOption = (option: string, value: unknown, reason: string): E.Either<LearnError, never> =>
  E.left({ _tag: 'InvalidOption', option, value: String(value), reason })

/**
 * Render any {@link LearnError} as one line.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/learn'
 * describeError({ _tag: 'NonBinaryValue', index: 3, value: 7 }) // => 'value 7 at index 3 is not 0 or 1'
 * ```
 */
export const describeError = (e: LearnError): string => {
  switch (e._tag) {
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
    case 'UndeclaredLatent':
      return `'${e.variable}' has no column in the data: declare it latent (option latent) to learn it as a hidden variable, or add its column`
    case 'NonBinaryValue':
      return `value ${e.value} at index ${e.index} is not 0 or 1`
    case 'ShapeMismatch':
      return `${e.what}: expected ${e.expected}, got ${e.got}`
    case 'EmptyData':
      return `${e.what} is empty`
    case 'InvalidWeight':
      return `logistic CPD of ${e.variable}: weight ${e.index} is ${e.value} (expected a finite number)`
    case 'ParentOutOfRange':
      return `CPD of ${e.variable}: parent ${e.parent} is not a variable of the network`
    case 'CpdMismatch':
      return `CPD of ${e.variable}: ${e.reason}`
    case 'TooManyParents':
      return `logistic CPD of ${e.variable} has ${e.parents} parents; a table would need 2^${e.parents} rows (limit ${e.limit} parents)`
    case 'NonBinaryVariable':
      return `variable ${e.variable} has ${e.states} states; logistic CPDs need binary variables`
    case 'WorkerFailed':
      return `a worker thread failed: ${e.reason}`
    case 'Data':
      return describeDataError(e.error)
    case 'Network':
      return e.errors.map(describeNetworkError).join('; ')
    case 'Factor':
      return describeFactorError(e.error)
    case 'Infer':
      return describeInferError(e.error)
  }
}
