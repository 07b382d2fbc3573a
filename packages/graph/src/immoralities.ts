/**
 * Immoralities (v-structures), skeletons, and I-equivalence.
 *
 * Verma & Pearl, "Equivalence and synthesis of causal models" (UAI 1990): two DAGs
 * over the same variables encode the same independencies (are I-equivalent) iff they
 * have the same skeleton and the same immoralities. Koller & Friedman Thm 3.8.
 */
import type { Dag } from './dag.js'

/** A v-structure `parents[0] -> child <- parents[1]` whose two parents are not adjacent. */
export interface Immorality {
  /** The two parents, in declaration order. */
  readonly parents: readonly [string, string]
  readonly child: string
}

const adjacencyKeys = (dag: Dag): Set<number> => {
  const n = dag.nodes.length
  const keys = new Set<number>()
  dag.parentIds.forEach((ps, v) => {
    for (const p of ps) keys.add(Math.min(p, v) * n + Math.max(p, v))
  })
  return keys
}

/**
 * Every immorality of the DAG: pairs of non-adjacent parents of a common child.
 * Listed by child in declaration order, then by parent ids.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, immoralities } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet']])
 * if (E.isRight(dag)) immoralities(dag.right) // => [{ parents: ['rain', 'sprinkler'], child: 'wet' }]
 * ```
 */
export const immoralities = (dag: Dag): readonly Immorality[] => {
  const n = dag.nodes.length
  const adjacent = adjacencyKeys(dag)
  const out: Immorality[] = []
  dag.parentIds.forEach((ps, v) => {
    const sorted = [...ps].sort((a, b) => a - b)
    for (let i = 0; i < sorted.length; i++)
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!
        const b = sorted[j]!
        if (!adjacent.has(a * n + b)) out.push({ parents: [dag.nodes[a]!, dag.nodes[b]!], child: dag.nodes[v]! })
      }
  })
  return out
}

/**
 * The skeleton: every edge with its direction dropped, as `[a, b]` name pairs with
 * id(a) < id(b), sorted by ids.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, skeleton } from '@chainrule/graph'
 * const dag = fromEdges([['b', 'a']], ['a', 'b'])
 * if (E.isRight(dag)) skeleton(dag.right) // => [['a', 'b']]
 * ```
 */
export const skeleton = (dag: Dag): readonly (readonly [string, string])[] => {
  const n = dag.nodes.length
  return [...adjacencyKeys(dag)]
    .sort((a, b) => a - b)
    .map((k) => [dag.nodes[Math.floor(k / n)]!, dag.nodes[k % n]!] as const)
}

const nameKey = (names: readonly string[]): string => JSON.stringify([...names].sort())

/**
 * Whether two DAGs encode exactly the same conditional independencies: same variables
 * (by name, in any declaration order), same skeleton, same immoralities.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, isIEquivalent } from '@chainrule/graph'
 * const ab = fromEdges([['a', 'b'], ['b', 'c']])
 * const cb = fromEdges([['c', 'b'], ['b', 'a']])
 * if (E.isRight(ab) && E.isRight(cb)) isIEquivalent(ab.right, cb.right) // => true
 * ```
 */
export const isIEquivalent = (g1: Dag, g2: Dag): boolean => {
  if (g1.nodes.length !== g2.nodes.length || nameKey(g1.nodes) !== nameKey(g2.nodes)) return false
  const skeletonKeys = (g: Dag) => new Set(skeleton(g).map((pair) => nameKey(pair)))
  const immoralityKeys = (g: Dag) => new Set(immoralities(g).map((m) => JSON.stringify([nameKey(m.parents), m.child])))
  const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((k) => b.has(k))
  return sameSet(skeletonKeys(g1), skeletonKeys(g2)) && sameSet(immoralityKeys(g1), immoralityKeys(g2))
}
