/**
 * Where long training runs: in the calling thread (the default) or on threads
 * that a host provides. The library's main entry only describes the contract,
 * so that it bundles for a browser; `workerThreads` of `@chainrule/learn/node`
 * implements it with Node's `worker_threads`.
 *
 * A task is named, its job and messages are plain structured-cloneable data:
 * the thread runs the task's worker script on the job, posts
 * `{ type: 'progress', ... }` messages while it works and one
 * `{ type: 'done', result }` message at the end.
 */

/** The tasks that the library hands to threads. */
export type ThreadTask = 'logisticRange'

/** A set of threads to split work over (see `workerThreads` of `@chainrule/learn/node`). */
export interface Threads {
  /** How many parts the work is split into, one per thread (a positive integer). */
  readonly count: number
  /**
   * Run one job of `task` on a thread of its own; `onProgress` receives the
   * task's progress messages. Resolves with the task's result and rejects
   * when the thread cannot start or fails.
   */
  readonly run: (task: ThreadTask, job: unknown, onProgress: (message: unknown) => void) => Promise<unknown>
}
