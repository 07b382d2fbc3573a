import { createRng } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defineDynamicNetwork } from './define-dynamic.js'
import { arbDynamic } from './dynamic.fixtures.js'
import type { DynamicNetwork } from './dynamic-network.js'
import { learnEm } from './em.js'
import { learnParameters } from './learn-parameters.js'
import type { Observations } from './observations.js'
import { sampleTrajectory } from './sample.js'
import { unroll, unrolledName } from './unroll.js'

const draw = (dbn: DynamicNetwork, count: number, slices: number, seed: number): Observations[] => {
  const rng = createRng(seed)
  return Array.from({ length: count }, () => {
    const drawn = sampleTrajectory(dbn, slices, rng)
    if (E.isLeft(drawn)) throw new Error('sample')
    return drawn.right
  })
}

/**
 * Relative frequencies of each family, counted on the unrolled networks by
 * name (slice 0's families apart from the later slices' pooled ones): the
 * maximum-likelihood tables, found without the package's counting code.
 */
const frequencies = (dbn: DynamicNetwork, sequences: readonly Observations[], slices: number) => {
  const unrolled = unroll(dbn, slices)
  if (E.isLeft(unrolled)) throw new Error('unroll')
  const { dag, domain } = unrolled.right
  const n = dbn.slice.variables.length
  const tally = (b: number, from: number, to: number): Float64Array => {
    const id = dag.nodes.indexOf(unrolledName(dbn.slice.variables[b]!.name, from))
    const parents = dag.parentIds[id]!.length
    const card = domain.variables[id]!.states.length
    const rows = dag.parentIds[id]!.reduce((s, p) => s * domain.variables[p]!.states.length, 1)
    const counts = new Float64Array(rows * card)
    for (const seq of sequences)
      for (let t = from; t <= to; t++) {
        const child = dag.nodes.indexOf(unrolledName(dbn.slice.variables[b]!.name, t))
        let row = 0
        for (let k = 0; k < parents; k++) {
          const p = dag.parentIds[child]![k]!
          row = row * domain.variables[p]!.states.length + seq.states[p]!
        }
        counts[row * card + seq.states[child]!]! += 1
      }
    for (let at = 0; at < counts.length; at += card) {
      let sum = 0
      for (let k = 0; k < card; k++) sum += counts[at + k]!
      for (let k = 0; k < card; k++) counts[at + k] = sum === 0 ? 1 / card : counts[at + k]! / sum
    }
    return counts
  }
  return {
    initial: Array.from({ length: n }, (_, b) => tally(b, 0, 0)),
    transition: Array.from({ length: n }, (_, b) => tally(b, 1, slices - 1)),
  }
}

describe('learning from complete sequences', () => {
  it('maximum likelihood gives the relative frequencies of each family (slice 0 apart, later slices pooled)', () =>
    fc.assert(
      fc.property(arbDynamic(3), fc.integer({ min: 2, max: 6 }), fc.nat(), (dbn, slices, seed) => {
        const sequences = draw(dbn, 30, slices, seed)
        const learnt = learnParameters(dbn, sequences)
        if (E.isLeft(learnt)) throw new Error(learnt.left._tag)
        const expected = frequencies(dbn, sequences, slices)
        dbn.initialIds.forEach((id, b) => {
          const got = learnt.right.twoSlice.cpts[id]!.values
          expected.initial[b]!.forEach((x, k) => expect(Math.abs(got[k]! - x)).toBeLessThan(1e-12))
        })
        dbn.transitionIds.forEach((id, b) => {
          const got = learnt.right.twoSlice.cpts[id]!.values
          expected.transition[b]!.forEach((x, k) => expect(Math.abs(got[k]! - x)).toBeLessThan(1e-12))
        })
      }),
      { numRuns: 60 },
    ))

  it('a shared table pools slice 0 with the later slices; Dirichlet adds alpha to every count', () => {
    const dbn = defineDynamicNetwork({
      states: { hidden: ['a', 'b'], seen: ['x', 'y'] },
      initial: { parents: { seen: ['hidden'] }, tables: { hidden: [0.5, 0.5], seen: [[0.5, 0.5], [0.5, 0.5]] } },
      transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: [[0.5, 0.5], [0.5, 0.5]], seen: [[0.5, 0.5], [0.5, 0.5]] } },
    })
    if (E.isLeft(dbn)) throw new Error('define')
    // hidden: a b ; seen: x y   then   hidden: a a ; seen: y x
    const sequences = [{ slices: 2, states: Int32Array.of(0, 0, 1, 1) }, { slices: 2, states: Int32Array.of(0, 1, 0, 0) }]
    const shared = learnParameters(dbn.right, sequences, { share: ['seen'] })
    if (E.isLeft(shared)) throw new Error(shared.left._tag)
    // seen | hidden = a: x, y, x (3 slices); | b: y
    const seen = [2 / 3, 1 / 3, 0, 1]
    expect(Array.from(shared.right.twoSlice.cpts[1]!.values)).toEqual(seen)
    expect(Array.from(shared.right.twoSlice.cpts[3]!.values)).toEqual(seen)
    const smoothed = learnParameters(dbn.right, sequences, { estimator: { kind: 'dirichlet', alpha: 1 } })
    if (E.isLeft(smoothed)) throw new Error(smoothed.left._tag)
    // hidden at slice 0: a twice, b never
    expect(Array.from(smoothed.right.twoSlice.cpts[0]!.values)).toEqual([3 / 4, 1 / 4])
  })

  it('refuses unobserved cells, unshown parent rows under emptyRows: error, and bad options', () => {
    const dbn = defineDynamicNetwork({
      states: { x: ['a', 'b'] },
      initial: { tables: { x: [0.5, 0.5] } },
      transition: { parents: { x: ['x[t-1]'] }, tables: { x: [[0.5, 0.5], [0.5, 0.5]] } },
    })
    if (E.isLeft(dbn)) throw new Error('define')
    expect(learnParameters(dbn.right, [{ slices: 2, states: Int32Array.of(0, -1) }])).toEqual(E.left({ _tag: 'MissingValue', sequence: 0, slice: 1, variable: 'x' }))
    expect(learnParameters(dbn.right, [{ slices: 2, states: Int32Array.of(0, 0) }], { estimator: { kind: 'maximumLikelihood', emptyRows: 'error' } })).toEqual(
      E.left({ _tag: 'EmptyParentRow', variable: 'x', parents: { 'x[t-1]': 'b' } }),
    )
    const bad = learnParameters(dbn.right, [], { estimator: { kind: 'dirichlet', alpha: -1 } })
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidOption')
    // x's slice-0 table has no parent, its transition has x[t-1]: they cannot be one table.
    const share = learnParameters(dbn.right, [], { share: ['x'] })
    expect(E.isLeft(share) && share.left._tag).toBe('InvalidOption')
  })
})

/** The forward-backward recursions unscaled (short sequences), and Baum-Welch's update from them (Rabiner 1989, eqs. 40a-c). */
const baumWelch = (pi: number[], A: number[][], B: number[][], sequences: number[][]) => {
  const K = pi.length
  const piNext = new Array<number>(K).fill(0)
  const xi = A.map((row) => row.map(() => 0))
  const gammaFrom = new Array<number>(K).fill(0)
  const emit = B.map((row) => row.map(() => 0))
  let logLikelihood = 0
  for (const o of sequences) {
    const T = o.length
    const alpha: number[][] = []
    for (let t = 0; t < T; t++) alpha.push(Array.from({ length: K }, (_, j) => (t === 0 ? pi[j]! : alpha[t - 1]!.reduce((s, a, i) => s + a * A[i]![j]!, 0)) * B[j]![o[t]!]!))
    const beta: number[][] = new Array(T)
    beta[T - 1] = new Array(K).fill(1)
    for (let t = T - 2; t >= 0; t--) beta[t] = Array.from({ length: K }, (_, i) => A[i]!.reduce((s, a, j) => s + a * B[j]![o[t + 1]!]! * beta[t + 1]![j]!, 0))
    const P = alpha[T - 1]!.reduce((s, a) => s + a, 0)
    logLikelihood += Math.log(P)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < K; i++) {
        const g = (alpha[t]![i]! * beta[t]![i]!) / P
        if (t === 0) piNext[i]! += g
        emit[i]![o[t]!]! += g
        if (t < T - 1) {
          gammaFrom[i]! += g
          for (let j = 0; j < K; j++) xi[i]![j]! += (alpha[t]![i]! * A[i]![j]! * B[j]![o[t + 1]!]! * beta[t + 1]![j]!) / P
        }
      }
  }
  return {
    logLikelihood,
    pi: piNext.map((x) => x / sequences.length),
    A: xi.map((row, i) => row.map((x) => x / gammaFrom[i]!)),
    B: emit.map((row) => {
      const z = row.reduce((s, x) => s + x, 0)
      return row.map((x) => x / z)
    }),
  }
}

describe('EM', () => {
  it('one iteration on an HMM is the Baum-Welch update of the closed-form recursions', () =>
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 7 }), { minLength: 1, maxLength: 4 }), (sequences) => {
        const pi = [0.6, 0.4]
        const A = [[0.75, 0.25], [0.35, 0.65]]
        const B = [[0.5, 0.3, 0.2], [0.1, 0.3, 0.6]]
        const dbn = defineDynamicNetwork({
          states: { hidden: ['a', 'b'], seen: ['x', 'y', 'z'] },
          initial: { parents: { seen: ['hidden'] }, tables: { hidden: pi, seen: B } },
          transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: A, seen: B } },
        })
        if (E.isLeft(dbn)) throw new Error('define')
        const obs = sequences.map((o) => ({ slices: o.length, states: Int32Array.from(o.flatMap((s) => [-1, s])) }))
        const fit = learnEm(dbn.right, obs, { share: ['seen'], maxIterations: 1, tolerance: 0 })
        if (E.isLeft(fit)) throw new Error(fit.left._tag)
        const closed = baumWelch(pi, A, B, sequences)
        expect(fit.right.iterations).toBe(1)
        expect(Math.abs(fit.right.logLikelihood[0]! - closed.logLikelihood)).toBeLessThan(1e-12)
        const cpts = fit.right.network.twoSlice.cpts
        const near = (got: Float64Array, want: number[]) => want.forEach((x, k) => expect(Math.abs(got[k]! - x)).toBeLessThan(1e-12))
        near(cpts[0]!.values, closed.pi)
        near(cpts[2]!.values, closed.A.flat())
        near(cpts[1]!.values, closed.B.flat())
        near(cpts[3]!.values, closed.B.flat())
      }),
      { numRuns: 100 },
    ))

  it('the objective never decreases on random 2TBNs with hidden cells (maximum likelihood and Dirichlet)', () =>
    fc.assert(
      fc.property(arbDynamic(3), fc.nat(), fc.boolean(), (truth, seed, dirichlet) => {
        const sequences = draw(truth, 6, 5, seed).map((o) => ({ slices: o.slices, states: Int32Array.from(o.states, (s, k) => ((k * 7 + seed) % 3 === 0 ? -1 : s)) }))
        const fit = learnEm(truth, sequences, {
          start: { kind: 'random', seed },
          maxIterations: 15,
          ...(dirichlet ? { estimator: { kind: 'dirichlet', alpha: 0.5 } } : {}),
        })
        if (E.isLeft(fit)) {
          // A random start has no zero, so every sampled sequence stays possible.
          throw new Error(fit.left._tag)
        }
        const { objective, logLikelihood } = fit.right
        for (let t = 1; t < objective.length; t++) expect(objective[t]!).toBeGreaterThanOrEqual(objective[t - 1]! - 1e-9 * Math.abs(objective[t - 1]!))
        if (!dirichlet) expect(Array.from(objective)).toEqual(Array.from(logLikelihood))
      }),
      { numRuns: 40 },
    ))

  it('stops when the objective settles, and checks its options', () => {
    const dbn = defineDynamicNetwork({
      states: { hidden: ['a', 'b'], seen: ['x', 'y'] },
      initial: { parents: { seen: ['hidden'] }, tables: { hidden: [0.5, 0.5], seen: [[0.7, 0.3], [0.2, 0.8]] } },
      transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: [[0.8, 0.2], [0.3, 0.7]], seen: [[0.7, 0.3], [0.2, 0.8]] } },
    })
    if (E.isLeft(dbn)) throw new Error('define')
    const sequences = draw(dbn.right, 20, 30, 9).map((o) => ({ slices: o.slices, states: Int32Array.from(o.states, (s, k) => (k % 2 === 0 ? -1 : s)) }))
    const fit = learnEm(dbn.right, sequences, { share: ['seen'], start: { kind: 'random', seed: 1 }, tolerance: 1e-9, maxIterations: 500 })
    if (E.isLeft(fit)) throw new Error(fit.left._tag)
    expect(fit.right.converged).toBe(true)
    expect(fit.right.iterations).toBeLessThan(500)
    for (const [options, option] of [
      [{ maxIterations: -1 }, 'maxIterations'],
      [{ tolerance: Number.NaN }, 'tolerance'],
      [{ start: { kind: 'random', seed: 0.5 } }, 'start.seed'],
      [{ share: ['nope'] }, 'share'],
    ] as const) {
      const r = learnEm(dbn.right, sequences, options as never)
      expect(E.isLeft(r) && r.left._tag === 'InvalidOption' && r.left.option).toBe(option)
    }
  })
})
