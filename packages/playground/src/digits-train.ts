/**
 * Build-time training of the shipped digits model: a causal-neighbourhood
 * table chain (raster order, the `maxParents` nearest earlier pixels within
 * `radius`) learned with `learnTableChain` of `@chainrule/learn`, alpha chosen
 * on the validation images, then the test images scored with
 * `chainLogLikelihoods`, and everything encoded with `encodeDigitsModel`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { BinaryChain, ImageMatrix } from '@chainrule/learn'
import { chainLogLikelihoods, countContexts, describeError as describeLearnError, learnTableChain } from '@chainrule/learn'
import type { PlaygroundError } from './errors.js'
import type { DigitsHeader } from './digits-model.js'
import { digitsStructure, encodeDigitsModel } from './digits-model.js'

/** The structure and smoothing candidates of the shipped model. */
export const DIGITS_OPTIONS = { radius: 3, maxParents: 6, alphas: [0.03, 0.1, 0.3, 1, 3] } as const

/** A trained model file and the chain it encodes. */
export interface TrainedDigits {
  readonly bytes: Uint8Array
  readonly header: DigitsHeader
  readonly chain: BinaryChain
  readonly testLogLikelihoods: Float64Array
}

/**
 * Train, score the test images and encode the model file.
 *
 * @example
 * // const t = trainDigits(train, validation, test, 'binarized MNIST') // Right({ bytes, header, chain, testLogLikelihoods })
 */
export const trainDigits = (
  train: ImageMatrix,
  validation: ImageMatrix,
  test: ImageMatrix,
  data: string,
  options: { readonly radius: number; readonly maxParents: number; readonly alphas: readonly number[] } = DIGITS_OPTIONS,
): E.Either<PlaygroundError, TrainedDigits> => {
  const wrap = (e: Parameters<typeof describeLearnError>[0]): PlaygroundError => ({ _tag: 'ModelFileInvalid', reason: describeLearnError(e) })
  const shape = { width: train.width, height: train.height, radius: options.radius, maxParents: options.maxParents }
  const structure = digitsStructure(shape)
  if (E.isLeft(structure)) return structure
  const fit = learnTableChain(train, structure.right, { alpha: options.alphas, validation })
  if (E.isLeft(fit)) return E.left(wrap(fit.left))
  const counts = countContexts(train, structure.right)
  if (E.isLeft(counts)) return E.left(wrap(counts.left))
  const scored = chainLogLikelihoods(fit.right.chain, test)
  if (E.isLeft(scored)) return E.left(wrap(scored.left))
  const header: DigitsHeader = {
    format: 'chainrule-digits',
    version: 1,
    ...shape,
    alpha: fit.right.alpha,
    trainImages: train.rows,
    testImages: test.rows,
    description: `${data}; raster order, ${options.maxParents} nearest earlier pixels (radius ${options.radius}); Dirichlet alpha ${fit.right.alpha} chosen on ${validation.rows} validation images`,
  }
  const bytes = encodeDigitsModel(header, counts.right, scored.right)
  return E.map((b: Uint8Array) => ({ bytes: b, header, chain: fit.right.chain, testLogLikelihoods: scored.right }))(bytes)
}
