/**
 * The local Markov independencies a DAG asserts (Koller & Friedman Def. 3.1): each
 * variable is independent of its non-descendants given its parents. Returned as plain
 * data, with a one-line renderer.
 */
import { descendantMask } from './closure.js'
import type { Dag } from './dag.js'

/** The statement `x ⟂ y | given` over sets of variable names. */
export interface Independence {
  readonly x: readonly string[]
  readonly y: readonly string[]
  readonly given: readonly string[]
}

/**
 * One statement per variable v with a non-empty set of non-descendants outside its
 * parents: `v ⟂ NonDescendants(v) \ Parents(v) | Parents(v)`, in declaration order.
 * Variables for which that set is empty assert nothing and are left out (so a
 * `chain` yields `[]`). O(V · (V + E)).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { markov, localIndependencies, describeIndependence } from '@chainrule/graph'
 * const dag = markov(['x1', 'x2', 'x3'])
 * if (E.isRight(dag)) localIndependencies(dag.right).map(describeIndependence) // => ['x3 ⟂ x1 | x2']
 * ```
 */
export const localIndependencies = (dag: Dag): readonly Independence[] => {
  const out: Independence[] = []
  dag.nodes.forEach((name, v) => {
    const excluded = descendantMask(dag, [v])
    for (const p of dag.parentIds[v]!) excluded[p] = 1
    const y = dag.nodes.filter((_, w) => excluded[w] === 0)
    if (y.length > 0) out.push({ x: [name], y, given: dag.parentIds[v]!.map((p) => dag.nodes[p]!) })
  })
  return out
}

/**
 * Render an independence statement as one line, e.g. `a ⟂ b, c | d` (`| ∅` omitted when nothing is given).
 *
 * @example
 * ```ts
 * import { describeIndependence } from '@chainrule/graph'
 * describeIndependence({ x: ['tub'], y: ['smoke'], given: [] }) // => 'tub ⟂ smoke'
 * ```
 */
export const describeIndependence = (s: Independence): string =>
  `${s.x.join(', ')} ⟂ ${s.y.join(', ')}${s.given.length > 0 ? ` | ${s.given.join(', ')}` : ''}`
