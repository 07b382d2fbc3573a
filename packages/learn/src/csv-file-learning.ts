/**
 * Learning from a CSV file (Node only, `@chainrule/learn/node`): read it with
 * `readCsvFile` of `@chainrule/data/node`, then learn as `learnTablesFromCsv`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CsvOptions } from '@chainrule/data'
import { readCsvFile } from '@chainrule/data/node'
import type { BayesianNetwork } from '@chainrule/models'
import { wrapDataError } from './csv-learning.js'
import type { LearnError } from './errors.js'
import { learnTables, type TableLearningOptions, type TableStructure } from './table-learning.js'

/**
 * `learnTablesFromCsv` on a file (gunzipped when it ends in `.gz`).
 *
 * @example
 * // learnTablesFromCsvFile('sprinkler.csv', sprinkler, { estimator: { kind: 'dirichlet', alpha: 1 } })
 */
export const learnTablesFromCsvFile = (
  path: string,
  structure: TableStructure,
  options: TableLearningOptions & Pick<CsvOptions, 'missing'> = {},
): E.Either<LearnError, BayesianNetwork> => {
  const data = wrapDataError(readCsvFile(path, { domain: structure.domain, ...(options.missing === undefined ? {} : { missing: options.missing }) }))
  return E.isLeft(data) ? data : learnTables(data.right, structure, options)
}
