/**
 * The worker side of `runWorkers`: how a worker script reports progress, its
 * result, or a failure of its own (a typed error, not a crash). A worker that
 * ends without calling `finishJob` or `failJob` is a `WorkerFailed`.
 */
import { parentPort } from 'node:worker_threads'
import type { WorkerMessage } from './pool.js'

const post = <R, F, P>(message: WorkerMessage<R, F, P>): void => {
  if (parentPort === null) throw new Error('not running in a worker thread')
  parentPort.postMessage(message)
}

/**
 * Post the job's result (once, last).
 *
 * @example
 * ```ts
 * import { finishJob } from '@chainrule/workers'
 * typeof finishJob // => 'function'
 * // in a worker script: finishJob(sum)
 * ```
 */
export const finishJob = <R>(result: R): void => post<R, never, never>({ kind: 'done', result })

/**
 * Post a failure of the job (a typed error the pool returns as it is).
 *
 * @example
 * ```ts
 * import { failJob } from '@chainrule/workers'
 * typeof failJob // => 'function'
 * // in a worker script: failJob({ _tag: 'OverBudget', ... })
 * ```
 */
export const failJob = <F>(error: F): void => post<never, F, never>({ kind: 'failed', error })

/**
 * Post progress (any number of times before the result).
 *
 * @example
 * ```ts
 * import { reportProgress } from '@chainrule/workers'
 * typeof reportProgress // => 'function'
 * // in a worker script: reportProgress({ epoch, batch })
 * ```
 */
export const reportProgress = <P>(progress: P): void => post<never, never, P>({ kind: 'progress', progress })
