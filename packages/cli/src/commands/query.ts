/** `chainrule query NET [--evidence A=s,B=t] [--evidence-file F.evid] [--soft A=0.7:0.3] [--target X,Y] [--json]` */
import { marginals, type Posterior } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseBytes, parseEvidence, parseLikelihoods, parseList } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { formatProbability, formatTable } from '../format.js'
import { withEvidenceFile } from '../evidence-file.js'
import { loadForCommand, type Output } from '../load.js'

export const queryFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'evidence-file', takesValue: true },
  { name: 'soft', takesValue: true },
  { name: 'target', alias: 't', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
  { name: 'method', takesValue: true },
] as const

const methods = ['auto', 'tree', 'elimination'] as const

/**
 * The variables to report: the targets asked for, every variable (`all`: the
 * UAI MAR task, observed ones as point masses), or every unobserved variable.
 */
const reported = (posterior: Posterior, targets: readonly string[], all: boolean): E.Either<CliError, number[]> => {
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
 * observed ones as point masses, as the UAI MAR task lists them.
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
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const method = methods.find((m) => m === (values.get('method') ?? 'auto'))
  if (method === undefined) return E.left({ _tag: 'Usage', message: `--method is one of ${methods.join(', ')}` })
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const evidenceFile = values.get('evidence-file')
  const evidence = withEvidenceFile(network.right.domain, named.right, evidenceFile)
  if (E.isLeft(evidence)) return evidence
  const engine = compileForCommand(network.right, output, quiet, budget.right, method)
  if (E.isLeft(engine)) return engine
  const targets = parseList(values.get('target'))
  const posterior = marginals(engine.right, {
    evidence: evidence.right,
    soft: likelihoods.right,
    ...(targets.length === 0 ? {} : { targets: targets.filter((t) => !Object.hasOwn(evidence.right, t)) }),
  })
  if (E.isLeft(posterior)) return E.left({ _tag: 'Infer', error: posterior.left })
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
    output.stdout.write(`${JSON.stringify({ marginals: out, logPEvidence, log10PEvidence })}\n`)
    return E.right(undefined)
  }
  const rows: string[][] = [['variable', 'state', 'P(state | evidence)']]
  for (const v of ids.right) {
    domain.variables[v]!.states.forEach((s, k) => {
      rows.push([k === 0 ? domain.variables[v]!.name : '', s, formatProbability(probability(v, k))])
    })
  }
  const what = engine.right.kind === 'markov' ? 'log Z(evidence)' : 'log P(evidence)'
  output.stdout.write(`${formatTable(rows)}\n\n${what} = ${logPEvidence} (log10: ${log10PEvidence})\n`)
  return E.right(undefined)
}
