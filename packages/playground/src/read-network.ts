/**
 * From a file's text to a checked network, in the browser: pick the format
 * from the file name, parse with `@chainrule/io/text` (no node:fs), then check
 * every table with `networkFromSpec`. Files print probabilities rounded, so
 * rows within 1e-2 of summing to 1 are rescaled (as the CLI does) and the
 * result says which.
 */
import type { NetworkSpec } from '@chainrule/models'
import { networkFromSpec, type BayesianNetwork, type Renormalization } from '@chainrule/models'
import { readBif, readHuginNet, readJson, readUaiNetwork, readXmlBif, type IoError } from '@chainrule/io/text'
import * as E from 'fp-ts/lib/Either.js'
import type { PlaygroundError } from './errors.js'

/** The formats the playground opens. */
export type NetworkFormat = 'bif' | 'xmlbif' | 'uai' | 'net' | 'json'

/** Rows may sum to 1 within this and are rescaled (files print rounded numbers). */
export const RENORMALIZE_TOLERANCE = 1e-2

/** The drawing stays readable up to about a hundred nodes; past this many it is refused. */
export const MAX_VARIABLES = 250

const EXTENSIONS: readonly (readonly [string, NetworkFormat])[] = [
  ['.bif', 'bif'],
  ['.xmlbif', 'xmlbif'],
  ['.xml', 'xmlbif'],
  ['.uai', 'uai'],
  ['.net', 'net'],
  ['.json', 'json'],
]

/**
 * The format of a file name, ignoring a trailing `.gz`; undefined when unknown.
 *
 * @example
 * formatOfName('alarm.bif.gz') // => 'bif'
 * formatOfName('notes.txt')    // => undefined
 */
export const formatOfName = (name: string): NetworkFormat | undefined => {
  const lower = name.toLowerCase().replace(/\.gz$/, '')
  return EXTENSIONS.find(([extension]) => lower.endsWith(extension))?.[1]
}

/** A network ready for the page, with where it came from. */
export interface OpenedNetwork {
  readonly file: string
  readonly title: string
  readonly network: BayesianNetwork
  readonly renormalized: readonly Renormalization[]
}

const parse = (text: string, format: NetworkFormat, file: string): E.Either<PlaygroundError, NetworkSpec> => {
  const options = { file }
  const read =
    format === 'bif'
      ? readBif(text, options)
      : format === 'xmlbif'
        ? readXmlBif(text, options)
        : format === 'uai'
          ? readUaiNetwork(text, options)
          : format === 'net'
            ? readHuginNet(text, options)
            : readJson(text, options)
  return E.mapLeft((error: IoError): PlaygroundError => ({ _tag: 'Unreadable', error }))(read)
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
 */
export const openNetworkText = (text: string, file: string): E.Either<PlaygroundError, OpenedNetwork> => {
  const format = formatOfName(file)
  if (format === undefined) return E.left({ _tag: 'UnknownFormat', file })
  const spec = parse(text, format, file)
  if (E.isLeft(spec)) return spec
  const count = spec.right.variables.length
  if (count > MAX_VARIABLES) return E.left({ _tag: 'TooManyVariables', file, count, limit: MAX_VARIABLES })
  const built = networkFromSpec(spec.right, { renormalize: { tolerance: RENORMALIZE_TOLERANCE } })
  if (E.isLeft(built)) return E.left({ _tag: 'InvalidNetwork', file, errors: built.left })
  const base = file.replace(/^.*[\\/]/, '').replace(/\.gz$/i, '').replace(/\.[^.]*$/, '')
  const title = spec.right.name !== undefined && spec.right.name !== '' && spec.right.name !== 'unknown' ? spec.right.name : base
  return E.right({ file, title, network: built.right.network, renormalized: built.right.renormalized })
}
