/**
 * From a file's text to a checked network, in the browser: io's
 * `networkFromText` (the CLI's own path, without node:fs: format from the file
 * name, parse, check every table, rows printed rounded rescaled and reported),
 * plus the page's limit on network size and a title.
 */
import { formatOfPath, networkFromText } from '@chainrule/io'
import { isBayesianNetwork, type BayesianNetwork, type Renormalization } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { loadFailure, type PlaygroundError } from './errors.js'

/** Rows may sum to 1 within this and are rescaled (files print rounded numbers), as in the CLI. */
export { FILE_RENORMALIZE_TOLERANCE as RENORMALIZE_TOLERANCE } from '@chainrule/io'

/** The drawing stays readable up to about a hundred nodes; past this many it is refused. */
export const MAX_VARIABLES = 250

/**
 * The format of a file name, ignoring a trailing `.gz`; undefined when unknown.
 *
 * @example
 * formatOfName('alarm.bif.gz') // => 'bif'
 * formatOfName('notes.txt')    // => undefined
 */
export const formatOfName = formatOfPath

/** A network ready for the page, with where it came from. */
export interface OpenedNetwork {
  readonly file: string
  readonly title: string
  readonly network: BayesianNetwork
  readonly renormalized: readonly Renormalization[]
}

/**
 * Parse and check a network file's text; the format comes from `file`'s
 * extension. Errors carry the parser's `file:line:column`.
 *
 * @example
 * openNetworkText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.5; }', 'a.bif')
 * // => Right({ file: 'a.bif', title: 'a', network, renormalized: [] })
 * openNetworkText('variable a {', 'broken.bif')
 * // => Left({ _tag: 'Unreadable', error: { _tag: 'UnexpectedInput', file: 'broken.bif', line: 1, column: 13, ... } })
 * openNetworkText('coin', 'coin.txt')
 * // => Left({ _tag: 'Unreadable', error: { _tag: 'UnknownFormat', file: 'coin.txt', supported: [...] } })
 */
export const openNetworkText = (text: string, file: string): E.Either<PlaygroundError, OpenedNetwork> => {
  const loaded = networkFromText(text, file)
  if (E.isLeft(loaded)) return E.left(loadFailure(loaded.left))
  const { network, renormalized } = loaded.right
  if (!isBayesianNetwork(network)) return E.left({ _tag: 'NotBayesian', command: 'the playground', file })
  const count = network.dag.nodes.length
  if (count > MAX_VARIABLES) return E.left({ _tag: 'TooManyVariables', file, count, limit: MAX_VARIABLES })
  const base = file.replace(/^.*[\\/]/, '').replace(/\.gz$/i, '').replace(/\.[^.]*$/, '')
  const title = network.name !== undefined && network.name !== '' && network.name !== 'unknown' ? network.name : base
  return E.right({ file, title, network, renormalized })
}
