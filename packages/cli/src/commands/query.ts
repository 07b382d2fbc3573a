/**
 * `chainrule query NET [--evidence A=s,B=t] [--evidence-file F.evid] [--soft A=0.7:0.3] [--do X=x,Y=y] [--target X,Y] [--json]
 * [--method auto|tree|elimination|lbp [--damping D] [--schedule S] [--max-iterations N] [--tolerance T]]`
 */
import { approximateMarginals, marginals, type ApproximatePosterior, type LoopyOptions, type Posterior, type Schedule } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseBytes, parseCount, parseEvidence, parseLikelihoods, parseList, type ParsedArgs } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { formatProbability, formatTable } from '../format.js'
import { withEvidenceFile } from '../evidence-file.js'
import { loadForCommand, type Output } from '../load.js'

export const queryFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'evidence-file', takesValue: true },
  { name: 'soft', takesValue: true },
  { name: 'do', takesValue: true },
  { name: 'target', alias: 't', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
  { name: 'method', takesValue: true },
  { name: 'damping', takesValue: true },
  { name: 'schedule', takesValue: true },
  { name: 'max-iterations', takesValue: true },
  { name: 'tolerance', takesValue: true },
] as const

const methods = ['auto', 'tree', 'elimination', 'lbp'] as const
const schedules: readonly Schedule[] = ['parallel', 'sequential', 'residual']
const loopyFlags = ['damping', 'schedule', 'max-iterations', 'tolerance'] as const

/** A number flag within [low, high) (high excluded when `open`). */
const parseFraction = (text: string | undefined, flag: string, low: number, high: number): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const x = Number(text)
  return text.trim() !== '' && Number.isFinite(x) && x >= low && x < high
    ? E.right(x)
    : E.left({ _tag: 'Usage', message: `--${flag} needs a number in [${low}, ${high}), got "${text}"` })
}

/** The settings of `--method lbp`; its flags with another method are a usage error. */
const loopyOptions = (values: ParsedArgs['values'], lbp: boolean): E.Either<CliError, LoopyOptions | undefined> => {
  const given = loopyFlags.find((f) => values.has(f))
  if (!lbp) return given === undefined ? E.right(undefined) : E.left({ _tag: 'Usage', message: `--${given} goes with --method lbp` })
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
 * The variables to report: the targets asked for, every variable (`all`: the
 * UAI MAR task, observed ones as point masses), or every unobserved variable.
 */
const reported = (posterior: Posterior | ApproximatePosterior, targets: readonly string[], all: boolean): E.Either<CliError, number[]> => {
  const { domain, observed } = posterior
  if (targets.length === 0) return E.right(domain.variables.filter((v) => all || observed[v.id]! < 0).map((v) => v.id))
  const ids: number[] = []
  for (const name of targets) {
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'Infer', error: { _tag: 'UnknownVariable', variable: name } })
    if (observed[v]! >= 0) return E.left({ _tag: 'Usage', message: `--target ${name} is observed; ask for unobserved variables or drop its evidence` })
    ids.push(v)
  }
  return E.right(ids)
}

/**
 * Posterior marginals of every unobserved variable (or the targets) and log P(evidence);
 * for a Markov network log Z(evidence), the log partition function with the
 * evidence plugged in (the same number: Z = 1 for a Bayesian network). With
 * `--evidence-file` (a UAI `.evid` file), every variable is reported, the
 * observed ones as point masses, as the UAI MAR task lists them. With
 * `--method lbp`, loopy belief propagation answers instead, and the output says
 * that it is approximate, whether it converged, and (when the junction tree
 * fits the memory budget) its error against the exact answer.
 *
 * @example
 * await query(['alarm.bif', '--evidence', 'HYPOVOLEMIA=TRUE', '--json'], output)
 */
export const query = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, queryFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'query takes exactly one network file' })
  const named = parseEvidence(values.get('evidence'))
  if (E.isLeft(named)) return named
  const likelihoods = parseLikelihoods(values.get('soft'))
  if (E.isLeft(likelihoods)) return likelihoods
  const interventions = parseEvidence(values.get('do'), 'intervention')
  if (E.isLeft(interventions)) return interventions
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const method = methods.find((m) => m === (values.get('method') ?? 'auto'))
  if (method === undefined) return E.left({ _tag: 'Usage', message: `--method is one of ${methods.join(', ')}` })
  const loopy = loopyOptions(values, method === 'lbp')
  if (E.isLeft(loopy)) return loopy
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const evidenceFile = values.get('evidence-file')
  const evidence = withEvidenceFile(network.right.domain, named.right, evidenceFile)
  if (E.isLeft(evidence)) return evidence
  // Observed at its forced state, a variable is answered as if it were not observed (P(x | do(x)) = 1).
  for (const [name, state] of Object.entries(interventions.right)) if (evidence.right[name] === state) delete evidence.right[name]
  // lbp: the tree is built where it fits, only to report the approximation's error against it.
  const engine = compileForCommand(network.right, output, quiet, budget.right, method === 'lbp' ? 'auto' : method)
  if (E.isLeft(engine)) return engine
  const targets = parseList(values.get('target'))
  const question = {
    evidence: evidence.right,
    soft: likelihoods.right,
    do: interventions.right,
    ...(targets.length === 0 ? {} : { targets: targets.filter((t) => !Object.hasOwn(evidence.right, t)) }),
  }
  const posterior = loopy.right === undefined ? marginals(engine.right, question) : approximateMarginals(engine.right, question, loopy.right)
  if (E.isLeft(posterior)) return E.left({ _tag: 'Infer', error: posterior.left })
  const approximation = 'approximate' in posterior.right ? posterior.right : undefined
  const ids = reported(posterior.right, targets, evidenceFile !== undefined)
  if (E.isLeft(ids)) return ids
  const { domain, probabilities, logPEvidence } = posterior.right
  // UAI's PR task states log10 Z(e); both logs are printed, from the same number.
  const log10PEvidence = logPEvidence / Math.LN10
  const { observed } = posterior.right
  // An observed variable is a point mass on its state (the answer may not carry it).
  const probability = (v: number, k: number): number => (observed[v]! >= 0 ? (observed[v] === k ? 1 : 0) : probabilities[v]![k]!)

  if (switches.has('json')) {
    const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
    for (const v of ids.right) {
      const row: Record<string, number> = Object.create(null) as Record<string, number>
      domain.variables[v]!.states.forEach((s, k) => {
        row[s] = probability(v, k)
      })
      out[domain.variables[v]!.name] = row
    }
    const how =
      approximation === undefined
        ? {}
        : {
            approximate: true,
            method: approximation.method,
            converged: approximation.converged,
            iterations: approximation.iterations,
            residual: approximation.residual,
            schedule: approximation.schedule,
            damping: approximation.damping,
            errorAgainstExact: approximation.errorAgainstExact ?? null,
          }
    output.stdout.write(`${JSON.stringify({ marginals: out, logPEvidence, log10PEvidence, ...how })}\n`)
    return E.right(undefined)
  }
  const intervened = Object.keys(interventions.right).length > 0
  const rows: string[][] = [['variable', 'state', intervened ? 'P(state | evidence, do)' : 'P(state | evidence)']]
  for (const v of ids.right) {
    domain.variables[v]!.states.forEach((s, k) => {
      rows.push([k === 0 ? domain.variables[v]!.name : '', s, formatProbability(probability(v, k))])
    })
  }
  const what = `${engine.right.kind === 'markov' ? 'log Z' : 'log P'}(evidence${intervened ? ' | do' : ''})`
  const header = approximation === undefined ? '' : `${approximationText(approximation)}\n\n`
  const estimate = approximation === undefined ? '' : ' (Bethe estimate)'
  output.stdout.write(`${header}${formatTable(rows)}\n\n${what}${estimate} = ${logPEvidence} (log10: ${log10PEvidence})\n`)
  return E.right(undefined)
}

/** What a reader of an approximate answer must know first. */
const approximationText = (a: ApproximatePosterior): string => {
  const run = a.converged
    ? `converged after ${a.iterations} iteration${a.iterations === 1 ? '' : 's'}`
    : `NOT converged after ${a.iterations} iterations (largest message change ${a.residual.toExponential(2)})`
  const error =
    a.errorAgainstExact === undefined
      ? 'no exact answer to compare with (the junction tree is over the memory budget)'
      : `against the exact answer: largest marginal error ${a.errorAgainstExact.maxMarginalError.toExponential(2)}, log P(e) error ${a.errorAgainstExact.logPEvidenceError.toExponential(2)}`
  return `APPROXIMATE: loopy belief propagation (${a.schedule}, damping ${a.damping}), ${run}; ${error}`
}
