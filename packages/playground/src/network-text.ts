/**
 * Getting a network's text from bytes or from the bundled files, with the
 * web platform's own streams (DecompressionStream, fetch), which browsers and
 * node both provide. Gzip is recognised by its magic bytes, not by the name:
 * a server may already have decoded a `.gz`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CatalogEntry } from './catalog.js'
import type { PlaygroundError } from './errors.js'

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * The text of some bytes, gunzipped when they start with the gzip magic bytes.
 *
 * @example
 * await decodeBytes(new TextEncoder().encode('network x { }'), 'x.bif') // => Right('network x { }')
 * await decodeBytes(Uint8Array.of(0x1f, 0x8b, 1, 2), 'x.bif.gz')       // => Left({ _tag: 'NotGzip', ... })
 */
export const decodeBytes = async (bytes: Uint8Array, file: string): Promise<E.Either<PlaygroundError, string>> => {
  if (!isGzip(bytes)) return E.right(new TextDecoder().decode(bytes))
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
    return E.right(await new Response(stream).text())
  } catch (error) {
    return E.left({ _tag: 'NotGzip', file, reason: reason(error) })
  }
}

/** The part of `fetch` the loader uses. */
export type Fetch = (url: URL) => Promise<{ readonly ok: boolean; readonly status: number; readonly statusText: string; readonly arrayBuffer: () => Promise<ArrayBuffer> }>

/**
 * The text of a bundled network; files are fetched relative to `base` (the page's URL).
 *
 * @example
 * await catalogText(catalogEntry('asia')!, document.baseURI, fetch) // => Right('network unknown {\n}\nvariable asia ...')
 */
export const catalogText = async (entry: CatalogEntry, base: string, fetcher: Fetch): Promise<E.Either<PlaygroundError, string>> => {
  if (entry.source.kind === 'inline') return E.right(entry.source.text)
  try {
    const response = await fetcher(new URL(entry.source.path, base))
    if (!response.ok) return E.left({ _tag: 'FetchFailed', file: entry.file, reason: `HTTP ${response.status} ${response.statusText}`.trim() })
    return decodeBytes(new Uint8Array(await response.arrayBuffer()), entry.file)
  } catch (error) {
    return E.left({ _tag: 'FetchFailed', file: entry.file, reason: reason(error) })
  }
}
