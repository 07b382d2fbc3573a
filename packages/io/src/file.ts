/**
 * File helpers (Node only, `@chainrule/io/node`): pick the format from the
 * extension, gunzip `.gz` files, and read or write whole files. The readers
 * and writers themselves are pure functions on strings in the main entry;
 * this module is the only one touching the file system.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { ReadOptions } from './assemble.js'
import type { IoError } from './errors.js'
import { formatOfPath, READABLE, readNetworkText, WRITABLE, writeNetworkText } from './formats.js'
import type { ModelSpec } from './uai-model.js'

/**
 * The text of a file, gunzipped when the path ends in `.gz`.
 *
 * @example
 * ```ts
 * import { readTextFile } from '@chainrule/io/node'
 * import { either as E } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { gzipSync } from 'node:zlib'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'coin.bif.gz')
 * writeFileSync(file, gzipSync('network coin {\n}\n'))
 * readTextFile(file) // => E.right('network coin {\n}\n')
 * E.mapLeft((e: { _tag: string }) => e._tag)(readTextFile(join(tmpdir(), 'no-such-file.bif'))) // => E.left('FileUnreadable')
 * ```
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
 * ```ts
 * import { writeBif } from '@chainrule/io'
 * import { readNetworkFile } from '@chainrule/io/node'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'coin.bif')
 * writeFileSync(file, writeBif({ name: 'coin', variables: [{ name: 'side', states: ['heads', 'tails'], parents: [], table: [0.5, 0.5] }] }))
 * F.pipe(readNetworkFile(file), E.map((spec) => spec.variables.map((v) => v.name))) // => E.right(['side'])
 * // The format comes from the extension; errors name the file.
 * F.pipe(readNetworkFile('notes.txt'), E.mapLeft((e) => [e._tag, 'file' in e ? e.file : undefined])) // => E.left(['UnknownFormat', 'notes.txt'])
 * ```
 */
export const readNetworkFile = (path: string, options: Omit<ReadOptions, 'file'> = {}): E.Either<IoError, ModelSpec> => {
  const format = formatOfPath(path)
  if (format === undefined) return E.left({ _tag: 'UnknownFormat', file: path, supported: READABLE })
  const text = readTextFile(path)
  if (E.isLeft(text)) return text
  return readNetworkText(text.right, format, { ...options, file: path })
}

/**
 * Write a spec to a file, the format chosen by the extension (`.bif`,
 * `.json`, `.xdsl`, `.uai`, any with `.gz` to gzip). Nothing is written
 * when the format cannot hold the network.
 *
 * @example
 * ```ts
 * import { writeNetworkFile, readNetworkFile } from '@chainrule/io/node'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'coin.json.gz')
 * const coin = { variables: [{ name: 'coin', states: ['h', 't'], parents: [], table: [0.5, 0.5] }] }
 * writeNetworkFile(file, coin) // => E.right(undefined)
 * F.pipe(readNetworkFile(file), E.map((spec) => spec.variables[0]!.states)) // => E.right(['h', 't'])
 * ```
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
