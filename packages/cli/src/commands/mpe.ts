/** `chainrule mpe NET [--evidence A=s,...] [--evidence-file F.evid] [--map X,Y,...] [--json] [--stdin]` */
import { marginalMap, mpe as mostProbable, type Engine, type Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { answerStream, stringSink, type AnswerSink } from '../answer-stream.js'
import { parseArgs, parseBytes, parseEvidence, parseList } from '../args.js'
import { compileForCommand, streamOptions, streamedQuestions } from '../compile-step.js'
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
  { name: 'stdin', takesValue: false },
  { name: 'threads', takesValue: true },
] as const

/** One explanation: the states reported by name, and the log of the maximised value. */
interface Explained {
  readonly assignment: Record<string, string>
  readonly logProbability: number
}

/**
 * The most probable explanation of one question (the assignment of its
 * unobserved variables), or with `chosen` its marginal MAP (the assignment of
 * the chosen variables, every other one summed out).
 */
const explain = (engine: Engine, question: Question, chosen: readonly string[] | undefined): E.Either<CliError, Explained> => {
  const best = chosen === undefined ? mostProbable(engine, question) : marginalMap(engine, chosen, question)
  if (E.isLeft(best)) return E.left({ _tag: 'Infer', error: best.left })
  const evidence = question.evidence ?? {}
  const assignment: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, state] of Object.entries(best.right.assignment))
    if (state !== undefined && (chosen !== undefined || !Object.hasOwn(evidence, name))) assignment[name] = state
  return E.right({ assignment, logProbability: best.right.logProbability })
}

/** What `mpe --json` prints for one question (also each answer line of `--stdin`). */
const explainJson = (engine: Engine, question: Question, chosen: readonly string[] | undefined, sink: AnswerSink): E.Either<CliError, void> =>
  E.map(({ assignment, logProbability }: Explained) => sink.text(JSON.stringify({ assignment, logProbability, log10Probability: logProbability / Math.LN10 })))(
    explain(engine, question, chosen),
  )

/**
 * The most probable assignment of the unobserved variables, with
 * log P(assignment, evidence) (for a Markov network: the log of the product of
 * its potentials there). With `--map X,Y`, marginal MAP: the most probable
 * assignment of X, Y, ... with every other variable summed out, exactly
 * (refused past the memory budget). With `--stdin`, one JSON question per line
 * in and one JSON answer per line out.
 *
 * Used as (package-internal, not exported):
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--json'], output)
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--map', 'lung,bronc', '--json'], output)
 */
export const mpe = (args: readonly string[], output: Output): E.Either<CliError, void> | Promise<E.Either<CliError, void>> => {
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
  const stream = streamedQuestions(switches.has('stdin'), values, output)
  if (E.isLeft(stream)) return stream
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const evidence = withEvidenceFile(network.right.domain, named.right, values.get('evidence-file'))
  if (E.isLeft(evidence)) return evidence
  // Marginal MAP eliminates variables itself: it needs no junction tree.
  const engine = compileForCommand(network.right, output, quiet, budget.right, chosen === undefined ? 'auto' : 'elimination', stream.right !== undefined)
  if (E.isLeft(engine)) return engine
  if (stream.right !== undefined)
    return answerStream(stream.right.input, output, (question, sink) => explainJson(engine.right, question, chosen, sink), streamOptions('mpe', args, stream.right, engine.right, output, quiet)).then(() =>
      E.right(undefined),
    )
  const question: Question = { evidence: evidence.right }
  if (switches.has('json')) {
    const sink = stringSink()
    const json = explainJson(engine.right, question, chosen, sink)
    if (E.isLeft(json)) return json
    output.stdout.write(`${sink.result()}\n`)
    return E.right(undefined)
  }
  const explained = explain(engine.right, question, chosen)
  if (E.isLeft(explained)) return explained
  const { assignment, logProbability } = explained.right
  const rows = [['variable', 'state'], ...Object.entries(assignment)]
  const markov = engine.right.kind === 'markov'
  const what =
    (markov ? 'log of the product of the potentials at (assignment, evidence)' : 'log P(assignment, evidence)') +
    (chosen === undefined ? '' : ', the other variables summed out')
  output.stdout.write(`${formatTable(rows)}\n\n${what} = ${logProbability} (log10: ${logProbability / Math.LN10})\n`)
  return E.right(undefined)
}
