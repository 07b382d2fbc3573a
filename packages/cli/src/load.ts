/** Loading the NET argument of every command, with the renormalisation note printed once. */
import { renormalizationNote } from '@chainrule/io'
import { loadNetwork } from '@chainrule/io/node'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'

/** Where a command writes. */
export interface Output {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
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
