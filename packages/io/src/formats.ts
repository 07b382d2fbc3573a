/**
 * The formats by name and extension, and reading or writing a text in any of
 * them: pure functions on strings, shared by the main entry and the file
 * helpers of `@chainrule/io/node`.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { ReadOptions } from './assemble.js'
import { readBif } from './bif-read.js'
import { writeBif } from './bif-write.js'
import { readDne } from './dne-read.js'
import type { IoError } from './errors.js'
import { readJson } from './json-read.js'
import { writeJson } from './json-write.js'
import { readHuginNet } from './net-read.js'
import type { ModelSpec } from './uai-model.js'
import { readUaiNetwork } from './uai-read.js'
import { writeUai } from './uai-write.js'
import { readXdsl } from './xdsl-read.js'
import { writeXdsl } from './xdsl-write.js'
import { readXmlBif } from './xmlbif-read.js'

/** The network formats this package reads. */
export type NetworkFormat = 'bif' | 'xmlbif' | 'uai' | 'net' | 'json' | 'xdsl' | 'dne'

const EXTENSIONS: readonly (readonly [string, NetworkFormat])[] = [
  ['.bif', 'bif'],
  ['.xmlbif', 'xmlbif'],
  ['.xml', 'xmlbif'],
  ['.uai', 'uai'],
  ['.net', 'net'],
  ['.json', 'json'],
  ['.xdsl', 'xdsl'],
  ['.dne', 'dne'],
]
/** Formats with a writer, and the extensions they take. */
const WRITERS: readonly NetworkFormat[] = ['bif', 'json', 'xdsl', 'uai']
/** Extensions the readers accept, plain and gzipped. */
export const READABLE = EXTENSIONS.map(([e]) => e).concat(EXTENSIONS.map(([e]) => `${e}.gz`))
/** Extensions the writers produce, plain and gzipped. */
export const WRITABLE = EXTENSIONS.filter(([, f]) => WRITERS.includes(f))
  .map(([e]) => e)
  .flatMap((e) => [e, `${e}.gz`])

/**
 * The format a path names by its extension (case-insensitive, `.gz` ignored).
 *
 * @example
 * ```ts
 * import { formatOfPath } from '@chainrule/io'
 *
 * formatOfPath('nets/alarm.bif.gz') // => 'bif'
 * formatOfPath('model.uai') // => 'uai'
 * formatOfPath('hepar.xdsl') // => 'xdsl'
 * formatOfPath('notes.txt') // => undefined
 * ```
 */
export const formatOfPath = (path: string): NetworkFormat | undefined => {
  const lower = path.toLowerCase().replace(/\.gz$/, '')
  return EXTENSIONS.find(([e]) => lower.endsWith(e))?.[1]
}

/**
 * Read a network text in the given format: a Bayesian network's spec, or for
 * UAI files that are not one (MARKOV, or tables that are not conditional), a
 * Markov network's (`isMarkovSpec` tells which).
 *
 * @example
 * ```ts
 * import { readNetworkText } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readNetworkText('node a { states = ("x" "y"); } potential (a) { data = (0.5 0.5); }', 'net')
 * // => E.right({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: Float64Array.of(0.5, 0.5) }] })
 * ```
 */
export const readNetworkText = (
  text: string,
  format: NetworkFormat,
  options: ReadOptions = {},
): E.Either<IoError, ModelSpec> => {
  switch (format) {
    case 'bif':
      return readBif(text, options)
    case 'xmlbif':
      return readXmlBif(text, options)
    case 'uai':
      return readUaiNetwork(text, options)
    case 'net':
      return readHuginNet(text, options)
    case 'json':
      return readJson(text, options)
    case 'xdsl':
      return readXdsl(text, options)
    case 'dne':
      return readDne(text, options)
  }
}

/**
 * A spec as text in a writable format (BIF, JSON, xdsl, UAI); `UnknownFormat`
 * for the others, `Unwritable` when the format cannot hold the network.
 *
 * @example
 * ```ts
 * import { readJson, writeNetworkText } from '@chainrule/io'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const text = writeNetworkText({ variables: [{ name: 'a', states: ['x'], parents: [], table: [1] }] }, 'json')
 * F.pipe(text, E.flatMap((t) => readJson(t)), E.map((spec) => spec.variables[0]!.name)) // => E.right('a')
 * writeNetworkText({ variables: [] }, 'dne') // => E.left({ _tag: 'UnknownFormat', file: '<output>', supported: ['.bif', '.bif.gz', '.uai', '.uai.gz', '.json', '.json.gz', '.xdsl', '.xdsl.gz'] })
 * ```
 */
export const writeNetworkText = (spec: NetworkSpec, format: NetworkFormat, file = '<output>'): E.Either<IoError, string> => {
  switch (format) {
    case 'bif':
      return E.right(writeBif(spec))
    case 'json':
      return E.right(writeJson(spec))
    case 'xdsl':
      return writeXdsl(spec, file)
    case 'uai':
      return E.right(writeUai(spec))
    default:
      return E.left({ _tag: 'UnknownFormat', file, supported: WRITABLE })
  }
}
