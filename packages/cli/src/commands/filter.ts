/** `chainrule filter NET DATA.csv [--smooth] [--viterbi] [--json]` */
import { MISSING } from '@chainrule/data'
import { readCsvFile } from '@chainrule/data/node'
import { compileDynamic, filter as filterSequence, fromTwoSlice, smooth, viterbi, type DynamicNetwork, type Observations } from '@chainrule/dynamic'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs } from '../args.js'
import type { CliError } from '../errors.js'
import { formatProbability, formatTable } from '../format.js'
import { bayesianOnly, loadForCommand, type Output } from '../load.js'

export const filterFlags = [
  { name: 'smooth', takesValue: false },
  { name: 'viterbi', takesValue: false },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
] as const

/** One row per slice: the columns name base variables (any subset), empty cells are unobserved. */
const readObservations = (path: string, dbn: DynamicNetwork): E.Either<CliError, Observations> => {
  const data = readCsvFile(path, { domain: dbn.slice })
  if (E.isLeft(data)) return E.left({ _tag: 'Data', error: data.left })
  const { variables, columns, rows } = data.right
  const n = dbn.slice.variables.length
  const states = new Int32Array(rows * n).fill(-1)
  variables.forEach((name, c) => {
    const b = dbn.slice.byName.get(name)!
    const column = columns[c]!
    for (let t = 0; t < rows; t++) if (column[t] !== MISSING) states[t * n + b] = column[t]!
  })
  return E.right({ slices: rows, states })
}

/** Posterior of every unobserved variable, by name and state, per slice. */
const sliceRecords = (dbn: DynamicNetwork, obs: Observations, slices: readonly (readonly Float64Array[])[]): Record<string, Record<string, number>>[] => {
  const n = dbn.slice.variables.length
  return slices.map((marginals, t) => {
    const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
    for (const v of dbn.slice.variables) {
      if (obs.states[t * n + v.id]! >= 0) continue
      const row: Record<string, number> = Object.create(null) as Record<string, number>
      v.states.forEach((s, k) => (row[s] = marginals[v.id]![k]!))
      out[v.name] = row
    }
    return out
  })
}

/**
 * Filtered (or smoothed) posteriors of every unobserved variable of every
 * slice of a 2TBN, log P(all observations), and with --viterbi the most
 * probable sequence. NET names its variables X0 (slice 0) and Xt (slice t), as
 * pyAgrum does; DATA has one row per slice, columns by base name.
 *
 * Used as (package-internal, not exported):
 * await filter(['umbrella.bif', 'days.csv', '--smooth', '--json'], output)
 */
export const filter = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, filterFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, switches } = parsed.right
  if (positionals.length !== 2) return E.left({ _tag: 'Usage', message: 'filter takes a 2TBN network file and a CSV file of observations' })
  const network = E.chain(bayesianOnly('filter', positionals[0]!))(loadForCommand(positionals[0], output, switches.has('quiet')))
  if (E.isLeft(network)) return network
  const dbn = fromTwoSlice(network.right)
  if (E.isLeft(dbn)) return E.left({ _tag: 'Dynamic', error: dbn.left })
  const obs = readObservations(positionals[1]!, dbn.right)
  if (E.isLeft(obs)) return obs
  const engine = compileDynamic(dbn.right)
  if (E.isLeft(engine)) return E.left({ _tag: 'Dynamic', error: engine.left })
  const posterior = switches.has('smooth') ? smooth(engine.right, obs.right) : filterSequence(engine.right, obs.right)
  if (E.isLeft(posterior)) return E.left({ _tag: 'Dynamic', error: posterior.left })
  const best = switches.has('viterbi') ? viterbi(engine.right, obs.right) : undefined
  if (best !== undefined && E.isLeft(best)) return E.left({ _tag: 'Dynamic', error: best.left })
  const slices = sliceRecords(dbn.right, obs.right, posterior.right.slices)
  const { logLikelihood } = posterior.right
  const n = dbn.right.slice.variables.length
  const sequence =
    best === undefined
      ? undefined
      : Array.from({ length: obs.right.slices }, (_, t) =>
          Object.fromEntries(dbn.right.slice.variables.map((v) => [v.name, v.states[best.right.states[t * n + v.id]!]!])),
        )

  if (switches.has('json')) {
    const viterbiPart = best === undefined || !E.isRight(best) ? {} : { viterbi: { sequence, logProbability: best.right.logProbability } }
    output.stdout.write(`${JSON.stringify({ slices, logLikelihood, ...viterbiPart })}\n`)
    return E.right(undefined)
  }
  const rows: string[][] = [['slice', 'variable', 'state', switches.has('smooth') ? 'P(state | all observations)' : 'P(state | observations so far)']]
  slices.forEach((record, t) => {
    let first = true
    for (const [name, states] of Object.entries(record))
      Object.entries(states).forEach(([state, p], k) => {
        rows.push([first ? String(t) : '', k === 0 ? name : '', state, formatProbability(p)])
        first = false
      })
  })
  const parts = [formatTable(rows), `log P(observations) = ${logLikelihood}`]
  if (sequence !== undefined && best !== undefined && E.isRight(best)) {
    const names = dbn.right.slice.variables.map((v) => v.name)
    parts.push(
      `most probable sequence (log P = ${best.right.logProbability}):\n${formatTable([['slice', ...names], ...sequence.map((s, t) => [String(t), ...names.map((x) => s[x]!)])])}`,
    )
  }
  output.stdout.write(`${parts.join('\n\n')}\n`)
  return E.right(undefined)
}
