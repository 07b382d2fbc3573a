/**
 * `chainrule learn DATA.csv [--algorithm hc|tabu|pc|hybrid|chow-liu] [--score bic|aic|bdeu|k2|loglik]
 * [--max-parents K] [--forbid A>B,...] [--require A>B,...] [--tiers A,B/C,D] [--out NET.bif] [--json] ...`
 *
 * Learns the structure with `@chainrule/structure`, then the tables (BDeu
 * with equivalent sample size 1 unless `--ess` says otherwise), and writes
 * the network. Rows with a missing cell are left out (complete-case), and the
 * output says how many. Progress goes to stderr; the result to stdout; the
 * network file is written whole or not at all (a temporary file renamed).
 */
import { WRITABLE } from '@chainrule/io'
import { writeNetworkFile } from '@chainrule/io/node'
import type { DataSource } from '@chainrule/data'
import { toSpec } from '@chainrule/models'
import {
  arcsOf,
  fitTables,
  learnStructure,
  openCounter,
  scoreGraph,
  scoreName,
  undirectedOf,
  type Algorithm,
  type Arc,
  type Constraints,
  type Score,
} from '@chainrule/structure'
import * as E from 'fp-ts/lib/Either.js'
import { renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { parseArgs, parseCount, parseList } from '../args.js'
import { dataFlags, openDataForCommand } from '../data-step.js'
import type { CliError } from '../errors.js'
import type { Output } from '../load.js'

export const learnFlags = [
  { name: 'algorithm', alias: 'a', takesValue: true },
  { name: 'score', takesValue: true },
  { name: 'ess', takesValue: true },
  { name: 'alpha', takesValue: true },
  { name: 'max-parents', takesValue: true },
  { name: 'forbid', takesValue: true },
  { name: 'require', takesValue: true },
  { name: 'tiers', takesValue: true },
  { name: 'restarts', takesValue: true },
  { name: 'seed', takesValue: true },
  { name: 'root', takesValue: true },
  { name: 'out', alias: 'o', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
  ...dataFlags,
] as const

const ALGORITHM_NAMES = { hc: 'hc', tabu: 'tabu', pc: 'pc', hybrid: 'hybrid', 'chow-liu': 'chowLiu' } as const

const usage = (message: string): E.Either<CliError, never> => E.left({ _tag: 'Usage', message })

/** `A>B,C>D` as arcs. */
const parseArcs = (text: string | undefined, flag: string): E.Either<CliError, Arc[]> => {
  const arcs: Arc[] = []
  for (const item of parseList(text)) {
    const at = item.indexOf('>')
    if (at <= 0 || at === item.length - 1 || item.indexOf('>', at + 1) >= 0) return usage(`--${flag} "${item}" is not of the form FROM>TO`)
    arcs.push([item.slice(0, at), item.slice(at + 1)])
  }
  return E.right(arcs)
}

/** A positive finite number flag. */
const parsePositive = (text: string | undefined, flag: string, below?: number): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const x = Number(text)
  return text.trim() !== '' && Number.isFinite(x) && x > 0 && (below === undefined || x < below)
    ? E.right(x)
    : usage(`--${flag} needs a number > 0${below === undefined ? '' : ` and < ${below}`}, got "${text}"`)
}

const parseScore = (text: string | undefined, ess: number | undefined): E.Either<CliError, Score> => {
  switch (text ?? 'bic') {
    case 'bic':
      return E.right({ kind: 'bic' })
    case 'aic':
      return E.right({ kind: 'aic' })
    case 'loglik':
      return E.right({ kind: 'logLikelihood' })
    case 'k2':
      return E.right({ kind: 'k2' })
    case 'bdeu':
      return E.right({ kind: 'bdeu', equivalentSampleSize: ess ?? 1 })
    default:
      return usage(`--score must be one of bic, aic, bdeu, k2, loglik, got "${text}"`)
  }
}

/** Write through a temporary file in the same folder, so a failure leaves nothing half-written. */
const writeWhole = (path: string, write: (to: string) => E.Either<CliError, void>): E.Either<CliError, void> => {
  // The temporary name ends like the real one, so the format is chosen the same way.
  const temporary = join(dirname(path), `.tmp-${process.pid}-${basename(path)}`)
  const written = write(temporary)
  if (E.isLeft(written)) {
    rmSync(temporary, { force: true })
    return written
  }
  try {
    renameSync(temporary, path)
  } catch (e) {
    rmSync(temporary, { force: true })
    return E.left({ _tag: 'Io', error: { _tag: 'FileUnreadable', file: path, reason: `cannot write: ${(e as Error).message}` } })
  }
  return E.right(undefined)
}

/**
 * Learn a network from data: a CSV or Parquet file, or a DuckDB or ClickHouse table (any DATA form of
 * `openDataSource`); counting runs where the rows are.
 *
 * @example
 * await learn(['alarm.csv', '--algorithm', 'tabu', '--out', 'alarm-learned.bif', '--json'], output)
 */
export const learn = async (args: readonly string[], output: Output): Promise<E.Either<CliError, void>> => {
  const parsed = parseArgs(args, learnFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return usage('learn takes exactly one DATA argument')
  const algorithmName = values.get('algorithm') ?? 'hc'
  if (!Object.hasOwn(ALGORITHM_NAMES, algorithmName)) return usage(`--algorithm must be one of ${Object.keys(ALGORITHM_NAMES).join(', ')}, got "${algorithmName}"`)
  const kind = ALGORITHM_NAMES[algorithmName as keyof typeof ALGORITHM_NAMES]
  const ess = parsePositive(values.get('ess'), 'ess')
  if (E.isLeft(ess)) return ess
  const score = parseScore(values.get('score'), ess.right)
  if (E.isLeft(score)) return score
  const alpha = parsePositive(values.get('alpha'), 'alpha', 1)
  if (E.isLeft(alpha)) return alpha
  const maxParents = parseCount(values.get('max-parents'), 'max-parents')
  if (E.isLeft(maxParents)) return maxParents
  const restarts = parseCount(values.get('restarts'), 'restarts')
  if (E.isLeft(restarts)) return restarts
  const seed = parseCount(values.get('seed'), 'seed')
  if (E.isLeft(seed)) return seed
  if (seed.right !== undefined && seed.right >= 2 ** 32) return usage(`--seed must be below 2^32, got ${seed.right}`)
  const forbidden = parseArcs(values.get('forbid'), 'forbid')
  if (E.isLeft(forbidden)) return forbidden
  const required = parseArcs(values.get('require'), 'require')
  if (E.isLeft(required)) return required
  const tiers = values.has('tiers') ? values.get('tiers')!.split('/').map((tier) => parseList(tier)) : undefined
  const root = values.get('root')
  // Flags that the chosen algorithm would ignore are mistakes: say so rather than guess.
  const scoreBased = kind === 'hc' || kind === 'tabu' || kind === 'hybrid'
  if (!scoreBased && (maxParents.right !== undefined || restarts.right !== undefined))
    return usage(`--max-parents and --restarts apply to hc, tabu and hybrid, not ${algorithmName}`)
  if (kind !== 'pc' && kind !== 'hybrid' && alpha.right !== undefined) return usage(`--alpha applies to pc and hybrid, not ${algorithmName}`)
  if (kind !== 'chowLiu' && root !== undefined) return usage(`--root applies to chow-liu, not ${algorithmName}`)
  if (kind === 'chowLiu' && (forbidden.right.length > 0 || required.right.length > 0 || tiers !== undefined))
    return usage('chow-liu takes no --forbid, --require or --tiers')
  if (ess.right !== undefined && score.right.kind !== 'bdeu') return usage('--ess applies to --score bdeu')
  const out = values.get('out')
  if (out !== undefined && !WRITABLE.some((ext) => out.toLowerCase().endsWith(ext)))
    return usage(`--out must end in ${WRITABLE.join(', ')}, got "${out}"`)

  const quiet = switches.has('quiet')
  const progress = (line: string): void => {
    if (!quiet) output.stderr.write(`${line}\n`)
  }
  const opened = await openDataForCommand(positionals[0], undefined, parsed.right)
  if (E.isLeft(opened)) return opened
  const source = opened.right
  try {
    return await learnFrom(source, output, { positional: positionals[0]!, algorithmName, kind, score: score.right, ess: ess.right, alpha: alpha.right, restarts: restarts.right, seed: seed.right, maxParents: maxParents.right, forbidden: forbidden.right, required: required.right, tiers, root, out, json: switches.has('json'), progress })
  } finally {
    await source.close()
  }
}

/** What `learn` parsed from its flags. */
interface LearnRequest {
  readonly positional: string
  readonly algorithmName: string
  readonly kind: (typeof ALGORITHM_NAMES)[keyof typeof ALGORITHM_NAMES]
  readonly score: Score
  readonly ess: number | undefined
  readonly alpha: number | undefined
  readonly restarts: number | undefined
  readonly seed: number | undefined
  readonly maxParents: number | undefined
  readonly forbidden: readonly Arc[]
  readonly required: readonly Arc[]
  readonly tiers: readonly (readonly string[])[] | undefined
  readonly root: string | undefined
  readonly out: string | undefined
  readonly json: boolean
  readonly progress: (line: string) => void
}

/** Learn from an opened source and report (the source is closed by the caller). */
const learnFrom = async (source: DataSource, output: Output, request: LearnRequest): Promise<E.Either<CliError, void>> => {
  const { algorithmName, kind, progress, out, root, tiers } = request
  const { score, ess, alpha, restarts, seed, maxParents, forbidden, required } = request
  const constraints: Constraints = {
    ...(required.length > 0 ? { required: required } : {}),
    ...(forbidden.length > 0 ? { forbidden: forbidden } : {}),
    ...(tiers === undefined ? {} : { tiers }),
    ...(maxParents === undefined ? {} : { maxParents: maxParents }),
  }
  const counter = await openCounter(source)
  if (E.isLeft(counter)) return E.left({ _tag: 'Structure', error: counter.left })
  const counting = { kind: 'counter', counter: counter.right } as const
  if (counter.right.droppedRows > 0) progress(`note: ${counter.right.droppedRows} of ${counter.right.rows + counter.right.droppedRows} rows have a missing cell and are left out (complete-case)`)

  let lastReport = Number.NEGATIVE_INFINITY
  const onStep = (step: { readonly iteration: number; readonly score: number; readonly arcs: number; readonly restart: number }) => {
    const now = performance.now()
    if (now - lastReport < 200) return
    lastReport = now
    progress(`${algorithmName}: ${step.iteration} moves${step.restart > 0 ? ` (restart ${step.restart})` : ''}, ${step.arcs} arcs, score ${step.score.toFixed(2)}`)
  }
  const onLevel = (level: { readonly size: number; readonly edges: number; readonly tests: number }) =>
    progress(`${algorithmName}: conditioning sets of size ${level.size}: ${level.tests} tests, ${level.edges} edges left`)
  const searchOptions = {
    score: score,
    constraints,
    counting,
    onStep,
    ...(restarts === undefined || restarts === 0 ? {} : { restarts: { count: restarts, seed: seed ?? 1 } }),
  }
  const testOptions = { ...(alpha === undefined ? {} : { alpha: alpha }), onLevel }
  const algorithm: Algorithm =
    kind === 'pc'
      ? { kind, constraints, counting, ...testOptions }
      : kind === 'chowLiu'
        ? { kind, counting, ...(root === undefined ? {} : { root }) }
        : kind === 'hybrid'
          ? { kind, ...searchOptions, ...testOptions }
          : { kind, ...searchOptions }

  const start = performance.now()
  const learned = await learnStructure(source, algorithm)
  if (E.isLeft(learned)) return E.left({ _tag: 'Structure', error: learned.left })
  progress(
    `${algorithmName}: done${learned.right.iterations === undefined ? '' : ` after ${learned.right.iterations} moves`}${
      learned.right.tests === undefined ? '' : `, ${learned.right.tests} tests`
    } (${learned.right.tablesCounted} tables counted)`,
  )
  const total = await scoreGraph(source, learned.right.dag, score, counting)
  if (E.isLeft(total)) return E.left({ _tag: 'Structure', error: total.left })
  const seconds = (performance.now() - start) / 1000
  const { graph, dag } = learned.right
  const isCpdag = kind === 'pc'
  if (isCpdag && !learned.right.exact) progress(`note: the CPDAG has no consistent extension; the network written turns ${learned.right.reoriented} arcs to stay acyclic`)

  if (out !== undefined) {
    const name = basename(request.positional.replace(/\?.*$/, '')).replace(/\.(csv(\.gz)?|parquet|duckdb)$/i, '').replace(/^[a-z]+:/i, '')
    const network = await fitTables(source, dag, { name, counting, estimator: { kind: 'bdeu', equivalentSampleSize: ess ?? 1 } })
    if (E.isLeft(network)) return E.left({ _tag: 'Structure', error: network.left })
    const written = writeWhole(out, (to) => E.mapLeft((error: import('@chainrule/io').IoError): CliError => ({ _tag: 'Io', error }))(writeNetworkFile(to, toSpec(network.right))))
    if (E.isLeft(written)) return written
  }

  const arcs = isCpdag ? arcsOf(graph) : dag.parentIds.flatMap((ps, v) => ps.map((p) => [dag.nodes[p]!, dag.nodes[v]!] as const))
  const undirected = isCpdag ? undirectedOf(graph) : []
  if (request.json) {
    output.stdout.write(
      `${JSON.stringify({
        arcs,
        ...(isCpdag ? { undirected } : {}),
        score: total.right,
        seconds,
        algorithm: algorithmName,
        scoreName: scoreName(score),
        rows: counter.right.rows,
        droppedRows: counter.right.droppedRows,
        missing: 'complete-case',
      })}\n`,
    )
    return E.right(undefined)
  }
  const lines = [
    `${algorithmName}: ${arcs.length} arcs${isCpdag ? ` and ${undirected.length} undirected edges` : ''} over ${source.variables.length} variables, ${scoreName(score)} score ${total.right.toFixed(3)}, ${seconds.toFixed(3)} s`,
    `rows: ${counter.right.rows} counted, ${counter.right.droppedRows} left out for a missing cell (complete-case)`,
    ...arcs.map(([a, b]) => `  ${a} -> ${b}`),
    ...undirected.map(([a, b]) => `  ${a} -- ${b}`),
  ]
  if (out !== undefined) lines.push(`wrote ${out}`)
  output.stdout.write(`${lines.join('\n')}\n`)
  return E.right(undefined)
}
