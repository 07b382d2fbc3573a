import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledText } from './bundled.fixtures.js'
import { catalogEntry } from './catalog.js'
import { describeError } from './errors.js'
import { catalogText, decodeBytes, type Fetch } from './network-text.js'

const text = 'network x { }\nvariable a { type discrete [ 2 ] { y, n }; }\n'

describe('decodeBytes', () => {
  it('reads plain text and gzip (by magic bytes, whatever the name)', async () => {
    expect(await decodeBytes(new TextEncoder().encode(text), 'x.bif')).toEqual(E.right(text))
    expect(await decodeBytes(gzipSync(text), 'x.bif')).toEqual(E.right(text))
    expect(await decodeBytes(new TextEncoder().encode(text), 'x.bif.gz')).toEqual(E.right(text))
  })

  it('reports a corrupt gzip file', async () => {
    const corrupt = gzipSync(text)
    corrupt.fill(0x55, 10, 30)
    const decoded = await decodeBytes(corrupt, 'x.bif.gz')
    expect(decoded).toMatchObject(E.left({ _tag: 'NotGzip', file: 'x.bif.gz' }))
    if (E.isLeft(decoded)) expect(describeError(decoded.left)).toMatch(/^x\.bif\.gz: could not decompress: /)
  })
})

describe('catalogText', () => {
  const asia = catalogEntry('asia')!
  // Uint8Array.from copies: a Node Buffer (gzipSync's result) may be a view on a larger shared pool.
  const serving =
    (files: Record<string, Uint8Array>): Fetch =>
    async (url) => {
      const body = files[url.pathname]
      return { ok: body !== undefined, status: body === undefined ? 404 : 200, statusText: body === undefined ? 'Not Found' : 'OK', arrayBuffer: async () => Uint8Array.from(body ?? new Uint8Array()).buffer }
    }

  it('fetches a bundled file relative to the page and gunzips it', async () => {
    const gz = gzipSync(bundledText('asia'))
    const got = await catalogText(asia, 'http://127.0.0.1:1/app/index.html', serving({ '/app/networks/asia.bif.gz': gz }))
    expect(got).toEqual(E.right(bundledText('asia')))
  })

  it('returns inline networks without fetching', async () => {
    const never: Fetch = () => Promise.reject(new Error('fetched'))
    expect(E.isRight(await catalogText(catalogEntry('sprinkler')!, 'http://127.0.0.1:1/', never))).toBe(true)
  })

  it('reports HTTP errors and network failures', async () => {
    expect(await catalogText(asia, 'http://127.0.0.1:1/', serving({}))).toEqual(E.left({ _tag: 'FetchFailed', file: 'asia.bif.gz', reason: 'HTTP 404 Not Found' }))
    const offline: Fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    expect(await catalogText(asia, 'http://127.0.0.1:1/', offline)).toEqual(E.left({ _tag: 'FetchFailed', file: 'asia.bif.gz', reason: 'Failed to fetch' }))
  })
})
