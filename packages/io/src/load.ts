/**
 * From a file to a validated `BayesianNetwork` in one call (Node only,
 * `@chainrule/io/node`): read (gunzipping `.gz`), then {@link networkFromText}.
 */
import * as E from 'fp-ts/lib/Either.js'
import { readTextFile } from './file.js'
import { networkFromText, type LoadedNetwork, type LoadError, type LoadOptions } from './network-text.js'

/**
 * Read, parse and validate a network file.
 *
 * @example
 * import { loadNetwork } from '@chainrule/io/node'
 * const loaded = loadNetwork('../shared/networks/alarm.bif.gz')
 * // right({ network, renormalized: [...] }) or left({ _tag: 'Unreadable', error: { file, line, column, ... } })
 */
export const loadNetwork = (path: string, options: LoadOptions = {}): E.Either<LoadError, LoadedNetwork> => {
  const text = readTextFile(path)
  if (E.isLeft(text)) return E.left({ _tag: 'Unreadable', error: text.left })
  return networkFromText(text.right, path, options)
}
