/**
 * From a file to a validated model (a `BayesianNetwork`, or a `MarkovNetwork`
 * for UAI MARKOV files and the like) in one call (Node only,
 * `@chainrule/io/node`): read (gunzipping `.gz`), then {@link networkFromText}.
 */
import * as E from 'fp-ts/lib/Either.js'
import { readTextFile } from './file.js'
import type { IoError } from './errors.js'
import { networkFromText, type LoadedNetwork, type LoadOptions } from './network-text.js'

/**
 * Read, parse and validate a network file.
 *
 * @example
 * ```ts
 * import { writeBif } from '@chainrule/io'
 * import { loadNetwork } from '@chainrule/io/node'
 * import { isBayesianNetwork } from '@chainrule/models'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'rain.bif')
 * writeFileSync(file, writeBif({ variables: [{ name: 'rain', states: ['yes', 'no'], parents: [], table: [0.2, 0.8] }] }))
 * F.pipe(loadNetwork(file), E.map(({ network, renormalized }) => [isBayesianNetwork(network) ? network.dag.nodes : [], renormalized])) // => E.right([['rain'], []])
 * F.pipe(loadNetwork(join(tmpdir(), 'no-such-file.bif')), E.mapLeft((e) => e._tag)) // => E.left('FileUnreadable')
 * ```
 */
export const loadNetwork = (path: string, options: LoadOptions = {}): E.Either<IoError, LoadedNetwork> => {
  const text = readTextFile(path)
  if (E.isLeft(text)) return text
  return networkFromText(text.right, path, options)
}
