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
 * ```ts
 * import { readBytes } from '@chainrule/data/node'
 * import { either as E } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { gzipSync } from 'node:zlib'
 *
 * const dir = mkdtempSync(join(tmpdir(), 'chainrule-'))
 * writeFileSync(join(dir, 'bytes.gz'), gzipSync(Uint8Array.of(1, 2, 3)))
 * readBytes(join(dir, 'bytes.gz')) // => E.right(Uint8Array.of(1, 2, 3))
 * E.mapLeft((e: { _tag: string }) => e._tag)(readBytes(join(dir, 'absent'))) // => E.left('FileUnreadable')
 * ```
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
 * ```ts
 * import { readCsvFile } from '@chainrule/data/node'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'weather.csv')
 * writeFileSync(file, 'rain,wet\nyes,yes\nno,no\n')
 * F.pipe(readCsvFile(file), E.map((d) => [d.variables, d.rows])) // => E.right([['rain', 'wet'], 2])
 * ```
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
 * ```ts
 * import { readIdxFile } from '@chainrule/data/node'
 * import { either as E } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { gzipSync } from 'node:zlib'
 *
 * // Three labels, as in an MNIST labels file: unsigned bytes, one dimension of size 3.
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'labels-idx1-ubyte.gz')
 * writeFileSync(file, gzipSync(Uint8Array.of(0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1)))
 * readIdxFile(file) // => E.right({ type: 'uint8', dims: [3], data: Uint8Array.of(7, 2, 1) })
 * ```
 */
export const readIdxFile = (path: string): E.Either<DataError, IdxArray> => {
  const bytes = readBytes(path)
  return E.isLeft(bytes) ? bytes : parseIdx(bytes.right)
}
