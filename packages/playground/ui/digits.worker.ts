// The Digits worker: decodes the shipped model once, then scores drawings and
// samples digits (src/digits-session.ts) so the page never blocks.
import * as E from 'fp-ts/lib/Either.js'
import type { DigitsRequest, DigitsResponse } from '../src/digits-protocol.js'
import { createDigitsHandler } from '../src/digits-session.js'
import type { PlaygroundError } from '../src/errors.js'

const fetchBytes = async (url: string): Promise<E.Either<PlaygroundError, Uint8Array>> => {
  try {
    const response = await fetch(url)
    if (!response.ok) return E.left({ _tag: 'FetchFailed', file: url, reason: `HTTP ${response.status} ${response.statusText}` })
    // Gunzip by magic bytes: a server may already have removed the compression.
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return E.right(bytes)
    const unzipped = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
    return E.right(new Uint8Array(await new Response(unzipped).arrayBuffer()))
  } catch (error) {
    return E.left({ _tag: 'NotGzip', file: url, reason: error instanceof Error ? error.message : String(error) })
  }
}

const handle = createDigitsHandler(() => performance.now(), fetchBytes)
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DigitsRequest>) => void) | null
  postMessage: (message: DigitsResponse) => void
}
// Requests are answered in order: each waits for the previous one.
let queue: Promise<unknown> = Promise.resolve()
scope.onmessage = (event) => {
  queue = queue.then(async () => scope.postMessage(await handle(event.data)))
}
