/**
 * The Markov blanket of a node: parents, children, and the children's other parents
 * (Pearl 1988). Given its blanket a node is d-separated from every other node.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from './dag.js'
import type { GraphError } from './errors.js'
import { namesOfMask, resolveNode } from './resolve.js'

/**
 * The Markov blanket of `node` (parents, children, co-parents of its children; not the
 * node itself), in declaration order.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { fromEdges, markovBlanket } from '@chainrule/graph'
 * const dag = fromEdges([['rain', 'wet'], ['sprinkler', 'wet'], ['wet', 'slippery']])
 * if (E.isRight(dag)) markovBlanket(dag.right, 'rain') // => E.right(['wet', 'sprinkler'])
 * ```
 */
export const markovBlanket = (dag: Dag, node: string): E.Either<GraphError, readonly string[]> =>
  E.Functor.map(resolveNode(dag, node), (v) => {
    const mask = new Uint8Array(dag.nodes.length)
    for (const p of dag.parentIds[v]!) mask[p] = 1
    for (const c of dag.childIds[v]!) {
      mask[c] = 1
      for (const p of dag.parentIds[c]!) mask[p] = 1
    }
    mask[v] = 0
    return namesOfMask(dag, mask)
  })
