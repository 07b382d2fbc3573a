/**
 * The linear probe trained on threads: the classes are split into one range
 * per thread, each thread trains its range
 * (`trainClassRange`), and the threads meet at a barrier in shared memory
 * after writing their logits (see `probe-training.ts`). Each class's numbers
 * are the same additions in the same order as on one thread, so the weights
 * equal `trainLinearProbe`'s to the bit. The features live in shared memory
 * (copied there once unless they already are), so no thread copies them.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'
import type { FeatureMatrix } from './latent-scores.js'
import { checkProbe, type LinearProbe, type ProbeOptions } from './linear-probe.js'
import { trainClassRange, type ClassRange, type ProbeSettings, type RangeResult, type SharedLogits } from './probe-training.js'
import type { Threads } from './threads.js'
import { equalBounds, inSharedMemory } from './thread-split.js'
import { barrierOn, failingTogether } from './thread-barrier.js'

/** One thread's share of the probe: its classes, and the shared memory every thread works on. */
export interface ProbeJob {
  readonly features: FeatureMatrix
  readonly labels: Int32Array
  readonly validation: { readonly features: FeatureMatrix; readonly labels: Int32Array } | undefined
  readonly range: ClassRange
  readonly settings: ProbeSettings
  readonly shared: SharedLogits
  /** [threads arrived, barrier generation, failed]: the barrier between the threads. */
  readonly sync: Int32Array
  readonly parties: number
}

/** Run one thread's range (in a worker that received the job); a failure tells the other threads to stop waiting. */
export const runProbeJob = (job: ProbeJob): RangeResult =>
  failingTogether(job.sync, () => trainClassRange(job.features, job.labels, job.range, job.settings, job.validation, job.shared, barrierOn(job.sync, job.parties)))

/** The features in shared memory (as they are when they already live there). */
const sharedFeatures = (f: FeatureMatrix): FeatureMatrix => (f.values.buffer instanceof SharedArrayBuffer ? f : { ...f, values: inSharedMemory(f.values) })

const sharedFloats = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * length))

/**
 * {@link trainLinearProbe} with the classes split over `threads` (for instance `workerThreads(2)` of
 * `@chainrule/learn/node`): the same weights to the bit. On two threads it took 4.2-5.2 s against 5.8-6.6 s on
 * one (5,000 rows of 7,906 features, 6 epochs); at 3 epochs starting the threads ate the gain.
 * Each thread trains a range of classes; they meet at a barrier in shared memory once per minibatch,
 * since a row's softmax needs every class's logit. A thread that fails is a `WorkerFailed` error, and
 * the others stop.
 *
 * @example
 * ```ts
 * import { trainLinearProbe, trainLinearProbeOnThreads } from '@chainrule/learn'
 * import { workerThreads } from '@chainrule/learn/node'
 * import * as E from 'fp-ts/lib/Either.js'
 * const features = { rows: 6, dims: 2, values: Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.2, 0.8, 0.5, 0.5, 0.6, 0.4), names: ['a', 'b'] }
 * const labels = Uint8Array.of(0, 0, 1, 1, 2, 2)
 * const split = await trainLinearProbeOnThreads(features, labels, { epochs: 5 }, workerThreads(2))
 * const one = trainLinearProbe(features, labels, { epochs: 5 })
 * E.isRight(split) && E.isRight(one) && split.right.weights.every((w, i) => w === one.right.weights[i]) // => true
 * ```
 */
export const trainLinearProbeOnThreads = async (
  features: FeatureMatrix,
  labels: ArrayLike<number>,
  options: ProbeOptions,
  threads: Threads,
): Promise<E.Either<LearnError, LinearProbe>> => {
  const checked = checkProbe(features, labels, options)
  if (E.isLeft(checked)) return checked
  const { classes, settings } = checked.right
  const parties = Math.max(1, Math.min(threads.count, classes))
  // Equal shares of the classes (each class's numbers do not depend on which classes share its range).
  const bounds = equalBounds(classes, parties)
  const validation = options.validation === undefined ? undefined : { features: sharedFeatures(options.validation.features), labels: Int32Array.from(options.validation.labels) }
  const shared: SharedLogits = {
    batch: [sharedFloats(settings.batchSize * classes), sharedFloats(settings.batchSize * classes)],
    validation: sharedFloats((validation?.features.rows ?? 0) * classes),
  }
  const common = { features: sharedFeatures(features), labels: Int32Array.from(labels), validation, settings, shared, sync: new Int32Array(new SharedArrayBuffer(12)), parties }
  const jobs: ProbeJob[] = Array.from({ length: parties }, (_, k) => ({ ...common, range: { lo: bounds[k]!, hi: bounds[k + 1]!, classes } }))
  let results: readonly RangeResult[]
  try {
    results = (await threads.run('probeClasses', jobs, () => {})) as readonly RangeResult[]
  } catch (e) {
    return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
  }
  // Classes are laid out one after another, so the ranges' weights join end to end.
  const weights = new Float64Array(classes * features.dims)
  const bias = new Float64Array(classes)
  results.forEach((r, k) => {
    weights.set(r.weights, bounds[k]! * features.dims)
    bias.set(r.bias, bounds[k]!)
  })
  const { trainAccuracy, validationAccuracy, epoch } = results[0]!
  return E.right({ dims: features.dims, classes, weights, bias, trainAccuracy, validationAccuracy, epoch })
}
