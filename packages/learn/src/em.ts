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
 * propagate; every later iteration refills its tables with theta_t
 * (`refillTree`: no triangulation, no layout).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSet } from '@chainrule/data'
import { MISSING } from '@chainrule/data'
import { createRng, type BayesianNetwork } from '@chainrule/models'
import type { CompileOptions } from '@chainrule/infer'
import { propagate, readTablePosterior, refillTree, type CompiledTree } from '@chainrule/infer/internal'
import type { LearnError } from './errors.js'
import { countFamily, markMissing } from './counts.js'
import { checkEstimator, pseudoCount, type Estimator } from './dirichlet.js'
import { alignData, cardsOf, estimateAll, familySizes, networkFromTables, type TableStructure } from './table-learning.js'
import { addCompleteRows, compileNetwork, logTablesOf } from './log-likelihood.js'

/** Where EM starts. */
export type EmStart =
  /** Default: each family counted on the rows where it is fully observed, plus 1 per entry (never a zero). */
  | { readonly kind: 'availableCases' }
  | { readonly kind: 'uniform' }
  /** Each row drawn uniform in [0.5, 1.5) per entry, then normalised (createRng(seed)). */
  | { readonly kind: 'random'; readonly seed: number }
  /** Start from this network's tables (same variables, states and parents as the structure). */
  | { readonly kind: 'network'; readonly network: BayesianNetwork }

/** Options of {@link learnEm}. */
export interface EmOptions {
  /** M-step estimator; default maximum likelihood. */
  readonly estimator?: Estimator
  readonly start?: EmStart
  /** Most M-steps (default 100). */
  readonly maxIterations?: number
  /** Relative change of the objective that counts as converged (default 1e-6). */
  readonly tolerance?: number
  /** Junction-tree compiler options (memory budget, elimination strategies). */
  readonly compile?: CompileOptions
  /** Refuse a family table with more entries than this (default 2^24). */
  readonly maxTableEntries?: number
  /** Called after each E-step with the iteration and its objective (progress reports). */
  readonly onIteration?: (iteration: number, objective: number, logLikelihood: number) => void
}

/** What EM returns. */
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
}

const invalid = (option: string, value: unknown, reason: string): E.Either<LearnError, never> =>
  E.left({ _tag: 'InvalidOption', option, value: String(value), reason })

/** The starting tables. */
const startTables = (
  structure: TableStructure,
  start: EmStart,
  observedCounts: readonly Float64Array[],
  sizes: readonly number[],
): E.Either<LearnError, Float64Array[]> => {
  const cards = cardsOf(structure)
  switch (start.kind) {
    case 'availableCases':
      return estimateAll(structure, observedCounts, { kind: 'dirichlet', alpha: 1 })
    case 'uniform':
      return E.right(sizes.map((size, v) => new Float64Array(size).fill(1 / cards[v]!)))
    case 'random': {
      if (!Number.isSafeInteger(start.seed)) return invalid('start.seed', start.seed, 'expected an integer')
      const rng = createRng(start.seed)
      return E.right(
        sizes.map((size, v) => {
          const t = new Float64Array(size)
          const card = cards[v]!
          for (let at = 0; at < size; at += card) {
            let sum = 0
            for (let k = 0; k < card; k++) sum += t[at + k] = 0.5 + rng.float()
            for (let k = 0; k < card; k++) t[at + k] = t[at + k]! / sum
          }
          return t
        }),
      )
    }
    case 'network': {
      const { network } = start
      const same =
        network.dag.nodes.length === structure.dag.nodes.length &&
        network.dag.nodes.every((name, v) => name === structure.dag.nodes[v]) &&
        network.domain.variables.every((variable, v) => variable.states.join('\u0000') === structure.domain.variables[v]!.states.join('\u0000')) &&
        network.dag.parentIds.every((ps, v) => ps.join(',') === structure.dag.parentIds[v]!.join(','))
      if (!same) return invalid('start.network', network.name ?? '(unnamed)', 'expected the same variables, states and parents as the structure')
      return E.right(network.cpts.map((f) => Float64Array.from(f.values)))
    }
    default:
      return invalid('start', (start as { kind?: unknown }).kind, "expected 'availableCases', 'uniform', 'random' or 'network'")
  }
}

/**
 * Learn the tables of `structure` by EM from data whose cells may be
 * {@link MISSING}. Returns the network and the per-iteration trace.
 *
 * @example
 * ```ts
 * import { learnEm } from '@chainrule/learn'
 * import { fromSamples, hideCells } from '@chainrule/data'
 * import { ancestralSample, createRng, defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const weather = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.5, 0.5], wet: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * if (E.isRight(weather)) {
 *   const drawn = ancestralSample(weather.right, 2000, createRng(1))
 *   const full = E.isRight(drawn) ? fromSamples(drawn.right) : undefined
 *   // A fifth of the cells hidden, then the tables learned back by EM
 *   const holed = full !== undefined && E.isRight(full) ? hideCells(full.right, 0.2, createRng(3)) : undefined
 *   const fit = holed !== undefined && E.isRight(holed) ? learnEm(holed.right, weather.right, { maxIterations: 50 }) : undefined
 *   // The observed-data log-likelihood never decreases, and P(wet = yes | rain = yes) comes back near 0.8
 *   fit !== undefined && E.isRight(fit) && fit.right.logLikelihood.every((l, i, all) => i === 0 || l >= all[i - 1]! - 1e-9) // => true
 *   fit !== undefined && E.isRight(fit) && Math.abs(fit.right.network.cpts[1]!.values[3]! - 0.8) < 0.05 // => true
 * }
 * ```
 */
export const learnEm = (data: DataSet, structure: TableStructure, options: EmOptions = {}): E.Either<LearnError, EmResult> => {
  const estimator = options.estimator ?? { kind: 'maximumLikelihood' }
  const checked = checkEstimator(estimator)
  if (E.isLeft(checked)) return checked
  const maxIterations = options.maxIterations ?? 100
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 0)) return invalid('maxIterations', maxIterations, 'expected an integer >= 0')
  const tolerance = options.tolerance ?? 1e-6
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) return invalid('tolerance', tolerance, 'expected a finite number >= 0')
  const sizes = familySizes(structure, options.maxTableEntries ?? 2 ** 24)
  if (E.isLeft(sizes)) return sizes
  const aligned = alignData(data, structure)
  if (E.isLeft(aligned)) return aligned
  const { columns, rows } = aligned.right
  const n = columns.length
  const cards = cardsOf(structure)
  const parentIds = structure.dag.parentIds

  // Constant statistics: per family, counts on rows where the family is fully observed;
  // and counts on fully complete rows (their log-likelihood is a dot product with the log-tables).
  const rowMask = new Uint8Array(rows)
  markMissing(columns, rows, cards.map((_, v) => v), rowMask)
  const index = new Int32Array(rows)
  const familyMask = new Uint8Array(rows)
  const observedCounts: Float64Array[] = []
  const completeCounts: Float64Array[] = []
  for (let v = 0; v < n; v++) {
    familyMask.fill(0)
    markMissing(columns, rows, [...parentIds[v]!, v], familyMask)
    const observed = new Float64Array(sizes.right[v]!)
    countFamily(columns, rows, parentIds[v]!, v, cards, observed, index, familyMask)
    observedCounts.push(observed)
    const complete = new Float64Array(sizes.right[v]!)
    countFamily(columns, rows, parentIds[v]!, v, cards, complete, index, rowMask)
    completeCounts.push(complete)
  }

  // Distinct patterns of the rows with gaps: states (-1 = missing), multiplicity, families with a gap.
  const patternOf = new Map<string, number>()
  const patternStates: Int32Array[] = []
  const patternRow: number[] = []
  const weights: number[] = []
  const cells = new Array<number>(n)
  for (let r = 0; r < rows; r++) {
    if (rowMask[r] === 0) continue
    for (let v = 0; v < n; v++) cells[v] = columns[v]![r]!
    const key = String.fromCharCode(...cells)
    const p = patternOf.get(key)
    if (p !== undefined) {
      weights[p]!++
      continue
    }
    patternOf.set(key, patternStates.length)
    patternStates.push(Int32Array.from(cells, (s) => (s === MISSING ? -1 : s)))
    patternRow.push(r)
    weights.push(1)
  }
  const gappedFamilies = patternStates.map((states) => {
    const out: number[] = []
    for (let v = 0; v < n; v++) if (states[v]! < 0 || parentIds[v]!.some((p) => states[p]! < 0)) out.push(v)
    return Int32Array.from(out)
  })
  const evidence = patternStates.map((states) => ({ states }))

  const first = startTables(structure, options.start ?? { kind: 'availableCases' }, observedCounts, sizes.right)
  if (E.isLeft(first)) return first
  let network = networkFromTables(structure, first.right)
  if (E.isLeft(network)) return network

  const alphas = cards.map((card, v) => pseudoCount(estimator, card, sizes.right[v]! / card))
  const expected = sizes.right.map((size) => new Float64Array(size))
  const posterior = sizes.right.map((size) => new Float64Array(size))
  const objective: number[] = []
  const likelihood: number[] = []
  let converged = false
  let tree: CompiledTree | undefined
  const treeOptions: CompileOptions = { keepPriorCollection: false, ...options.compile }
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
      addCompleteRows(bn, logTables, columns, rows, perRow, index, rowMask)
      return E.left({ _tag: 'ImpossibleRow', row: perRow.indexOf(-Infinity), iteration: t })
    }
    if (patternStates.length > 0) {
      if (tree === undefined) {
        const compiled = compileNetwork(bn, treeOptions)
        if (E.isLeft(compiled)) return compiled
        tree = compiled.right
      } else tree = refillTree(tree, bn.cpts.map((f) => ({ scope: f.scope, values: f.values })), treeOptions)
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
    options.onIteration?.(t, value, ll)
    if (t >= 1 && Math.abs(value - objective[t - 1]!) <= tolerance * Math.abs(objective[t - 1]!)) {
      converged = true
      break
    }
    if (t === maxIterations) break
    const tables = estimateAll(structure, expected, estimator)
    if (E.isLeft(tables)) return tables
    network = networkFromTables(structure, tables.right)
    if (E.isLeft(network)) return network
  }
  return E.right({
    network: network.right,
    objective: Float64Array.from(objective),
    logLikelihood: Float64Array.from(likelihood),
    iterations: objective.length - 1,
    converged,
    patterns: patternStates.length,
  })
}
