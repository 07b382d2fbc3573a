// The Learn worker: a learn session (src/learn-session.ts) behind postMessage,
// so that sampling, counting and searching never block the page. Requests are
// handled one at a time, in order.
import type { LearnRequest, LearnResponse } from '../src/learn-protocol.js'
import { createLearnSession } from '../src/learn-session.js'

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LearnRequest>) => void) | null
  postMessage: (message: LearnResponse) => void
}
const session = createLearnSession((r) => scope.postMessage(r), () => performance.now())
let queue = Promise.resolve()
scope.onmessage = (event) => {
  queue = queue.then(() => session.handle(event.data))
}
