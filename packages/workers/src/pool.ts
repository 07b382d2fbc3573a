/**
 * A pool of worker threads, one per job, that always settles. Each worker
 * posts any number of progress messages and then its result (or a typed
 * failure of its own); the pool resolves with the results in job order, or
 * with the first failure. A worker that throws, exits without posting its
 * result (a crash, `process.exit`, being terminated), cannot load its script,
 * or runs out of memory under `resourceLimits` is a `WorkerFailed`, and every
 * other worker is terminated at once: nothing is left running and the promise
 * never stays pending. Node only.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Worker, type ResourceLimits } from 'node:worker_threads'

/** A worker crashed, exited without answering, ran out of memory, or did not answer in time. */
export interface WorkerFailed {
  readonly _tag: 'WorkerFailed'
  readonly reason: string
}

/** What a worker posts (see `worker-side.ts`): progress, its result, or a failure of its own. */
export type WorkerMessage<R, F, P> = { readonly kind: 'progress'; readonly progress: P } | { readonly kind: 'done'; readonly result: R } | { readonly kind: 'failed'; readonly error: F }

/** Options of {@link runWorkers}. */
export interface PoolOptions<P> {
  /** Memory limits of each worker (Node's `resourceLimits`); past them the worker fails with `WorkerFailed`. */
  readonly resourceLimits?: ResourceLimits
  /** Called with each progress message, and the index of the job it comes from. */
  readonly onProgress?: (job: number, progress: P) => void
  /** Fail (and stop every worker) when the results are not all in after this many ms. */
  readonly timeoutMs?: number
  /** Called once every worker has started (observation and tests: a worker may be terminated from outside). */
  readonly onStarted?: (workers: readonly Worker[]) => void
}

/**
 * Run `script` once per job (the job is its `workerData`) and collect the
 * results in job order; the first failure stops every worker and is returned.
 *
 * @example
 * ```ts
 * import { runWorkers } from '@chainrule/workers'
 * import { either as E } from 'fp-ts'
 *
 * // A worker script (inline here; usually a file next to the caller) that sums its job.
 * const pool = import.meta.resolve('@chainrule/workers')
 * const sum = `import { workerData } from 'node:worker_threads'; import { finishJob } from '${pool}'
 *   finishJob(workerData.reduce((s, x) => s + x, 0))`
 * const sums = await runWorkers<number[], number>(new URL(`data:text/javascript,${encodeURIComponent(sum)}`), [[1, 2], [3]])
 * sums // => E.right([3, 3])
 *
 * // A worker that exits without answering: a typed failure, never a pending promise.
 * const exits = await runWorkers<number[], number>(new URL(`data:text/javascript,${encodeURIComponent('process.exit(3)')}`), [[1]])
 * exits // => E.left({ _tag: 'WorkerFailed', reason: 'worker 0 exited with code 3 before answering' })
 * ```
 */
export const runWorkers = <J, R, F = never, P = never>(
  script: URL,
  jobs: readonly J[],
  options: PoolOptions<P> = {},
): Promise<E.Either<WorkerFailed | F, R[]>> =>
  new Promise((resolve) => {
    const results = new Array<R>(jobs.length)
    let remaining = jobs.length
    let settled = false
    const workers: Worker[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const settle = (outcome: E.Either<WorkerFailed | F, R[]>): void => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      // Stop everything still running: nothing outlives the answer.
      for (const w of workers) void w.terminate()
      resolve(outcome)
    }
    const failed = (reason: string): void => settle(E.left({ _tag: 'WorkerFailed', reason }))
    if (jobs.length === 0) return settle(E.right([]))
    jobs.forEach((job, index) => {
      let worker: Worker
      try {
        worker = new Worker(script, { workerData: job, ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }) })
      } catch (e) {
        return failed(`worker ${index} could not start: ${e instanceof Error ? e.message : String(e)}`)
      }
      workers.push(worker)
      let answered = false
      worker.on('message', (message: WorkerMessage<R, F, P>) => {
        if (settled) return
        if (message.kind === 'progress') options.onProgress?.(index, message.progress)
        else if (message.kind === 'failed') {
          answered = true
          settle(E.left(message.error))
        } else {
          answered = true
          results[index] = message.result
          if (--remaining === 0) settle(E.right(results))
        }
      })
      worker.on('error', (e: Error & { code?: string }) =>
        failed(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `worker ${index} ran out of memory (${e.message})` : `worker ${index} crashed: ${e.message}`),
      )
      worker.on('messageerror', (e) => failed(`worker ${index} sent a message that could not be read: ${e.message}`))
      worker.on('exit', (code) => {
        if (!answered) failed(`worker ${index} exited with code ${code} before answering`)
      })
    })
    if (options.timeoutMs !== undefined) timer = setTimeout(() => failed(`no answer from every worker within ${options.timeoutMs} ms`), options.timeoutMs)
    if (!settled) options.onStarted?.(workers)
  })
