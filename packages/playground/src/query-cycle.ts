/**
 * The request cycle between the page and the inference worker, as a pure
 * state machine. The posterior on screen always belongs to `committed`
 * evidence. A change is sent at once when the worker is idle; changes made
 * while it computes are coalesced into one follow-up (latest wins), so the
 * page never queues stale work. An answer that the evidence is impossible
 * reverts to the committed evidence and drops the follow-up, which was built
 * on the impossible one.
 */
import { noEvidence, type EvidenceState } from './evidence.js'

/** Where the cycle is. */
export interface QueryCycle {
  /** The evidence whose posterior is on screen. */
  readonly committed: EvidenceState
  /** What the user asked for last (equals `committed` when idle and nothing failed). */
  readonly wanted: EvidenceState
  /** The query the worker is computing, if any. */
  readonly inFlight: { readonly id: number; readonly evidence: EvidenceState } | undefined
  /** `wanted` changed after `inFlight` was sent. */
  readonly queued: boolean
  readonly nextId: number
}

/** A query to post to the worker. */
export interface Send {
  readonly id: number
  readonly evidence: EvidenceState
}

/** A step's outcome: the next state, and a query to post if any. */
export interface Step {
  readonly cycle: QueryCycle
  readonly send: Send | undefined
}

/**
 * The idle cycle of a freshly opened network; its first query (no evidence)
 * is sent with {@link request}.
 *
 * @example
 * startCycle() // => { committed: noEvidence, wanted: noEvidence, inFlight: undefined, queued: false, nextId: 1 }
 */
export const startCycle = (): QueryCycle => ({ committed: noEvidence, wanted: noEvidence, inFlight: undefined, queued: false, nextId: 1 })

const sendWanted = (cycle: QueryCycle): Step => {
  const send = { id: cycle.nextId, evidence: cycle.wanted }
  return { cycle: { ...cycle, inFlight: send, queued: false, nextId: cycle.nextId + 1 }, send }
}

/**
 * The user asks for `evidence`: send it now if the worker is idle, else
 * remember it as the one follow-up.
 *
 * @example
 * request(startCycle(), toggleHard(noEvidence, 'smoke', 'yes')).send // => { id: 1, evidence: { smoke: 'yes' } }
 */
export const request = (cycle: QueryCycle, evidence: EvidenceState): Step => {
  const next = { ...cycle, wanted: evidence }
  return cycle.inFlight === undefined ? sendWanted(next) : { cycle: { ...next, queued: true }, send: undefined }
}

/** What the worker said about a query. */
export type Outcome = 'answered' | 'rejected'

/** The step after an answer, and whether the answer should be drawn. */
export interface AnswerStep extends Step {
  /** Draw this answer (it belongs to the new `committed` evidence). */
  readonly draw: boolean
}

/**
 * The worker answered query `id`: `answered` commits its evidence (and the
 * answer is drawn); `rejected` (impossible evidence, invalid likelihood)
 * reverts `wanted` to the committed evidence. Either way a queued follow-up
 * is sent next, except after a rejection. Unknown ids are ignored.
 *
 * @example
 * const first = request(startCycle(), noEvidence)
 * answer(first.cycle, 1, 'answered') // => { draw: true, send: undefined, cycle: { inFlight: undefined, ... } }
 */
export const answer = (cycle: QueryCycle, id: number, outcome: Outcome): AnswerStep => {
  const flight = cycle.inFlight
  if (flight === undefined || flight.id !== id) return { cycle, send: undefined, draw: false }
  if (outcome === 'rejected') {
    return { cycle: { ...cycle, wanted: cycle.committed, inFlight: undefined, queued: false }, send: undefined, draw: false }
  }
  const committed = { ...cycle, committed: flight.evidence, inFlight: undefined }
  return cycle.queued ? { ...sendWanted(committed), draw: true } : { cycle: committed, send: undefined, draw: true }
}
