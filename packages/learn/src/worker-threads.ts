/**
 * {@link Threads} on Node's `worker_threads` (Node only, `@chainrule/learn/node`).
 * Each job starts one worker on the task's script; the scripts are the built
 * `dist/*-worker.js` files, so worker threads need the built package.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ThreadTask, Threads } from './threads.js'

const scripts: Readonly<Record<ThreadTask, URL>> = {
  logisticRange: new URL('./logistic-worker.js', import.meta.url),
}

const runWorker = (script: URL, job: unknown, onProgress: (message: unknown) => void): Promise<unknown> =>
  new Promise((resolve, reject) => {
    if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) {
      reject(new Error(`${script.href} not found (workers need the built package)`))
      return
    }
    const worker = new Worker(script, { workerData: job })
    worker.on('message', (m: { readonly type: string; readonly result?: unknown }) => {
      if (m.type === 'done') {
        resolve(m.result)
        void worker.terminate()
      } else onProgress(m)
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`exit code ${code}`))
    })
  })

/**
 * `count` worker threads (default 2) for the learners that take a
 * `threads` option (`learnLogisticChain`, `learnZooModel`).
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
  run: (task, job, onProgress) => runWorker(scripts[task], job, onProgress),
})
