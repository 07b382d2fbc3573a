/**
 * Parameter learning for table CPDs from complete data: count each family
 * once over the typed columns (see `counts.ts`), then estimate every row by
 * maximum likelihood or with Dirichlet pseudo-counts (uniform alpha or BDeu;
 * see `dirichlet.ts`). The structure is a `Dag` with a `Domain` (any
 * `BayesianNetwork` qualifies: its tables are ignored); the result is a new
 * `BayesianNetwork` built through `networkFromSpec` of `@chainrule/models`,
 * so it passes the same checks as a hand-written one.
 *
 * Reference: Koller & Friedman (2009), sections 17.1-17.4.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import type { Domain } from '@chainrule/factor'
import { alignToDomain, type DataSet } from '@chainrule/data'
import { networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'
import { countFamily, familyEntries, firstMissing } from './counts.js'
import { checkEstimator, estimateTable, type Estimator } from './dirichlet.js'

/** What table learning needs of a network: its graph and its variables (a `BayesianNetwork` is one). */
export interface TableStructure {
  readonly name?: string
  readonly dag: Dag
  readonly domain: Domain
}

/** Options of {@link learnTables} and {@link countFamilies}. */
export interface TableLearningOptions {
  /** Default `{ kind: 'maximumLikelihood' }` (empty rows uniform). */
  readonly estimator?: Estimator
  /** Refuse a family table with more entries than this (default 2^24). */
  readonly maxTableEntries?: number
}

/** Counts per family, laid out like the CPTs (`counts[i]` has the entries of `cpts[i]`). */
export interface FamilyCounts {
  readonly counts: readonly Float64Array[]
  readonly rows: number
}

/** The data's columns in the structure's variable order, or the data error. */
export const alignData = (data: DataSet, structure: TableStructure): E.Either<LearnError, DataSet> =>
  E.mapLeft((error: import('@chainrule/data').DataError): LearnError => ({ _tag: 'Data', error }))(alignToDomain(data, structure.domain))

/** Cardinalities by variable id. */
export const cardsOf = (structure: TableStructure): number[] => structure.domain.variables.map((v) => v.states.length)

/** Check every family table fits under the limit; the entry count of each. */
export const familySizes = (structure: TableStructure, limit: number): E.Either<LearnError, number[]> => {
  if (!(Number.isSafeInteger(limit) && limit >= 1))
    return E.left({ _tag: 'InvalidOption', option: 'maxTableEntries', value: String(limit), reason: 'expected a positive integer' })
  const cards = cardsOf(structure)
  const sizes: number[] = []
  for (let v = 0; v < cards.length; v++) {
    const entries = familyEntries(structure.dag.parentIds[v]!, v, cards)
    if (entries > limit) return E.left({ _tag: 'TableTooLarge', variable: structure.dag.nodes[v]!, entries: BigInt(entries), limit })
    sizes.push(entries)
  }
  return E.right(sizes)
}

/**
 * Count every family of `structure` in complete data (columns matched by
 * name, states by name). A missing cell is `MissingCells` (use `learnEm`).
 *
 * @example
 * ```ts
 * import { countFamilies } from '@chainrule/learn'
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
 *   const counts = countFamilies(data.right, weather.right)
 *   // n(rain), then n(rain, wet) with wet fastest
 *   E.isRight(counts) && counts.right.counts.map((c) => Array.from(c)) // => [[1, 2], [1, 0, 0, 2]]
 * }
 * ```
 */
export const countFamilies = (
  data: DataSet,
  structure: TableStructure,
  options: TableLearningOptions = {},
): E.Either<LearnError, FamilyCounts> => {
  const sizes = familySizes(structure, options.maxTableEntries ?? 2 ** 24)
  if (E.isLeft(sizes)) return sizes
  const aligned = alignData(data, structure)
  if (E.isLeft(aligned)) return aligned
  const { columns, rows } = aligned.right
  for (let v = 0; v < columns.length; v++) {
    const r = firstMissing(columns[v]!, rows)
    if (r >= 0) return E.left({ _tag: 'MissingCells', variable: structure.dag.nodes[v]!, row: r })
  }
  const cards = cardsOf(structure)
  const index = new Int32Array(rows)
  const counts = sizes.right.map((entries, v) => {
    const out = new Float64Array(entries)
    countFamily(columns, rows, structure.dag.parentIds[v]!, v, cards, out, index)
    return out
  })
  return E.right({ counts, rows })
}

/** Name the parent assignment of row j of variable v's table. */
const parentAssignment = (structure: TableStructure, v: number, j: number): Record<string, string> => {
  const parents = structure.dag.parentIds[v]!
  const named: Record<string, string> = {}
  let rest = j
  for (let k = parents.length - 1; k >= 0; k--) {
    const p = parents[k]!
    const states = structure.domain.variables[p]!.states
    named[structure.dag.nodes[p]!] = states[rest % states.length]!
    rest = Math.floor(rest / states.length)
  }
  return named
}

/** Assemble a network from tables laid out like the CPTs (checked by `networkFromSpec`). */
export const networkFromTables = (
  structure: TableStructure,
  tables: readonly Float64Array[],
): E.Either<LearnError, BayesianNetwork> => {
  const { dag, domain } = structure
  const spec = {
    ...(structure.name === undefined ? {} : { name: structure.name }),
    variables: dag.nodes.map((name, v) => ({
      name,
      states: domain.variables[v]!.states,
      parents: dag.parentIds[v]!.map((p) => dag.nodes[p]!),
      table: tables[v]!,
    })),
  }
  const built = networkFromSpec(spec)
  return E.isLeft(built)
    ? E.left({ _tag: 'Network', errors: built.left })
    : E.right(built.right.network)
}

/**
 * Turn family counts (possibly fractional: EM's expected counts) into a network.
 *
 * @example
 * ```ts
 * import { countFamilies, estimateTables } from '@chainrule/learn'
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
 *   const counts = countFamilies(data.right, weather.right)
 *   // Add-one: rain (1 + 1, 2 + 1) / 5; wet given rain = yes (0 + 1, 2 + 1) / 4
 *   const tables = E.isRight(counts) ? estimateTables(weather.right, counts.right, { kind: 'dirichlet', alpha: 1 }) : counts
 *   E.isRight(tables) && Array.from(tables.right.cpts[1]!.values) // ~> [2 / 3, 1 / 3, 0.25, 0.75]
 * }
 * ```
 */
export const estimateTables = (
  structure: TableStructure,
  counts: FamilyCounts | readonly Float64Array[],
  estimator: Estimator = { kind: 'maximumLikelihood' },
): E.Either<LearnError, BayesianNetwork> => {
  const checked = checkEstimator(estimator)
  if (E.isLeft(checked)) return checked
  const tables = estimateAll(structure, 'counts' in counts ? counts.counts : counts, estimator)
  return E.isLeft(tables) ? tables : networkFromTables(structure, tables.right)
}

/** Estimate every table into fresh arrays (estimator already checked). */
export const estimateAll = (
  structure: TableStructure,
  counts: readonly Float64Array[],
  estimator: Estimator,
): E.Either<LearnError, Float64Array[]> => {
  const tables: Float64Array[] = []
  for (let v = 0; v < counts.length; v++) {
    const c = counts[v]!
    const out = new Float64Array(c.length)
    const empty = estimateTable(c, structure.domain.variables[v]!.states.length, estimator, out)
    if (empty >= 0) return E.left({ _tag: 'EmptyParentRow', variable: structure.dag.nodes[v]!, parents: parentAssignment(structure, v, empty) })
    tables.push(out)
  }
  return E.right(tables)
}

/**
 * Learn every table of `structure` from complete data: maximum likelihood
 * (default) or Bayesian with Dirichlet pseudo-counts (`dirichlet` alpha, or
 * `bdeu` with an equivalent sample size). Data columns are matched to the
 * structure's variables by name and states by name (extra columns ignored).
 *
 * @example
 * ```ts
 * import { learnTables } from '@chainrule/learn'
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
 *   const learned = learnTables(data.right, weather.right)
 *   // Maximum likelihood: P(rain = yes) = 2/3
 *   E.isRight(learned) && Array.from(learned.right.cpts[0]!.values) // ~> [1 / 3, 2 / 3]
 *   const smoothed = learnTables(data.right, weather.right, { estimator: { kind: 'dirichlet', alpha: 1 } })
 *   E.isRight(smoothed) && Array.from(smoothed.right.cpts[0]!.values) // ~> [0.4, 0.6]
 * }
 * ```
 */
export const learnTables = (
  data: DataSet,
  structure: TableStructure,
  options: TableLearningOptions = {},
): E.Either<LearnError, BayesianNetwork> => {
  const estimator = options.estimator ?? { kind: 'maximumLikelihood' }
  const checked = checkEstimator(estimator)
  if (E.isLeft(checked)) return checked
  const counts = countFamilies(data, structure, options)
  if (E.isLeft(counts)) return counts
  return estimateTables(structure, counts.right, estimator)
}
