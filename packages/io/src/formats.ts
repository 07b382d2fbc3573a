/**
 * The formats by name and extension, and parsing a text in any of them:
 * pure functions on strings, shared by the file helpers (Node) and the
 * browser entry (`@chainrule/io/text`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ReadOptions } from './assemble.js'
import { readBif } from './bif-read.js'
import type { IoError } from './errors.js'
import { readJson } from './json-read.js'
import { readHuginNet } from './net-read.js'
import type { ModelSpec } from './uai-model.js'
import { readUaiNetwork } from './uai-read.js'
import { readXmlBif } from './xmlbif-read.js'

/** The network formats this package reads. */
export type NetworkFormat = 'bif' | 'xmlbif' | 'uai' | 'net' | 'json'

const EXTENSIONS: readonly (readonly [string, NetworkFormat])[] = [
  ['.bif', 'bif'],
  ['.xmlbif', 'xmlbif'],
  ['.xml', 'xmlbif'],
  ['.uai', 'uai'],
  ['.net', 'net'],
  ['.json', 'json'],
]
/** Extensions the readers accept, plain and gzipped. */
export const READABLE = EXTENSIONS.map(([e]) => e).concat(EXTENSIONS.map(([e]) => `${e}.gz`))
/** Extensions the writers produce. */
export const WRITABLE = ['.bif', '.json', '.bif.gz', '.json.gz']

/**
 * The format a path names by its extension (case-insensitive, `.gz` ignored).
 *
 * @example
 * import { formatOfPath } from '@chainrule/io'
 * formatOfPath('nets/alarm.bif.gz') // 'bif'
 * formatOfPath('model.uai')         // 'uai'
 * formatOfPath('notes.txt')         // undefined
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
 * import { readNetworkText } from '@chainrule/io'
 * readNetworkText('node a { states = ("x" "y"); } potential (a) { data = (0.5 0.5); }', 'net')
 * // right({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: Float64Array [0.5, 0.5] }] })
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
  }
}

