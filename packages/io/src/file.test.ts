import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { describeError } from './errors.js'
import { readNetworkFile, writeNetworkFile } from './file.js'
import { formatOfPath, readNetworkText, writeNetworkText } from './formats.js'

const dir = mkdtempSync(join(tmpdir(), 'chainrule-io-'))
const SPEC = {
  name: 'coin',
  variables: [
    { name: 'side', states: ['heads', 'tails'], parents: [], table: Float64Array.from([0.5, 0.5]) },
    { name: 'call', states: ['right', 'wrong'], parents: ['side'], table: Float64Array.from([0.9, 0.1, 0.2, 0.8]) },
  ],
}

describe('formatOfPath', () => {
  it('maps extensions (case-insensitive, .gz ignored) to formats', () => {
    expect(['a.bif', 'A.BIF.GZ', 'x.xml', 'x.xmlbif', 'm.uai', 'h.net.gz', 'j.json', 'notes.txt', 'bif'].map(formatOfPath)).toEqual([
      'bif', 'bif', 'xmlbif', 'xmlbif', 'uai', 'net', 'json', undefined, undefined,
    ])
  })
})

describe('reading and writing files', () => {
  it('writes and reads back .bif, .bif.gz, .json and .json.gz', () => {
    for (const name of ['n.bif', 'n.bif.gz', 'n.json', 'n.json.gz']) {
      const path = join(dir, name)
      expect(writeNetworkFile(path, SPEC)).toEqual(E.right(undefined))
      expect(readNetworkFile(path)).toEqual(E.right(SPEC))
    }
  })

  it('gunzips .gz before parsing and reports parse errors with the path', () => {
    const path = join(dir, 'bad.bif.gz')
    writeFileSync(path, gzipSync('variable a {\n  type discrete [ 2 ] { y };\n}\n'))
    const r = readNetworkFile(path)
    expect(E.isLeft(r) && describeError(r.left)).toBe(`${path}:1:10: variable a declares 2 states but lists 1`)
  })

  it('FileUnreadable: missing file, not gzip data, unwritable path', () => {
    expect(readNetworkFile(join(dir, 'missing.bif'))).toMatchObject({ left: { _tag: 'FileUnreadable', reason: 'ENOENT' } })
    const fake = join(dir, 'fake.bif.gz')
    writeFileSync(fake, 'plain text')
    expect(readNetworkFile(fake)).toMatchObject({ left: { _tag: 'FileUnreadable', file: fake } })
    expect(writeNetworkFile(join(dir, 'no-such-dir', 'x.bif'), SPEC)).toMatchObject({ left: { _tag: 'FileUnreadable' } })
  })

  it('UnknownFormat: unknown extension to read, or a format without a writer', () => {
    const r = readNetworkFile(join(dir, 'net.txt'))
    expect(r).toMatchObject({ left: { _tag: 'UnknownFormat' } })
    expect(E.isLeft(r) && describeError(r.left)).toContain('unknown network format (supported extensions: .bif, .xmlbif')
    expect(writeNetworkText(SPEC, 'dne')).toMatchObject({
      left: { _tag: 'UnknownFormat', supported: ['.bif', '.bif.gz', '.uai', '.uai.gz', '.json', '.json.gz', '.xdsl', '.xdsl.gz'] },
    })
    expect(writeNetworkFile(join(dir, 'x.net'), SPEC)).toMatchObject({ left: { _tag: 'UnknownFormat' } })
  })

  it('writes xdsl and UAI files by extension, gzipped too, and refuses what xdsl cannot hold', () => {
    for (const name of ['x.xdsl', 'x.uai', 'x.xdsl.gz', 'x.uai.gz']) {
      const path = join(dir, name)
      expect(writeNetworkFile(path, SPEC)).toEqual(E.right(undefined))
      expect(E.isRight(readNetworkFile(path))).toBe(true)
    }
    const spaced = { variables: [{ name: 'a b', states: ['x'], parents: [], table: [1] }] }
    const path = join(dir, 'spaced.xdsl')
    expect(writeNetworkFile(path, spaced)).toMatchObject({ left: { _tag: 'Unwritable', file: path, format: 'xdsl' } })
    expect(existsSync(path)).toBe(false)
  })

  it('readNetworkText dispatches on the format', () => {
    const bif = writeNetworkText(SPEC, 'bif')
    const json = writeNetworkText(SPEC, 'json')
    if (E.isLeft(bif) || E.isLeft(json)) throw new Error('write')
    expect(readNetworkText(bif.right, 'bif')).toEqual(E.right(SPEC))
    expect(readNetworkText(json.right, 'json')).toEqual(E.right(SPEC))
    expect(readNetworkText(bif.right, 'json')).toMatchObject({ left: { _tag: 'UnexpectedInput', line: 1, column: 1 } })
  })
})
