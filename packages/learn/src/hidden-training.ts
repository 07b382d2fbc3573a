/**
 * Training a logistic image chain with hidden units (`hidden-kernel.ts`), in
 * this thread or on worker threads that share its parameters: the block is
 * laid out once (a shared WebAssembly memory where the runtime has one),
 * started from seeded random hidden weights, and trained by every thread
 * together; the best parameters by validation are read back for the chain.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LearnError } from './errors.js'
import type { HiddenLayout, HiddenShardJob, HiddenShardResult } from './hidden-kernel.js'
import { bufferOf, hiddenArena, hiddenLayout, hiddenMemory, initialParameters, trainHiddenShard } from './hidden-kernel.js'
import type { ChainTraining } from './logistic-ranges.js'

/** The largest block (a WebAssembly memory ends at 4 GiB). */
const MAX_BLOCK_BYTES = 2 ** 32

/** Gradient shards of a minibatch: fixed, so that one thread and two give the same parameters. */
export const GRADIENT_SHARDS = 2

/** What {@link trainHidden} trains: a chain with `units` hidden units (at most {@link GRADIENT_SHARDS} threads are used). */
export interface HiddenTraining extends ChainTraining {
  readonly units: number
  /** Use the WebAssembly passes where the runtime has them (false: the typed-array twin, the same numbers). */
  readonly webAssembly: boolean
}

/** The best parameters by validation (a vector in `layout`), the validation log-likelihood (summed over images) after each epoch, and the threads used. */
export interface HiddenTrained {
  readonly layout: HiddenLayout
  readonly threads: number
  readonly parameters: Float64Array
  readonly history: Float64Array
  readonly bestValidation: number
}

/** Train every parameter together (a thread that fails is WorkerFailed). */
export const trainHidden = async (job: HiddenTraining): Promise<E.Either<LearnError, HiddenTrained>> => {
  const { n, units, train, validation, features, kernel, progress } = job
  const threads = job.threads === undefined ? 1 : Math.min(job.threads.count, GRADIENT_SHARDS)
  const layout = hiddenLayout(n, units, features.length, kernel.dense)
  const arena = hiddenArena(layout, validation.count, GRADIENT_SHARDS, threads)
  if (arena.bytes > MAX_BLOCK_BYTES)
    return E.left({ _tag: 'InvalidOption', option: 'hiddenUnits', value: String(units), reason: `training would need ${(arena.bytes / 2 ** 30).toFixed(1)} GiB in one block; at most 4 GiB` })
  // A block that is no WebAssembly memory runs the typed-array twin of the units' passes.
  const memory = hiddenMemory(arena.bytes, threads > 1, job.webAssembly)
  const f64 = new Float64Array(bufferOf(memory))
  initialParameters(layout, job.bias, train.on.length / Math.max(1, train.count), kernel.seed, f64, arena.theta)
  const sync = threads > 1 ? new Int32Array(new SharedArrayBuffer(12)) : new Int32Array(3)
  const shard = (thread: number): HiddenShardJob => ({ arena, memory, train, validation, features, options: kernel, shards: GRADIENT_SHARDS, thread, threads, sync })
  const report = (batches: number, epoch: number, batch: number): void => progress?.(epoch * batches + batch, kernel.epochs * batches, `epoch ${epoch + 1}`)
  let result: HiddenShardResult
  if (threads === 1) result = trainHiddenShard(shard(0), (epoch, batch, batches) => report(batches, epoch, batch))
  else {
    try {
      const results = await job.threads!.run('hiddenShard', Array.from({ length: threads }, (_, t) => shard(t)), (t, posted) => {
        const { epoch, batch, batches } = posted as { epoch: number; batch: number; batches: number }
        if (t === 0) report(batches, epoch, batch)
      })
      result = results[0] as HiddenShardResult
    } catch (e) {
      return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
    }
  }
  return E.right({ layout, threads, parameters: f64.slice(arena.best, arena.best + layout.size), history: result.history, bestValidation: result.bestValidation })
}
