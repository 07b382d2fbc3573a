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
 * ```ts
 * import { learnTablesFromCsvFile } from '@chainrule/learn/node'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * const weather = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.5, 0.5], wet: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'weather.csv')
 * writeFileSync(file, 'rain,wet\nno,no\nyes,yes\nyes,yes\n')
 * const learned = E.isRight(weather) ? learnTablesFromCsvFile(file, weather.right, { estimator: { kind: 'dirichlet', alpha: 1 } }) : undefined
 * learned !== undefined && E.isRight(learned) && Array.from(learned.right.cpts[0]!.values) // ~> [0.4, 0.6]
 * ```
 */
export const learnTablesFromCsvFile = (
  path: string,
  structure: TableStructure,
  options: TableLearningOptions & Pick<CsvOptions, 'missing'> = {},
): E.Either<LearnError, BayesianNetwork> => {
  const data = wrapDataError(readCsvFile(path, { domain: structure.domain, ...(options.missing === undefined ? {} : { missing: options.missing }) }))
  return E.isLeft(data) ? data : learnTables(data.right, structure, options)
}
