/** `chainrule mpe NET [--evidence A=s,...] [--json] [--stdin]` */
import { mpe as mostProbable, type Engine, type Explanation, type Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { answerStream, stringSink, type AnswerSink } from '../answer-stream.js'
import { parseArgs, parseBytes, parseEvidence } from '../args.js'
import { compileForCommand, streamedQuestions } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'

export const mpeFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
  { name: 'stdin', takesValue: false },
] as const

/** The most probable explanation of one question, and the assignment of its unobserved variables by name. */
const explain = (engine: Engine, question: Question): E.Either<CliError, { best: Explanation; assignment: Record<string, string> }> => {
  const best = mostProbable(engine, question)
  if (E.isLeft(best)) return E.left({ _tag: 'Infer', error: best.left })
  const evidence = question.evidence ?? {}
  const assignment: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, state] of Object.entries(best.right.assignment)) if (!Object.hasOwn(evidence, name)) assignment[name] = state
  return E.right({ best: best.right, assignment })
}

/** What `mpe --json` prints for one question (also each answer line of `--stdin`). */
const explainJson = (engine: Engine, question: Question, sink: AnswerSink): E.Either<CliError, void> =>
  E.map(({ best, assignment }: { best: Explanation; assignment: Record<string, string> }) => sink.text(JSON.stringify({ assignment, logProbability: best.logProbability })))(
    explain(engine, question),
  )

/**
 * The most probable assignment of the unobserved variables, with log P(assignment, evidence);
 * with `--stdin`, one JSON question per line in and one JSON answer per line out.
 *
 * @example
 * mpe(['asia.bif', '--evidence', 'dysp=yes', '--json'], output)
 */
export const mpe = (args: readonly string[], output: Output): E.Either<CliError, void> | Promise<E.Either<CliError, void>> => {
  const parsed = parseArgs(args, mpeFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'mpe takes exactly one network file' })
  const evidence = parseEvidence(values.get('evidence'))
  if (E.isLeft(evidence)) return evidence
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const stream = streamedQuestions(switches.has('stdin'), values, output)
  if (E.isLeft(stream)) return stream
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const engine = compileForCommand(network.right, output, quiet, budget.right, 'auto', stream.right !== undefined)
  if (E.isLeft(engine)) return engine
  if (stream.right !== undefined) return answerStream(stream.right, output, (question, sink) => explainJson(engine.right, question, sink)).then(() => E.right(undefined))
  const question: Question = { evidence: evidence.right }
  if (switches.has('json')) {
    const sink = stringSink()
    const json = explainJson(engine.right, question, sink)
    if (E.isLeft(json)) return json
    output.stdout.write(`${sink.result()}\n`)
    return E.right(undefined)
  }
  const explained = explain(engine.right, question)
  if (E.isLeft(explained)) return explained
  const rows = [['variable', 'state'], ...Object.entries(explained.right.assignment)]
  output.stdout.write(`${formatTable(rows)}\n\nlog P(assignment, evidence) = ${explained.right.best.logProbability}\n`)
  return E.right(undefined)
}
