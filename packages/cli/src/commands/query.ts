/** `chainrule query NET [--evidence A=s,B=t] [--soft A=0.7:0.3] [--do X=x,Y=y] [--target X,Y] [--json]` */
import { marginals, type Posterior } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseBytes, parseEvidence, parseLikelihoods, parseList } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { formatProbability, formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'

export const queryFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'soft', takesValue: true },
  { name: 'do', takesValue: true },
  { name: 'target', alias: 't', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
  { name: 'method', takesValue: true },
] as const

const methods = ['auto', 'tree', 'elimination'] as const

/** The variables to report: the targets asked for, or every unobserved variable. */
const reported = (posterior: Posterior, targets: readonly string[]): E.Either<CliError, number[]> => {
  const { domain, observed } = posterior
  if (targets.length === 0) return E.right(domain.variables.filter((v) => observed[v.id]! < 0).map((v) => v.id))
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
 * Posterior marginals of every unobserved variable (or the targets) and log P(evidence).
 *
 * @example
 * await query(['alarm.bif', '--evidence', 'HYPOVOLEMIA=TRUE', '--json'], output)
 */
export const query = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, queryFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'query takes exactly one network file' })
  const evidence = parseEvidence(values.get('evidence'))
  if (E.isLeft(evidence)) return evidence
  const likelihoods = parseLikelihoods(values.get('soft'))
  if (E.isLeft(likelihoods)) return likelihoods
  const interventions = parseEvidence(values.get('do'), 'intervention')
  if (E.isLeft(interventions)) return interventions
  // Observed at its forced state, a variable is answered as if it were not observed (P(x | do(x)) = 1).
  for (const [name, state] of Object.entries(interventions.right)) if (evidence.right[name] === state) delete evidence.right[name]
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const method = methods.find((m) => m === (values.get('method') ?? 'auto'))
  if (method === undefined) return E.left({ _tag: 'Usage', message: `--method is one of ${methods.join(', ')}` })
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const engine = compileForCommand(network.right, output, quiet, budget.right, method)
  if (E.isLeft(engine)) return engine
  const targets = parseList(values.get('target'))
  const posterior = marginals(engine.right, {
    evidence: evidence.right,
    soft: likelihoods.right,
    do: interventions.right,
    ...(targets.length === 0 ? {} : { targets: targets.filter((t) => !Object.hasOwn(evidence.right, t)) }),
  })
  if (E.isLeft(posterior)) return E.left({ _tag: 'Infer', error: posterior.left })
  const ids = reported(posterior.right, targets)
  if (E.isLeft(ids)) return ids
  const { domain, probabilities, logPEvidence } = posterior.right

  if (switches.has('json')) {
    const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
    for (const v of ids.right) {
      const row: Record<string, number> = Object.create(null) as Record<string, number>
      domain.variables[v]!.states.forEach((s, k) => {
        row[s] = probabilities[v]![k]!
      })
      out[domain.variables[v]!.name] = row
    }
    output.stdout.write(`${JSON.stringify({ marginals: out, logPEvidence })}\n`)
    return E.right(undefined)
  }
  const intervened = Object.keys(interventions.right).length > 0
  const rows: string[][] = [['variable', 'state', intervened ? 'P(state | evidence, do)' : 'P(state | evidence)']]
  for (const v of ids.right) {
    domain.variables[v]!.states.forEach((s, k) => {
      rows.push([k === 0 ? domain.variables[v]!.name : '', s, formatProbability(probabilities[v]![k]!)])
    })
  }
  output.stdout.write(`${formatTable(rows)}\n\nlog P(evidence${intervened ? ' | do' : ''}) = ${logPEvidence}\n`)
  return E.right(undefined)
}
