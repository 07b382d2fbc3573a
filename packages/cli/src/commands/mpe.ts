/** `chainrule mpe NET [--evidence A=s,...] [--json]` */
import { mpe as mostProbable } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseBytes, parseEvidence } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'

export const mpeFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
] as const

/**
 * The most probable assignment of the unobserved variables, with log P(assignment, evidence).
 *
 * @example
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--json'], output)
 */
export const mpe = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, mpeFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'mpe takes exactly one network file' })
  const evidence = parseEvidence(values.get('evidence'))
  if (E.isLeft(evidence)) return evidence
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const engine = compileForCommand(network.right, output, quiet, budget.right)
  if (E.isLeft(engine)) return engine
  const best = mostProbable(engine.right, { evidence: evidence.right })
  if (E.isLeft(best)) return E.left({ _tag: 'Infer', error: best.left })
  const assignment: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, state] of Object.entries(best.right.assignment)) if (!Object.hasOwn(evidence.right, name)) assignment[name] = state
  if (switches.has('json')) {
    output.stdout.write(`${JSON.stringify({ assignment, logProbability: best.right.logProbability })}\n`)
    return E.right(undefined)
  }
  const rows = [['variable', 'state'], ...Object.entries(assignment)]
  output.stdout.write(`${formatTable(rows)}\n\nlog P(assignment, evidence) = ${best.right.logProbability}\n`)
  return E.right(undefined)
}
