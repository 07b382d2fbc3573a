/** Compiling for a command, with progress on stderr when the tree is large. */
import { compile, formatBytes, type Engine, type InferError } from '@chainrule/infer'
import type { BayesianNetwork } from '@chainrule/models'
import { either as E } from 'fp-ts'
import type { CliError } from './errors.js'
import type { Output } from './load.js'

/** Trees with more cluster entries than this announce themselves on stderr. */
const ANNOUNCE_ABOVE_ENTRIES = 1e6

/**
 * Compile the network; unless `quiet`, print the plan first when it is large.
 *
 * @example
 * const engine = compileForCommand(network, output, false)
 */
export const compileForCommand = (
  network: BayesianNetwork,
  output: Output,
  quiet: boolean,
  memoryBudgetBytes: number | undefined,
): E.Either<CliError, Engine> => {
  const engine = compile(network, {
    ...(memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes }),
    onPlan: (plan) => {
      if (quiet || plan.clusterEntries < ANNOUNCE_ABOVE_ENTRIES) return
      output.stderr.write(
        `compiling: ${plan.clusters} clusters, largest ${plan.largestCluster.entries.toLocaleString('en-US')} entries, ` +
          `${formatBytes(plan.bytes)} in all (${plan.strategy})\n`,
      )
    },
  })
  return E.mapLeft((error: InferError): CliError => ({ _tag: 'Infer', error }))(engine)
}
