/**
 * Folding context tables: when, at every position, the parents of some
 * context groups are a subset of the parents of one largest group (the
 * nested neighbourhoods of the mixed models: the 4 nearest pixels within the
 * 10 within the 12), their log-odds can be added into the largest group's
 * table once, row by row. Scoring and sampling then read one table instead of
 * several; the distribution is unchanged (exactly the same sums, in another order).
 */
import type { BinaryChain, ContextGroup } from './image-chain.js'

/** Whether group `small`'s parents at position p are all among `big`'s. */
const nestedAt = (small: ContextGroup, big: ContextGroup, p: number): boolean => {
  for (let j = 0; j < small.counts[p]!; j++) {
    const parent = small.parents[p * small.k + j]!
    let found = false
    for (let i = 0; i < big.counts[p]!; i++) if (big.parents[p * big.k + i] === parent) found = true
    if (!found) return false
  }
  return true
}

/**
 * Fold every context group whose parents are nested in the largest group's
 * (at every position) into that group. Groups that are not nested stay as they are.
 *
 * @example
 * ```ts
 * import { imageMatrix, foldContexts, learnTableChain } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     // One context group: nothing to fold
 *     foldContexts(fit.right.chain).contexts.length // => 1
 *   }
 * }
 * ```
 */
export const foldContexts = (chain: BinaryChain): BinaryChain => {
  if (chain.contexts.length < 2) return chain
  const { n } = chain
  const bigIndex = chain.contexts.reduce((best, g, i) => (g.k > chain.contexts[best]!.k ? i : best), 0)
  const big = chain.contexts[bigIndex]!
  const nested = chain.contexts.filter((g, i) => i !== bigIndex && Array.from({ length: n }, (_, p) => nestedAt(g, big, p)).every(Boolean))
  if (nested.length === 0) return chain
  const rows = 1 << big.k
  const logits = Float64Array.from(big.logits)
  for (let p = 0; p < n; p++) {
    const c = big.counts[p]!
    for (const g of nested) {
      // Where each of g's parents sits in big's parent list: bit (c - 1 - i) of big's context index.
      const shifts = Array.from({ length: g.counts[p]! }, (_, j) => {
        let i = 0
        while (big.parents[p * big.k + i] !== g.parents[p * g.k + j]) i++
        return c - 1 - i
      })
      const stride = 1 << g.k
      for (let r = 0; r < 1 << c; r++) {
        let index = 0
        for (const s of shifts) index = (index << 1) | ((r >> s) & 1)
        logits[p * rows + r]! += g.logits[p * stride + index]!
      }
    }
  }
  const contexts = chain.contexts.filter((g) => g !== big && !nested.includes(g))
  return { ...chain, contexts: [{ ...big, logits }, ...contexts] }
}
