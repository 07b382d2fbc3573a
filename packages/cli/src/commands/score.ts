/** `chainrule score NET DATA [--out FILE.csv|FILE.parquet|table:NAME] [--key COL,...] [--threshold X] [--json]` */
import type { DataSource } from '@chainrule/data'
import { scoreSource, scoreSourceRows, writeSourceScores, type LearnError } from '@chainrule/learn'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseCount, parseList, type ParsedArgs } from '../args.js'
import { dataFlags, openDataForCommand } from '../data-step.js'
import type { CliError } from '../errors.js'
import { bayesianOnly, loadForCommand, type Output } from '../load.js'
import { parseScoreOutput, scoreFileWriter, type ScoreOutput } from '../score-output.js'

export const scoreFlags = [
  { name: 'out', alias: 'o', takesValue: true },
  { name: 'key', takesValue: true },
  { name: 'threshold', alias: 't', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'batch-size', takesValue: true },
  { name: 'quiet', alias: 'q', takesValue: false },
  ...dataFlags,
] as const

/** What `score` reports (the `--json` object). */
interface Summary {
  readonly rows: number
  readonly logLikelihood: number
  readonly rowsWithMissing: number
  readonly anomalies: number
  readonly pushedDown: boolean
}

const learnError = (error: LearnError): CliError => ({ _tag: 'Learn', error })

const parseThreshold = (text: string | undefined): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const x = Number(text)
  return text.trim() !== '' && Number.isFinite(x) ? E.right(x) : E.left({ _tag: 'Usage', message: `--threshold needs a number (a log-likelihood in nats), got "${text}"` })
}

/** Per-row scores streamed into a file (complete only when every batch arrived). */
const scoreToFile = async (
  network: BayesianNetwork,
  source: DataSource,
  output: Extract<ScoreOutput, { kind: 'csv' | 'parquet' }>,
  threshold: number | undefined,
  batchSize: number | undefined,
): Promise<E.Either<CliError, Summary>> => {
  const writer = scoreFileWriter(output, threshold)
  let rows = 0
  let total = 0
  let anomalies = 0
  let rowsWithMissing = 0
  for await (const batch of scoreSourceRows(network, source, batchSize === undefined ? {} : { batchSize })) {
    if (E.isLeft(batch)) {
      await writer.discard()
      return E.left(learnError(batch.left))
    }
    const { scores } = batch.right
    for (let r = 0; r < scores.length; r++) {
      total += scores[r]!
      if (threshold !== undefined && scores[r]! < threshold) anomalies++
    }
    rows += scores.length
    rowsWithMissing += batch.right.rowsWithMissing
    const appended = await writer.append(scores)
    if (E.isLeft(appended)) {
      await writer.discard()
      return appended
    }
  }
  const committed = await writer.commit()
  return E.isLeft(committed) ? committed : E.right({ rows, logLikelihood: total, rowsWithMissing, anomalies, pushedDown: false })
}

const run = async (network: BayesianNetwork, source: DataSource, parsed: ParsedArgs, output: Output): Promise<E.Either<CliError, void>> => {
  const { values, switches } = parsed
  const threshold = parseThreshold(values.get('threshold'))
  if (E.isLeft(threshold)) return threshold
  const batchSize = parseCount(values.get('batch-size'), 'batch-size')
  if (E.isLeft(batchSize)) return batchSize
  if (batchSize.right === 0) return E.left({ _tag: 'Usage', message: '--batch-size needs at least 1' })
  const outText = values.get('out')
  const out = outText === undefined ? E.right(undefined) : parseScoreOutput(outText)
  if (E.isLeft(out)) return out
  const key = parseList(values.get('key'))
  if (out.right?.kind === 'table' && key.length === 0)
    return E.left({ _tag: 'Usage', message: '--out table:NAME needs --key COLUMN[,COLUMN...] to say which row each score belongs to' })
  if (key.length > 0 && out.right?.kind !== 'table') return E.left({ _tag: 'Usage', message: '--key goes with --out table:NAME' })
  const quiet = switches.has('quiet')
  const t = threshold.right

  let summary: E.Either<CliError, Summary>
  if (out.right === undefined) {
    const scored = await scoreSource(network, source, { ...(t === undefined ? {} : { threshold: t }), ...(batchSize.right === undefined ? {} : { batchSize: batchSize.right }) })
    summary = E.isLeft(scored) ? E.left(learnError(scored.left)) : E.right(scored.right)
  } else if (out.right.kind === 'table') {
    const written = await writeSourceScores(network, source, { table: out.right.table, key, ...(t === undefined ? {} : { threshold: t }) })
    summary = E.isLeft(written)
      ? E.left(learnError(written.left))
      : E.right({ rows: written.right.rows, logLikelihood: written.right.total, rowsWithMissing: written.right.incompleteRows, anomalies: written.right.below, pushedDown: true })
  } else {
    summary = await scoreToFile(network, source, out.right, t, batchSize.right)
    // Said only once the answer is complete, so that a failure stays one line.
    if (E.isRight(summary) && !quiet && source.description.startsWith('clickhouse:'))
      output.stderr.write('note: rows of a ClickHouse table come in no fixed order; --out table:NAME --key COLUMN keeps an id with each score\n')
  }
  if (E.isLeft(summary)) return summary
  const s = summary.right
  const where = out.right === undefined ? undefined : out.right.kind === 'table' ? `table ${out.right.table}` : out.right.path
  if (switches.has('json')) {
    const json = {
      rows: s.rows,
      // -Infinity (a row of probability zero) is not JSON: spelled as a string.
      logLikelihood: Number.isFinite(s.logLikelihood) ? s.logLikelihood : String(s.logLikelihood),
      meanLogLikelihood: s.rows === 0 ? 0 : Number.isFinite(s.logLikelihood) ? s.logLikelihood / s.rows : String(s.logLikelihood),
      rowsWithMissing: s.rowsWithMissing,
      ...(t === undefined ? {} : { threshold: t, anomalies: s.anomalies }),
      source: source.description,
      pushedDown: s.pushedDown,
      ...(where === undefined ? {} : { out: where }),
    }
    output.stdout.write(`${JSON.stringify(json)}\n`)
    return E.right(undefined)
  }
  const rows: string[][] = [
    ['source', `${source.description}${s.pushedDown ? ' (complete rows scored in the engine)' : ''}`],
    ['rows', String(s.rows)],
    ['log-likelihood (nats)', String(s.logLikelihood)],
    ['mean per row', String(s.rows === 0 ? 0 : s.logLikelihood / s.rows)],
    ['rows with missing cells', `${s.rowsWithMissing} (summed out exactly)`],
    ...(t === undefined ? [] : [[`anomalies (below ${t})`, String(s.anomalies)]]),
    ...(where === undefined ? [] : [['per-row scores', where]]),
  ]
  const width = Math.max(...rows.map((r) => r[0]!.length))
  output.stdout.write(rows.map(([k, v]) => `${k!.padEnd(width)}  ${v}\n`).join(''))
  return E.right(undefined)
}

/**
 * Log-likelihood (natural log) of every row of DATA under NET, summed (and
 * per row with `--out`), with anomaly flags below `--threshold`. Complete
 * rows are scored inside DuckDB or ClickHouse when DATA lives there; rows
 * with empty cells have them summed out exactly.
 *
 * Used as (package-internal, not exported):
 * await score(['alarm.bif', 'events.parquet', '--threshold', '-25', '--json'], output)
 */
export const score = async (args: readonly string[], output: Output): Promise<E.Either<CliError, void>> => {
  const parsed = parseArgs(args, scoreFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, switches } = parsed.right
  if (positionals.length !== 2) return E.left({ _tag: 'Usage', message: 'score takes a network file and a DATA argument' })
  const network = E.chain(bayesianOnly('score', positionals[0]!))(loadForCommand(positionals[0], output, switches.has('quiet')))
  if (E.isLeft(network)) return network
  const source = await openDataForCommand(positionals[1], network.right.domain, parsed.right)
  if (E.isLeft(source)) return source
  try {
    return await run(network.right, source.right, parsed.right, output)
  } finally {
    await source.right.close()
  }
}
