/**
 * From a learned structure to a network: count each family in the CPT's
 * layout (parents in the DAG's order, child fastest) through the source, in
 * one batch, complete-case, and estimate the tables with `estimateTables` of
 * `@chainrule/learn` (maximum likelihood, Dirichlet or BDeu), so a learned
 * network passes the same checks as a hand-written one.
 */
import * as E from 'fp-ts/lib/Either.js'
import { domain as domainOf } from '@chainrule/factor'
import type { DataSource } from '@chainrule/data'
import type { Dag } from '@chainrule/graph'
import { estimateTables, type Estimator } from '@chainrule/learn'
import type { BayesianNetwork } from '@chainrule/models'
import { openCounter, type Counting, type FamilyCounter } from './counting.js'
import type { StructureError } from './errors.js'

/** Options of {@link fitTables}. */
export interface FitOptions {
  /** Default `{ kind: 'bdeu', equivalentSampleSize: 1 }` (no empty rows left undefined). */
  readonly estimator?: Estimator
  /** A name for the network. */
  readonly name?: string
  readonly counting?: Counting
}

/** Estimate the tables of `dag` (its nodes named as the counter's variables) from an open counter. */
export const fitTablesWith = async (counter: FamilyCounter, dag: Dag, options: FitOptions = {}): Promise<E.Either<StructureError, BayesianNetwork>> => {
  const index = new Map(counter.variables.map((name, i) => [name, i]))
  const columnOf: number[] = []
  for (const name of dag.nodes) {
    const at = index.get(name)
    if (at === undefined) return E.left({ _tag: 'UnknownVariable', variable: name, where: 'the graph' })
    columnOf.push(at)
  }
  const domain = domainOf(dag.nodes.map((name, v) => ({ name, states: counter.states[columnOf[v]!]! })))
  if (E.isLeft(domain)) return E.left({ _tag: 'InvalidOption', option: 'states', value: dag.nodes.join(','), reason: 'every variable needs distinct, non-empty state names' })
  const tables = await counter.countTables(dag.nodes.map((_, v) => [...dag.parentIds[v]!.map((p) => columnOf[p]!), columnOf[v]!]))
  if (E.isLeft(tables)) return tables
  const network = estimateTables(
    { ...(options.name === undefined ? {} : { name: options.name }), dag, domain: domain.right },
    tables.right,
    options.estimator ?? { kind: 'bdeu', equivalentSampleSize: 1 },
  )
  return E.isLeft(network) ? E.left({ _tag: 'Learn', error: network.left }) : E.right(network.right)
}

/**
 * Learn the tables of a structure from a data source (complete-case).
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { fromEdges } from '@chainrule/graph'
 * import { fitTables } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 0, 1, 0)] })
 * const dag = fromEdges([['a', 'b']])
 * if (E.isRight(ds) && E.isRight(dag)) {
 *   const bn = await fitTables(memorySource(ds.right), dag.right, { estimator: { kind: 'maximumLikelihood' } })
 *   if (E.isRight(bn)) Array.from(bn.right.cpts[1]!.values) // => [1, 0, 0.5, 0.5]
 * }
 * ```
 */
export const fitTables = async (source: DataSource, dag: Dag, options: FitOptions = {}): Promise<E.Either<StructureError, BayesianNetwork>> => {
  const counter = await openCounter(source, options.counting)
  return E.isLeft(counter) ? counter : fitTablesWith(counter.right, dag, options)
}
