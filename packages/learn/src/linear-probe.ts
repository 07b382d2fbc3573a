/**
 * The linear probe of a representation: multinomial logistic regression
 * (softmax over classes of W^T f + b) trained on features with labels, and
 * its accuracy on other rows. The usual measure of what an unsupervised
 * representation makes linearly available; the generative model never sees
 * the labels, only the probe does.
 *
 * Training: minibatch Adam (Kingma & Ba 2015) on the mean cross-entropy plus
 * l2/2 |W|^2, a learning rate multiplied by `decay` after each epoch, rows
 * shuffled by a seeded generator. With `validation`, the weights of the
 * epoch with the best validation accuracy are kept (early stopping; the test
 * rows are never looked at).
 *
 * Training runs class by class ranges (`probe-training.ts`): one thread
 * holds every class here; `trainLinearProbeOnThreads` splits the classes over
 * threads, with the same weights.
 */
import * as E from 'fp-ts/lib/Either.js'
import { argmax, logitsOfRows, ownLogits, trainClassRange, type ProbeSettings } from './probe-training.js'
import type { LearnError } from './errors.js'
import type { FeatureMatrix } from './latent-scores.js'

/** Options of {@link trainLinearProbe}. */
export interface ProbeOptions {
  /** Passes over the training rows (default 20). */
  readonly epochs?: number
  /** Default 100. */
  readonly batchSize?: number
  /** Adam step size (default 0.005). */
  readonly learningRate?: number
  /** Learning rate factor per epoch (default 0.85). */
  readonly decay?: number
  /** L2 penalty on W (default 1e-5). */
  readonly l2?: number
  /** Shuffling seed (default 1). */
  readonly seed?: number
  /** With validation rows: stop after this many epochs in a row without a better validation accuracy (default 4). */
  readonly patience?: number
  /** Rows to keep the best epoch on (accuracy); never the test rows. */
  readonly validation?: { readonly features: FeatureMatrix; readonly labels: ArrayLike<number> }
}

/** A trained probe. */
export interface LinearProbe {
  readonly dims: number
  readonly classes: number
  /** `weights[c * dims + d]`: the weights of class c, one per feature. */
  readonly weights: Float64Array
  readonly bias: Float64Array
  /** Accuracy on the training rows after each epoch. */
  readonly trainAccuracy: readonly number[]
  /** Accuracy on the validation rows after each epoch (when given). */
  readonly validationAccuracy: readonly number[]
  /** The epoch whose weights were kept (0-based). */
  readonly epoch: number
}

const invalid = (option: string, value: unknown, reason: string): LearnError => ({ _tag: 'InvalidOption', option, value: String(value), reason })

/** Predicted classes (argmax of the logits) of every row. */
export const probePredictions = (probe: LinearProbe, features: FeatureMatrix): Int32Array => {
  const out = new Int32Array(features.rows)
  const C = probe.classes
  const rows = new Int32Array(PREDICT_ROWS)
  const logits = new Float64Array(PREDICT_ROWS * C)
  for (let r0 = 0; r0 < features.rows; r0 += PREDICT_ROWS) {
    const count = Math.min(PREDICT_ROWS, features.rows - r0)
    for (let k = 0; k < count; k++) rows[k] = r0 + k
    logitsOfRows(probe.weights, probe.bias, { lo: 0, hi: C, classes: C }, features, rows, count, logits)
    for (let k = 0; k < count; k++) out[r0 + k] = argmax(logits, k * C, C)
  }
  return out
}

/** Rows whose logits are computed together when predicting. */
const PREDICT_ROWS = 64

/**
 * Share of rows whose predicted class is their label.
 *
 * @example
 * ```ts
 * import { probeAccuracy, trainLinearProbe } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const features = { rows: 4, dims: 2, values: Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.2, 0.8), names: ['a', 'b'] }
 * const probe = trainLinearProbe(features, Uint8Array.of(0, 0, 1, 1), { epochs: 50, learningRate: 0.1 })
 * E.isRight(probe) && probeAccuracy(probe.right, features, Uint8Array.of(0, 0, 1, 1)) // => 1
 * ```
 */
export const probeAccuracy = (probe: LinearProbe, features: FeatureMatrix, labels: ArrayLike<number>): number => {
  const predicted = probePredictions(probe, features)
  let right = 0
  for (let r = 0; r < features.rows; r++) if (predicted[r] === labels[r]) right++
  return features.rows === 0 ? 0 : right / features.rows
}

/**
 * Train a multinomial logistic regression on features and labels (classes 0..max label).
 * Errors: shapes that disagree, no rows, labels that are not small non-negative integers, bad options.
 *
 * @example
 * ```ts
 * import { trainLinearProbe } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const features = { rows: 2, dims: 1, values: Float32Array.of(0, 1), names: ['x'] }
 * const probe = trainLinearProbe(features, Uint8Array.of(0, 1), { epochs: 30, learningRate: 0.1 })
 * E.isRight(probe) && probe.right.classes // => 2
 * ```
 */
export const trainLinearProbe = (features: FeatureMatrix, labels: ArrayLike<number>, options: ProbeOptions = {}): E.Either<LearnError, LinearProbe> => {
  const checked = checkProbe(features, labels, options)
  if (E.isLeft(checked)) return checked
  const { classes, settings } = checked.right
  const validation = options.validation
  const shared = ownLogits(settings.batchSize, classes, validation?.features.rows ?? 0)
  const trained = trainClassRange(features, labels, { lo: 0, hi: classes, classes }, settings, validation, shared, () => {})
  return E.right({ dims: features.dims, classes, ...trained })
}

/** The number of classes and the settings of a probe's training, or what is wrong with its inputs. */
export const checkProbe = (
  features: FeatureMatrix,
  labels: ArrayLike<number>,
  options: ProbeOptions,
): E.Either<LearnError, { readonly classes: number; readonly settings: ProbeSettings }> => {
  const { rows, dims } = features
  if (rows === 0) return E.left({ _tag: 'EmptyData', what: 'probe training rows' })
  if (features.values.length !== rows * dims) return E.left({ _tag: 'ShapeMismatch', what: 'feature values', expected: rows * dims, got: features.values.length })
  if (labels.length !== rows) return E.left({ _tag: 'ShapeMismatch', what: 'labels', expected: rows, got: labels.length })
  let classes = 0
  for (let r = 0; r < rows; r++) {
    const l = labels[r]!
    if (!(Number.isInteger(l) && l >= 0 && l < 65536)) return E.left(invalid('labels', l, `row ${r}: expected an integer class 0..65535`))
    classes = Math.max(classes, l + 1)
  }
  const settings: ProbeSettings = {
    epochs: options.epochs ?? 20,
    batchSize: options.batchSize ?? 100,
    learningRate: options.learningRate ?? 0.005,
    decay: options.decay ?? 0.85,
    l2: options.l2 ?? 1e-5,
    seed: options.seed ?? 1,
    patience: options.patience ?? 4,
  }
  const { epochs, batchSize, learningRate, decay, l2, patience } = settings
  for (const [name, value, ok] of [
    ['epochs', epochs, Number.isSafeInteger(epochs) && epochs >= 1],
    ['batchSize', batchSize, Number.isSafeInteger(batchSize) && batchSize >= 1],
    ['learningRate', learningRate, learningRate > 0 && Number.isFinite(learningRate)],
    ['decay', decay, decay > 0 && decay <= 1],
    ['l2', l2, l2 >= 0 && Number.isFinite(l2)],
    ['patience', patience, Number.isSafeInteger(patience) && patience >= 1],
  ] as const)
    if (!ok) return E.left(invalid(name, value, 'out of range'))
  const validation = options.validation
  if (validation !== undefined && (validation.features.dims !== dims || validation.labels.length !== validation.features.rows))
    return E.left({ _tag: 'ShapeMismatch', what: 'validation features', expected: dims, got: validation.features.dims })
  return E.right({ classes, settings })
}
