/** `chainrule info NET [--json]` */
import { edgeCount } from '@chainrule/graph'
import { formatBytes } from '@chainrule/factor'
import { planTables } from '@chainrule/infer/internal'
import { parameterCount, tableEntryCount } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs } from '../args.js'
import type { CliError } from '../errors.js'
import { formatTable } from '../format.js'
import { loadForCommand, type Output } from '../load.js'

export const infoFlags = [
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
] as const

/** A bigint as a JSON number when it is exactly representable, else as a decimal string. */
const jsonCount = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString())

/**
 * Size facts of a network and of its junction tree (planned, not allocated).
 * A Bayesian network reports its arcs and free parameters; a Markov network
 * its number of potentials.
 *
 * Used as (package-internal, not exported):
 * info(['alarm.bif', '--json'], output)
 */
export const info = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, infoFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'info takes exactly one network file' })
  const network = loadForCommand(positionals[0], output, switches.has('quiet'))
  if (E.isLeft(network)) return network
  const model = network.right
  const tables = 'cpts' in model ? model.cpts : model.factors
  const cards = model.domain.variables.map((v) => v.states.length)
  const { plan } = planTables(
    cards,
    tables.map((f) => ({ scope: f.scope, values: f.values })),
  )
  const names = plan.largestCluster.variables.map((v) => model.domain.variables[v]!.name)
  const entries = tables.reduce((n, f) => n + f.values.length, 0)
  const kindFacts =
    'cpts' in model
      ? { kind: 'bayesian', edges: edgeCount(model.dag), parameters: jsonCount(parameterCount(model)), tableEntries: jsonCount(tableEntryCount(model)) }
      : { kind: 'markov', potentials: model.factors.length, tableEntries: entries }
  const facts = {
    variables: cards.length,
    ...kindFacts,
    maxStates: Math.max(...cards),
    junctionTree: {
      heuristic: plan.strategy,
      clusters: plan.clusters,
      largestCluster: { variables: names, entries: plan.largestCluster.entries },
      clusterEntries: plan.clusterEntries,
      separatorEntries: plan.separatorEntries,
      bytes: plan.bytes,
    },
  }
  if (switches.has('json')) {
    output.stdout.write(`${JSON.stringify(facts)}\n`)
    return E.right(undefined)
  }
  const rows = [
    ['fact', 'value'],
    ['variables', String(facts.variables)],
    ...('cpts' in model
      ? [
          ['edges', String(edgeCount(model.dag))],
          ['free parameters', parameterCount(model).toLocaleString('en-US')],
          ['table entries', tableEntryCount(model).toLocaleString('en-US')],
        ]
      : [
          ['potentials (Markov network)', String(model.factors.length)],
          ['table entries', entries.toLocaleString('en-US')],
        ]),
    ['most states', String(facts.maxStates)],
    ['triangulation', plan.strategy],
    ['clusters', String(plan.clusters)],
    ['largest cluster', `${plan.largestCluster.entries.toLocaleString('en-US')} entries over ${names.length} variables`],
    ['cluster entries', plan.clusterEntries.toLocaleString('en-US')],
    ['memory for exact inference', formatBytes(plan.bytes)],
  ]
  output.stdout.write(`${formatTable(rows)}\n\nlargest cluster: ${names.join(', ')}\n`)
  return E.right(undefined)
}
