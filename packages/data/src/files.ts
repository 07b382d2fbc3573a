/**
 * Reading files (Node only, `@chainrule/data/node`): the bytes of a path,
 * gunzipped when it ends in `.gz`, with typed errors instead of exceptions,
 * and the CSV and IDX readers on top of it. The parsers themselves take text
 * and bytes and live in the browser-safe main entry.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from './errors.js'
import { parseCsv, type CsvOptions } from './csv.js'
import type { DataSet } from './data-set.js'
import { parseIdx, type IdxArray } from './idx.js'

/**
 * A file's bytes, gunzipped when the path ends in `.gz` (`FileUnreadable`,
 * `GzipFailed`).
 *
 * @example
 * // readBytes('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz') -> Right(Uint8Array(10008))
 */
export const readBytes = (path: string): E.Either<DataError, Uint8Array> => {
  let raw: Uint8Array
  try {
    // A plain Uint8Array view (not a Buffer), so that every array the package returns has one type.
    const buffer = readFileSync(path)
    raw = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)
  } catch (error) {
    return E.left({ _tag: 'FileUnreadable', path, reason: error instanceof Error ? error.message : String(error) })
  }
  if (!path.endsWith('.gz')) return E.right(raw)
  try {
    const inflated = gunzipSync(raw)
    return E.right(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length))
  } catch (error) {
    return E.left({ _tag: 'GzipFailed', path, reason: error instanceof Error ? error.message : String(error) })
  }
}

/**
 * Read a CSV file (gunzipped first when the path ends in `.gz`) and parse it
 * with {@link parseCsv}.
 *
 * @example
 * // readCsvFile('asia.csv', { domain: asia.domain }) -> Right(DataSet) or Left(DataError)
 */
export const readCsvFile = (path: string, options: CsvOptions = {}): E.Either<DataError, DataSet> => {
  const bytes = readBytes(path)
  if (E.isLeft(bytes)) return bytes
  return parseCsv(new TextDecoder('utf-8').decode(bytes.right), options)
}

/**
 * Read and decode an IDX file; gunzipped first when the path ends in `.gz`.
 *
 * @example
 * // readIdxFile('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz')
 * // -> Right({ type: 'uint8', dims: [10000], data })
 */
export const readIdxFile = (path: string): E.Either<DataError, IdxArray> => {
  const bytes = readBytes(path)
  return E.isLeft(bytes) ? bytes : parseIdx(bytes.right)
}
