/** `chainrule sample NET -n N --seed S [--evidence A=s,...] [--out file.csv]` */
import { samplePosterior } from '@chainrule/infer'
import { ancestralSample, createRng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { writeFileSync } from 'node:fs'
import { parseArgs, parseBytes, parseCount, parseEvidence } from '../args.js'
import { compileForCommand } from '../compile-step.js'
import type { CliError } from '../errors.js'
import { loadForCommand, type Output } from '../load.js'

export const sampleFlags = [
  { name: 'n', alias: 'n', takesValue: true },
  { name: 'seed', alias: 's', takesValue: true },
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'out', alias: 'o', takesValue: true },
  { name: 'quiet', alias: 'q', takesValue: false },
  { name: 'max-memory', takesValue: true },
] as const

/** One CSV cell: quoted when it holds a comma, a quote or a line break. */
const cell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/** Rows as CSV: a header of variable names, then one line of state names per sample. */
const toCsv = (variables: readonly string[], states: readonly (readonly string[])[], columns: readonly ArrayLike<number>[], rows: number): string => {
  const lines = [variables.map(cell).join(',')]
  const stateCells = states.map((list) => list.map(cell))
  for (let r = 0; r < rows; r++) lines.push(columns.map((c, v) => stateCells[v]![c[r]!]!).join(','))
  return `${lines.join('\n')}\n`
}

/**
 * Draw N samples with a seed: ancestral sampling from a Bayesian network
 * without evidence, exact posterior sampling on the junction tree otherwise
 * (with evidence, or from a Markov network). Same seed, same rows.
 *
 * Used as (package-internal, not exported):
 * sample(['asia.bif', '-n', '1000', '--seed', '7', '--evidence', 'dysp=yes'], output)
 */
export const sample = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, sampleFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'sample takes exactly one network file' })
  const rows = parseCount(values.get('n'), 'n')
  if (E.isLeft(rows)) return rows
  const seed = parseCount(values.get('seed'), 'seed')
  if (E.isLeft(seed)) return seed
  if (rows.right === undefined) return E.left({ _tag: 'Usage', message: 'sample needs -n N' })
  if (seed.right === undefined) return E.left({ _tag: 'Usage', message: 'sample needs --seed S (samples are reproducible by design)' })
  // The generator takes a 32-bit seed: larger ones would silently alias smaller ones.
  if (seed.right >= 2 ** 32) return E.left({ _tag: 'Usage', message: `--seed must be below 2^32 (${2 ** 32}), got ${seed.right}` })
  const evidence = parseEvidence(values.get('evidence'))
  if (E.isLeft(evidence)) return evidence
  const quiet = switches.has('quiet')
  const budget = parseBytes(values.get('max-memory'), 'max-memory')
  if (E.isLeft(budget)) return budget
  const network = loadForCommand(positionals[0], output, quiet)
  if (E.isLeft(network)) return network
  const rng = createRng(seed.right)

  let csv: string
  // Ancestral sampling needs a Bayesian network; a Markov network is sampled exactly on its junction tree.
  if (Object.keys(evidence.right).length === 0 && 'cpts' in network.right) {
    const drawn = ancestralSample(network.right, rows.right, rng)
    if (E.isLeft(drawn)) return E.left({ _tag: 'Network', errors: [drawn.left] })
    csv = toCsv(drawn.right.variables, drawn.right.states, drawn.right.columns, drawn.right.rows)
  } else {
    const engine = compileForCommand(network.right, output, quiet, budget.right)
    if (E.isLeft(engine)) return engine
    const drawn = samplePosterior(engine.right, rows.right, rng, { evidence: evidence.right })
    if (E.isLeft(drawn)) return E.left({ _tag: 'Infer', error: drawn.left })
    csv = toCsv(drawn.right.variables, drawn.right.states, drawn.right.columns, drawn.right.rows)
  }
  const out = values.get('out')
  if (out === undefined) {
    output.stdout.write(csv)
    return E.right(undefined)
  }
  try {
    writeFileSync(out, csv)
  } catch (e) {
    return E.left({ _tag: 'Io', error: { _tag: 'FileUnreadable', file: out, reason: `cannot write: ${(e as Error).message}` } })
  }
  return E.right(undefined)
}
