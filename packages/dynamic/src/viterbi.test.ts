import { createRng, logProbOfStates } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defineDynamicNetwork } from './define-dynamic.js'
import { arbSequence } from './dynamic.fixtures.js'
import type { DynamicNetwork } from './dynamic-network.js'
import { compileDynamic } from './engine.js'
import type { Observations } from './observations.js'
import { sampleTrajectory } from './sample.js'
import { unroll } from './unroll.js'
import { viterbi } from './viterbi.js'

/** max over every assignment of the unrolled network consistent with the evidence of log P(x): plain enumeration. */
const enumeratedMaximum = (dbn: DynamicNetwork, obs: Observations): number => {
  const unrolled = unroll(dbn, obs.slices)
  if (E.isLeft(unrolled)) throw new Error('unroll')
  const cards = unrolled.right.domain.variables.map((v) => v.states.length)
  const x = new Int32Array(cards.length)
  let best = -Infinity
  const visit = (v: number): void => {
    if (v === cards.length) {
      best = Math.max(best, logProbOfStates(unrolled.right, x))
      return
    }
    const observed = obs.states[v]!
    for (let s = 0; s < cards[v]!; s++) {
      if (observed >= 0 && s !== observed) continue
      x[v] = s
      visit(v + 1)
    }
  }
  visit(0)
  return best
}

const check = ([dbn, obs]: [DynamicNetwork, Observations]): void => {
  const engine = compileDynamic(dbn)
  if (E.isLeft(engine)) throw new Error('compile')
  const best = enumeratedMaximum(dbn, obs)
  const found = viterbi(engine.right, obs)
  if (best === -Infinity) {
    expect(E.isLeft(found) && found.left._tag).toBe('ImpossibleEvidence')
    return
  }
  if (E.isLeft(found)) throw new Error(found.left._tag)
  const unrolled = unroll(dbn, obs.slices)
  if (E.isLeft(unrolled)) throw new Error('unroll')
  // The sequence found keeps the evidence, and is as probable as the best one enumerated.
  obs.states.forEach((s, k) => s >= 0 && expect(found.right.states[k]).toBe(s))
  expect(Math.abs(found.right.logProbability - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
  expect(Math.abs(logProbOfStates(unrolled.right, found.right.states) - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
}

describe('Viterbi equals enumeration on the unrolled network', () => {
  it('two variables per slice, up to 4 slices', () => fc.assert(fc.property(arbSequence(4, 2), check), { numRuns: 150 }))
  it('three variables per slice, up to 3 slices', () => fc.assert(fc.property(arbSequence(3, 3), check), { numRuns: 100 }))

  it('an HMM over 300 slices: the sequence is consistent and its log-probability is the one reported', () => {
    const dbn = defineDynamicNetwork({
      states: { hidden: ['a', 'b'], seen: ['x', 'y'] },
      initial: { parents: { seen: ['hidden'] }, tables: { hidden: [0.6, 0.4], seen: [[0.8, 0.2], [0.3, 0.7]] } },
      transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: [[0.9, 0.1], [0.2, 0.8]], seen: [[0.8, 0.2], [0.3, 0.7]] } },
    })
    if (E.isLeft(dbn)) throw new Error('define')
    const drawn = sampleTrajectory(dbn.right, 300, createRng(3))
    if (E.isLeft(drawn)) throw new Error('sample')
    const obs = { slices: 300, states: Int32Array.from(drawn.right.states, (s, k) => (k % 2 === 0 ? -1 : s)) }
    const engine = compileDynamic(dbn.right)
    if (E.isLeft(engine)) throw new Error('compile')
    const found = viterbi(engine.right, obs)
    if (E.isLeft(found)) throw new Error(found.left._tag)
    // The textbook Viterbi recursion on plain arrays, in logs.
    const pi = [0.6, 0.4]
    const A = [[0.9, 0.1], [0.2, 0.8]]
    const B = [[0.8, 0.2], [0.3, 0.7]]
    let delta = pi.map((p, i) => Math.log(p) + Math.log(B[i]![obs.states[1]!]!))
    for (let t = 1; t < 300; t++) delta = [0, 1].map((j) => Math.max(...[0, 1].map((i) => delta[i]! + Math.log(A[i]![j]!))) + Math.log(B[j]![obs.states[2 * t + 1]!]!))
    const best = Math.max(...delta)
    expect(Math.abs(found.right.logProbability - best) / Math.abs(best)).toBeLessThan(1e-12)
    const unrolled = unroll(dbn.right, 300)
    if (E.isLeft(unrolled)) throw new Error('unroll')
    expect(Math.abs(logProbOfStates(unrolled.right, found.right.states) - best) / Math.abs(best)).toBeLessThan(1e-12)
  })
})
