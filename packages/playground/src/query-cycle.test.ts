import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { noEvidence, toggleHard, type EvidenceState } from './evidence.js'
import { answer, request, startCycle, type QueryCycle } from './query-cycle.js'

const smoke = toggleHard(noEvidence, 'smoke', 'yes')
const both = toggleHard(smoke, 'dysp', 'yes')

describe('query cycle', () => {
  it('sends at once when idle and commits the answer', () => {
    const sent = request(startCycle(), smoke)
    expect(sent.send).toEqual({ id: 1, evidence: smoke })
    const done = answer(sent.cycle, 1, 'answered')
    expect(done.draw).toBe(true)
    expect(done.send).toBeUndefined()
    expect(done.cycle.committed).toBe(smoke)
    expect(done.cycle.inFlight).toBeUndefined()
  })

  it('coalesces changes made while the worker computes into one follow-up, latest wins', () => {
    const first = request(startCycle(), smoke)
    const second = request(first.cycle, toggleHard(smoke, 'xray', 'no'))
    const third = request(second.cycle, both)
    expect(second.send).toBeUndefined()
    expect(third.send).toBeUndefined()
    const answered = answer(third.cycle, 1, 'answered')
    expect(answered.draw).toBe(true)
    expect(answered.cycle.committed).toBe(smoke)
    expect(answered.send).toEqual({ id: 2, evidence: both })
    const last = answer(answered.cycle, 2, 'answered')
    expect(last.cycle.committed).toBe(both)
    expect(last.send).toBeUndefined()
  })

  it('keeps the committed evidence when the worker rejects, and drops the follow-up built on the rejected one', () => {
    const committed = answer(request(startCycle(), smoke).cycle, 1, 'answered').cycle
    const impossible = request(committed, both)
    const followUp = request(impossible.cycle, toggleHard(both, 'xray', 'yes'))
    const rejected = answer(followUp.cycle, 2, 'rejected')
    expect(rejected.draw).toBe(false)
    expect(rejected.send).toBeUndefined()
    expect(rejected.cycle.committed).toBe(smoke)
    expect(rejected.cycle.wanted).toBe(smoke)
    expect(rejected.cycle.queued).toBe(false)
    expect(rejected.cycle.inFlight).toBeUndefined()
  })

  it('ignores answers to queries it is not waiting for', () => {
    const sent = request(startCycle(), smoke)
    const stale = answer(sent.cycle, 99, 'answered')
    expect(stale).toEqual({ cycle: sent.cycle, send: undefined, draw: false })
    expect(answer(startCycle(), 1, 'answered').draw).toBe(false)
  })

  it('any interleaving: one query in flight at a time, ids increase, committed is always evidence the worker accepted', () =>
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ kind: fc.constant('click' as const), n: fc.nat(5) }), fc.record({ kind: fc.constant('reply' as const), ok: fc.boolean() })), {
          maxLength: 40,
        }),
        (events) => {
          let cycle: QueryCycle = startCycle()
          const pending: { id: number; evidence: EvidenceState }[] = []
          const accepted: EvidenceState[] = [noEvidence]
          let lastId = 0
          const sent = (send: { id: number; evidence: EvidenceState } | undefined) => {
            if (send === undefined) return
            expect(pending).toHaveLength(0)
            expect(send.id).toBeGreaterThan(lastId)
            lastId = send.id
            pending.push(send)
          }
          for (const event of events) {
            if (event.kind === 'click') {
              const step = request(cycle, toggleHard(cycle.wanted, `v${event.n}`, 'on'))
              cycle = step.cycle
              sent(step.send)
            } else {
              const flight = pending.shift()
              if (flight === undefined) continue
              const step = answer(cycle, flight.id, event.ok ? 'answered' : 'rejected')
              if (event.ok) accepted.push(flight.evidence)
              expect(step.draw).toBe(event.ok)
              cycle = step.cycle
              sent(step.send)
            }
            expect(accepted).toContain(cycle.committed)
            expect(cycle.inFlight === undefined).toBe(pending.length === 0)
            if (cycle.inFlight === undefined) expect(cycle.queued).toBe(false)
          }
          // Once every query is answered, the page shows what the user asked for last, unless it was rejected.
          while (pending.length > 0) {
            const flight = pending.shift()!
            const step = answer(cycle, flight.id, 'answered')
            cycle = step.cycle
            sent(step.send)
          }
          expect(cycle.committed).toBe(cycle.wanted)
        },
      ),
    ))
})
