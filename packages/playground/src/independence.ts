/**
 * The structure questions the page answers on the drawing: are X and Y
 * d-separated given Z, and if not, which trail is active; which nodes form a
 * node's Markov blanket. Answers come from `@chainrule/graph` (Bayes-ball);
 * this module turns them into what gets highlighted.
 */
import type { Dag, GraphError } from '@chainrule/graph'
import { activeTrail, dSeparated, idOf, markovBlanket } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { PlaygroundError } from './errors.js'

/** Is `x` independent of `y` given `given`? */
export interface IndependenceQuery {
  readonly x: string
  readonly y: string
  readonly given: readonly string[]
}

/** A directed edge of the DAG, parent first. */
export interface DirectedEdge {
  readonly from: string
  readonly to: string
}

/** The answer: separated, or connected with one active trail and its edges (as they point in the DAG). */
export type IndependenceAnswer =
  | { readonly separated: true }
  | { readonly separated: false; readonly trail: readonly string[]; readonly edges: readonly DirectedEdge[] }

const structureError = (error: GraphError): PlaygroundError => ({ _tag: 'Graph', error })

/**
 * The edges along a trail, each oriented as in the DAG.
 *
 * @example
 * // asia: trailEdges(dag, ['tub', 'either', 'lung', 'smoke'])
 * // => [{ from: 'tub', to: 'either' }, { from: 'lung', to: 'either' }, { from: 'smoke', to: 'lung' }]
 */
export const trailEdges = (dag: Dag, trail: readonly string[]): readonly DirectedEdge[] =>
  trail.slice(1).map((b, k) => {
    const a = trail[k]!
    const ai = idOf(dag, a)
    const bi = idOf(dag, b)
    const forward = ai !== undefined && bi !== undefined && dag.parentIds[bi]!.includes(ai)
    return forward ? { from: a, to: b } : { from: b, to: a }
  })

/**
 * Whether `x` and `y` are d-separated given `given`, with an active trail
 * when they are not. A variable in `given` is separated from everything (it
 * is known); `x === y` outside `given` is connected by the one-node trail.
 *
 * @example
 * // asia: independence(dag, { x: 'tub', y: 'smoke', given: ['dysp'] })
 * // => Right({ separated: false, trail: ['tub', 'either', 'lung', 'smoke'], edges: [...] })
 * // independence(dag, { x: 'tub', y: 'smoke', given: [] }) => Right({ separated: true })
 */
export const independence = (dag: Dag, query: IndependenceQuery): E.Either<PlaygroundError, IndependenceAnswer> => {
  const separated = dSeparated(dag, [query.x], [query.y], query.given)
  if (E.isLeft(separated)) return E.left(structureError(separated.left))
  const trail = activeTrail(dag, query.x, query.y, query.given)
  if (E.isLeft(trail)) return E.left(structureError(trail.left))
  if (O.isNone(trail.right)) return E.right({ separated: true })
  // Both answers come from Bayes-ball; a trail for a separated pair would be a bug upstream.
  if (separated.right) throw new Error(`d-separation and active trail disagree on ${query.x}, ${query.y}`)
  return E.right({ separated: false, trail: trail.right.value, edges: trailEdges(dag, trail.right.value) })
}

/**
 * The trail as arrows, for the message line.
 *
 * @example
 * // describeTrail(asiaDag, ['tub', 'either', 'lung', 'smoke']) => 'tub → either ← lung ← smoke'
 */
export const describeTrail = (dag: Dag, trail: readonly string[]): string => {
  const edges = trailEdges(dag, trail)
  return trail.reduce((text, node, k) => (k === 0 ? node : `${text} ${edges[k - 1]!.from === node ? '←' : '→'} ${node}`), '')
}

/**
 * The Markov blanket of `node` (parents, children, children's other parents).
 *
 * @example
 * // asia: blanketOf(dag, 'lung') => Right(['smoke', 'tub', 'either'])
 */
export const blanketOf = (dag: Dag, node: string): E.Either<PlaygroundError, readonly string[]> =>
  E.mapLeft(structureError)(markovBlanket(dag, node))
