/**
 * EM for 2TBNs with hidden or missing cells (Dempster, Laird & Rubin 1977;
 * Murphy 2002, 6.2): Baum-Welch (Baum et al. 1970) when the 2TBN is an HMM.
 *
 * E-step at parameters theta: for every sequence, the forward-backward pass of
 * `smooth.ts` on the compiled slice trees; after slice t's backward step the
 * tree holds P(slice t, previous interface | all evidence), and each
 * variable's family posterior (`readTablePosterior`) is its expected count
 * at slice t, laid out like its table. Counts at slice 0 go to the initial
 * tables, counts at later slices to the transition tables (pooled, the
 * transition being the same at every step; `share` pools a variable over all
 * slices). The forward pass gives log P(sequence; theta).
 *
 * M-step: the estimator on the expected counts (maximum likelihood, or the
 * MAP estimate under Dirichlet(alpha + 1) for pseudo-counts alpha, as in
 * `@chainrule/learn`'s EM), so the objective
 *   log-likelihood(theta) + sum alpha log theta
 * never decreases; both are reported per iteration.
 *
 * The two trees are compiled once; every iteration refills their tables.
 * Convergence: stop after the first iteration t >= 1 with
 * |objective_t - objective_t-1| <= tolerance x |objective_t-1| (default
 * 1e-6), or after `maxIterations` M-steps (default 100).
 */
import type { CompileOptions } from '@chainrule/infer'
import { checkEstimator, type Estimator } from '@chainrule/learn'
import { createRng, type Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { sliceStructure, type DynamicNetwork } from './dynamic-network.js'
import { dynamicState, engineOf, tablesOf, type DynamicState } from './engine.js'
import type { DynamicError } from './errors.js'
import { forwardPass, kindOf, sliceStates, stepError } from './forward.js'
import { emptyCounts, estimateSlices, learnOption, logPriorOf, sharedIds, withSliceTables, type SliceTables } from './learn-parameters.js'
import { checkObservations, type Observations } from './observations.js'
import { backwardStep } from './smooth.js'
import { compileSliceTrees, readFamily, refillSliceTrees } from './slice-tree.js'

/** Where EM starts. */
export type DynamicEmStart =
  /** Default: the network's own tables (an HMM's usual initial guess). */
  | { readonly kind: 'network' }
  /** Each row drawn uniform in [0.5, 1.5) per entry, then normalised (createRng(seed)). */
  | { readonly kind: 'random'; readonly seed: number }

/** Options of {@link learnEm}. */
export interface DynamicEmOptions<A extends Assignment = Assignment> {
  /** M-step estimator; default maximum likelihood. */
  readonly estimator?: Estimator
  readonly start?: DynamicEmStart
  /** Variables with one table for every slice, slice 0 included (e.g. an HMM's observation). */
  readonly share?: readonly (keyof A & string)[]
  /** Most M-steps (default 100). */
  readonly maxIterations?: number
  /** Relative change of the objective that counts as converged (default 1e-6). */
  readonly tolerance?: number
  /** Junction-tree compiler options for the slice trees. */
  readonly compile?: CompileOptions
  /** Called after each E-step with the iteration, its objective and log-likelihood. */
  readonly onIteration?: (iteration: number, objective: number, logLikelihood: number) => void
}

/** What EM returns. */
export interface DynamicEmResult<A extends Assignment = Assignment> {
  readonly network: DynamicNetwork<A>
  /** Objective (log-likelihood + sum alpha log theta, nats) of the network of iteration t, t = 0..iterations. */
  readonly objective: Float64Array
  /** Log-likelihood (nats, all sequences) of the network of iteration t. */
  readonly logLikelihood: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

const invalid = (option: string, value: unknown, reason: string): E.Either<DynamicError, never> =>
  E.left({ _tag: 'InvalidOption', option, value: String(value), reason })

/** Expected counts of every family over every sequence, and the log-likelihood, at the trees' current numbers. */
const expectedCounts = (dbn: DynamicNetwork, state: DynamicState, sequences: readonly Observations[]): E.Either<DynamicError, { readonly counts: SliceTables; readonly logLikelihood: number }> => {
  const { n } = state.structure
  const size = state.trees.interfaceSize
  const counts = emptyCounts(dbn)
  const family = counts.transition.map((c, b) => new Float64Array(Math.max(c.length, counts.initial[b]!.length)))
  const ratio = new Float64Array(size)
  let total = 0
  for (const obs of sequences) {
    const pass = forwardPass(dbn, state, obs, { keep: true })
    if (E.isLeft(pass)) return pass
    total += pass.right.logLikelihood
    const { beliefs } = pass.right
    const alphaAt = (t: number): Float64Array => beliefs.subarray(t * size, (t + 1) * size)
    let gamma = obs.slices === 0 ? new Float64Array(0) : Float64Array.from(alphaAt(obs.slices - 1))
    let previousGamma = new Float64Array(size)
    for (let t = obs.slices - 1; t >= 0; t--) {
      const states = sliceStates(obs, n, t)
      const logMass = backwardStep(state, t, states, t === 0 ? undefined : alphaAt(t - 1), alphaAt(t), gamma, ratio, previousGamma)
      if (!(logMass > -Infinity)) return E.left(stepError(dbn, states, t, logMass))
      const kind = kindOf(t)
      for (let b = 0; b < n; b++) {
        const into = (t === 0 ? counts.initial : counts.transition)[b]!
        const buffer = family[b]!.subarray(0, into.length)
        readFamily(state.trees, kind, b, buffer)
        for (let k = 0; k < into.length; k++) into[k]! += buffer[k]!
      }
      ;[gamma, previousGamma] = [previousGamma, gamma]
    }
  }
  return E.right({ counts, logLikelihood: total })
}

/** The starting tables. */
const startTables = (dbn: DynamicNetwork, start: DynamicEmStart): E.Either<DynamicError, SliceTables> => {
  const tables = tablesOf(dbn)
  if (start.kind === 'network') return E.right({ initial: tables.initial.map((t) => Float64Array.from(t)), transition: tables.transition.map((t) => Float64Array.from(t)) })
  if (start.kind !== 'random') return invalid('start', (start as { kind?: unknown }).kind, "expected 'network' or 'random'")
  if (!Number.isSafeInteger(start.seed)) return invalid('start.seed', start.seed, 'expected an integer')
  const rng = createRng(start.seed)
  const cards = dbn.slice.variables.map((v) => v.states.length)
  const draw = (t: Float64Array, card: number): Float64Array => {
    const out = new Float64Array(t.length)
    for (let at = 0; at < out.length; at += card) {
      let sum = 0
      for (let k = 0; k < card; k++) sum += out[at + k] = 0.5 + rng.float()
      for (let k = 0; k < card; k++) out[at + k] = out[at + k]! / sum
    }
    return out
  }
  return E.right({ initial: tables.initial.map((t, b) => draw(t, cards[b]!)), transition: tables.transition.map((t, b) => draw(t, cards[b]!)) })
}

/**
 * Fit the tables of a 2TBN (structure kept) to sequences with unobserved
 * cells by EM; with an HMM's hidden state never observed, this is
 * Baum-Welch. Errors: `ImpossibleEvidence` (a sequence impossible under the
 * current tables, naming its slice), `InvalidOption`, `InvalidObservations`,
 * `Infer` (slice trees over the memory budget).
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, learnEm } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const guess = defineDynamicNetwork({
 *   states: { hidden: ['a', 'b'], seen: ['x', 'y'] },
 *   initial: { parents: { seen: ['hidden'] }, tables: { hidden: [0.5, 0.5], seen: [[0.6, 0.4], [0.4, 0.6]] } },
 *   transition: {
 *     parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] },
 *     tables: { hidden: [[0.7, 0.3], [0.3, 0.7]], seen: [[0.6, 0.4], [0.4, 0.6]] },
 *   },
 * })
 * if (E.isRight(guess)) {
 *   const seen = { slices: 6, states: Int32Array.of(-1, 0, -1, 0, -1, 1, -1, 1, -1, 0, -1, 0) }
 *   const fit = learnEm(guess.right, [seen], { share: ['seen'], maxIterations: 20 })
 *   E.isRight(fit) && fit.right.logLikelihood[fit.right.iterations]! >= fit.right.logLikelihood[0]! // => true
 * }
 * ```
 */
export const learnEm = <A extends Assignment>(
  dbn: DynamicNetwork<A>,
  sequences: readonly Observations[],
  options: DynamicEmOptions<A> = {},
): E.Either<DynamicError, DynamicEmResult<A>> => {
  const estimator = checkEstimator(options.estimator ?? { kind: 'maximumLikelihood' })
  if (E.isLeft(estimator)) return E.left(learnOption(estimator.left))
  const maxIterations = options.maxIterations ?? 100
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 0) return invalid('maxIterations', maxIterations, 'expected a non-negative integer')
  const tolerance = options.tolerance ?? 1e-6
  if (!(tolerance >= 0)) return invalid('tolerance', tolerance, 'expected a number >= 0')
  for (const obs of sequences) {
    const checked = checkObservations(dbn, obs)
    if (E.isLeft(checked)) return checked
  }
  const structure = sliceStructure(dbn)
  const shared = sharedIds(dbn, structure, options.share ?? [])
  if (E.isLeft(shared)) return shared
  const start = startTables(dbn, options.start ?? { kind: 'network' })
  if (E.isLeft(start)) return start
  const compileOptions = { keepPriorCollection: false, ...options.compile }
  const compiled = compileSliceTrees(structure, start.right.initial, start.right.transition, compileOptions)
  if (E.isLeft(compiled)) return E.left({ _tag: 'Infer', error: compiled.left })
  let engine = engineOf(dbn, structure, compiled.right, compileOptions)
  let tables = start.right
  let logPrior = logPriorOf(structure, tables, shared.right, estimator.right)
  const objective: number[] = []
  const logLikelihood: number[] = []
  let converged = false
  for (let iteration = 0; ; iteration++) {
    const expected = expectedCounts(dbn, dynamicState(engine), sequences)
    if (E.isLeft(expected)) return expected
    logLikelihood.push(expected.right.logLikelihood)
    objective.push(expected.right.logLikelihood + logPrior)
    options.onIteration?.(iteration, objective[iteration]!, logLikelihood[iteration]!)
    if (iteration >= 1 && Math.abs(objective[iteration]! - objective[iteration - 1]!) <= tolerance * Math.abs(objective[iteration - 1]!)) {
      converged = true
      break
    }
    if (iteration >= maxIterations) break
    const estimated = estimateSlices(dbn, structure, expected.right.counts, shared.right, estimator.right)
    if (E.isLeft(estimated)) return estimated
    tables = estimated.right.tables
    logPrior = estimated.right.logPrior
    const state = dynamicState(engine)
    engine = engineOf(dbn, structure, refillSliceTrees(state.trees, tables.initial, tables.transition, compileOptions), compileOptions)
  }
  const network = withSliceTables(dbn, tables)
  if (E.isLeft(network)) return network
  return E.right({
    network: network.right,
    objective: Float64Array.from(objective),
    logLikelihood: Float64Array.from(logLikelihood),
    iterations: objective.length - 1,
    converged,
  })
}
