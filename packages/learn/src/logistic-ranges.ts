/**
 * Training the positions of a logistic image chain, in this thread or split
 * over worker threads: the log-likelihood decomposes over positions, so each
 * thread trains a range of positions of about equal work on its own, with no
 * synchronisation; progress reports the slowest range.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'
import type { ProgressCallback } from './image-progress.js'
import type { ContextFeature, KernelOptions, KernelResult, PositionData } from './logistic-kernel.js'
import { trainRange } from './logistic-kernel.js'
import type { Threads } from './threads.js'

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

/** Progress a thread posts while it trains its range. */
interface RangeProgress {
  readonly epoch: number
  readonly batch: number
  readonly batches: number
}

/** What a logistic chain trains on, with what, and where (shared by the position ranges here and `hidden-training.ts`). */
export interface ChainTraining {
  readonly n: number
  readonly train: PositionData
  readonly validation: PositionData
  readonly features: readonly ContextFeature[]
  /** Initial biases, one per position. */
  readonly bias: Float64Array
  readonly kernel: KernelOptions
  /** Worker threads (undefined: train in this thread). */
  readonly threads: Threads | undefined
  readonly progress?: ProgressCallback
}

/** What {@link trainRanges} trains: a chain, in ranges of positions (one per thread). */
export interface RangeTraining extends ChainTraining {
  readonly workers: number
}

/** Train every position: one range in this thread, or one range per worker thread (a failed thread is WorkerFailed). */
export const trainRanges = async (job: RangeTraining): Promise<E.Either<LearnError, KernelResult[]>> => {
  const { n, features, bias, kernel, threads, workers, progress } = job
  const trainData = job.train
  const validationData = job.validation
  const dense = kernel.dense
  let results: KernelResult[]
  const epochs = kernel.epochs
  if (threads === undefined) {
    const report = (epoch: number, batch: number, batches: number): void =>
      progress?.(epoch * batches + batch, epochs * batches, `epoch ${epoch + 1}`)
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
        (w, posted) => {
          const { epoch, batch, batches } = posted as RangeProgress
          done[w] = epoch * batches + batch
          const slowest = Math.min(...done)
          progress?.(slowest, epochs * batches, `epoch ${Math.floor(slowest / batches) + 1}`)
        },
      )
      results = trained as KernelResult[]
    } catch (e) {
      return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
    }
  }
  return E.right(results)
}
