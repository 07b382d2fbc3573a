/**
 * Test fixtures: unwrapping `Either`s, the textbook DAGs, and the oracle's
 * random DAGs (`@chainrule/testing`, plain parent lists) built as `Dag`s.
 */
import { arbitraryDag as arbitraryDagData, arbitraryDagWithPair as pairData, arbitraryDagWithSets as setsData, parentMapOf, type DagData, type DagOptions } from '@chainrule/testing'
import type fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromEdges, fromParents } from './builders.js'
import type { Dag } from './dag.js'
import { describeError, type GraphError } from './errors.js'

/** The right value, or a thrown error naming the left (tests only). */
export const ok = <A>(e: E.Either<GraphError, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${describeError(e.left)}`)
  return e.right
}

/** The left value, or a thrown error (tests only). */
export const err = <A>(e: E.Either<GraphError, A>): GraphError => {
  if (E.isRight(e)) throw new Error('expected Left, got Right')
  return e.left
}

/** An oracle DAG as a `Dag` (ids are the oracle's: declaration order). */
export const dagOf = (data: DagData): Dag => ok(fromParents(parentMapOf(data)))

/** Random DAGs (the oracle's structures). */
export const arbitraryDag = (options: DagOptions = {}): fc.Arbitrary<Dag> => arbitraryDagData(options).map(dagOf)

/** Random DAGs' parent lists by name, in declaration order. */
export const arbitraryParentMap = (options: DagOptions = {}): fc.Arbitrary<ReadonlyMap<string, readonly string[]>> => arbitraryDagData(options).map(parentMapOf)

/** A random DAG with node sets X, Y, Z (see the oracle's `arbitraryDagWithSets`). */
export const arbitraryDagWithSets = (options: DagOptions = {}) => setsData(options).map(({ dag, x, y, z }) => ({ dag: dagOf(dag), x, y, z }))

/** A random DAG with two node names and a conditioning set (see the oracle's `arbitraryDagWithPair`). */
export const arbitraryDagWithPair = (options: DagOptions = {}) => pairData(options).map(({ dag, a, b, z }) => ({ dag: dagOf(dag), a, b, z }))

/** Lauritzen & Spiegelhalter (1988) "Asia" chest-clinic network. */
export const asia = (): Dag =>
  ok(
    fromEdges(
      [
        ['asia', 'tub'],
        ['smoke', 'lung'],
        ['smoke', 'bronc'],
        ['tub', 'either'],
        ['lung', 'either'],
        ['either', 'xray'],
        ['either', 'dysp'],
        ['bronc', 'dysp'],
      ],
      ['asia', 'tub', 'smoke', 'lung', 'bronc', 'either', 'xray', 'dysp'],
    ),
  )

/** Koller & Friedman's student network (Fig. 3.4). */
export const student = (): Dag =>
  ok(
    fromEdges([
      ['difficulty', 'grade'],
      ['intelligence', 'grade'],
      ['intelligence', 'sat'],
      ['grade', 'letter'],
    ]),
  )

/** The cloudy / sprinkler / rain / wet-grass network (Pearl; Russell & Norvig). */
export const sprinkler = (): Dag =>
  ok(
    fromEdges([
      ['cloudy', 'sprinkler'],
      ['cloudy', 'rain'],
      ['sprinkler', 'wet'],
      ['rain', 'wet'],
    ]),
  )
