// The inference worker: a session (src/session.ts) behind postMessage, so
// that compiling and propagating never block the page.
import type { Request, Response } from '../src/protocol.js'
import { createSession } from '../src/session.js'

const session = createSession(() => performance.now())
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null
  postMessage: (message: Response) => void
}
scope.onmessage = (event) => {
  scope.postMessage(session.handle(event.data))
}
