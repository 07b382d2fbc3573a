/**
 * The settings every EM run checks the same way (`learnEm`, `learnLatentTree`):
 * the estimator of the M-step, the iteration limit, the stopping tolerance and
 * the number of seeded restarts.
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkEstimator, type Estimator } from './dirichlet.js'
import { invalidOption, type LearnError } from './errors.js'

/** The options as given, each optional. */
export interface EmSettingsInput {
  readonly estimator?: Estimator
  readonly maxIterations?: number
  readonly tolerance?: number
  readonly restarts?: number
}

/** The options checked, with their defaults filled in. */
export interface EmSettings {
  readonly estimator: Estimator
  readonly maxIterations: number
  readonly tolerance: number
  readonly restarts: number
}

/**
 * Check the options (defaults: 100 iterations, tolerance 1e-6, one run) with
 * `estimator` as the default M-step.
 *
 * Used as (package-internal, not exported):
 * emSettings(options, { kind: 'maximumLikelihood' })
 */
export const emSettings = (options: EmSettingsInput, defaultEstimator: Estimator): E.Either<LearnError, EmSettings> => {
  const estimator = options.estimator ?? defaultEstimator
  const checked = checkEstimator(estimator)
  if (E.isLeft(checked)) return checked
  const maxIterations = options.maxIterations ?? 100
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 0)) return invalidOption('maxIterations', maxIterations, 'expected an integer >= 0')
  const tolerance = options.tolerance ?? 1e-6
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) return invalidOption('tolerance', tolerance, 'expected a finite number >= 0')
  const restarts = options.restarts ?? 1
  if (!(Number.isSafeInteger(restarts) && restarts >= 1)) return invalidOption('restarts', restarts, 'expected an integer >= 1')
  return E.right({ estimator, maxIterations, tolerance, restarts })
}

/** One run of EM from one start. */
export interface EmRun {
  /** The seed of its random start, when it had one. */
  readonly seed?: number
  /** Final objective (nats). */
  readonly objective: number
  readonly iterations: number
  readonly converged: boolean
}

/** What the restart record reads of a finished run: its objective after each iteration (the last is final). */
interface RunOutcome {
  readonly objective: readonly number[]
  readonly converged: boolean
}

/**
 * The runs of EM's restarts as they finish: a summary of each, and the best
 * (highest final objective; the earlier run on a tie). Shared by `learnEm` and
 * `learnLatentTree`.
 *
 * Used as (package-internal, not exported):
 * const record = restartRecord<RunTrace>(); record.add(run, seed); const { best, bestIndex, runs } = record.result()
 */
export const restartRecord = <R extends RunOutcome>(): { add: (run: R, seed: number | undefined) => void; result: () => { best: R; bestIndex: number; runs: EmRun[] } } => {
  const runs: EmRun[] = []
  let best: R | undefined
  let bestIndex = 0
  const final = (run: R): number => run.objective[run.objective.length - 1]!
  return {
    add: (run, seed) => {
      runs.push({ ...(seed === undefined ? {} : { seed }), objective: final(run), iterations: run.objective.length - 1, converged: run.converged })
      if (best === undefined || final(run) > final(best)) {
        best = run
        bestIndex = runs.length - 1
      }
    },
    result: () => {
      if (best === undefined) throw new Error('restartRecord: no run was added')
      return { best, bestIndex, runs }
    },
  }
}
