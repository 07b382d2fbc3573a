/** Compiling for a command, with progress on stderr when the tree is large. */
import { DEFAULT_MEMORY_BUDGET_BYTES, formatBytes } from '@chainrule/factor'
import { compile, type Engine, type InferenceMethod, type InferError, type Model } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'
import type { Output } from './load.js'

/**
 * With `--stdin`, where the questions come from: standard input, which must
 * be there, and no question flags beside it (each line is a whole question).
 * Undefined without `--stdin`.
 *
 * Used as (package-internal, not exported):
 * const stream = streamedQuestions(switches.has('stdin'), values, output)
 */
export const streamedQuestions = (
  stdin: boolean,
  values: ReadonlyMap<string, string>,
  output: Output,
): E.Either<CliError, AsyncIterable<string | Uint8Array> | undefined> => {
  if (!stdin) return E.right(undefined)
  const given = ['evidence', 'evidence-file', 'soft', 'target', 'do'].find((flag) => values.has(flag))
  if (given !== undefined) return E.left({ _tag: 'Usage', message: `--stdin reads whole questions, one JSON object per line: drop --${given}` })
  if (output.stdin === undefined) return E.left({ _tag: 'Usage', message: '--stdin needs standard input' })
  return E.right(output.stdin)
}

/** Trees with more cluster entries than this announce themselves on stderr. */
const ANNOUNCE_ABOVE_ENTRIES = 1e6

/**
 * Compile the network; unless `quiet`, print the plan first when it is large.
 *
 * Used as (package-internal, not exported):
 * const engine = compileForCommand(network, output, false)
 */
export const compileForCommand = (
  network: Model,
  output: Output,
  quiet: boolean,
  memoryBudgetBytes: number | undefined,
  method: InferenceMethod = 'auto',
  manyQuestions = false,
): E.Either<CliError, Engine> => {
  const budget = memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const engine = compile(network, {
    method,
    memoryBudgetBytes: budget,
    // One question: collecting the prior at compile time would only add work and memory. Many (--stdin): it pays.
    keepPriorCollection: manyQuestions,
    onPlan: (plan) => {
      if (quiet || plan.clusterEntries < ANNOUNCE_ABOVE_ENTRIES || method === 'elimination') return
      const size = `${plan.clusters} clusters, largest ${plan.largestCluster.entries.toLocaleString('en-US')} entries, ${formatBytes(plan.bytes)} in all`
      output.stderr.write(
        plan.bytes <= budget || method === 'tree'
          ? `compiling: ${size} (${plan.strategy})\n`
          : `the whole junction tree would need ${size}, over the ${formatBytes(budget)} budget: answering from trees over the relevant parts\n`,
      )
    },
  })
  return E.mapLeft((error: InferError): CliError => ({ _tag: 'Infer', error }))(engine)
}
