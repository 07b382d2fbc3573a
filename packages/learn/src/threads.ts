/**
 * Where long training runs: in the calling thread (the default) or on threads
 * that a host provides. The library's main entry only describes the contract,
 * so that it bundles for a browser; `workerThreads` of `@chainrule/learn/node`
 * implements it with Node's `worker_threads` (through `@chainrule/workers`).
 *
 * A task is named, its jobs, progress and results are plain
 * structured-cloneable data: each job runs the task's worker script on a
 * thread of its own, which reports progress any number of times and then its
 * result.
 */

/** The tasks that the library hands to threads. */
export type ThreadTask = 'logisticRange' | 'hiddenShard' | 'latentPass' | 'chainScore' | 'probeClasses' | 'hiddenCause' | 'hiddenCauseScore'

/** A set of threads to split work over (see `workerThreads` of `@chainrule/learn/node`). */
export interface Threads {
  /** How many parts the work is split into, one per thread (a positive integer). */
  readonly count: number
  /**
   * Run each job of `task` on a thread of its own, all at the same time (the
   * jobs of `probeClasses` wait for each other); `onProgress` receives the
   * task's progress with the index of its job. Resolves with the results in
   * job order; rejects as soon as one thread cannot start, fails, or ends
   * without answering, and the other threads are stopped then: it never
   * stays pending because a thread died.
   */
  readonly run: (task: ThreadTask, jobs: readonly unknown[], onProgress: (job: number, progress: unknown) => void) => Promise<readonly unknown[]>
}
