/**
 * Learning logistic autoregressive image models: FVSBN (Frey, 1998; the
 * full-history logistic chain, p(x_p = 1 | x_<p) = sigmoid(b_p + w_p . x_<p))
 * and the mixed models that add, per pixel, the log-odds of smoothed context
 * tables (a causal neighbourhood, the last k pixels) as features with learned
 * weights: a logistic CPD over the full history plus table contexts.
 *
 * Training is minibatch Adam with per-position early stopping on a validation
 * set (see `logistic-kernel.ts`); nested context tables are folded into one
 * for scoring (`context-fold.ts`); with `threads` (e.g. `workerThreads(2)` of
 * `@chainrule/learn/node`) the positions are split into ranges of equal work,
 * one per thread (the log-likelihood decomposes over positions, so no
 * synchronisation is needed).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AutoregressiveStructure } from '@chainrule/models'
import type { ImageMatrix } from './image-data.js'
import type { LearnError } from './errors.js'
import type { BinaryChain, ContextGroup } from './image-chain.js'
import type { ProgressCallback } from './image-progress.js'
import type { Threads } from './threads.js'
import { contextGroupOf, countContexts, heldOutLogLikelihood, orderingOf, smoothedLogits } from './context-table.js'
import type { ContextFeature, KernelOptions, KernelResult, PositionData } from './logistic-kernel.js'
import { toPositionData, trainRange } from './logistic-kernel.js'
import { foldContexts } from './context-fold.js'

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
  /** Seed of the minibatch shuffling (default 1). */
  readonly seed?: number
  /** Threads to split the positions over (default: train in this thread); `workerThreads(n)` of `@chainrule/learn/node`. */
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
  /** Threads the positions were split over (1 when trained in the calling thread). */
  readonly workers: number
}

const invalid = (option: string, value: unknown, reason: string): LearnError => ({
  _tag: 'InvalidOption',
  option,
  value: String(value),
  reason,
})

const sameOrdering = (a: AutoregressiveStructure, b: AutoregressiveStructure): boolean =>
  a.ordering.length === b.ordering.length && a.ordering.every((v, i) => v === b.ordering[i])

/** Split [0, n) into `parts` ranges of about equal work (work of position p = dense ? p * density : 0 + fixed). */
const splitRanges = (n: number, parts: number, weight: (p: number) => number): [number, number][] => {
  let total = 0
  for (let p = 0; p < n; p++) total += weight(p)
  const ranges: [number, number][] = []
  let lo = 0
  let acc = 0
  for (let p = 0; p < n && ranges.length < parts - 1; p++) {
    acc += weight(p)
    if (acc >= (total * (ranges.length + 1)) / parts) {
      ranges.push([lo, p + 1])
      lo = p + 1
    }
  }
  ranges.push([lo, n])
  return ranges
}

const contextFeature = (
  train: ImageMatrix,
  validation: ImageMatrix,
  structure: AutoregressiveStructure,
  alphas: readonly number[],
): E.Either<LearnError, { feature: ContextFeature; alpha: number }> => {
  const group = contextGroupOf(structure)
  if (E.isLeft(group)) return group
  const n = structure.names.length
  const ordering = orderingOf(structure)
  const counts = countContexts(train, structure)
  if (E.isLeft(counts)) return counts
  const held = countContexts(validation, structure)
  if (E.isLeft(held)) return held
  let alpha = alphas[0]!
  let best = -Infinity
  for (const a of alphas) {
    const ll = heldOutLogLikelihood(counts.right, held.right, a)
    if (ll > best) {
      best = ll
      alpha = a
    }
  }
  const stride = 1 << group.right.k
  const logits = smoothedLogits(counts.right, ordering, group.right, alpha, new Float64Array(n * stride))
  const looOn = new Float64Array(logits.length)
  const looOff = new Float64Array(logits.length)
  for (let p = 0; p < n; p++) {
    const c = counts.right[ordering[p]!]!
    for (let r = 0; r < c.length / 2; r++) {
      const n0 = c[2 * r]!
      const n1 = c[2 * r + 1]!
      // The image's own count removed: it saw x = 1 (looOn) or x = 0 (looOff).
      looOn[p * stride + r] = Math.log((Math.max(n1 - 1, 0) + alpha) / (n0 + alpha))
      looOff[p * stride + r] = Math.log((n1 + alpha) / (Math.max(n0 - 1, 0) + alpha))
    }
  }
  const { k, counts: parentCounts, parents } = group.right
  return E.right({ feature: { k, counts: parentCounts, parents, logits, looOn, looOff }, alpha })
}

/** Progress a thread posts while it trains its range. */
interface RangeProgress {
  readonly epoch: number
  readonly batch: number
  readonly batches: number
}

/**
 * Train a logistic image chain. Errors: images whose size differs from the
 * structure, a structure that is not full history while `dense` is on,
 * context structures over another ordering or with more than 20 parents, bad
 * hyper-parameters, a worker that cannot start.
 *
 * @example
 * // const s = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
 * // const fit = await learnLogisticChain(train, { structure: s.right, validation })   // FVSBN
 * // fit.right.chain: score with chainLogLikelihoods, sample with sampleChain
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

  let results: KernelResult[]
  const epochs = kernel.epochs
  if (threads === undefined) {
    const report = (epoch: number, batch: number, batches: number): void =>
      options.progress?.(epoch * batches + batch, epochs * batches, `epoch ${epoch + 1}`)
    results = [trainRange(n, 0, n, trainData, validationData, features, bias, kernel, report)]
  } else {
    const density = trainData.on.length / (trainData.count * n)
    const ranges = splitRanges(n, workers, (p) => (dense ? p * density : 0) + 2 + features.reduce((s, f) => s + 1 + f.k / 4, 0))
    const done = ranges.map(() => 0)
    // The threads stop together: the first that fails (a crash, an exit without answering, out of memory) is WorkerFailed.
    try {
      const trained = await threads.run(
        'logisticRange',
        ranges.map(([lo, hi]) => ({ n, lo, hi, train: trainData, validation: validationData, features, bias, options: kernel })),
        (w, progress) => {
          const { epoch, batch, batches } = progress as RangeProgress
          done[w] = epoch * batches + batch
          const slowest = Math.min(...done)
          options.progress?.(slowest, epochs * batches, `epoch ${Math.floor(slowest / batches) + 1}`)
        },
      )
      results = trained as KernelResult[]
    } catch (e) {
      return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
    }
  }

  const finalBias = new Float64Array(n)
  const finalDense = dense ? new Float64Array(n * n) : undefined
  const weights = new Float64Array(features.length * n)
  let longest = 0
  let best = 0
  for (const r of results) {
    for (let p = r.lo; p < r.hi; p++) {
      finalBias[p] = r.bias[p]!
      for (let g = 0; g < features.length; g++) weights[g * n + p] = r.featureWeights[g * n + p]!
      if (finalDense !== undefined && r.dense !== undefined) for (let q = 0; q < p; q++) finalDense[q * n + p] = r.dense[q * n + p]!
    }
    longest = Math.max(longest, r.history.length)
    best += r.bestValidation
  }
  // A range that stopped early keeps its last score in the later epochs of the history.
  const history: number[] = []
  for (let e = 0; e < longest; e++) {
    let total = 0
    for (const r of results) total += r.history[Math.min(e, r.history.length - 1)]!
    history.push(-total / validation.rows)
  }
  const contexts: ContextGroup[] = features.map((f, g) => {
    const rows = 1 << f.k
    const logits = new Float64Array(f.logits.length)
    for (let p = 0; p < n; p++) {
      const a = weights[g * n + p]!
      for (let c = 0; c < rows; c++) logits[p * rows + c] = a * f.logits[p * rows + c]!
    }
    return { k: f.k, counts: f.counts, parents: f.parents, logits }
  })
  const chain: BinaryChain = {
    width: train.width,
    height: train.height,
    n,
    ordering,
    bias: finalBias,
    ...(finalDense === undefined ? {} : { dense: finalDense }),
    contexts,
  }
  return E.right({ chain: foldContexts(chain), validationHistory: history, validationNll: -best / validation.rows, contextAlpha: chosen, workers })
}
