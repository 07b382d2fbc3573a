/** Compiling for a command, with progress on stderr when the tree is large. */
import { DEFAULT_MEMORY_BUDGET_BYTES, formatBytes } from '@chainrule/factor'
import { compile, type Engine, type InferenceMethod, type InferError, type Model } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { availableParallelism } from 'node:os'
import { parseCount } from './args.js'
import type { CliError } from './errors.js'
import type { Output } from './load.js'
import type { StreamOptions } from './answer-stream.js'
import type { StreamWorkerSpec } from './stream-workers.js'

/** A `--stdin` stream: where the questions come from, and the worker threads asked for with `--threads` (default: one per other core). */
export interface StreamedQuestions {
  readonly input: AsyncIterable<string | Uint8Array>
  readonly threads?: number
}

/** Worker threads a stream may start beside the main one (a larger `--threads` asks for more than any machine needs). */
const MAX_STREAM_THREADS = 64

/**
 * With `--stdin`, where the questions come from: standard input, which must
 * be there, and no question flags beside it (each line is a whole question);
 * `--threads N` (only with `--stdin`) sets its worker threads. Undefined
 * without `--stdin`.
 *
 * Used as (package-internal, not exported):
 * const stream = streamedQuestions(switches.has('stdin'), values, output)
 */
export const streamedQuestions = (
  stdin: boolean,
  values: ReadonlyMap<string, string>,
  output: Output,
): E.Either<CliError, StreamedQuestions | undefined> => {
  if (!stdin) return values.has('threads') ? E.left({ _tag: 'Usage', message: '--threads sets the worker threads of --stdin: add --stdin or drop it' }) : E.right(undefined)
  const given = ['evidence', 'evidence-file', 'soft', 'target', 'do'].find((flag) => values.has(flag))
  if (given !== undefined) return E.left({ _tag: 'Usage', message: `--stdin reads whole questions, one JSON object per line: drop --${given}` })
  if (output.stdin === undefined) return E.left({ _tag: 'Usage', message: '--stdin needs standard input' })
  const threads = parseCount(values.get('threads'), 'threads')
  if (E.isLeft(threads)) return threads
  if (threads.right !== undefined && threads.right > MAX_STREAM_THREADS) return E.left({ _tag: 'Usage', message: `--threads is at most ${MAX_STREAM_THREADS}, got ${threads.right}` })
  return E.right({ input: output.stdin, ...(threads.right === undefined ? {} : { threads: threads.right }) })
}

/**
 * The options of a command's `--stdin` stream: worker threads running the same command with the same
 * arguments (as many as {@link streamThreads} allows), and, unless quiet, a note on stderr at the end.
 *
 * Used as (package-internal, not exported):
 * answerStream(stream.right.input, output, answerer, streamOptions('query', args, stream.right, engine.right, output, quiet))
 */
export const streamOptions = (command: StreamWorkerSpec['command'], args: readonly string[], stream: StreamedQuestions, engine: Engine, output: Output, quiet: boolean): StreamOptions => ({
  workers: { spec: { command, args }, threads: streamThreads(stream, engine) },
  ...(quiet ? {} : { note: (text: string) => output.stderr.write(`note: ${text}`) }),
})

/**
 * The worker threads of a stream: as asked with `--threads`, or by default
 * one per other core (at most 3), but only as many as leave every thread's
 * engine (each compiles its own) inside the one memory budget.
 *
 * Used as (package-internal, not exported):
 * const threads = streamThreads(stream.right, engine.right)
 */
export const streamThreads = (stream: StreamedQuestions, engine: Engine): number => {
  if (stream.threads !== undefined) return stream.threads
  const cores = Math.min(3, availableParallelism() - 1)
  const fitting = Math.floor(engine.memoryBudgetBytes / Math.max(1, engine.plan.bytes)) - 1
  return Math.max(0, Math.min(cores, fitting))
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
