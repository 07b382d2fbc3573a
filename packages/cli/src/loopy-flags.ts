/**
 * `--method lbp` and its settings (`--damping`, `--schedule`,
 * `--max-iterations`, `--tolerance`), and the words that open an approximate
 * answer: loopy belief propagation is only ever asked for, and says so.
 */
import type { ApproximatePosterior, LoopyOptions, Schedule } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseCount } from './args.js'
import type { CliError } from './errors.js'

export const loopyFlags = [
  { name: 'damping', takesValue: true },
  { name: 'schedule', takesValue: true },
  { name: 'max-iterations', takesValue: true },
  { name: 'tolerance', takesValue: true },
] as const

const schedules: readonly Schedule[] = ['parallel', 'sequential', 'residual']

/** A number flag within [low, high). */
const parseFraction = (text: string | undefined, flag: string, low: number, high: number): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const x = Number(text)
  return text.trim() !== '' && Number.isFinite(x) && x >= low && x < high
    ? E.right(x)
    : E.left({ _tag: 'Usage', message: `--${flag} needs a number in [${low}, ${high}), got "${text}"` })
}

/**
 * The settings of `--method lbp` (undefined for another method); its flags
 * with another method are a usage error.
 *
 * Used as (package-internal, not exported):
 * loopyOptions(new Map([['damping', '0.5']]), true) // right({ kind: 'lbp', damping: 0.5 })
 */
export const loopyOptions = (values: ReadonlyMap<string, string>, lbp: boolean): E.Either<CliError, LoopyOptions | undefined> => {
  const given = loopyFlags.find((f) => values.has(f.name))
  if (!lbp) return given === undefined ? E.right(undefined) : E.left({ _tag: 'Usage', message: `--${given.name} goes with --method lbp` })
  const damping = parseFraction(values.get('damping'), 'damping', 0, 1)
  if (E.isLeft(damping)) return damping
  const tolerance = parseFraction(values.get('tolerance'), 'tolerance', Number.MIN_VALUE, 1)
  if (E.isLeft(tolerance)) return tolerance
  const iterations = parseCount(values.get('max-iterations'), 'max-iterations')
  if (E.isLeft(iterations)) return iterations
  if (iterations.right === 0) return E.left({ _tag: 'Usage', message: '--max-iterations needs a positive integer' })
  const schedule = values.get('schedule')
  const known = schedules.find((x) => x === schedule)
  if (schedule !== undefined && known === undefined) return E.left({ _tag: 'Usage', message: `--schedule is one of ${schedules.join(', ')}` })
  return E.right({
    kind: 'lbp',
    ...(damping.right === undefined ? {} : { damping: damping.right }),
    ...(tolerance.right === undefined ? {} : { tolerance: tolerance.right }),
    ...(iterations.right === undefined ? {} : { maxIterations: iterations.right }),
    ...(known === undefined ? {} : { schedule: known }),
  })
}

/**
 * What `query --json` adds to an approximate answer: that it is approximate,
 * how the run went, and its error against exact (null without an exact answer).
 *
 * Used as (package-internal, not exported):
 * approximationJson(posterior) // { approximate: true, method: 'lbp', converged: true, ... }
 */
export const approximationJson = (a: ApproximatePosterior): Record<string, unknown> => ({
  approximate: true,
  method: a.method,
  converged: a.converged,
  iterations: a.iterations,
  residual: a.residual,
  schedule: a.schedule,
  damping: a.damping,
  errorAgainstExact: a.errorAgainstExact ?? null,
})

/**
 * What a reader of an approximate answer must know first (the line that opens it).
 *
 * Used as (package-internal, not exported):
 * approximationText(posterior) // 'APPROXIMATE: loopy belief propagation (sequential, damping 0), converged after 12 iterations; ...'
 */
export const approximationText = (a: ApproximatePosterior): string => {
  const run = a.converged
    ? `converged after ${a.iterations} iteration${a.iterations === 1 ? '' : 's'}`
    : `NOT converged after ${a.iterations} iterations (largest message change ${a.residual.toExponential(2)})`
  const error =
    a.errorAgainstExact === undefined
      ? 'no exact answer to compare with (the junction tree is over the memory budget)'
      : `against the exact answer: largest marginal error ${a.errorAgainstExact.maxMarginalError.toExponential(2)}, log P(e) error ${a.errorAgainstExact.logPEvidenceError.toExponential(2)}`
  return `APPROXIMATE: loopy belief propagation (${a.schedule}, damping ${a.damping}), ${run}; ${error}`
}
