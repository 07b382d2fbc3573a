/** `chainrule mpe NET [--evidence A=s,...] [--evidence-file F.evid] [--map X,Y,...] [--json]` */
import { marginalMap, mpe as mostProbable } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseBytes, parseEvidence, parseList } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { withEvidenceFile } from '../evidence-file.js'
import { formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'

export const mpeFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'evidence-file', takesValue: true },
  { name: 'map', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
] as const

/**
 * The most probable assignment of the unobserved variables, with
 * log P(assignment, evidence) (for a Markov network: the log of the product of
 * its potentials there). With `--map X,Y`, marginal MAP: the most probable
 * assignment of X, Y, ... with every other variable summed out, exactly
 * (refused past the memory budget).
 *
 * @example
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--json'], output)
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--map', 'lung,bronc', '--json'], output)
 */
export const mpe = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, mpeFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'mpe takes exactly one network file' })
  const named = parseEvidence(values.get('evidence'))
  if (E.isLeft(named)) return named
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const chosen = values.has('map') ? parseList(values.get('map')) : undefined
  if (chosen !== undefined && chosen.length === 0) return E.left({ _tag: 'Usage', message: '--map needs a comma-separated list of variables' })
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const evidence = withEvidenceFile(network.right.domain, named.right, values.get('evidence-file'))
  if (E.isLeft(evidence)) return evidence
  // Marginal MAP eliminates variables itself: it needs no junction tree.
  const engine = compileForCommand(network.right, output, quiet, budget.right, chosen === undefined ? 'auto' : 'elimination')
  if (E.isLeft(engine)) return engine
  const best =
    chosen === undefined
      ? mostProbable(engine.right, { evidence: evidence.right })
      : marginalMap(engine.right, chosen, { evidence: evidence.right })
  if (E.isLeft(best)) return E.left({ _tag: 'Infer', error: best.left })
  const assignment: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, state] of Object.entries(best.right.assignment))
    if (state !== undefined && (chosen !== undefined || !Object.hasOwn(evidence.right, name))) assignment[name] = state
  const { logProbability } = best.right
  const log10Probability = logProbability / Math.LN10
  if (switches.has('json')) {
    output.stdout.write(`${JSON.stringify({ assignment, logProbability, log10Probability })}\n`)
    return E.right(undefined)
  }
  const rows = [['variable', 'state'], ...Object.entries(assignment)]
  const markov = engine.right.kind === 'markov'
  const what =
    chosen === undefined
      ? markov
        ? 'log of the product of the potentials at (assignment, evidence)'
        : 'log P(assignment, evidence)'
      : markov
        ? 'log of the product of the potentials at (assignment, evidence), the other variables summed out'
        : 'log P(assignment, evidence), the other variables summed out'
  output.stdout.write(`${formatTable(rows)}\n\n${what} = ${logProbability} (log10: ${log10Probability})\n`)
  return E.right(undefined)
}
