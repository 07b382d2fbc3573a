/**
 * File helpers: pick the format from the extension, gunzip `.gz` files, and
 * read or write whole files. The readers themselves are pure functions on
 * strings; this module is the only one touching the file system.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { ReadOptions } from './assemble.js'
import { writeBif } from './bif-write.js'
import type { IoError } from './errors.js'
import { formatOfPath, READABLE, readNetworkText, WRITABLE, type NetworkFormat } from './formats.js'
import { writeJson } from './json-write.js'
import type { ModelSpec } from './uai-model.js'

/**
 * The text of a file, gunzipped when the path ends in `.gz`.
 *
 * @example
 * import { readTextFile } from '@chainrule/io'
 * readTextFile('../shared/networks/asia.bif.gz') // right('network unknown {\n}\nvariable asia {...')
 */
export const readTextFile = (path: string): E.Either<IoError, string> => {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return E.left({ _tag: 'FileUnreadable', file: path, reason: reasonOf(error) })
  }
  if (!path.toLowerCase().endsWith('.gz')) return E.right(bytes.toString('utf8'))
  try {
    return E.right(gunzipSync(bytes).toString('utf8'))
  } catch (error) {
    return E.left({ _tag: 'FileUnreadable', file: path, reason: `not valid gzip data (${reasonOf(error)})` })
  }
}

// fs and zlib report failures by throwing; these two catches are the I/O edge
// and turn exactly those failures into values.
const reasonOf = (error: unknown): string =>
  error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error)

/**
 * Read a network file, the format chosen by {@link formatOfPath}; `.gz`
 * files are gunzipped first. Errors carry the path as their `file`. A UAI
 * file may be a Markov network's spec (see `readNetworkText`).
 *
 * @example
 * import { readNetworkFile } from '@chainrule/io'
 * const asia = readNetworkFile('../shared/networks/asia.bif.gz')
 * // right({ name: 'unknown', variables: [8 variables] })
 */
export const readNetworkFile = (path: string, options: Omit<ReadOptions, 'file'> = {}): E.Either<IoError, ModelSpec> => {
  const format = formatOfPath(path)
  if (format === undefined) return E.left({ _tag: 'UnknownFormat', file: path, supported: READABLE })
  const text = readTextFile(path)
  if (E.isLeft(text)) return text
  return readNetworkText(text.right, format, { ...options, file: path })
}

/**
 * A spec as text in a writable format (BIF or JSON).
 *
 * @example
 * import { writeNetworkText } from '@chainrule/io'
 * writeNetworkText({ variables: [{ name: 'a', states: ['x'], parents: [], table: [1] }] }, 'json')
 * // right('{\n  "format": "chainrule-network", ...')
 */
export const writeNetworkText = (
  spec: NetworkSpec,
  format: NetworkFormat,
  file = '<output>',
): E.Either<IoError, string> => {
  if (format === 'bif') return E.right(writeBif(spec))
  if (format === 'json') return E.right(writeJson(spec))
  return E.left({ _tag: 'UnknownFormat', file, supported: WRITABLE })
}

/**
 * Write a spec to a file, the format chosen by the extension (`.bif`,
 * `.json`, either with `.gz` to gzip).
 *
 * @example
 * import { writeNetworkFile } from '@chainrule/io'
 * writeNetworkFile('/tmp/coin.json', { variables: [{ name: 'coin', states: ['h', 't'], parents: [], table: [0.5, 0.5] }] })
 * // right(undefined)
 */
export const writeNetworkFile = (path: string, spec: NetworkSpec): E.Either<IoError, void> => {
  const format = formatOfPath(path)
  const text = format === undefined ? E.left<IoError, string>({ _tag: 'UnknownFormat', file: path, supported: WRITABLE }) : writeNetworkText(spec, format, path)
  if (E.isLeft(text)) return text
  try {
    writeFileSync(path, path.toLowerCase().endsWith('.gz') ? gzipSync(text.right) : text.right)
  } catch (error) {
    return E.left({ _tag: 'FileUnreadable', file: path, reason: `cannot write: ${reasonOf(error)}` })
  }
  return E.right(undefined)
}
