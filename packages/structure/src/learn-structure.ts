/**
 * One entry point for every structure learner (what the command line, the
 * playground and the bootstrap call): pick an algorithm by `kind`, get back
 * the learned graph both as a PDAG (a CPDAG for PC, the DAG itself for the
 * score-based and tree learners) and as a DAG you can fit tables to (PC's
 * CPDAG extended by Dor & Tarsi, forced when the tests left it inconsistent).
 * `scoreGraph` scores any DAG over the data's variables.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSource } from '@chainrule/data'
import type { Dag } from '@chainrule/graph'
import { openCounter, type Counting, type CountingReport } from './counting.js'
import type { StructureError } from './errors.js'
import { hillClimb, type HillClimbOptions } from './hill-climb.js'
import { hybrid, type HybridOptions } from './hybrid.js'
import { extendOrForce, pdagOfDag, type Pdag } from './pdag.js'
import { pcStable, type PcOptions } from './pc.js'
import { checkScore, type Score } from './scores.js'
import { chowLiu, type TreeOptions } from './trees.js'

/** A structure learner and its options. */
export type Algorithm =
  | ({ readonly kind: 'hc' } & HillClimbOptions)
  | ({ readonly kind: 'tabu' } & HillClimbOptions)
  | ({ readonly kind: 'pc' } & PcOptions)
  | ({ readonly kind: 'hybrid' } & HybridOptions)
  | ({ readonly kind: 'chowLiu' } & TreeOptions)

/** The algorithms by `kind`, in the order the command line lists them. */
export const ALGORITHMS = ['hc', 'tabu', 'pc', 'hybrid', 'chowLiu'] as const

/** What any learner returns. */
export interface LearnedStructure extends CountingReport {
  /** The learned graph: a CPDAG for PC (undirected edges where the data cannot orient), else the DAG. */
  readonly graph: Pdag
  /** A DAG of the learned class: the learned DAG itself, or an extension of PC's CPDAG. */
  readonly dag: Dag
  /** Whether `dag` is an exact member of the class `graph` describes (false: the extension was forced). */
  readonly exact: boolean
  /** Arcs turned against `graph` to make `dag` acyclic (forced extensions only). */
  readonly reoriented: number
  /** Search moves (score-based learners). */
  readonly iterations?: number
  /** Independence tests (PC and the hybrid). */
  readonly tests?: number
}

/** What every search reports of its counting, as the learned structure carries it. */
const countingOf = (r: CountingReport): CountingReport => ({
  rows: r.rows,
  droppedRows: r.droppedRows,
  missing: r.missing,
  counting: r.counting,
  tablesCounted: r.tablesCounted,
  cellsCounted: r.cellsCounted,
})

/** A search that ends on a DAG: its equivalence class, the DAG itself as the exact extension. */
const ofDag = (dag: LearnedStructure['dag']) => ({ graph: pdagOfDag(dag), dag, exact: true, reoriented: 0 })

/**
 * Learn a structure with the chosen algorithm.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { learnStructure, arcsOf } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const a = Uint8Array.from({ length: 400 }, (_, r) => r % 2)
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [a, a] })
 * if (E.isRight(ds)) {
 *   const learned = await learnStructure(memorySource(ds.right), { kind: 'tabu', score: { kind: 'bic' } })
 *   if (E.isRight(learned)) arcsOf(learned.right.graph).length // => 1
 * }
 * ```
 */
export const learnStructure = async (source: DataSource, algorithm: Algorithm): Promise<E.Either<StructureError, LearnedStructure>> => {
  switch (algorithm.kind) {
    case 'hc':
    case 'tabu':
    case 'hybrid': {
      const options = algorithm.kind === 'tabu' ? { ...algorithm, tabu: algorithm.tabu ?? {} } : algorithm
      const result = algorithm.kind === 'hybrid' ? await hybrid(source, options) : await hillClimb(source, options)
      if (E.isLeft(result)) return result
      const r = result.right
      return E.right({
        ...ofDag(r.dag),
        ...countingOf(r),
        iterations: r.iterations,
        ...('tests' in r ? { tests: r.tests as number } : {}),
      })
    }
    case 'pc': {
      const result = await pcStable(source, algorithm)
      if (E.isLeft(result)) return result
      const r = result.right
      const { dag, exact, reoriented } = extendOrForce(r.cpdag)
      return E.right({
        graph: r.cpdag,
        dag,
        exact,
        reoriented,
        ...countingOf(r),
        tests: r.tests,
      })
    }
    case 'chowLiu': {
      const result = await chowLiu(source, algorithm)
      if (E.isLeft(result)) return result
      const r = result.right
      return E.right({ ...ofDag(r.dag), ...countingOf(r) })
    }
    default:
      return E.left({ _tag: 'InvalidOption', option: 'algorithm', value: String((algorithm as { kind?: unknown }).kind), reason: `expected one of ${ALGORITHMS.join(', ')}` })
  }
}

/**
 * The total score of a DAG (nodes named as the data's variables), complete-case.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { fromEdges } from '@chainrule/graph'
 * import { scoreGraph } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1), Uint8Array.of(0, 1)] })
 * const dag = fromEdges([['a', 'b']])
 * if (E.isRight(ds) && E.isRight(dag)) {
 *   const ll = await scoreGraph(memorySource(ds.right), dag.right, { kind: 'logLikelihood' })
 *   if (E.isRight(ll)) ll.right.toFixed(4) // => '-1.3863'
 * }
 * ```
 */
export const scoreGraph = async (source: DataSource, dag: Dag, score: Score, counting?: Counting): Promise<E.Either<StructureError, number>> => {
  const checked = checkScore(score)
  if (E.isLeft(checked)) return checked
  const counter = await openCounter(source, counting)
  if (E.isLeft(counter)) return counter
  const index = new Map(counter.right.variables.map((name, i) => [name, i]))
  const families = []
  for (let v = 0; v < dag.nodes.length; v++) {
    const child = index.get(dag.nodes[v]!)
    if (child === undefined) return E.left({ _tag: 'UnknownVariable', variable: dag.nodes[v]!, where: 'the graph' })
    families.push({ child, parents: dag.parentIds[v]!.map((p) => index.get(dag.nodes[p]!)!) })
  }
  const scores = await counter.right.scoreFamilies(families, score, Number.POSITIVE_INFINITY)
  return E.map((s: Float64Array) => s.reduce((a, b) => a + b, 0))(scores)
}
