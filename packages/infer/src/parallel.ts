/**
 * Batched scoring on several cores (Node only: `@chainrule/infer/node`).
 * The rows are split into contiguous slices, one `worker_threads` worker per
 * slice; each compiles the model itself and writes log P(row) into one shared
 * output buffer. The columns are shared, not copied. Worth it for large batches
 * (the workers' start-up and compilation cost some milliseconds each); the
 * benchmark `scoring` measures where it pays. The workers run in the pool of
 * `@chainrule/workers`: a worker that crashes, exits without answering or runs
 * out of memory is `WorkerFailed`, and the other workers are stopped.
 */
import * as E from 'fp-ts/lib/Either.js'
import { availableParallelism } from 'node:os'
import type { ResourceLimits } from 'node:worker_threads'
import { DEFAULT_MEMORY_BUDGET_BYTES } from '@chainrule/factor'
import { runWorkers } from '@chainrule/workers'
import type { DenseTable } from './compile-tables.js'
import type { Model } from './engine.js'
import type { InferError } from './errors.js'

/** What one worker is sent. */
export interface ScoringJob {
  readonly cards: readonly number[]
  readonly tables: readonly DenseTable[]
  readonly memoryBudgetBytes: number
  /** One shared buffer per variable: Uint8Array cells, or Int32Array when `wide`. */
  readonly columns: readonly SharedArrayBuffer[]
  readonly wide: boolean
  readonly rows: number
  readonly start: number
  readonly end: number
  /** Shared Float64Array of `rows` scores. */
  readonly output: SharedArrayBuffer
}

/** Options of {@link logLikelihoodsParallel}. */
export interface ParallelOptions {
  /** Workers to start (default: the machine's available parallelism, at most one per 1,000 rows). */
  readonly workers?: number
  readonly memoryBudgetBytes?: number
  /** Memory limits of each worker (Node's `resourceLimits`): past them the call fails with `WorkerFailed`. */
  readonly resourceLimits?: ResourceLimits
}

const shared = (column: ArrayLike<number>, rows: number, wide: boolean): SharedArrayBuffer => {
  const buffer = new SharedArrayBuffer(rows * (wide ? 4 : 1))
  const view = wide ? new Int32Array(buffer) : new Uint8Array(buffer)
  for (let r = 0; r < rows; r++) view[r] = column[r]!
  return buffer
}

/**
 * log P(row) for every row (nats), as {@link logLikelihoods} computes it, on
 * several worker threads. Missing cells are values outside a variable's states.
 *
 * @example
 * const scores = await logLikelihoodsParallel(network, columns, 100_000, { workers: 2 })
 */
export const logLikelihoodsParallel = async (
  model: Model,
  columns: readonly ArrayLike<number>[],
  rows: number,
  options: ParallelOptions = {},
): Promise<E.Either<InferError, Float64Array>> => {
  const n = model.domain.variables.length
  if (columns.length !== n) return E.left({ _tag: 'InvalidRowCount', rows: columns.length })
  if (!Number.isSafeInteger(rows) || rows < 0 || columns.some((c) => c.length < rows)) return E.left({ _tag: 'InvalidRowCount', rows })
  const cards = model.domain.variables.map((v) => v.states.length)
  const wide = cards.some((c) => c > 254)
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(rows / 1000)))
  const output = new SharedArrayBuffer(8 * rows)
  const sharedColumns = columns.map((c) => shared(c, rows, wide))
  const tables = ('cpts' in model ? model.cpts : model.factors).map((f) => ({ scope: [...f.scope], values: Float64Array.from(f.values) }))
  const memoryBudgetBytes = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const slice = Math.ceil(rows / workers)
  const jobs = Array.from({ length: workers }, (_, w): ScoringJob => ({
    cards,
    tables,
    memoryBudgetBytes,
    columns: sharedColumns,
    wide,
    rows,
    start: Math.min(rows, w * slice),
    end: Math.min(rows, (w + 1) * slice),
    output,
  }))
  // Resolved from the package root, so the built worker is found from src/ and dist/ alike.
  const script = new URL('../dist/parallel-worker.js', import.meta.url)
  const done = await runWorkers<ScoringJob, null, InferError>(script, jobs, options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits })
  return E.map(() => new Float64Array(output))(done)
}
