/**
 * Seeded ancestral sampling of binary images from a {@link BinaryChain}:
 * positions in order, each pixel drawn from sigmoid(logit) given the pixels
 * already drawn. The dense part is kept incrementally (an 'on' pixel adds its
 * row of W to the later logits) and so are the hidden units (an 'on' pixel
 * adds its input row), so an image costs O(on pixels * n + n * k + n * units).
 */
import type { Rng } from '@chainrule/models'
import type { ImageMatrix } from './image-data.js'
import type { BinaryChain } from './image-chain.js'
import { addInputRow, contextIndex, hiddenLogit, sigmoid } from './image-chain.js'

/**
 * Draw `count` images (row-major, variable order) with the given generator.
 * Same seed, same images.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, sampleChain } from '@chainrule/learn'
 * import { autoregressive, createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     const drawn = sampleChain(fit.right.chain, 100, createRng(7))
 *     ;[drawn.rows, drawn.width, drawn.height] // => [100, 2, 2]
 *     // Same seed, same images
 *     sampleChain(fit.right.chain, 100, createRng(7)).pixels.join() === drawn.pixels.join() // => true
 *   }
 * }
 * ```
 */
export const sampleChain = (chain: BinaryChain, count: number, rng: Rng): ImageMatrix => {
  const n = chain.n
  const pixels = new Uint8Array(Math.max(0, count) * n)
  const xs = new Uint8Array(n)
  const logits = new Float64Array(n)
  const { bias, dense, contexts, ordering, hidden } = chain
  const units = new Float64Array(hidden?.units ?? 0)
  for (let r = 0; r < count; r++) {
    logits.set(bias)
    if (hidden !== undefined) units.set(hidden.bias)
    for (let p = 0; p < n; p++) {
      let l = logits[p]!
      for (const g of contexts) l += g.logits[p * (1 << g.k) + contextIndex(g, p, xs)]!
      if (hidden !== undefined) l += hiddenLogit(hidden, p, units)
      const bit = rng.float() < sigmoid(l) ? 1 : 0
      xs[p] = bit
      pixels[r * n + ordering[p]!] = bit
      if (bit === 1 && hidden !== undefined) addInputRow(hidden, p, units)
      if (bit === 1 && dense !== undefined) {
        const row = p * n
        for (let q = p + 1; q < n; q++) logits[q]! += dense[row + q]!
      }
    }
  }
  return { rows: Math.max(0, count), width: chain.width, height: chain.height, pixels }
}
