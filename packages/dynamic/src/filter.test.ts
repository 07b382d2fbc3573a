import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbSequence, maxDifference, unrolledAnswer, unrolledEvidence } from './dynamic.fixtures.js'
import { compileDynamic, dynamicState, type DynamicEngine } from './engine.js'
import { propagateSlice } from './slice-tree.js'
import { filter, filterStep, logLikelihood, predict, type Belief } from './filter.js'
import { defineDynamicNetwork } from './define-dynamic.js'
import { fixedLagSmooth, smooth } from './smooth.js'
import type { DynamicNetwork } from './dynamic-network.js'

const engineOf = (dbn: DynamicNetwork): DynamicEngine => {
  const engine = compileDynamic(dbn)
  if (E.isLeft(engine)) throw new Error(engine.left._tag)
  return engine.right
}

describe('filtering equals exact inference on the unrolled network', () => {
  it('P(X_t | e_0..t) for every slice and variable, and log P(e), on random 2TBNs for T up to 10', () =>
    fc.assert(
      fc.property(arbSequence(10), ([dbn, obs]) => {
        const filtered = filter(engineOf(dbn), obs)
        const whole = unrolledAnswer(dbn, obs.slices, unrolledEvidence(dbn, obs, obs.slices - 1))
        if (whole === undefined) {
          expect(E.isLeft(filtered) && filtered.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(filtered)) throw new Error(filtered.left._tag)
        expect(Math.abs(filtered.right.logLikelihood - whole.logPEvidence)).toBeLessThan(1e-12)
        for (let t = 0; t < obs.slices; t++) {
          const upToT = unrolledAnswer(dbn, obs.slices, unrolledEvidence(dbn, obs, t))!
          expect(maxDifference([filtered.right.slices[t]!], [upToT.slices[t]!])).toBeLessThan(1e-12)
        }
      }),
      { numRuns: 60 },
    ))

  it('a stream of filterStep calls gives the same beliefs, marginals and log-likelihood as filter', () =>
    fc.assert(
      fc.property(arbSequence(8), ([dbn, obs]) => {
        const engine = engineOf(dbn)
        const whole = filter(engine, obs)
        const n = dbn.slice.variables.length
        let belief: Belief | undefined
        for (let t = 0; t < obs.slices; t++) {
          const step = filterStep(engine, belief, obs.states.subarray(t * n, (t + 1) * n))
          if (E.isLeft(step)) {
            expect(E.isLeft(whole) && whole.left).toEqual(step.left)
            return
          }
          belief = step.right.belief
          expect(belief.slice).toBe(t)
          if (E.isRight(whole)) expect(maxDifference([step.right.marginals], [whole.right.slices[t]!])).toBe(0)
        }
        if (E.isRight(whole)) {
          expect(belief!.logLikelihood).toBe(whole.right.logLikelihood)
          expect(Array.from(belief!.interface)).toEqual(Array.from(whole.right.last!.interface))
          const ll = logLikelihood(engine, obs)
          expect(E.isRight(ll) && ll.right).toBe(whole.right.logLikelihood)
        }
      }),
      { numRuns: 60 },
    ))

  it('prediction h slices ahead equals the unrolled network with nothing observed after slice t', () =>
    fc.assert(
      fc.property(arbSequence(5), fc.integer({ min: 1, max: 4 }), ([dbn, obs], horizon) => {
        const filtered = filter(engineOf(dbn), obs)
        if (E.isLeft(filtered)) return
        const ahead = predict(engineOf(dbn), filtered.right.last!, horizon)
        if (E.isLeft(ahead)) throw new Error(ahead.left._tag)
        const exact = unrolledAnswer(dbn, obs.slices + horizon, unrolledEvidence(dbn, obs, obs.slices - 1))!
        expect(maxDifference(ahead.right, exact.slices.slice(obs.slices))).toBeLessThan(1e-12)
      }),
      { numRuns: 40 },
    ))
})

describe('smoothing equals exact inference on the unrolled network', () => {
  it('P(X_t | e_0..T-1) for every slice and variable, on random 2TBNs for T up to 10', () =>
    fc.assert(
      fc.property(arbSequence(10), ([dbn, obs]) => {
        const smoothed = smooth(engineOf(dbn), obs)
        const whole = unrolledAnswer(dbn, obs.slices, unrolledEvidence(dbn, obs, obs.slices - 1))
        if (whole === undefined) {
          expect(E.isLeft(smoothed) && smoothed.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(smoothed)) throw new Error(smoothed.left._tag)
        expect(maxDifference(smoothed.right.slices, whole.slices)).toBeLessThan(1e-12)
        expect(Math.abs(smoothed.right.logLikelihood - whole.logPEvidence)).toBeLessThan(1e-12)
      }),
      { numRuns: 80 },
    ))

  it('fixed-lag smoothing gives slice s the unrolled answer given the evidence up to s + lag', () =>
    fc.assert(
      fc.property(arbSequence(8), fc.integer({ min: 0, max: 4 }), ([dbn, obs], lag) => {
        const lagged = fixedLagSmooth(engineOf(dbn), obs, lag)
        if (E.isLeft(lagged)) {
          expect(lagged.left._tag).toBe('ImpossibleEvidence')
          return
        }
        expect(lagged.right.slices).toHaveLength(obs.slices)
        for (let s = 0; s < obs.slices; s++) {
          const exact = unrolledAnswer(dbn, obs.slices, unrolledEvidence(dbn, obs, Math.min(s + lag, obs.slices - 1)))!
          expect(maxDifference([lagged.right.slices[s]!], [exact.slices[s]!])).toBeLessThan(1e-12)
        }
      }),
      { numRuns: 60 },
    ))
})

/** An HMM with three hidden states and two observed symbols. */
const hmm = () => {
  const dbn = defineDynamicNetwork({
    states: { hidden: ['a', 'b', 'c'], seen: ['x', 'y'] },
    initial: { parents: { seen: ['hidden'] }, tables: { hidden: [0.5, 0.3, 0.2], seen: [[0.9, 0.1], [0.4, 0.6], [0.15, 0.85]] } },
    transition: {
      parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] },
      tables: {
        hidden: [
          [0.8, 0.15, 0.05],
          [0.1, 0.7, 0.2],
          [0.25, 0.25, 0.5],
        ],
        seen: [[0.9, 0.1], [0.4, 0.6], [0.15, 0.85]],
      },
    },
  })
  if (E.isLeft(dbn)) throw new Error(dbn.left._tag)
  return dbn.right
}

/** The textbook forward-backward recursions on plain arrays (Rabiner 1989), scaled, independent of the engine. */
const forwardBackward = (pi: number[], A: number[][], B: number[][], seen: number[]): { gamma: number[][]; alpha: number[][]; logLikelihood: number } => {
  const K = pi.length
  const T = seen.length
  const alpha: number[][] = []
  const scale: number[] = []
  for (let t = 0; t < T; t++) {
    const a = Array.from({ length: K }, (_, j) => (t === 0 ? pi[j]! : alpha[t - 1]!.reduce((s, p, i) => s + p * A[i]![j]!, 0)) * B[j]![seen[t]!]!)
    const c = a.reduce((s, x) => s + x, 0)
    scale.push(c)
    alpha.push(a.map((x) => x / c))
  }
  const beta: number[][] = new Array(T)
  beta[T - 1] = new Array(K).fill(1)
  for (let t = T - 2; t >= 0; t--) beta[t] = Array.from({ length: K }, (_, i) => A[i]!.reduce((s, p, j) => s + p * B[j]![seen[t + 1]!]! * beta[t + 1]![j]!, 0) / scale[t + 1]!)
  const gamma = alpha.map((a, t) => {
    const g = a.map((x, i) => x * beta[t]![i]!)
    const z = g.reduce((s, x) => s + x, 0)
    return g.map((x) => x / z)
  })
  return { gamma, alpha, logLikelihood: scale.reduce((s, c) => s + Math.log(c), 0) }
}

describe('an HMM', () => {
  it("forward-backward equals the closed-form recursions: filtered, smoothed, log-likelihood", () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 40 }), (seen) => {
        const dbn = hmm()
        const engine = engineOf(dbn)
        const obs = { slices: seen.length, states: Int32Array.from(seen.flatMap((s) => [-1, s])) }
        const B = [[0.9, 0.1], [0.4, 0.6], [0.15, 0.85]]
        const A = [[0.8, 0.15, 0.05], [0.1, 0.7, 0.2], [0.25, 0.25, 0.5]]
        const closed = forwardBackward([0.5, 0.3, 0.2], A, B, seen)
        const filtered = filter(engine, obs)
        const smoothed = smooth(engine, obs)
        if (E.isLeft(filtered) || E.isLeft(smoothed)) throw new Error('HMM')
        seen.forEach((_, t) => {
          for (let i = 0; i < 3; i++) {
            expect(Math.abs(filtered.right.slices[t]![0]![i]! - closed.alpha[t]![i]!)).toBeLessThan(1e-12)
            expect(Math.abs(smoothed.right.slices[t]![0]![i]! - closed.gamma[t]![i]!)).toBeLessThan(1e-12)
          }
        })
        expect(Math.abs(filtered.right.logLikelihood - closed.logLikelihood)).toBeLessThan(1e-10)
        expect(Math.abs(smoothed.right.logLikelihood - closed.logLikelihood)).toBeLessThan(1e-10)
      }),
      { numRuns: 100 },
    ))

  it('filters 20,000 slices with the log-likelihood exact to 1e-12 relative (no underflow)', () => {
    const engine = engineOf(hmm())
    const seen = Array.from({ length: 20_000 }, (_, t) => (t * 7919) % 5 < 2 ? 1 : 0)
    const closed = forwardBackward([0.5, 0.3, 0.2], [[0.8, 0.15, 0.05], [0.1, 0.7, 0.2], [0.25, 0.25, 0.5]], [[0.9, 0.1], [0.4, 0.6], [0.15, 0.85]], seen)
    const ll = logLikelihood(engine, { slices: seen.length, states: Int32Array.from(seen.flatMap((s) => [-1, s])) })
    if (E.isLeft(ll)) throw new Error(ll.left._tag)
    expect(closed.logLikelihood).toBeLessThan(-10_000)
    expect(Math.abs(ll.right - closed.logLikelihood) / Math.abs(closed.logLikelihood)).toBeLessThan(1e-12)
  })
})

describe('errors', () => {
  it('impossible evidence names the slice and its observations', () => {
    const dbn = defineDynamicNetwork({
      states: { light: ['off', 'on'] },
      initial: { tables: { light: [1, 0] } },
      transition: { parents: { light: ['light[t-1]'] }, tables: { light: [[1, 0], [0, 1]] } },
    })
    if (E.isLeft(dbn)) throw new Error(dbn.left._tag)
    const filtered = filter(engineOf(dbn.right), { slices: 3, states: Int32Array.of(-1, -1, 1) })
    expect(filtered).toEqual(E.left({ _tag: 'ImpossibleEvidence', evidence: ['light[2]=on'] }))
  })

  it('dense observations of the wrong shape or with states out of range are InvalidObservations', () => {
    const engine = engineOf(hmm())
    for (const obs of [
      { slices: 2, states: Int32Array.of(-1, 0, -1) },
      { slices: 1, states: Int32Array.of(-1, 2) },
      { slices: -1, states: new Int32Array(0) },
    ]) {
      const r = filter(engine, obs)
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidObservations')
    }
    const step = filterStep(engine, undefined, [0])
    expect(E.isLeft(step) && step.left._tag).toBe('InvalidObservations')
    const first = filterStep(engine, undefined, [-1, 0])
    if (E.isLeft(first)) throw new Error('step')
    const wrongBelief = filterStep(engine, { ...first.right.belief, interface: new Float64Array(2) }, [-1, 0])
    expect(E.isLeft(wrongBelief) && wrongBelief.left._tag).toBe('InvalidObservations')
    const badHorizon = predict(engine, first.right.belief, -1)
    expect(E.isLeft(badHorizon) && badHorizon.left._tag).toBe('InvalidOption')
  })
})

describe('probabilities beyond the range of doubles', () => {
  // Every table holds an entry of 1e-200: a cluster multiplying two of them falls below the smallest double.
  const tiny = 1e-200
  const extreme = () => {
    const dbn = defineDynamicNetwork({
      states: { hidden: ['a', 'b'], seen: ['x', 'y'] },
      initial: { parents: { seen: ['hidden'] }, tables: { hidden: [1 - tiny, tiny], seen: [[1 - tiny, tiny], [tiny, 1 - tiny]] } },
      transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: [[1 - tiny, tiny], [tiny, 1 - tiny]], seen: [[1 - tiny, tiny], [tiny, 1 - tiny]] } },
    })
    if (E.isLeft(dbn)) throw new Error(dbn.left._tag)
    return dbn.right
  }

  it('a slice the tree cannot represent is answered in log space, and equals the unrolled network (itself in log space)', () => {
    const dbn = extreme()
    const engine = engineOf(dbn)
    const obs = { slices: 4, states: Int32Array.of(-1, 1, -1, 0, -1, 1, -1, 1) }
    const state = dynamicState(engine)
    expect(propagateSlice(state.trees, 'initial', [-1, 1], undefined, undefined)).toBeGreaterThan(-Infinity)
    expect(state.trees.logSpace).not.toBeUndefined()
    const filtered = filter(engine, obs)
    const smoothed = smooth(engine, obs)
    if (E.isLeft(filtered) || E.isLeft(smoothed)) throw new Error('extreme')
    const whole = unrolledAnswer(dbn, 4, unrolledEvidence(dbn, obs, 3))!
    expect(whole.logPEvidence).toBeLessThan(Math.log(1e-300))
    expect(Math.abs(filtered.right.logLikelihood - whole.logPEvidence) / Math.abs(whole.logPEvidence)).toBeLessThan(1e-12)
    expect(maxDifference(smoothed.right.slices, whole.slices)).toBeLessThan(1e-12)
    for (let t = 0; t < 4; t++) expect(maxDifference([filtered.right.slices[t]!], [unrolledAnswer(dbn, 4, unrolledEvidence(dbn, obs, t))!.slices[t]!])).toBeLessThan(1e-12)
  })
})
