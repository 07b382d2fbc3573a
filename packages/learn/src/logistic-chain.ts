/**
 * Learning logistic autoregressive image models: FVSBN (Frey, 1998; the
 * full-history logistic chain, p(x_p = 1 | x_<p) = sigmoid(b_p + w_p . x_<p))
 * and the mixed models that add, per pixel, the log-odds of smoothed context
 * tables (a causal neighbourhood, the last k pixels) as features with learned
 * weights: a logistic CPD over the full history plus table contexts.
 *
 * This module checks the options and puts the steps together: context
 * tables as features (`context-feature.ts`), minibatch Adam with per-position
 * early stopping on a validation set (`logistic-kernel.ts`), in this thread
 * or, with `threads` (e.g. `workerThreads(2)` of `@chainrule/learn/node`),
 * over ranges of positions of equal work, one per thread
 * (`logistic-ranges.ts`), and the ranges assembled into one chain, nested
 * context tables folded for scoring (`logistic-assemble.ts`). With
 * `hiddenUnits`, the chain gains NADE-style rectified units shared by the
 * positions, and every parameter trains together (`hidden-kernel.ts`), the
 * minibatches split over the threads (`hidden-training.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AutoregressiveStructure } from '@chainrule/models'
import { contextFeature } from './context-feature.js'
import { orderingOf } from './context-table.js'
import type { LearnError } from './errors.js'
import type { BinaryChain } from './image-chain.js'
import type { ImageMatrix } from './image-data.js'
import type { ProgressCallback } from './image-progress.js'
import { trainHidden } from './hidden-training.js'
import { assembleChain, assembleHiddenChain } from './logistic-assemble.js'
import type { ContextFeature, KernelOptions } from './logistic-kernel.js'
import { toPositionData } from './logistic-kernel.js'
import { trainRanges } from './logistic-ranges.js'
import type { Threads } from './threads.js'

/** Options of {@link learnLogisticChain}. */
export interface LogisticChainOptions {
  /** Ordering (and, for the dense part, full-history parents) from `autoregressive` of `@chainrule/models`. */
  readonly structure: AutoregressiveStructure
  /** Early stopping and the context tables' smoothing are chosen on these images. */
  readonly validation: ImageMatrix
  /** Include the full-history weights W (default true; false leaves only biases and context features). */
  readonly dense?: boolean
  /** Context tables whose log-odds become features (structures over the same ordering, at most 20 parents). */
  readonly contexts?: readonly AutoregressiveStructure[]
  /** Candidate pseudo-counts of the context tables, chosen on validation (default [0.1, 0.3, 1, 3]). */
  readonly contextAlpha?: readonly number[]
  /** Passes over the training set at most (default 20). */
  readonly epochs?: number
  /** Default 100. */
  readonly batchSize?: number
  /** Adam step size (default 0.01). */
  readonly learningRate?: number
  /** Learning rate factor per epoch (default 0.85). */
  readonly decay?: number
  /** L2 penalty on W (default 0). */
  readonly l2?: number
  /** Epochs without validation improvement before stopping (default 2). */
  readonly patience?: number
  /**
   * Rectified hidden units shared by every position, NADE-style (default 0: none). With units, every
   * parameter trains together (no per-position early stopping: the epoch with the best validation
   * log-likelihood is kept), and `threads` split each minibatch's images instead of the positions.
   */
  readonly hiddenUnits?: number
  /** Run the hidden units' passes in WebAssembly where the runtime has it (default true; false: the typed-array twin, the same numbers). */
  readonly webAssembly?: boolean
  /** Seed of the minibatch shuffling and of the hidden units' start (default 1). */
  readonly seed?: number
  /** Threads to split the work over (default: train in this thread); `workerThreads(n)` of `@chainrule/learn/node`. */
  readonly threads?: Threads
  readonly progress?: ProgressCallback
}

/** A trained logistic chain and its training record. */
export interface LogisticChainFit {
  readonly chain: BinaryChain
  /** Mean validation NLL (nats per image) of the current parameters after each epoch. */
  readonly validationHistory: readonly number[]
  /** Mean validation NLL with each position at its best epoch (the returned model). */
  readonly validationNll: number
  /** Pseudo-count chosen for each context table. */
  readonly contextAlpha: readonly number[]
  /** Threads the work was split over (1 when trained in the calling thread). */
  readonly workers: number
}

/** More hidden units than this is refused (the parameters alone would pass 100 MB on MNIST-sized images). */
const MAX_HIDDEN_UNITS = 8192

const invalid = (option: string, value: unknown, reason: string): LearnError => ({
  _tag: 'InvalidOption',
  option,
  value: String(value),
  reason,
})

const sameOrdering = (a: AutoregressiveStructure, b: AutoregressiveStructure): boolean =>
  a.ordering.length === b.ordering.length && a.ordering.every((v, i) => v === b.ordering[i])

/**
 * Train a logistic image chain. Errors: images whose size differs from the
 * structure, a structure that is not full history while `dense` is on,
 * context structures over another ordering or with more than 20 parents, bad
 * hyper-parameters, a worker that cannot start.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnLogisticChain } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   // FVSBN: a logistic regression of each pixel on every earlier one
 *   const fit = await learnLogisticChain(images.right, { structure: s.right, validation: images.right, epochs: 3 })
 *   E.isRight(fit) && [fit.right.workers, fit.right.chain.n] // => [1, 4]
 * }
 * ```
 */
export const learnLogisticChain = async (
  train: ImageMatrix,
  options: LogisticChainOptions,
): Promise<E.Either<LearnError, LogisticChainFit>> => {
  const { structure, validation } = options
  const n = structure.names.length
  for (const [what, images] of [['training', train], ['validation', validation]] as const) {
    if (images.width * images.height !== n)
      return E.left({ _tag: 'ShapeMismatch', what: `${what} pixels per image`, expected: n, got: images.width * images.height })
    if (images.rows === 0) return E.left({ _tag: 'EmptyData', what: `${what} images` })
  }
  const dense = options.dense ?? true
  const hiddenUnits = options.hiddenUnits ?? 0
  if (dense && structure.maxParents !== n - 1)
    return E.left(invalid('structure', `max ${structure.maxParents} parents`, 'the dense (FVSBN) part needs a full-history structure'))
  const kernel: KernelOptions = {
    epochs: options.epochs ?? 20,
    batchSize: options.batchSize ?? 100,
    learningRate: options.learningRate ?? 0.01,
    decay: options.decay ?? 0.85,
    l2: options.l2 ?? 0,
    patience: options.patience ?? 2,
    seed: options.seed ?? 1,
    dense,
  }
  for (const [name, value, ok] of [
    ['epochs', kernel.epochs, Number.isSafeInteger(kernel.epochs) && kernel.epochs >= 1],
    ['batchSize', kernel.batchSize, Number.isSafeInteger(kernel.batchSize) && kernel.batchSize >= 1],
    ['learningRate', kernel.learningRate, kernel.learningRate > 0 && Number.isFinite(kernel.learningRate)],
    ['decay', kernel.decay, kernel.decay > 0 && kernel.decay <= 1],
    ['l2', kernel.l2, kernel.l2 >= 0 && Number.isFinite(kernel.l2)],
    ['patience', kernel.patience, Number.isSafeInteger(kernel.patience) && kernel.patience >= 1],
    ['hiddenUnits', hiddenUnits, Number.isSafeInteger(hiddenUnits) && hiddenUnits >= 0 && hiddenUnits <= MAX_HIDDEN_UNITS],
  ] as const)
    if (!ok) return E.left(invalid(name, value, 'out of range'))
  const threads = options.threads
  const workers = threads === undefined ? 1 : threads.count
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > n) return E.left(invalid('threads', workers, `expected 1 to ${n} threads`))
  const alphas = options.contextAlpha ?? [0.1, 0.3, 1, 3]
  if (alphas.length === 0 || alphas.some((a) => !(a > 0) || !Number.isFinite(a)))
    return E.left(invalid('contextAlpha', alphas.join(','), 'expected positive finite pseudo-counts'))

  const features: ContextFeature[] = []
  const chosen: number[] = []
  for (const c of options.contexts ?? []) {
    if (!sameOrdering(c, structure)) return E.left(invalid('contexts', 'structure', 'context tables must use the same ordering'))
    const f = contextFeature(train, validation, c, alphas)
    if (E.isLeft(f)) return f
    features.push(f.right.feature)
    chosen.push(f.right.alpha)
  }
  const ordering = orderingOf(structure)
  const trainData = toPositionData(train.pixels, train.rows, ordering)
  const validationData = toPositionData(validation.pixels, validation.rows, ordering)
  // Start every bias at the marginal log-odds (add-one smoothed) when there is no context feature.
  const bias = new Float64Array(n)
  if (features.length === 0)
    for (let p = 0; p < n; p++) {
      let ones = 0
      for (let r = 0; r < trainData.count; r++) ones += trainData.bits[r * n + p]!
      bias[p] = Math.log((ones + 1) / (trainData.count - ones + 1))
    }

  const shape = { width: train.width, height: train.height, ordering, dense, validationRows: validation.rows }
  if (hiddenUnits > 0) {
    const trained = await trainHidden({
      n,
      units: hiddenUnits,
      train: trainData,
      validation: validationData,
      features,
      bias,
      kernel,
      threads,
      webAssembly: options.webAssembly ?? true,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    })
    if (E.isLeft(trained)) return trained
    const { chain, validationHistory, validationNll } = assembleHiddenChain(trained.right, features, shape)
    return E.right({ chain, validationHistory, validationNll, contextAlpha: chosen, workers: trained.right.threads })
  }
  const results = await trainRanges({ n, train: trainData, validation: validationData, features, bias, kernel, threads, workers, ...(options.progress === undefined ? {} : { progress: options.progress }) })
  if (E.isLeft(results)) return results
  const { chain, validationHistory, validationNll } = assembleChain(results.right, features, shape)
  return E.right({ chain, validationHistory, validationNll, contextAlpha: chosen, workers })
}
