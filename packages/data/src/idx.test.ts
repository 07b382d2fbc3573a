import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { parseIdx } from './idx.js'
import { readIdxFile } from './files.js'
import type { DataError } from './errors.js'
import { describeError } from './errors.js'

const left = (e: E.Either<DataError, unknown>): DataError => {
  if (E.isRight(e)) throw new Error('expected an error')
  return e.left
}

/** An IDX file written independently of the reader: header by hand, elements by DataView big-endian. */
const encode = (code: number, dims: readonly number[], values: readonly number[]): Uint8Array => {
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[code]!
  const out = new Uint8Array(4 + 4 * dims.length + size * values.length)
  const view = new DataView(out.buffer)
  out[2] = code
  out[3] = dims.length
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  const at = 4 + 4 * dims.length
  values.forEach((x, i) => {
    const o = at + size * i
    if (code === 8) view.setUint8(o, x)
    else if (code === 9) view.setInt8(o, x)
    else if (code === 11) view.setInt16(o, x, false)
    else if (code === 12) view.setInt32(o, x, false)
    else if (code === 13) view.setFloat32(o, x, false)
    else view.setFloat64(o, x, false)
  })
  return out
}

describe('parseIdx', () => {
  it('decodes every element type, big-endian, any shape', () => {
    const arb = fc.constantFrom(8, 9, 11, 12, 13, 14).chain((code) =>
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((dims) => {
        const n = dims.reduce((a, b) => a * b, 1)
        const value =
          code === 8 ? fc.integer({ min: 0, max: 255 })
          : code === 9 ? fc.integer({ min: -128, max: 127 })
          : code === 11 ? fc.integer({ min: -32768, max: 32767 })
          : code === 12 ? fc.integer()
          : code === 13 ? fc.integer({ min: -1000, max: 1000 }).map((x) => x / 4)
          : fc.double({ noNaN: true })
        return fc.record({ code: fc.constant(code), dims: fc.constant(dims), values: fc.array(value, { minLength: n, maxLength: n }) })
      }),
    )
    fc.assert(
      fc.property(arb, ({ code, dims, values }) => {
        const r = parseIdx(encode(code, dims, values))
        expect(E.isRight(r)).toBe(true)
        if (E.isRight(r)) {
          expect(r.right.dims).toEqual(dims)
          expect([...r.right.data]).toEqual(values)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('unsigned bytes are a view on the input', () => {
    const bytes = encode(8, [2, 2], [1, 2, 3, 4])
    const r = parseIdx(bytes)
    expect(E.isRight(r) && r.right.data.buffer === bytes.buffer).toBe(true)
  })

  it('rejects malformed data with a typed error per problem', () => {
    expect(left(parseIdx(Uint8Array.of(0, 0, 8)))).toEqual({ _tag: 'IdxTooShort', bytes: 3, needed: 4 })
    expect(left(parseIdx(Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 1)))).toEqual({ _tag: 'IdxTooShort', bytes: 8, needed: 12 })
    expect(left(parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0)))).toEqual({ _tag: 'IdxBadMagic', magic: 0x1f8b0800 })
    expect(left(parseIdx(Uint8Array.of(0, 0, 7, 0)))).toEqual({ _tag: 'IdxUnknownType', code: 7 })
    const truncated = encode(8, [3], [1, 2, 3]).subarray(0, 10)
    expect(left(parseIdx(truncated))).toEqual({ _tag: 'IdxSizeMismatch', dims: [3], expectedBytes: 3, gotBytes: 2 })
    expect(describeError(left(parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0))))).toContain('0x1f8b0800')
  })
})

describe('readIdxFile', () => {
  it('reads plain and .gz files; a gzipped file under a plain name is IdxBadMagic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-idx-'))
    const bytes = encode(8, [2], [7, 9])
    writeFileSync(join(dir, 'a-idx1-ubyte'), bytes)
    writeFileSync(join(dir, 'a-idx1-ubyte.gz'), gzipSync(bytes))
    writeFileSync(join(dir, 'b-idx1-ubyte'), gzipSync(bytes))
    for (const name of ['a-idx1-ubyte', 'a-idx1-ubyte.gz']) {
      const r = readIdxFile(join(dir, name))
      expect(E.isRight(r) && [...r.right.data]).toEqual([7, 9])
    }
    expect(left(readIdxFile(join(dir, 'b-idx1-ubyte')))).toMatchObject({ _tag: 'IdxBadMagic' })
    expect(left(readIdxFile(join(dir, 'none')))).toMatchObject({ _tag: 'FileUnreadable' })
  })
})
