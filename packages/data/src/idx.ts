/**
 * IDX files (the format of MNIST and Fashion-MNIST, LeCun et al. 1998,
 * http://yann.lecun.com/exdb/mnist/): a 4-byte magic number `00 00 TT DD`
 * (TT = element type, DD = number of dimensions), DD big-endian 32-bit sizes,
 * then the elements in row-major order (last dimension fastest), multi-byte
 * elements big-endian.
 *
 * Element types: 0x08 unsigned byte, 0x09 signed byte, 0x0B 16-bit int,
 * 0x0C 32-bit int, 0x0D 32-bit float, 0x0E 64-bit float.
 *
 * Unsigned bytes (all of MNIST) are returned as a view on the input: nothing
 * is copied. Wider types are decoded into native typed arrays.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from './errors.js'

/** A decoded IDX array. */
export interface IdxArray {
  readonly type: 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'
  /** Sizes, outermost first (MNIST images: [count, rows, columns]). */
  readonly dims: readonly number[]
  /** Elements in row-major order. */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array
}

const TYPES = new Map<number, { readonly type: IdxArray['type']; readonly size: number }>([
  [0x08, { type: 'uint8', size: 1 }],
  [0x09, { type: 'int8', size: 1 }],
  [0x0b, { type: 'int16', size: 2 }],
  [0x0c, { type: 'int32', size: 4 }],
  [0x0d, { type: 'float32', size: 4 }],
  [0x0e, { type: 'float64', size: 8 }],
])

/**
 * Decode IDX bytes. The data must be exactly as long as the dimensions say
 * (`IdxSizeMismatch` otherwise: a truncated download is caught here).
 *
 * @example
 * ```ts
 * import { parseIdx } from '@chainrule/data'
 * import { either as E } from 'fp-ts'
 *
 * // Magic 00 00 08 02 (unsigned bytes, 2 dimensions), sizes 2 and 3 (big-endian), then the 6 elements.
 * const bytes = Uint8Array.of(0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6)
 * parseIdx(bytes) // => E.right({ type: 'uint8', dims: [2, 3], data: Uint8Array.of(1, 2, 3, 4, 5, 6) })
 * ```
 */
export const parseIdx = (bytes: Uint8Array): E.Either<DataError, IdxArray> => {
  if (bytes.length < 4) return E.left({ _tag: 'IdxTooShort', bytes: bytes.length, needed: 4 })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = view.getUint32(0, false)
  if (bytes[0] !== 0 || bytes[1] !== 0) return E.left({ _tag: 'IdxBadMagic', magic })
  const kind = TYPES.get(bytes[2]!)
  if (kind === undefined) return E.left({ _tag: 'IdxUnknownType', code: bytes[2]! })
  const rank = bytes[3]!
  const headerBytes = 4 + 4 * rank
  if (bytes.length < headerBytes) return E.left({ _tag: 'IdxTooShort', bytes: bytes.length, needed: headerBytes })
  const dims: number[] = []
  let count = 1
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false)
    dims.push(size)
    count *= size
  }
  const expectedBytes = count * kind.size
  const gotBytes = bytes.length - headerBytes
  if (gotBytes !== expectedBytes) return E.left({ _tag: 'IdxSizeMismatch', dims, expectedBytes, gotBytes })
  const at = headerBytes
  switch (kind.type) {
    case 'uint8':
      return E.right({ type: kind.type, dims, data: bytes.subarray(at) })
    case 'int8':
      return E.right({ type: kind.type, dims, data: new Int8Array(bytes.buffer, bytes.byteOffset + at, count) })
    case 'int16': {
      const data = new Int16Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getInt16(at + 2 * i, false)
      return E.right({ type: kind.type, dims, data })
    }
    case 'int32': {
      const data = new Int32Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getInt32(at + 4 * i, false)
      return E.right({ type: kind.type, dims, data })
    }
    case 'float32': {
      const data = new Float32Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, false)
      return E.right({ type: kind.type, dims, data })
    }
    case 'float64': {
      const data = new Float64Array(count)
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(at + 8 * i, false)
      return E.right({ type: kind.type, dims, data })
    }
  }
}
