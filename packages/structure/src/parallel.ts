/**
 * Scoring candidate moves on worker threads (Node only:
 * `@chainrule/structure/node`). The complete rows are copied once into a
 * SharedArrayBuffer that every worker reads; a batch of families is split by
 * child (so each worker keeps counting incrementally from one shared key per
 * child) into one share per worker, balanced by the families' columns; each
 * worker counts and scores its share with the same kernels as the in-memory
 * counter (`count-kernels.ts`) and sends back scores only. Small batches are
 * scored on the calling thread: below `minWork` (families x rows) per worker
 * the messages and the wait for every worker cost more than they save. The benchmark `structure` measures where it pays.
 */
import * as E from 'fp-ts/lib/Either.js'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { DataSet } from '@chainrule/data'
import { countTables, newScratch, scoreFamiliesInto, type Columns, type CountingWork } from './count-kernels.js'
import { completeRows, type FamilyCounter } from './counting.js'
import type { StructureError } from './errors.js'
import type { Family } from './score-cache.js'
import type { Score } from './scores.js'

/** Options of {@link parallelCounter}. */
export interface ParallelOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number
  /**
   * Batches with less work per worker than this (families x rows) are scored on the calling thread
   * (default 2^24, some tens of milliseconds of counting): a search step's batch stays here, the first
   * batch of a search over many variables (every pair) is shared out.
   */
  readonly minWork?: number
}

/** What a worker is started with. */
export interface WorkerSetup {
  readonly shared: SharedArrayBuffer
  readonly rows: number
  readonly cards: readonly number[]
}

/** One request to a worker, and its answer. */
export interface WorkerRequest {
  readonly families: readonly Family[]
  readonly score: Score
  readonly maxEntries: number
}
export type WorkerAnswer = { readonly ok: true; readonly scores: Float64Array; readonly work: CountingWork } | { readonly ok: false; readonly reason: string }

/** Split families into `k` shares, whole children per share, balanced by columns read. */
const shares = (families: readonly Family[], k: number): number[][] => {
  const byChild = new Map<number, number[]>()
  families.forEach((f, i) => {
    const list = byChild.get(f.child)
    if (list === undefined) byChild.set(f.child, [i])
    else list.push(i)
  })
  const groups = [...byChild.values()].sort((a, b) => b.length - a.length)
  const out: number[][] = Array.from({ length: k }, () => [])
  const load = new Float64Array(k)
  for (const group of groups) {
    let lightest = 0
    for (let w = 1; w < k; w++) if (load[w]! < load[lightest]!) lightest = w
    out[lightest]!.push(...group)
    load[lightest]! += group.reduce((s, i) => s + 2 + families[i]!.parents.length / 4, 0)
  }
  return out
}

/**
 * A family counter whose batches are scored on worker threads sharing the
 * data's complete rows. Close it to stop the workers.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { hillClimb } from '@chainrule/structure'
 * import { parallelCounter } from '@chainrule/structure/node'
 * import { either as E } from 'fp-ts'
 * const a = Uint8Array.from({ length: 1000 }, (_, r) => r % 2)
 * const data = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [a, a] })
 * if (E.isRight(data)) {
 *   const counter = await parallelCounter(data.right, { workers: 2 })
 *   if (E.isRight(counter)) {
 *     const learned = await hillClimb(memorySource(data.right), { counting: { kind: 'counter', counter: counter.right } })
 *     if (E.isRight(learned)) learned.right.counting // => '2 worker threads'
 *     await counter.right.close()
 *   }
 * }
 * ```
 */
export const parallelCounter = async (ds: DataSet, options: ParallelOptions = {}): Promise<E.Either<StructureError, FamilyCounter>> => {
  const count = options.workers ?? availableParallelism()
  if (!(Number.isInteger(count) && count >= 1)) return E.left({ _tag: 'InvalidOption', option: 'workers', value: String(count), reason: 'expected a positive integer' })
  const minWork = options.minWork ?? 2 ** 24
  const { data, dropped } = completeRows(ds)
  if (data.rows === 0) return E.left({ _tag: 'NoCompleteRows', rows: dropped })
  const n = data.cards.length
  const shared = new SharedArrayBuffer(n * data.rows)
  const columns = data.columns.map((c, v) => {
    const view = new Uint8Array(shared, v * data.rows, data.rows)
    view.set(c.subarray(0, data.rows))
    return view
  })
  const local: Columns = { columns, cards: data.cards, rows: data.rows }
  const scratch = newScratch(data.rows)
  const setup: WorkerSetup = { shared, rows: data.rows, cards: data.cards }
  // Resolved from the package root, so the built worker is found from src/ and dist/ alike.
  const workers = Array.from({ length: count }, () => new Worker(new URL('../dist/parallel-worker.js', import.meta.url), { workerData: setup }))
  const work: CountingWork = { tables: 0, cells: 0 }
  // A worker that has exited (crashed, out of memory, closed) answers nothing: every request to it fails at once.
  const exited = workers.map(() => false)
  workers.forEach((w, i) => w.once('exit', () => (exited[i] = true)))
  const ask = (w: number, request: WorkerRequest): Promise<WorkerAnswer> =>
    new Promise((resolve) => {
      const worker = workers[w]!
      if (exited[w]) return resolve({ ok: false, reason: 'the worker thread has exited' })
      const settle = (answer: WorkerAnswer): void => {
        worker.off('error', onError)
        worker.off('exit', onExit)
        worker.off('message', settle)
        resolve(answer)
      }
      const onError = (e: Error) => settle({ ok: false, reason: e.message })
      const onExit = (code: number) => settle({ ok: false, reason: `the worker thread exited (code ${code}) without an answer` })
      worker.once('error', onError)
      worker.once('exit', onExit)
      worker.once('message', settle)
      worker.postMessage(request)
    })
  return E.right({
    description: `${count} worker thread${count === 1 ? '' : 's'}`,
    variables: ds.variables,
    states: ds.states,
    cards: data.cards,
    rows: data.rows,
    droppedRows: dropped,
    scoreFamilies: async (families, score, maxEntries) => {
      const out = new Float64Array(families.length)
      if (families.length * data.rows < minWork * count) {
        scoreFamiliesInto(local, families, score, maxEntries, out, work, scratch)
        return E.right(out)
      }
      const split = shares(families, count)
      const answers = await Promise.all(split.map((indices, w) => ask(w, { families: indices.map((i) => families[i]!), score, maxEntries })))
      for (let w = 0; w < count; w++) {
        const answer = answers[w]!
        if (!answer.ok) return E.left({ _tag: 'WorkerFailed', reason: answer.reason })
        split[w]!.forEach((i, k) => (out[i] = answer.scores[k]!))
        work.tables += answer.work.tables
        work.cells += answer.work.cells
      }
      return E.right(out)
    },
    countTables: async (sets) => E.right(countTables(local, sets, work, scratch)),
    work,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  })
}
