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
 * import { runWorkers } from '@chainrule/workers'
 * import { either as E } from 'fp-ts'
 *
 * const pool = import.meta.resolve('@chainrule/workers')
 * const doubler = `import { workerData } from 'node:worker_threads'; import { finishJob } from '${pool}'; finishJob(2 * workerData)`
 * const doubled = await runWorkers<number, number>(new URL(`data:text/javascript,${encodeURIComponent(doubler)}`), [1, 2, 3])
 * doubled // => E.right([2, 4, 6])
 * ```
 */
export const finishJob = <R>(result: R): void => post<R, never, never>({ kind: 'done', result })

/**
 * Post a failure of the job (a typed error the pool returns as it is).
 *
 * @example
 * ```ts
 * import { runWorkers } from '@chainrule/workers'
 * import { either as E } from 'fp-ts'
 *
 * const pool = import.meta.resolve('@chainrule/workers')
 * const refuses = `import { failJob } from '${pool}'; failJob({ _tag: 'OverBudget', bytes: 1e12 })`
 * type OverBudget = { readonly _tag: 'OverBudget'; readonly bytes: number }
 * const refused = await runWorkers<null, number, OverBudget>(new URL(`data:text/javascript,${encodeURIComponent(refuses)}`), [null])
 * refused // => E.left({ _tag: 'OverBudget', bytes: 1e12 })
 * ```
 */
export const failJob = <F>(error: F): void => post<never, F, never>({ kind: 'failed', error })

/**
 * Post progress (any number of times before the result).
 *
 * @example
 * ```ts
 * import { runWorkers } from '@chainrule/workers'
 *
 * const pool = import.meta.resolve('@chainrule/workers')
 * const counts = `import { finishJob, reportProgress } from '${pool}'
 *   for (let step = 1; step <= 3; step++) reportProgress(step)
 *   finishJob('done')`
 * const seen: number[] = []
 * await runWorkers<null, string, never, number>(new URL(`data:text/javascript,${encodeURIComponent(counts)}`), [null], { onProgress: (_, step) => seen.push(step) })
 * seen // => [1, 2, 3]
 * ```
 */
export const reportProgress = <P>(progress: P): void => post<never, never, P>({ kind: 'progress', progress })
