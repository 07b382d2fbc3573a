/**
 * Mixtures of binary chains (e.g. the same model family under several
 * orderings): p(x) = sum_k pi_k p_k(x). Scoring and the weights' EM on
 * held-out images are `mixture-weights.ts`'s; sampling picks a component,
 * then samples it.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Rng } from '@chainrule/models'
import type { ImageMatrix } from './image-data.js'
import type { LearnError } from './errors.js'
import type { BinaryChain } from './image-chain.js'
import { chainLogLikelihoods } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import { combineMixtureScores, fitWeightsToScores } from './mixture-weights.js'

/** A finite mixture of chains over the same grid. */
export interface ChainMixture {
  readonly components: readonly BinaryChain[]
  /** Mixing weights, positive, summing to 1. */
  readonly weights: Float64Array
}

/**
 * log p(x) in nats for every image under a mixture. Errors as for `chainLogLikelihoods`.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainLogLikelihoods, mixtureLogLikelihoods } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   // A mixture of a chain with itself scores as the chain does
 *   const mixed = mixtureLogLikelihoods({ components: [chain, chain], weights: Float64Array.of(0.5, 0.5) }, images.right)
 *   const single = chainLogLikelihoods(chain, images.right)
 *   const expected = E.isRight(single) ? Array.from(single.right) : []
 *   E.isRight(mixed) && Array.from(mixed.right) // ~> expected
 * }
 * ```
 */
export const mixtureLogLikelihoods = (mixture: ChainMixture, images: ImageMatrix): E.Either<LearnError, Float64Array> => {
  const each: Float64Array[] = []
  for (const c of mixture.components) {
    const ll = chainLogLikelihoods(c, images)
    if (E.isLeft(ll)) return ll
    each.push(ll.right)
  }
  return E.right(combineMixtureScores(each, mixture.weights))
}

/**
 * Fit the mixing weights of fixed components by EM on held-out images
 * (`iterations` rounds, default 50; starts uniform). Errors: no component, no image.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, fitMixtureWeights } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   // Two identical components: EM has no reason to prefer either
 *   const mixture = fitMixtureWeights([chain, chain], images.right)
 *   E.isRight(mixture) && Array.from(mixture.right.weights) // ~> [0.5, 0.5]
 * }
 * ```
 */
export const fitMixtureWeights = (
  components: readonly BinaryChain[],
  images: ImageMatrix,
  iterations = 50,
): E.Either<LearnError, ChainMixture> => {
  if (components.length === 0) return E.left({ _tag: 'EmptyData', what: 'mixture components' })
  if (images.rows === 0) return E.left({ _tag: 'EmptyData', what: 'held-out images' })
  const each: Float64Array[] = []
  for (const c of components) {
    const ll = chainLogLikelihoods(c, images)
    if (E.isLeft(ll)) return ll
    each.push(ll.right)
  }
  // Fixed rounds; no weight below 1e-12, so an image only one component explains still scores.
  const { weights } = fitWeightsToScores(each, iterations, 0, 1e-12)
  return E.right({ components, weights })
}

/**
 * Seeded sampling from a mixture: a component by weight, then an image from it.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, sampleMixture } from '@chainrule/learn'
 * import { autoregressive, createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const drawn = sampleMixture({ components: [chain, chain], weights: Float64Array.of(0.5, 0.5) }, 10, createRng(1))
 *   drawn.rows // => 10
 * }
 * ```
 */
export const sampleMixture = (mixture: ChainMixture, count: number, rng: Rng): ImageMatrix => {
  const first = mixture.components[0]!
  const n = first.n
  const pixels = new Uint8Array(Math.max(0, count) * n)
  for (let r = 0; r < count; r++) {
    let u = rng.float()
    let k = 0
    while (k < mixture.components.length - 1 && u >= mixture.weights[k]!) u -= mixture.weights[k++]!
    pixels.set(sampleChain(mixture.components[k]!, 1, rng).pixels, r * n)
  }
  return { rows: Math.max(0, count), width: first.width, height: first.height, pixels }
}
