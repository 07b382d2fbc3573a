/** Loading the NET argument of every command, with the renormalisation note printed once. */
import { renormalizationNote } from '@chainrule/io'
import { loadNetwork } from '@chainrule/io/node'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'

/** Where a command writes, and standard input for commands that read questions from it (`--stdin`). */
export interface Output {
  /** `write` returns false when the stream wants `drain` before more (Node streams); `once` waits for it. */
  readonly stdout: { write(text: string | Uint8Array): unknown; once?(event: 'drain', listener: () => void): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly stdin?: AsyncIterable<string | Uint8Array>
}

/**
 * Load a network file; unless `quiet`, say once on stderr when rows were renormalised.
 *
 * @example
 * const bn = loadForCommand('alarm.bif.gz', output, false)
 */
export const loadForCommand = (
  path: string | undefined,
  output: Output,
  quiet: boolean,
): E.Either<CliError, BayesianNetwork> => {
  if (path === undefined) return E.left({ _tag: 'Usage', message: 'missing the network file argument' })
  const loaded = loadNetwork(path)
  if (E.isLeft(loaded)) return E.left({ _tag: 'Load', error: loaded.left })
  const note = renormalizationNote(loaded.right.renormalized)
  if (note !== undefined && !quiet) output.stderr.write(`note: ${path}: ${note}\n`)
  return E.right(loaded.right.network)
}
