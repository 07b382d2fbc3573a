/** `chainrule convert IN OUT`: read any supported format, validate, write BIF, JSON, xdsl or UAI. */
import { writeNetworkFile } from '@chainrule/io/node'
import { toSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs } from '../args.js'
import type { CliError } from '../errors.js'
import { bayesianOnly, loadForCommand, type Output } from '../load.js'

export const convertFlags = [{ name: 'quiet', alias: 'q', takesValue: false }] as const

/**
 * Convert a network file; the output format follows OUT's extension (.bif, .json, .xdsl, .uai,
 * optionally .gz). Compact tables and the parts an xdsl reader kept travel through the network value.
 *
 * Used as (package-internal, not exported):
 * convert(['alarm.net', 'alarm.bif'], output)
 */
export const convert = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, convertFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, switches } = parsed.right
  if (positionals.length !== 2) return E.left({ _tag: 'Usage', message: 'convert takes an input and an output file' })
  const network = E.chain(bayesianOnly('convert', positionals[0]!))(loadForCommand(positionals[0], output, switches.has('quiet')))
  if (E.isLeft(network)) return network
  const written = writeNetworkFile(positionals[1]!, toSpec(network.right))
  return E.isLeft(written) ? E.left({ _tag: 'Io', error: written.left }) : E.right(undefined)
}
