/**
 * {@link Threads} on Node's `worker_threads` (Node only, `@chainrule/learn/node`),
 * through the pool of `@chainrule/workers`: one worker per job, and a worker
 * that crashes, exits without answering or runs out of memory rejects the run
 * and stops the others. The scripts are the built `dist/*-worker.js` files, so
 * worker threads need the built package.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runWorkers } from '@chainrule/workers'
import * as E from 'fp-ts/lib/Either.js'
import type { ThreadTask, Threads } from './threads.js'

const scripts: Readonly<Record<ThreadTask, URL>> = {
  logisticRange: new URL('./logistic-worker.js', import.meta.url),
  hiddenShard: new URL('./hidden-worker.js', import.meta.url),
  latentPass: new URL('./latent-worker.js', import.meta.url),
  chainScore: new URL('./score-worker.js', import.meta.url),
  probeClasses: new URL('./probe-worker.js', import.meta.url),
  hiddenCause: new URL('./hidden-cause-worker.js', import.meta.url),
  hiddenCauseScore: new URL('./hidden-cause-score-worker.js', import.meta.url),
}

const runJobs = async (script: URL, jobs: readonly unknown[], onProgress: (job: number, progress: unknown) => void): Promise<readonly unknown[]> => {
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) throw new Error(`${script.href} not found (workers need the built package)`)
  const results = await runWorkers<unknown, unknown, never, unknown>(script, jobs, { onProgress })
  if (E.isLeft(results)) throw new Error(results.left.reason)
  return results.right
}

/**
 * `count` worker threads (default 2) for the learners that take a
 * `threads` option (`learnLogisticChain`, `learnZooModel`, `learnLatentTree`, `learnHiddenCause`, the
 * latent scores and features) and for `chainLogLikelihoodsOnThreads`.
 *
 * @example
 * ```ts
 * import { workerThreads } from '@chainrule/learn/node'
 *
 * workerThreads(2).count // => 2
 * ```
 */
export const workerThreads = (count = 2): Threads => ({
  count,
  run: (task, jobs, onProgress) => runJobs(scripts[task], jobs, onProgress),
})
