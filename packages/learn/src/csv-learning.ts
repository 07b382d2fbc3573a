/**
 * Learning from CSV: read the text with `parseCsv` of `@chainrule/data`
 * against the structure's domain (unknown columns or states, ragged rows:
 * `DataError` naming line and column), then learn as from any data set:
 * complete data by counting, data with missing cells by EM.
 */
import * as E from 'fp-ts/lib/Either.js'
import { parseCsv, type CsvOptions, type DataError, type DataSet } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'
import { learnTables, type TableLearningOptions, type TableStructure } from './table-learning.js'

/** A data error as a learning error. */
export const wrapDataError = (e: E.Either<DataError, DataSet>): E.Either<LearnError, DataSet> =>
  E.mapLeft((error: DataError): LearnError => ({ _tag: 'Data', error }))(e)

/**
 * Learn the tables of `structure` from CSV text (header = variable names,
 * cells = state names; missing cells are refused here, see `learnEm`).
 *
 * @example
 * learnTablesFromCsv('rain,wet\nno,no\nyes,yes\nyes,yes\n', weather)
 * // Right(network): P(rain = yes) = 2/3, P(wet = yes | rain = yes) = 1, ...
 */
export const learnTablesFromCsv = (
  text: string,
  structure: TableStructure,
  options: TableLearningOptions & Pick<CsvOptions, 'missing'> = {},
): E.Either<LearnError, BayesianNetwork> => {
  const data = wrapDataError(parseCsv(text, { domain: structure.domain, ...(options.missing === undefined ? {} : { missing: options.missing }) }))
  return E.isLeft(data) ? data : learnTables(data.right, structure, options)
}
