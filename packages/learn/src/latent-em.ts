/**
 * EM for latent tree models on complete rows (the fast path of `learnEm` for
 * this family): the same E-step, exact, computed by the tree pass of
 * `latent-pass.ts` instead of a junction tree, and the same M-step (the
 * estimator of `dirichlet.ts` on expected counts). With the same start
 * (`{ kind: 'random', seed }` draws the same tables in the same order as
 * `learnEm` on `latentNetwork(model)`) both produce the same iterations, up to
 * the order of floating-point sums; the tests check it.
 *
 * The objective is log-likelihood + sum alpha log theta over every table, as
 * in `learnEm`, and it never decreases. Stops when its relative change is at
 * most `tolerance`, or after `maxIterations` M-steps; restarts from seeds
 * seed, seed + 1, ... keep the best final objective.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type LearnError, invalidOption as invalid } from './errors.js'
import type { RowData } from './row-data.js'
import type { Estimator } from './dirichlet.js'
import { estimateTable, pseudoCount } from './dirichlet.js'
import { emSettings, restartRecord, type EmRun } from './em-settings.js'
import { randomTables } from './em-start.js'
import { createRng } from '@chainrule/models'
import { latentLayout, latentTableSizes, type LatentLayout, type LatentSkeleton, type LatentTree } from './latent-tree.js'
import { finishCounts, passTables, prepareRows, type PreparedRows } from './latent-pass.js'
import { passOverRows, shareRows } from './latent-parallel.js'
import type { Threads } from './threads.js'

/** Where the fast path starts. */
export type LatentStart =
  /** Every table drawn like `learnEm`'s random start on `latentNetwork` (default seed 1). */
  | { readonly kind: 'random'; readonly seed: number }
  /**
   * Seeded from the data: state k of every hidden variable starts at the k-th of a few rows drawn with
   * `createRng(seed)` (each observed child: 3/4 on that row's state, the rest spread), and each hidden
   * variable's state k tends to follow its parent's state k. Like starting k-means from data points, it
   * breaks the symmetry of the states at once; restarts draw other rows.
   */
  | { readonly kind: 'rows'; readonly seed: number }
  /** These tables (same skeleton). */
  | { readonly kind: 'model'; readonly model: LatentTree }

/** Options of {@link learnLatentTree}. */
export interface LatentEmOptions {
  /** M-step estimator (default `{ kind: 'dirichlet', alpha: 1 }`: no table entry is ever zero, so held-out rows always score). */
  readonly estimator?: Estimator
  readonly start?: LatentStart
  /** Runs from seeds seed, seed + 1, ... (random start only), keeping the best final objective (default 1). */
  readonly restarts?: number
  /** Most M-steps per run (default 100). */
  readonly maxIterations?: number
  /** Relative change of the objective that counts as converged (default 1e-6). */
  readonly tolerance?: number
  /** Refuse a table with more entries than this (default 2^24). */
  readonly maxTableEntries?: number
  /** Threads for the E-step (rows split in equal ranges); `workerThreads(n)` of `@chainrule/learn/node`. Same results. */
  readonly threads?: Threads
  /** Called after each E-step (iteration, objective, log-likelihood, restart). */
  readonly onIteration?: (iteration: number, objective: number, logLikelihood: number, restart: number) => void
}

/** A fitted latent tree model and its EM trace (the best run's). */
export interface LatentFit {
  readonly model: LatentTree
  /** Objective (nats) of the model of iteration t, t = 0..iterations. */
  readonly objective: Float64Array
  /** Log-likelihood (nats) of the training rows under the model of iteration t. */
  readonly logLikelihood: Float64Array
  readonly iterations: number
  readonly converged: boolean
  readonly runs: readonly EmRun[]
  readonly best: number
}

/** The skeleton with these tables. */
export const withTables = (skeleton: LatentSkeleton, hidden: readonly Float64Array[], observed: readonly Float64Array[]): LatentTree => ({
  ...skeleton,
  hiddenTables: hidden,
  observedTables: observed,
})

/** Objective's log-prior: sum over tables of alpha * sum log theta. */
const logPrior = (model: LatentTree, estimator: Estimator): number => {
  let prior = 0
  const add = (table: Float64Array, card: number): void => {
    const alpha = pseudoCount(estimator, card, table.length / card)
    if (alpha > 0) for (let k = 0; k < table.length; k++) prior += alpha * Math.log(table[k]!)
  }
  model.hiddenTables.forEach((t, v) => add(t, model.hiddenCards[v]!))
  model.observedTables.forEach((t, i) => add(t, model.observedCards[i]!))
  return prior
}

/** One E-step over every row: the log-likelihood and (finished) expected counts. */
export const expectedCounts = async (
  model: LatentTree,
  layout: LatentLayout,
  prepared: PreparedRows,
  threads?: Threads,
): Promise<{ logLikelihood: number; impossibleRow: number; counts: { observed: Float64Array[]; hidden: Float64Array[] } }> => {
  const pass = await passOverRows(model, layout, prepared, { counts: true, posteriors: false }, threads)
  const perRow = pass.logLikelihood
  let ll = 0
  for (let r = 0; r < perRow.length; r++) ll += perRow[r]!
  const tables = passTables(model, layout, prepared)
  return { logLikelihood: ll, impossibleRow: ll === -Infinity ? perRow.indexOf(-Infinity) : -1, counts: finishCounts(model, layout, prepared, tables, pass.counts!) }
}

/** The M-step: every table estimated from expected counts (CPT layout). */
const maximise = (model: LatentTree, counts: { observed: Float64Array[]; hidden: Float64Array[] }, estimator: Estimator): LatentTree => {
  const estimate = (c: Float64Array, card: number): Float64Array => {
    const out = new Float64Array(c.length)
    estimateTable(c, card, estimator, out)
    return out
  }
  return withTables(
    model,
    counts.hidden.map((c, v) => estimate(c, model.hiddenCards[v]!)),
    counts.observed.map((c, i) => estimate(c, model.observedCards[i]!)),
  )
}

/** The data-seeded start (see {@link LatentStart}). */
const rowsStart = (skeleton: LatentSkeleton, data: RowData, sizes: { hidden: number[]; observed: number[] }, seed: number): LatentTree => {
  const rng = createRng(seed)
  const most = Math.max(1, ...skeleton.hiddenCards)
  const picked = Int32Array.from({ length: most }, () => rng.int(data.rows))
  const n = skeleton.observedNames.length
  const hidden = sizes.hidden.map((size, v) => {
    const K = skeleton.hiddenCards[v]!
    const t = new Float64Array(size)
    for (let at = 0, j = 0; at < size; at += K, j++) {
      let sum = 0
      for (let k = 0; k < K; k++) sum += t[at + k] = 0.5 + rng.float() + (skeleton.hiddenParent[v]! >= 0 && k === j % K ? 2 : 0)
      for (let k = 0; k < K; k++) t[at + k] = t[at + k]! / sum
    }
    return t
  })
  const observed = sizes.observed.map((size, i) => {
    const card = skeleton.observedCards[i]!
    const h = skeleton.observedHidden[i]!
    const K = h < 0 ? 1 : skeleton.hiddenCards[h]!
    const perState = size / K
    const t = new Float64Array(size)
    for (let k = 0; k < K; k++) {
      const s = data.values[picked[k]! * n + i]!
      for (let at = k * perState; at < (k + 1) * perState; at += card)
        for (let x = 0; x < card; x++) t[at + x] = (x === s ? 0.5 : 0) + 0.5 / card
    }
    return t
  })
  return withTables(skeleton, hidden, observed)
}

const runLatentEm = async (
  first: LatentTree,
  layout: LatentLayout,
  prepared: PreparedRows,
  estimator: Estimator,
  settings: { readonly maxIterations: number; readonly tolerance: number; readonly threads?: Threads },
  report: (t: number, objective: number, ll: number) => void,
): Promise<E.Either<LearnError, { model: LatentTree; objective: number[]; likelihood: number[]; converged: boolean }>> => {
  let model = first
  const objective: number[] = []
  const likelihood: number[] = []
  let converged = false
  for (let t = 0; ; t++) {
    let step: Awaited<ReturnType<typeof expectedCounts>>
    try {
      step = await expectedCounts(model, layout, prepared, settings.threads)
    } catch (e) {
      return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
    }
    if (step.impossibleRow >= 0) return E.left({ _tag: 'ImpossibleRow', row: step.impossibleRow, iteration: t })
    const value = step.logLikelihood + logPrior(model, estimator)
    objective.push(value)
    likelihood.push(step.logLikelihood)
    report(t, value, step.logLikelihood)
    if (t >= 1 && Math.abs(value - objective[t - 1]!) <= settings.tolerance * Math.abs(objective[t - 1]!)) {
      converged = true
      break
    }
    if (t === settings.maxIterations) break
    model = maximise(model, step.counts, estimator)
  }
  return E.right({ model, objective, likelihood, converged })
}

/**
 * Learn the tables of a latent tree skeleton by EM from complete rows (every
 * observed variable present; the hidden ones never are).
 *
 * @example
 * ```ts
 * import { imageRows, latentClassSkeleton, learnLatentTree } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * // Four binary pixels, two kinds of rows: 1100 and 0011.
 * const data = imageRows({ rows: 6, width: 4, height: 1, pixels: Uint8Array.of(1,1,0,0, 0,0,1,1, 1,1,0,0, 0,0,1,1, 1,1,0,0, 0,0,1,1) })
 * const fit = await learnLatentTree(data, latentClassSkeleton(data.cards, 2), { restarts: 3 })
 * if (E.isRight(fit)) fit.right.logLikelihood[fit.right.iterations]! > fit.right.logLikelihood[0]! // => true
 * ```
 */
export const learnLatentTree = async (data: RowData, skeleton: LatentSkeleton, options: LatentEmOptions = {}): Promise<E.Either<LearnError, LatentFit>> => {
  const settings = emSettings(options, { kind: 'dirichlet', alpha: 1 })
  if (E.isLeft(settings)) return settings
  const { estimator, maxIterations, tolerance, restarts } = settings.right
  const start = options.start ?? { kind: 'random', seed: 1 }
  if (start.kind !== 'model' && !Number.isSafeInteger(start.seed)) return invalid('start.seed', start.seed, 'expected an integer')
  if (start.kind === 'model' && restarts > 1) return invalid('restarts', restarts, 'restarts need a random start')
  const layout = latentLayout(skeleton, options.maxTableEntries)
  if (E.isLeft(layout)) return layout
  const n = skeleton.observedNames.length
  if (data.cards.length !== n) return E.left({ _tag: 'ShapeMismatch', what: 'observed variables per row', expected: n, got: data.cards.length })
  for (let i = 0; i < n; i++)
    if (data.cards[i]! !== skeleton.observedCards[i]!)
      return E.left({ _tag: 'ShapeMismatch', what: `states of ${skeleton.observedNames[i]}`, expected: skeleton.observedCards[i]!, got: data.cards[i]! })
  if (data.rows === 0) return E.left({ _tag: 'EmptyData', what: 'training rows' })
  const sizes = latentTableSizes(skeleton, layout.right)
  if (start.kind === 'model') {
    const m = start.model
    const same =
      m.hiddenTables.length === sizes.hidden.length &&
      m.observedTables.length === sizes.observed.length &&
      m.hiddenTables.every((t, v) => t.length === sizes.hidden[v]) &&
      m.observedTables.every((t, i) => t.length === sizes.observed[i])
    if (!same) return invalid('start.model', 'tables', 'expected tables of the skeleton\'s sizes')
  }
  const threads = options.threads
  if (threads !== undefined && !(Number.isSafeInteger(threads.count) && threads.count >= 1)) return invalid('threads', threads.count, 'expected a positive number of threads')
  const local = prepareRows(skeleton, data)
  const prepared = threads !== undefined && threads.count > 1 ? shareRows(local) : local
  const cards = [...skeleton.hiddenCards, ...skeleton.observedCards]
  const record = restartRecord<{ model: LatentTree; objective: number[]; likelihood: number[]; converged: boolean }>()
  for (let i = 0; i < restarts; i++) {
    let first: LatentTree
    if (start.kind === 'model') first = withTables(skeleton, start.model.hiddenTables, start.model.observedTables)
    else if (start.kind === 'rows') first = rowsStart(skeleton, data, sizes, start.seed + i)
    else {
      const tables = randomTables([...sizes.hidden, ...sizes.observed], cards, start.seed + i)
      first = withTables(skeleton, tables.slice(0, sizes.hidden.length), tables.slice(sizes.hidden.length))
    }
    const run = await runLatentEm(first, layout.right, prepared, estimator, { maxIterations, tolerance, ...(threads === undefined ? {} : { threads }) }, (t, o, l) =>
      options.onIteration?.(t, o, l, i),
    )
    if (E.isLeft(run)) return run
    record.add(run.right, start.kind === 'model' ? undefined : start.seed + i)
  }
  const { best: chosen, bestIndex, runs } = record.result()
  return E.right({
    model: chosen.model,
    objective: Float64Array.from(chosen.objective),
    logLikelihood: Float64Array.from(chosen.likelihood),
    iterations: chosen.objective.length - 1,
    converged: chosen.converged,
    runs,
    best: bestIndex,
  })
}
