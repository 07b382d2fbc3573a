/**
 * Reading files: the bytes of a path, gunzipped when it ends in `.gz`, with
 * typed errors instead of exceptions.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from './errors.js'

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
