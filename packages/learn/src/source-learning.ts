/**
 * Table learning from any data source (`@chainrule/data`'s `DataSource`:
 * memory, DuckDB, ClickHouse): the sufficient statistics of every table are
 * grouped counts, asked of the source for all families in one batch, so a
 * SQL engine counts them in one query where the rows are and only the count
 * tables come back. Estimation is the same as `learnTables` (maximum
 * likelihood, Dirichlet, BDeu: see `dirichlet.ts`), from the same counts, so
 * every source gives the same tables bit for bit.
 *
 * Wrap the source in `cachedSource` (`@chainrule/data`) when the same
 * families will be asked again (structure search, then parameters).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CountTable, DataSource, MissingPolicy } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'
import { checkEstimator } from './dirichlet.js'
import { estimateTables, familySizes, type FamilyCounts, type TableLearningOptions, type TableStructure } from './table-learning.js'
import { sourceColumns, type SourceColumns } from './source-columns.js'

/** Options of {@link learnTablesFromSource} and {@link countFamiliesFromSource}. */
export interface SourceLearningOptions extends TableLearningOptions {
  /**
   * Rows with missing cells: `'refuse'` (default, `MissingCellsInSource`, as
   * `learnTables` refuses them), `'complete-case'` (count only rows with every
   * cell observed) or `'available-case'` (each family counts the rows where
   * its own cells are observed).
   */
  readonly missing?: 'refuse' | MissingPolicy
}

const dataError = <A>(e: E.Either<import('@chainrule/data').DataError, A>): E.Either<LearnError, A> =>
  E.mapLeft((error: import('@chainrule/data').DataError): LearnError => ({ _tag: 'Data', error }))(e)

/** A count table over source states, laid out over the network's states (same layout when nothing is remapped). */
const inNetworkStates = (table: CountTable, family: readonly number[], mapping: SourceColumns, cards: readonly number[]): Float64Array => {
  if (family.every((v) => mapping.stateMap[v] === undefined)) return table.counts
  const out = new Float64Array(family.reduce((n, v) => n * cards[v]!, 1))
  const digits = new Array<number>(family.length).fill(0)
  for (let i = 0; i < table.counts.length; i++) {
    let at = 0
    family.forEach((v, k) => {
      const map = mapping.stateMap[v]
      at = at * cards[v]! + (map === undefined ? digits[k]! : map[digits[k]!]!)
    })
    out[at]! += table.counts[i]!
    for (let k = family.length - 1; k >= 0; k--) {
      if (++digits[k]! < table.cards[k]!) break
      digits[k] = 0
    }
  }
  return out
}

/**
 * Count every family of `structure` (CPT layout: parents in declared order,
 * then the child) from a source, in one batch.
 *
 * @example
 * // await countFamiliesFromSource(source, sprinkler, { missing: 'available-case' })
 * // Right({ rows, counts: [Float64Array [n(cloudy=no), n(cloudy=yes)], ...] })
 */
export const countFamiliesFromSource = async (
  source: DataSource,
  structure: TableStructure,
  options: SourceLearningOptions = {},
): Promise<E.Either<LearnError, FamilyCounts>> => {
  const sizes = familySizes(structure, options.maxTableEntries ?? 2 ** 24)
  if (E.isLeft(sizes)) return sizes
  const mapping = sourceColumns(source, structure)
  if (E.isLeft(mapping)) return mapping
  const missing = options.missing ?? 'refuse'
  if (missing !== 'refuse' && missing !== 'complete-case' && missing !== 'available-case')
    return E.left({ _tag: 'InvalidOption', option: 'missing', value: String(missing), reason: "expected 'refuse', 'complete-case' or 'available-case'" })
  const families = structure.dag.nodes.map((_, v) => [...structure.dag.parentIds[v]!, v])
  const counted = dataError(
    await source.counts(
      families.map((family) => family.map((v) => mapping.right.column[v]!)),
      { missing: missing === 'refuse' ? 'complete-case' : missing },
    ),
  )
  if (E.isLeft(counted)) return counted
  const rows = counted.right.reduce((most, t) => Math.max(most, t.rows), 0)
  if (missing === 'refuse') {
    const total = dataError(await source.rowCount())
    if (E.isLeft(total)) return total
    if (total.right > rows) return E.left({ _tag: 'MissingCellsInSource', source: source.description, rows: total.right - rows })
  }
  const cards = structure.domain.variables.map((v) => v.states.length)
  return E.right({ counts: counted.right.map((table, v) => inNetworkStates(table, families[v]!, mapping.right, cards)), rows })
}

/**
 * Learn every table of `structure` from a data source: the same estimators
 * and results as `learnTables`, counted where the rows are.
 *
 * @example
 * // const source = await openDataSource('events.parquet', { domain: alarm.domain })
 * // await learnTablesFromSource(source.right, alarm, { estimator: { kind: 'bdeu', equivalentSampleSize: 1 } })
 * // Right(BayesianNetwork)
 */
export const learnTablesFromSource = async (
  source: DataSource,
  structure: TableStructure,
  options: SourceLearningOptions = {},
): Promise<E.Either<LearnError, BayesianNetwork>> => {
  const estimator = options.estimator ?? { kind: 'maximumLikelihood' }
  const checked = checkEstimator(estimator)
  if (E.isLeft(checked)) return checked
  const counts = await countFamiliesFromSource(source, structure, options)
  return E.isLeft(counts) ? counts : estimateTables(structure, counts.right, estimator)
}
