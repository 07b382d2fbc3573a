/**
 * `chainrule query NET [--evidence A=s,B=t] [--evidence-file F.evid] [--soft A=0.7:0.3] [--do X=x,Y=y] [--target X,Y] [--json] [--stdin]
 * [--method auto|tree|elimination|lbp [--damping D] [--schedule S] [--max-iterations N] [--tolerance T]]`
 */
import type { Domain } from '@chainrule/factor'
import { approximateMarginals, marginals, type ApproximatePosterior, type Engine, type InferError, type LoopyOptions, type Posterior, type Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { answerStream, piece, stringSink, type AnswerSink, type Piece } from '../answer-stream.js'
import { parseArgs, parseBytes, parseEvidence, parseLikelihoods, parseList } from '../args.js'
import { compileForCommand, streamOptions, streamedQuestions } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { withEvidenceFile } from '../evidence-file.js'
import { formatProbability, formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'
import { approximationJson, approximationText, loopyFlags, loopyOptions } from '../loopy-flags.js'

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
  { name: 'stdin', takesValue: false },
  { name: 'threads', takesValue: true },
  ...loopyFlags,
] as const

const methods = ['auto', 'tree', 'elimination', 'lbp'] as const

/** An exact or an approximate answer (the latter says so). */
type Answered = Posterior | ApproximatePosterior

/**
 * How the questions of one command are answered: exactly, or by loopy belief
 * propagation; reporting every variable (`everyVariable`: the UAI MAR task,
 * observed ones as point masses) or only the unobserved ones.
 */
interface Answering {
  readonly loopy: LoopyOptions | undefined
  readonly everyVariable: boolean
}

/**
 * The variables to report: the targets asked for, every variable (the UAI MAR
 * task, observed ones as point masses), or every unobserved variable.
 */
const reported = (posterior: Answered, targets: readonly string[], everyVariable: boolean): E.Either<CliError, number[]> => {
  const { domain, observed } = posterior
  if (targets.length === 0) return E.right(domain.variables.filter((v) => everyVariable || observed[v.id]! < 0).map((v) => v.id))
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
 * Marginals for one question, and the variables to report (targets that are
 * observed are a usage error). A variable observed at the state an
 * intervention forces is answered as if it were not observed (P(x | do(x)) = 1).
 */
const answer = (engine: Engine, question: Question, how: Answering): E.Either<CliError, { posterior: Answered; ids: number[] }> => {
  const { targets = [], ...asked } = question
  const forced = asked.do === undefined ? [] : Object.entries(asked.do).filter(([name, intervention]) => typeof intervention === 'string' && asked.evidence?.[name] === intervention)
  const evidence = forced.length === 0 ? (asked.evidence ?? {}) : Object.fromEntries(Object.entries(asked.evidence ?? {}).filter(([name]) => !forced.some(([f]) => f === name)))
  const given = forced.length === 0 ? asked : { ...asked, evidence }
  const asking = { ...given, ...(targets.length === 0 ? {} : { targets: targets.filter((t) => !Object.hasOwn(evidence, t)) }) }
  const posterior: E.Either<InferError, Answered> = how.loopy === undefined ? marginals(engine, asking) : approximateMarginals(engine, asking, how.loopy)
  if (E.isLeft(posterior)) return E.left({ _tag: 'Infer', error: posterior.left })
  const ids = reported(posterior.right, targets, how.everyVariable)
  return E.isLeft(ids) ? ids : E.right({ posterior: posterior.right, ids: ids.right })
}

/** Each variable's name and states as the JSON text around them, encoded once per model (answers are many, names few). */
interface Quoted {
  /** `"name":{` and `,"name":{` */
  readonly first: readonly Piece[]
  readonly next: readonly Piece[]
  /** Per variable, per state: `"state":` and `,"state":` */
  readonly firstState: readonly (readonly Piece[])[]
  readonly nextState: readonly (readonly Piece[])[]
}
const quotedNames = new WeakMap<Domain, Quoted>()
const quoted = (domain: Domain): Quoted => {
  let q = quotedNames.get(domain)
  if (q === undefined) {
    const names = domain.variables.map((v) => JSON.stringify(v.name))
    const states = domain.variables.map((v) => v.states.map((s) => JSON.stringify(s)))
    q = {
      first: names.map((n) => piece(`${n}:{`)),
      next: names.map((n) => piece(`,${n}:{`)),
      firstState: states.map((ss) => ss.map((s) => piece(`${s}:`))),
      nextState: states.map((ss) => ss.map((s) => piece(`,${s}:`))),
    }
    quotedNames.set(domain, q)
  }
  return q
}

/** P(state k of v) in an answer; an observed variable is a point mass on its state (the answer may not carry it). */
const probabilityOf = (posterior: Answered, v: number, k: number): number => {
  const seen = posterior.observed[v]!
  return seen >= 0 ? (seen === k ? 1 : 0) : posterior.probabilities[v]![k]!
}

/**
 * What `query --json` prints for one question (also each answer line of
 * `--stdin`): `{"marginals": {variable: {state: p}}, "logPEvidence": x,
 * "log10PEvidence": y}` (and how an approximate answer was reached), written
 * as JSON.stringify would write it, without building the object.
 */
const answerJson = (engine: Engine, question: Question, how: Answering, sink: AnswerSink): E.Either<CliError, void> => {
  const answered = answer(engine, question, how)
  if (E.isLeft(answered)) return answered
  const { posterior, ids } = answered.right
  const { first, next, firstState, nextState } = quoted(posterior.domain)
  sink.text('{"marginals":{')
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!
    sink.piece(i > 0 ? next[v]! : first[v]!)
    const a = firstState[v]!
    const b = nextState[v]!
    for (let k = 0; k < a.length; k++) {
      sink.piece(k > 0 ? b[k]! : a[k]!)
      sink.number(probabilityOf(posterior, v, k))
    }
    sink.text('}')
  }
  sink.text('},"logPEvidence":')
  sink.number(posterior.logPEvidence)
  // UAI's PR task states log10 Z(e); both logs are printed, from the same number.
  sink.text(',"log10PEvidence":')
  sink.number(posterior.logPEvidence / Math.LN10)
  sink.text('approximate' in posterior ? `,${JSON.stringify(approximationJson(posterior)).slice(1)}` : '}')
  return E.right(undefined)
}

/**
 * Posterior marginals of every unobserved variable (or the targets) and log P(evidence);
 * for a Markov network log Z(evidence), the log partition function with the
 * evidence plugged in (the same number: Z = 1 for a Bayesian network). With
 * `--evidence-file` (a UAI `.evid` file), every variable is reported, the
 * observed ones as point masses, as the UAI MAR task lists them. With
 * `--method lbp`, loopy belief propagation answers instead, and the output says
 * that it is approximate, whether it converged, and (when the junction tree
 * fits the memory budget) its error against the exact answer. With `--stdin`,
 * one JSON question per line in and one JSON answer per line out.
 *
 * Used as (package-internal, not exported):
 * await query(['alarm.bif', '--evidence', 'HYPOVOLEMIA=TRUE', '--json'], output)
 */
export const query = (args: readonly string[], output: Output): E.Either<CliError, void> | Promise<E.Either<CliError, void>> => {
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
  const stream = streamedQuestions(switches.has('stdin'), values, output)
  if (E.isLeft(stream)) return stream
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const evidenceFile = values.get('evidence-file')
  const evidence = withEvidenceFile(network.right.domain, named.right, evidenceFile)
  if (E.isLeft(evidence)) return evidence
  // lbp: the tree is built where it fits, only to report the approximation's error against it.
  const engine = compileForCommand(network.right, output, quiet, budget.right, method === 'lbp' ? 'auto' : method, stream.right !== undefined)
  if (E.isLeft(engine)) return engine
  const how: Answering = { loopy: loopy.right, everyVariable: evidenceFile !== undefined }
  if (stream.right !== undefined)
    return answerStream(stream.right.input, output, (question, sink) => answerJson(engine.right, question, how, sink), streamOptions('query', args, stream.right, engine.right, output, quiet)).then(() =>
      E.right(undefined),
    )
  const targets = parseList(values.get('target'))
  const question: Question = { evidence: evidence.right, soft: likelihoods.right, do: interventions.right, ...(targets.length === 0 ? {} : { targets }) }
  if (switches.has('json')) {
    const sink = stringSink()
    const json = answerJson(engine.right, question, how, sink)
    if (E.isLeft(json)) return json
    output.stdout.write(`${sink.result()}\n`)
    return E.right(undefined)
  }
  const answered = answer(engine.right, question, how)
  if (E.isLeft(answered)) return answered
  const { posterior } = answered.right
  const { domain, logPEvidence } = posterior
  const intervened = Object.keys(interventions.right).length > 0
  const rows: string[][] = [['variable', 'state', intervened ? 'P(state | evidence, do)' : 'P(state | evidence)']]
  for (const v of answered.right.ids) {
    domain.variables[v]!.states.forEach((s, k) => {
      rows.push([k === 0 ? domain.variables[v]!.name : '', s, formatProbability(probabilityOf(posterior, v, k))])
    })
  }
  const what = `${engine.right.kind === 'markov' ? 'log Z' : 'log P'}(evidence${intervened ? ' | do' : ''})`
  const header = 'approximate' in posterior ? `${approximationText(posterior)}\n\n` : ''
  const estimate = 'approximate' in posterior ? ' (Bethe estimate)' : ''
  output.stdout.write(`${header}${formatTable(rows)}\n\n${what}${estimate} = ${logPEvidence} (log10: ${logPEvidence / Math.LN10})\n`)
  return E.right(undefined)
}
