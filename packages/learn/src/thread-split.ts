/**
 * Work cut into equal ranges over threads, and memory the threads share: what
 * every threaded path of the package (scoring, latent passes, the hidden
 * cause's EM, the probe) is built from. Each range's numbers are computed by
 * the same code as on one thread, so a split never changes a result.
 */
import type { ImageMatrix } from './image-data.js'
import type { ThreadTask, Threads } from './threads.js'

/** Where `count` items cut into `parts` ranges of equal size begin: range k is [bounds[k], bounds[k + 1]). */
export const equalBounds = (count: number, parts: number): number[] => Array.from({ length: parts + 1 }, (_, k) => Math.round((k * count) / parts))

/** A copy of a typed array in shared memory: a worker reads it, and writes into it, without a copy. */
export const inSharedMemory = <T extends Uint8Array | Int32Array | Float32Array | Float64Array>(a: T): T => {
  const out = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength))
  out.set(a)
  return out
}

/** Images [lo, hi) of a matrix (a view, no copy). */
export const imageRange = (images: ImageMatrix, lo: number, hi: number): ImageMatrix => {
  const n = images.width * images.height
  return { ...images, rows: hi - lo, pixels: images.pixels.subarray(lo * n, hi * n) }
}

/**
 * `count` items cut into one range per thread (at most `count`): the threads start on `task` with the jobs
 * of ranges 1 and on (`jobOf(lo, hi)`), then `here(lo, hi)` runs range 0 on this thread meanwhile. Resolves
 * with the bounds, this thread's result and the threads' results in range order; rejects as `threads.run`
 * does when a thread fails. Without threads, `here` runs every item.
 */
export const splitOnThreads = async <Here, Result>(
  count: number,
  threads: Threads | undefined,
  task: ThreadTask,
  jobOf: (lo: number, hi: number) => unknown,
  here: (lo: number, hi: number) => Here,
): Promise<{ readonly bounds: readonly number[]; readonly here: Here; readonly elsewhere: readonly Result[] }> => {
  const parts = threads === undefined ? 1 : Math.max(1, Math.min(threads.count, count))
  const bounds = equalBounds(count, parts)
  const jobs = Array.from({ length: parts - 1 }, (_, k) => jobOf(bounds[k + 1]!, bounds[k + 2]!))
  const elsewhere = jobs.length === 0 ? Promise.resolve([]) : threads!.run(task, jobs, () => {})
  const mine = here(0, bounds[1]!)
  return { bounds, here: mine, elsewhere: (await elsewhere) as readonly Result[] }
}
