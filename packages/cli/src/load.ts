/** Loading the NET argument of every command, with the notes on how it was read printed once. */
import { renormalizationNote } from '@chainrule/io'
import { loadNetwork } from '@chainrule/io/node'
import type { BayesianNetwork, MarkovNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'

/** Where a command writes, and standard input for commands that read questions from it (`--stdin`). */
export interface Output {
  /** `write` returns false when the stream wants `drain` before more (Node streams); `once` waits for it. */
  readonly stdout: { write(text: string | Uint8Array): unknown; once?(event: 'drain', listener: () => void): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly stdin?: AsyncIterable<string | Uint8Array>
}

/** What a network file holds: a Bayesian network, or a Markov network (UAI MARKOV files). */
export type LoadedModel = BayesianNetwork | MarkovNetwork

/**
 * Load a network file; unless `quiet`, say once on stderr when rows were
 * renormalised or the file was read in a way a user should know of.
 *
 * Used as (package-internal, not exported):
 * const model = loadForCommand('alarm.bif.gz', output, false)
 */
export const loadForCommand = (
  path: string | undefined,
  output: Output,
  quiet: boolean,
): E.Either<CliError, LoadedModel> => {
  if (path === undefined) return E.left({ _tag: 'Usage', message: 'missing the network file argument' })
  const loaded = loadNetwork(path)
  if (E.isLeft(loaded)) return E.left({ _tag: 'Io', error: loaded.left })
  const note = renormalizationNote(loaded.right.renormalized)
  if (!quiet) for (const line of note === undefined ? loaded.right.notes : [...loaded.right.notes, note]) output.stderr.write(`note: ${path}: ${line}\n`)
  return E.right(loaded.right.network)
}

/**
 * A loaded model that must be a Bayesian network (d-separation, ancestral
 * sampling, writing BIF): a Markov network is a typed error naming the command.
 *
 * Used as (package-internal, not exported):
 * const bn = E.chain(bayesianOnly('dsep', path))(loadForCommand(path, output, false))
 */
export const bayesianOnly =
  (command: string, file: string) =>
  (model: LoadedModel): E.Either<CliError, BayesianNetwork> =>
    'cpts' in model ? E.right(model) : E.left({ _tag: 'NotBayesian', command, file })
