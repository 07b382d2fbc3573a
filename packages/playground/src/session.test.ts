import type { Question } from '@chainrule/infer'
import type { NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbSpec, brutePosterior, enumerateSpec } from './random-network.fixtures.js'
import type { Response } from './protocol.js'
import { createSession } from './session.js'

const clock = (): (() => number) => {
  let t = 0
  return () => (t += 1)
}

/** Random hard evidence (about a third of the variables) and soft evidence (about a fifth). */
const arbObservations = (spec: NetworkSpec): fc.Arbitrary<{ evidence: Record<string, string>; soft: Record<string, number[]> }> =>
  fc
    .tuple(
      ...spec.variables.map((v) =>
        fc.oneof(
          { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
          { weight: 2, arbitrary: fc.constantFrom(...v.states).map((state) => ({ kind: 'hard' as const, state })) },
          {
            weight: 1,
            arbitrary: fc
              .array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })), { minLength: v.states.length, maxLength: v.states.length })
              .filter((ws) => ws.some((w) => w > 0))
              .map((weights) => ({ kind: 'soft' as const, weights })),
          },
        ),
      ),
    )
    .map((choices) => {
      const evidence: Record<string, string> = {}
      const soft: Record<string, number[]> = {}
      choices.forEach((c, v) => {
        const name = spec.variables[v]!.name
        if (c.kind === 'hard') evidence[name] = c.state
        if (c.kind === 'soft') soft[name] = c.weights
      })
      return { evidence, soft }
    })

const open = (spec: NetworkSpec) => {
  const session = createSession(clock())
  const opened = session.handle({ kind: 'open', id: 1, spec })
  expect(opened.kind).toBe('opened')
  return session
}

describe('createSession with interventions', () => {
  it('answers do() as enumeration of the intervened network, and beside it the observational posterior', () =>
    fc.assert(
      fc.property(
        arbSpec(6).chain((spec) => fc.tuple(fc.constant(spec), arbObservations(spec), fc.nat(), fc.nat())),
        ([spec, observations, pickVariable, pickState]) => {
          const target = spec.variables[pickVariable % spec.variables.length]!
          const forced = target.states[pickState % target.states.length]!
          // The intervened network: the variable cut from its parents, its table a point mass.
          const cut: NetworkSpec = {
            variables: spec.variables.map((v) => (v === target ? { ...v, parents: [], table: v.states.map((s) => (s === forced ? 1 : 0)) } : v)),
          }
          const evidence = { ...observations.evidence }
          const soft = { ...observations.soft }
          delete evidence[target.name]
          delete soft[target.name]
          const session = open(spec)
          const answer = session.handle({ kind: 'posterior', id: 2, question: { evidence, soft, do: { [target.name]: forced } } })
          const intervened = brutePosterior(cut, evidence, soft)
          if (intervened.marginals === undefined) {
            expect(answer.kind).toBe('failed')
            return
          }
          if (answer.kind !== 'posterior') throw new Error(`expected a posterior, got ${answer.kind}`)
          spec.variables.forEach((v, i) => v.states.forEach((_, k) => expect(Math.abs(answer.probabilities[i]![k]! - intervened.marginals![i]![k]!)).toBeLessThan(1e-12)))
          const seen = brutePosterior(spec, evidence, soft)
          if (seen.marginals === undefined) {
            expect(answer.observational).toBeUndefined()
            return
          }
          spec.variables.forEach((v, i) => v.states.forEach((_, k) => expect(Math.abs(answer.observational![i]![k]! - seen.marginals![i]![k]!)).toBeLessThan(1e-12)))
        },
      ),
      { numRuns: 150 },
    ))
})

describe('createSession', () => {
  it('answers posteriors and P(e) exactly as enumeration, hard and soft evidence, on random networks', () =>
    fc.assert(
      fc.property(
        arbSpec(6).chain((spec) => fc.tuple(fc.constant(spec), arbObservations(spec))),
        ([spec, observations]) => {
          const session = open(spec)
          const answer = session.handle({ kind: 'posterior', id: 2, question: observations })
          const exact = brutePosterior(spec, observations.evidence, observations.soft)
          if (exact.marginals === undefined) {
            expect(answer).toMatchObject({ kind: 'failed', id: 2, error: { _tag: 'Inference', error: { _tag: 'ImpossibleEvidence' } } })
            return
          }
          expect(answer.kind).toBe('posterior')
          if (answer.kind !== 'posterior') return
          // The engine scales each likelihood vector to a peak of 1 before multiplying it in.
          const scale = Object.values(observations.soft).reduce((s, ws) => s * Math.max(...ws), 1)
          expect(Math.abs(Math.exp(answer.logPEvidence) * scale - exact.pEvidence)).toBeLessThan(1e-12 * Math.max(1, scale))
          exact.marginals.forEach((row, v) =>
            row.forEach((p, s) => expect(Math.abs(answer.probabilities[v]![s]! - p)).toBeLessThan(1e-12)),
          )
        },
      ),
      { numRuns: 150 },
    ))

  it('finds an assignment of maximal probability (MPE) on random networks', () =>
    fc.assert(
      fc.property(
        arbSpec(6).chain((spec) => fc.tuple(fc.constant(spec), arbObservations(spec))),
        ([spec, { evidence }]) => {
          const session = open(spec)
          const answer = session.handle({ kind: 'mpe', id: 2, question: { evidence } })
          const { assignments, weights } = enumerateSpec(spec, evidence)
          const best = Math.max(...weights)
          if (best === 0) {
            expect(answer).toMatchObject({ kind: 'failed', error: { _tag: 'Inference', error: { _tag: 'ImpossibleEvidence' } } })
            return
          }
          expect(answer.kind).toBe('mpe')
          if (answer.kind !== 'mpe') return
          const row = assignments.findIndex((a) => a.every((s, v) => s === answer.states[v]))
          expect(Math.abs(weights[row]! - best)).toBeLessThan(1e-12)
          expect(Math.abs(answer.logProbability - Math.log(best))).toBeLessThan(1e-9)
          for (const [name, state] of Object.entries(evidence)) {
            const v = spec.variables.findIndex((x) => x.name === name)
            expect(spec.variables[v]!.states[answer.states[v]!]).toBe(state)
          }
        },
      ),
      { numRuns: 100 },
    ))

  it('reports the compiled plan and the time each answer took', () => {
    const spec: NetworkSpec = {
      variables: [
        { name: 'a', states: ['x', 'y'], parents: [], table: [0.3, 0.7] },
        { name: 'b', states: ['x', 'y'], parents: ['a'], table: [0.9, 0.1, 0.2, 0.8] },
      ],
    }
    const session = createSession(clock())
    const opened = session.handle({ kind: 'open', id: 7, spec })
    expect(opened).toMatchObject({ kind: 'opened', id: 7, ms: 1, plan: { largestCluster: { entries: 4 } } })
  })

  it('refuses queries before a network is open; a failed open keeps the network that was open', () => {
    const session = createSession(clock())
    const query: Question = {}
    expect(session.handle({ kind: 'posterior', id: 1, question: query })).toEqual({ kind: 'failed', id: 1, request: 'posterior', error: { _tag: 'NoNetwork' } })
    expect(session.handle({ kind: 'mpe', id: 2, question: query })).toEqual({ kind: 'failed', id: 2, request: 'mpe', error: { _tag: 'NoNetwork' } })
    const bad: NetworkSpec = { name: 'bad', variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.7, 0.7] }] }
    const failed: Response = session.handle({ kind: 'open', id: 3, spec: bad })
    expect(failed).toMatchObject({ kind: 'failed', id: 3, request: 'open', error: { _tag: 'InvalidNetwork', file: 'bad', errors: [{ _tag: 'RowNotNormalized' }] } })
    expect(session.handle({ kind: 'posterior', id: 4, question: query })).toMatchObject({ error: { _tag: 'NoNetwork' } })
    const good: NetworkSpec = { variables: [{ name: 'c', states: ['x', 'y'], parents: [], table: [0.25, 0.75] }] }
    expect(session.handle({ kind: 'open', id: 5, spec: good }).kind).toBe('opened')
    expect(session.handle({ kind: 'open', id: 6, spec: bad }).kind).toBe('failed')
    const still = session.handle({ kind: 'posterior', id: 7, question: query })
    expect(still.kind === 'posterior' && Array.from(still.probabilities[0]!)).toEqual([0.25, 0.75])
  })

  it('reports unknown names and invalid likelihoods as inference errors', () => {
    const session = open({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.3, 0.7] }] })
    expect(session.handle({ kind: 'posterior', id: 2, question: { evidence: { b: 'x' } } })).toMatchObject({
      error: { _tag: 'Inference', error: { _tag: 'UnknownVariable', variable: 'b' } },
    })
    expect(session.handle({ kind: 'posterior', id: 3, question: { soft: { a: [0, 0] } } })).toMatchObject({
      error: { _tag: 'Inference', error: { _tag: 'InvalidLikelihood' } },
    })
  })
})
