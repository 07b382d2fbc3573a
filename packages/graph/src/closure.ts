/**
 * Ancestor and descendant closures on dense ids: one breadth-first walk over the CSR
 * adjacency, O(V + E), returning a byte mask. These are the kernels behind
 * `ancestors`, `descendants`, `ancestralSubgraph` and the Bayes-ball's first phase.
 */
import { storageOf, type Dag } from './dag.js'

const closure = (n: number, start: Int32Array, list: Int32Array, seeds: ArrayLike<number>): Uint8Array => {
  const mask = new Uint8Array(n)
  const queue = new Int32Array(n)
  let tail = 0
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i]!
    if (mask[s] === 0) {
      mask[s] = 1
      queue[tail++] = s
    }
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head]!
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const w = list[k]!
      if (mask[w] === 0) {
        mask[w] = 1
        queue[tail++] = w
      }
    }
  }
  return mask
}

/**
 * Mask (length = node count, 1 = member) of `ids` and all their ancestors. Ids must be
 * valid node ids of `dag` (this kernel trusts them).
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, ancestorMask } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) ancestorMask(dag.right, [1]) // => Uint8Array.of(1, 1, 0)
 * ```
 */
export const ancestorMask = (dag: Dag, ids: ArrayLike<number>): Uint8Array => {
  const s = storageOf(dag)
  return closure(dag.nodes.length, s.parentStart, s.parentList, ids)
}

/**
 * Mask (length = node count, 1 = member) of `ids` and all their descendants. Ids must
 * be valid node ids of `dag`.
 *
 * @example
 * ```ts
 * import { either as E } from 'fp-ts'
 * import { chain, descendantMask } from '@chainrule/graph'
 * const dag = chain(['a', 'b', 'c'])
 * if (E.isRight(dag)) descendantMask(dag.right, [1]) // => Uint8Array.of(0, 1, 1)
 * ```
 */
export const descendantMask = (dag: Dag, ids: ArrayLike<number>): Uint8Array => {
  const s = storageOf(dag)
  return closure(dag.nodes.length, s.childStart, s.childList, ids)
}
