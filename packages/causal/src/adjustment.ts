/**
 * Adjustment sets: Z such that P(y | do(x)) = sum_z P(y | x, z) P(z).
 *
 * - Pearl's backdoor criterion (Causality, 2009, definition 3.3.1): Z is
 *   observed, holds no treatment or outcome, no descendant of any treatment,
 *   and d-separates X from Y in G_{\underline X} (G without the treatments'
 *   outgoing arcs), which blocks every path into X.
 * - The generalized adjustment criterion (Shpitser, VanderWeele & Robins
 *   2010; van der Zander, Liśkiewicz & Textor 2019), complete for adjustment:
 *   Z holds no node of Forb(X, Y) (X, and the descendants of nodes on proper
 *   causal paths) and d-separates X from Y in the proper backdoor graph (G
 *   without the first arc of every proper causal path). Every backdoor set
 *   is an adjustment set; an adjustment set may hold a descendant of X that
 *   is off the causal paths, and is then never a backdoor set.
 *
 * Hidden variables are nodes of the DAG like any other, and never in Z.
 */
import type { Dag } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalDiagram } from './diagram.js'
import type { CausalError } from './errors.js'
import { minimalSeparators } from './minimal-separators.js'
import { candidateIds, namesOf, resolveQuery, type EffectQuery, type ResolvedQuery } from './query.js'
import { causalPathNodes, cutArcs, maskOf, separated, walk } from './surgery.js'

/** Sets found, and whether they are all the minimal ones (false when the limit stopped the search). */
export interface SetList {
  readonly sets: readonly (readonly string[])[]
  readonly complete: boolean
}

/** Options of the listings: at most `limit` sets (default 100). */
export interface ListOptions {
  readonly limit?: number
}

/** Which criterion: Pearl's backdoor, or generalized adjustment. */
type Criterion = 'backdoor' | 'adjustment'

/** The graph a criterion separates in, and the nodes a set may hold. */
interface Setting {
  readonly graph: Dag
  readonly allowed: Uint8Array
}

const settingOf = (diagram: CausalDiagram, { x, y }: ResolvedQuery, criterion: Criterion): Setting => {
  const { dag, observedId } = diagram
  const n = dag.nodes.length
  const inX = maskOf(n, x)
  const inY = maskOf(n, y)
  let forbidden: Uint8Array
  let graph: Dag
  if (criterion === 'backdoor') {
    forbidden = walk(dag, x, true)
    graph = cutArcs(dag, (parent) => inX[parent] === 0)
  } else {
    const onPaths = causalPathNodes(dag, x, y)
    forbidden = walk(dag, [...Array(n).keys()].filter((v) => onPaths[v] === 1), true)
    for (const v of x) forbidden[v] = 1
    graph = cutArcs(dag, (parent, child) => !(inX[parent] === 1 && onPaths[child] === 1))
  }
  const allowed = new Uint8Array(n)
  for (let v = 0; v < n; v++) if (observedId[v]! >= 0 && forbidden[v] === 0 && inY[v] === 0 && inX[v] === 0) allowed[v] = 1
  return { graph, allowed }
}

const check = (criterion: Criterion) => (diagram: CausalDiagram, query: EffectQuery, set: readonly string[]): E.Either<CausalError, boolean> => {
  const resolved = resolveQuery(diagram, query)
  if (E.isLeft(resolved)) return resolved
  const z = candidateIds(diagram, set)
  if (E.isLeft(z)) return z
  const { graph, allowed } = settingOf(diagram, resolved.right, criterion)
  return E.right(z.right.every((v) => allowed[v] === 1) && separated(graph, resolved.right.x, resolved.right.y, z.right))
}

const list = (criterion: Criterion) => (diagram: CausalDiagram, query: EffectQuery, options: ListOptions = {}): E.Either<CausalError, SetList> => {
  const limit = options.limit ?? 100
  if (!Number.isInteger(limit) || limit < 1) return E.left({ _tag: 'InvalidOption', option: 'limit', reason: `expected a positive integer, got ${limit}` })
  const resolved = resolveQuery(diagram, query)
  if (E.isLeft(resolved)) return resolved
  const { graph, allowed } = settingOf(diagram, resolved.right, criterion)
  const found = minimalSeparators(graph, resolved.right.x, resolved.right.y, allowed, limit)
  return E.right({ sets: found.sets.map((s) => namesOf(diagram, s)), complete: found.complete })
}

/**
 * Whether `set` meets Pearl's backdoor criterion for the effect of the
 * treatment on the outcome: observed variables only, neither treatment nor
 * outcome, no descendant of a treatment, and every path into a treatment
 * blocked (d-separation in the graph without the treatments' outgoing arcs).
 *
 * @example
 * ```ts
 * import { causalDiagram, isBackdoorSet } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['age', 'drug'], ['age', 'recovery'], ['drug', 'recovery']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right) : undefined
 * if (diagram !== undefined && E.isRight(diagram)) {
 *   const query = { treatment: ['drug'], outcome: ['recovery'] }
 *   isBackdoorSet(diagram.right, query, ['age']) // => { _tag: 'Right', right: true }
 *   isBackdoorSet(diagram.right, query, []) // => { _tag: 'Right', right: false }
 * }
 * ```
 */
export const isBackdoorSet = check('backdoor')

/**
 * The minimal sets meeting Pearl's backdoor criterion (no proper subset
 * meets it), from the one closest to the treatment, at most `limit`; empty
 * when no set does (hidden confounding). The first is "a minimal one".
 *
 * @example
 * ```ts
 * import { backdoorSets, causalDiagram } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['a', 'x'], ['b', 'x'], ['a', 'y'], ['b', 'y'], ['x', 'y']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right) : undefined
 * const found = diagram !== undefined && E.isRight(diagram) ? backdoorSets(diagram.right, { treatment: ['x'], outcome: ['y'] }) : undefined
 * found !== undefined && E.isRight(found) && found.right.sets // => [['a', 'b']]
 * ```
 */
export const backdoorSets = list('backdoor')

/**
 * Whether `set` is an adjustment set by the generalized (complete)
 * adjustment criterion: observed, none of Forb(X, Y), and X separated from Y
 * in the proper backdoor graph. It may hold descendants of the treatment that
 * are off every causal path.
 *
 * @example
 * ```ts
 * import { causalDiagram, isAdjustmentSet, isBackdoorSet } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * // w is caused by the treatment but lies on no path to the outcome.
 * const dag = fromEdges([['c', 'x'], ['c', 'y'], ['x', 'y'], ['x', 'w'], ['c', 'w']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right) : undefined
 * if (diagram !== undefined && E.isRight(diagram)) {
 *   const query = { treatment: ['x'], outcome: ['y'] }
 *   isAdjustmentSet(diagram.right, query, ['c', 'w']) // => { _tag: 'Right', right: true }
 *   isBackdoorSet(diagram.right, query, ['c', 'w']) // => { _tag: 'Right', right: false }
 * }
 * ```
 */
export const isAdjustmentSet = check('adjustment')

/**
 * The minimal adjustment sets by the generalized adjustment criterion, at
 * most `limit`. Each is valid for P(y | do(x)) = sum_z P(y | x, z) P(z); those
 * holding a descendant of the treatment are not backdoor sets.
 *
 * @example
 * ```ts
 * import { adjustmentSets, causalDiagram } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['c', 'x'], ['c', 'y'], ['x', 'y']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right) : undefined
 * const found = diagram !== undefined && E.isRight(diagram) ? adjustmentSets(diagram.right, { treatment: ['x'], outcome: ['y'] }) : undefined
 * found !== undefined && E.isRight(found) && found.right.sets // => [['c']]
 * ```
 */
export const adjustmentSets = list('adjustment')
