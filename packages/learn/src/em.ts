/**
 * Expectation-maximisation for table CPDs from data with missing cells
 * (Dempster, Laird & Rubin 1977; Lauritzen 1995; Koller & Friedman 2009, 19.2).
 *
 * E-step at parameters theta_t: expected family counts
 *   E[N_i] = sum over rows of P(family_i | observed cells of the row; theta_t).
 * Families fully observed in a row contribute their observed assignment: that
 * part never changes and is counted once, column by column, before the first
 * iteration. Rows with missing cells are grouped by distinct pattern (same
 * cells, same gaps) and each pattern is propagated once per iteration on the
 * compiled junction tree (`propagate`); `readTablePosterior(tree, i, buf)`
 * then gives P(family_i | row), added with the pattern's multiplicity for the
 * families that have a gap. The propagation's log P(e) gives the row's
 * log-likelihood at theta_t for free.
 *
 * M-step: the estimator of `dirichlet.ts` on the expected counts. With
 * pseudo-counts alpha (Dirichlet or BDeu), (E[N] + alpha) / (E[N_j] + r alpha)
 * is the MAP estimate under Dirichlet(alpha + 1), so EM climbs
 *   objective(theta) = log-likelihood(theta) + sum_ijk alpha_ijk log theta_ijk
 * and that objective never decreases (for maximum likelihood, alpha = 0 and
 * the objective is the log-likelihood itself). Both are reported per iteration.
 *
 * Convergence: stop after the first iteration t >= 1 with
 *   |objective_t - objective_(t-1)| <= tolerance * |objective_(t-1)|
 * (default tolerance 1e-6), or after `maxIterations` M-steps (default 100).
 * The returned network is the last one evaluated, whose objective is the last
 * entry of the trace.
 *
 * The junction tree is compiled once, at the first iteration with rows to
 * propagate; every later iteration, and every restart, refills its tables
 * with theta_t (`refillTree`: no triangulation, no layout).
 *
 * Latent variables (`latent`: variables of the structure with no column in
 * the data) are missing in every row and take the same path as any missing
 * cell (see `em-data.ts`). Their likelihood has as many maxima as there are
 * ways to relabel their states, and more, so EM with latent variables starts
 * from seeded random tables (a symmetric start would never break the tie
 * between states) and can restart from several seeds (`restarts`), keeping
 * the run whose final objective is highest.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSet } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { CompileOptions } from '@chainrule/infer'
import { propagate, readTablePosterior, refillTree, type CompiledTree } from '@chainrule/infer/internal'
import { type LearnError, invalidOption as invalid } from './errors.js'
import { pseudoCount, type Estimator } from './dirichlet.js'
import { emSettings, restartRecord, type EmRun } from './em-settings.js'
import { cardsOf, estimateAll, familySizes, networkFromTables, type TableStructure } from './table-learning.js'
import { addCompleteRows, compileNetwork, logTablesOf } from './log-likelihood.js'
import { checkStart, startTables, type EmStart } from './em-start.js'
import { prepareEmData, type EmData } from './em-data.js'

export type { EmStart } from './em-start.js'

/** Options of {@link learnEm}. */
export interface EmOptions {
  /** M-step estimator; default maximum likelihood. */
  readonly estimator?: Estimator
  /** Default `availableCases`, or `{ kind: 'random', seed: 1 }` when there are latent variables. */
  readonly start?: EmStart
  /**
   * Variables of the structure that are never observed: the data has no column for them. Any other
   * variable without a column is an error (`UndeclaredLatent`).
   */
  readonly latent?: readonly string[]
  /**
   * Runs from random starts with seeds seed, seed + 1, ..., keeping the one with the highest final
   * objective (default 1). Needs a random start (the default with latent variables).
   */
  readonly restarts?: number
  /** Most M-steps per run (default 100). */
  readonly maxIterations?: number
  /** Relative change of the objective that counts as converged (default 1e-6). */
  readonly tolerance?: number
  /** Junction-tree compiler options (memory budget, elimination strategies). */
  readonly compile?: CompileOptions
  /** Refuse a family table with more entries than this (default 2^24). */
  readonly maxTableEntries?: number
  /** Called after each E-step with the iteration and its objective (progress reports); `restart` counts runs from 0. */
  readonly onIteration?: (iteration: number, objective: number, logLikelihood: number, restart: number) => void
}

export type { EmRun } from './em-settings.js'

/** What EM returns: the best run's network and trace, and a summary of every run. */
export interface EmResult {
  readonly network: BayesianNetwork
  /** Objective (log-likelihood + sum alpha log theta, nats) of the network of iteration t, t = 0..iterations. */
  readonly objective: Float64Array
  /** Log-likelihood (nats) of the network of iteration t. Equals `objective` for maximum likelihood. */
  readonly logLikelihood: Float64Array
  /** M-steps performed. */
  readonly iterations: number
  readonly converged: boolean
  /** Distinct patterns among the rows with missing cells (propagations per iteration). */
  readonly patterns: number
  /** Every run, in order of seeds (one without restarts). */
  readonly runs: readonly EmRun[]
  /** Index in `runs` of the run returned. */
  readonly best: number
}

/** The tree EM propagates on: compiled at the first need, refilled afterwards. */
interface TreeHolder {
  tree: CompiledTree | undefined
}

interface RunTrace {
  readonly network: BayesianNetwork
  readonly objective: number[]
  readonly likelihood: number[]
  readonly converged: boolean
}

/** One EM run from `first` (tables laid out like the CPTs). */
const runEm = (
  structure: TableStructure,
  stats: EmData,
  first: Float64Array[],
  estimator: Estimator,
  settings: { readonly maxIterations: number; readonly tolerance: number; readonly compile: CompileOptions },
  holder: TreeHolder,
  report: (iteration: number, objective: number, logLikelihood: number) => void,
): E.Either<LearnError, RunTrace> => {
  const { columns, rows, observedCounts, completeCounts, rowMask, patternStates, patternRow, weights, gappedFamilies } = stats
  const n = columns.length
  const cards = cardsOf(structure)
  const sizes = observedCounts.map((c) => c.length)
  const evidence = patternStates.map((states) => ({ states }))
  let network = networkFromTables(structure, first)
  if (E.isLeft(network)) return network
  const alphas = cards.map((card, v) => pseudoCount(estimator, card, sizes[v]! / card))
  const expected = sizes.map((size) => new Float64Array(size))
  const posterior = sizes.map((size) => new Float64Array(size))
  const objective: number[] = []
  const likelihood: number[] = []
  let converged = false
  for (let t = 0; ; t++) {
    const bn = network.right
    const logTables = logTablesOf(bn)
    let ll = 0
    let prior = 0
    for (let v = 0; v < n; v++) {
      const c = completeCounts[v]!
      const lt = logTables[v]!
      for (let k = 0; k < c.length; k++) if (c[k]! > 0) ll += c[k]! * lt[k]!
      if (alphas[v]! > 0) for (let k = 0; k < lt.length; k++) prior += alphas[v]! * lt[k]!
      expected[v]!.set(observedCounts[v]!)
    }
    if (ll === -Infinity) {
      const perRow = new Float64Array(rows)
      addCompleteRows(bn, logTables, columns, rows, perRow, new Int32Array(rows), rowMask)
      return E.left({ _tag: 'ImpossibleRow', row: perRow.indexOf(-Infinity), iteration: t })
    }
    if (patternStates.length > 0) {
      const tables = bn.cpts.map((f) => ({ scope: f.scope, values: f.values }))
      if (holder.tree === undefined) {
        const compiled = compileNetwork(bn, settings.compile)
        if (E.isLeft(compiled)) return compiled
        holder.tree = compiled.right
      } else holder.tree = refillTree(holder.tree, tables, settings.compile)
      const tree = holder.tree
      for (let p = 0; p < patternStates.length; p++) {
        const logPe = propagate(tree, evidence[p]!)
        if (logPe === -Infinity) return E.left({ _tag: 'ImpossibleRow', row: patternRow[p]!, iteration: t })
        const w = weights[p]!
        ll += w * logPe
        const families = gappedFamilies[p]!
        for (let i = 0; i < families.length; i++) {
          const v = families[i]!
          const buf = posterior[v]!
          readTablePosterior(tree, v, buf)
          const into = expected[v]!
          for (let k = 0; k < buf.length; k++) into[k] = into[k]! + w * buf[k]!
        }
      }
    }
    const value = ll + prior
    objective.push(value)
    likelihood.push(ll)
    report(t, value, ll)
    if (t >= 1 && Math.abs(value - objective[t - 1]!) <= settings.tolerance * Math.abs(objective[t - 1]!)) {
      converged = true
      break
    }
    if (t === settings.maxIterations) break
    const tables = estimateAll(structure, expected, estimator)
    if (E.isLeft(tables)) return tables
    network = networkFromTables(structure, tables.right)
    if (E.isLeft(network)) return network
  }
  return E.right({ network: network.right, objective, likelihood, converged })
}

/**
 * Learn the tables of `structure` by EM from data whose cells may be
 * missing (`MISSING` of `@chainrule/data`), and whose `latent` variables have no column at all.
 * Returns the best run's network and per-iteration trace.
 *
 * @example
 * ```ts
 * import { learnEm } from '@chainrule/learn'
 * import { dataSet } from '@chainrule/data'
 * import { defineNetwork } from '@chainrule/models'
 * import * as E from 'fp-ts/lib/Either.js'
 *
 * // A latent class model: a hidden cause z of two observed answers.
 * const model = defineNetwork({
 *   states: { z: ['a', 'b'], x: ['no', 'yes'], y: ['no', 'yes'] },
 *   parents: { x: ['z'], y: ['z'] },
 *   tables: { z: [0.5, 0.5], x: { a: [0.9, 0.1], b: [0.2, 0.8] }, y: { a: [0.8, 0.2], b: [0.1, 0.9] } },
 * })
 * const data = dataSet({ variables: ['x', 'y'], states: [['no', 'yes'], ['no', 'yes']], columns: [Uint8Array.of(0, 0, 1, 1, 0, 1), Uint8Array.of(0, 0, 1, 1, 1, 1)] })
 * if (E.isRight(model) && E.isRight(data)) {
 *   const fit = learnEm(data.right, model.right, { latent: ['z'], restarts: 3 })
 *   if (E.isRight(fit)) {
 *     fit.right.runs.length // => 3
 *     fit.right.logLikelihood[fit.right.iterations]! >= fit.right.logLikelihood[0]! // => true
 *   }
 *   E.isLeft(learnEm(data.right, model.right)) // => true
 * }
 * ```
 */
export const learnEm = (data: DataSet, structure: TableStructure, options: EmOptions = {}): E.Either<LearnError, EmResult> => {
  const checkedSettings = emSettings(options, { kind: 'maximumLikelihood' })
  if (E.isLeft(checkedSettings)) return checkedSettings
  const { estimator, maxIterations, tolerance, restarts } = checkedSettings.right
  const latent = options.latent ?? []
  const start = options.start ?? (latent.length > 0 ? { kind: 'random', seed: 1 } : { kind: 'availableCases' })
  const startChecked = checkStart(start, structure)
  if (E.isLeft(startChecked)) return startChecked
  if (restarts > 1 && start.kind !== 'random') return invalid('restarts', restarts, 'restarts need a random start')
  const sizes = familySizes(structure, options.maxTableEntries ?? 2 ** 24)
  if (E.isLeft(sizes)) return sizes
  const stats = prepareEmData(data, structure, latent, sizes.right)
  if (E.isLeft(stats)) return stats
  const settings = { maxIterations, tolerance, compile: { keepPriorCollection: false, ...options.compile } }
  const holder: TreeHolder = { tree: undefined }
  const record = restartRecord<RunTrace>()
  for (let i = 0; i < restarts; i++) {
    const from: EmStart = start.kind === 'random' ? { kind: 'random', seed: start.seed + i } : start
    const first = startTables(structure, from, stats.right.observedCounts, sizes.right)
    if (E.isLeft(first)) return first
    const run = runEm(structure, stats.right, first.right, estimator, settings, holder, (t, o, l) => options.onIteration?.(t, o, l, i))
    if (E.isLeft(run)) return run
    record.add(run.right, from.kind === 'random' ? from.seed : undefined)
  }
  const { best: chosen, bestIndex, runs } = record.result()
  return E.right({
    network: chosen.network,
    objective: Float64Array.from(chosen.objective),
    logLikelihood: Float64Array.from(chosen.likelihood),
    iterations: chosen.objective.length - 1,
    converged: chosen.converged,
    patterns: stats.right.patternStates.length,
    runs,
    best: bestIndex,
  })
}
