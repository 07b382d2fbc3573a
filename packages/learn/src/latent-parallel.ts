/**
 * The latent tree pass split over threads: rows are cut into one range per
 * thread, each thread runs the exact pass on its range (`runLatentPass`), and
 * the ranges' log-likelihoods, posteriors and expected counts are put back
 * together (counts are sums over rows, so they add). The prepared rows live
 * in shared memory (`shareRows`), so a thread reads them without a copy; only
 * the tables travel with each job.
 */
import type { Threads } from './threads.js'
import { equalBounds, inSharedMemory } from './thread-split.js'
import type { LatentTree, LatentLayout } from './latent-tree.js'
import { latentLayout } from './latent-tree.js'
import { latentPass, passTables, zeroCounts, type PassCounts, type PreparedRows } from './latent-pass.js'
import * as E from 'fp-ts/lib/Either.js'

/** One range of rows for a thread. */
export interface LatentPassJob {
  readonly model: LatentTree
  readonly prepared: PreparedRows
  readonly lo: number
  readonly hi: number
  readonly counts: boolean
  readonly posteriors: boolean
}

/** What a range returns. */
export interface LatentPassResult {
  readonly logLikelihood: Float64Array
  readonly posteriors?: Float32Array
  readonly counts?: PassCounts
}

/** Run one range (in this thread, or in a worker that received the job). */
export const runLatentPass = (job: LatentPassJob, layout?: LatentLayout): LatentPassResult => {
  const { model, prepared, lo, hi } = job
  let shape = layout
  if (shape === undefined) {
    const computed = latentLayout(model)
    if (E.isLeft(computed)) throw new Error('latent pass: the model was checked before it was handed to a thread')
    shape = computed.right
  }
  const tables = passTables(model, shape, prepared)
  const logLikelihood = new Float64Array(hi - lo)
  const posteriors = job.posteriors ? new Float32Array((hi - lo) * shape.states) : undefined
  const counts = job.counts ? zeroCounts(model, shape) : undefined
  latentPass(model, shape, prepared, tables, lo, hi, {
    logLikelihood,
    ...(posteriors === undefined ? {} : { posteriors }),
    ...(counts === undefined ? {} : { counts }),
  })
  return { logLikelihood, ...(posteriors === undefined ? {} : { posteriors }), ...(counts === undefined ? {} : { counts }) }
}

/** The prepared rows moved into shared memory, once, before a threaded run. */
export const shareRows = (prepared: PreparedRows): PreparedRows => ({
  data: { rows: prepared.data.rows, cards: prepared.data.cards, values: inSharedMemory(prepared.data.values) },
  defaultCell: prepared.defaultCell,
  changedOffsets: inSharedMemory(prepared.changedOffsets),
  changedVariable: inSharedMemory(prepared.changedVariable),
  changedCell: inSharedMemory(prepared.changedCell),
})

/** Add b's counts into a. */
const addCounts = (a: PassCounts, b: PassCounts): void => {
  a.observed.forEach((t, i) => {
    const s = b.observed[i]!
    for (let k = 0; k < t.length; k++) t[k]! += s[k]!
  })
  a.hidden.forEach((t, v) => {
    const s = b.hidden[v]!
    for (let k = 0; k < t.length; k++) t[k]! += s[k]!
  })
  for (let k = 0; k < a.total.length; k++) a.total[k]! += b.total[k]!
}

/**
 * The pass over every row, on `threads` when given (rows cut into equal ranges), else here.
 * Resolves with the ranges put back together in row order.
 */
export const passOverRows = async (
  model: LatentTree,
  layout: LatentLayout,
  prepared: PreparedRows,
  wants: { readonly counts: boolean; readonly posteriors: boolean },
  threads?: Threads,
): Promise<LatentPassResult> => {
  const rows = prepared.data.rows
  const parts = threads === undefined ? 1 : Math.max(1, Math.min(threads.count, rows))
  if (parts === 1) return runLatentPass({ model, prepared, lo: 0, hi: rows, ...wants }, layout)
  const bounds = equalBounds(rows, parts)
  const jobs = bounds.slice(0, parts).map((lo, p): LatentPassJob => ({ model, prepared, lo, hi: bounds[p + 1]!, ...wants }))
  const results = (await threads!.run('latentPass', jobs, () => {})) as readonly LatentPassResult[]
  const logLikelihood = new Float64Array(rows)
  const posteriors = wants.posteriors ? new Float32Array(rows * layout.states) : undefined
  results.forEach((r, p) => {
    logLikelihood.set(r.logLikelihood, bounds[p]!)
    if (posteriors !== undefined) posteriors.set(r.posteriors!, bounds[p]! * layout.states)
  })
  let counts: PassCounts | undefined
  if (wants.counts) {
    counts = results[0]!.counts!
    for (let p = 1; p < parts; p++) addCounts(counts, results[p]!.counts!)
  }
  return { logLikelihood, ...(posteriors === undefined ? {} : { posteriors }), ...(counts === undefined ? {} : { counts }) }
}
