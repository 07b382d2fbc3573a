/**
 * Samplers against exact answers from brute-force enumeration. Every bound is
 * derived from the sample size: |frequency - p| < 5 standard errors, with
 * SE = sqrt(p (1 - p) / N) for independent rows (N = accepted rows for
 * rejection sampling, the effective sample size (sum w)^2 / sum w^2 for
 * likelihood weighting) and the batch-means SE (50 batches) for Gibbs rows,
 * which are correlated. Seeds are fixed, so the tests are deterministic; with
 * a fresh seed each cell would fail with probability below 1e-6.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { defineNetwork } from './define-network.js'
import type { NetworkSpec } from './network-spec.js'
import type { BayesianNetwork } from './network.js'
import { createRng } from './rng.js'
import { ancestralSample } from './ancestral.js'
import { rejectionSample } from './rejection.js'
import { likelihoodWeighting } from './likelihood-weighting.js'
import { gibbsSample } from './gibbs.js'
import { columnOf, effectiveSampleSize, estimate, frequencies, rowOf, rowStates } from './samples.js'
import type { Samples } from './samples.js'
import { arbitraryModel, enumerateJoint, marginals, modelOfSpec, networkSpecOf, right, tagOf } from '@chainrule/testing'

const sprinklerSpec: NetworkSpec = {
  variables: [
    { name: 'cloudy', states: ['no', 'yes'], parents: [], table: [0.5, 0.5] },
    { name: 'sprinkler', states: ['off', 'on'], parents: ['cloudy'], table: [0.5, 0.5, 0.9, 0.1] },
    { name: 'rain', states: ['no', 'yes'], parents: ['cloudy'], table: [0.8, 0.2, 0.2, 0.8] },
    { name: 'wet', states: ['no', 'yes'], parents: ['sprinkler', 'rain'], table: [1, 0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99] },
  ],
}
const randomSpecs = fc.sample(arbitraryModel({ variables: { max: 5 }, states: { max: 3 }, parents: { max: 4 }, zeros: false }), { seed: 20240601, numRuns: 6 }).map((m) => networkSpecOf(m))

/** P(variable i | evidence) by enumeration; evidence by spec index -> state index. */
const enumeratePosterior = (spec: NetworkSpec, i: number, evidence: ReadonlyMap<number, number> = new Map()): Float64Array => {
  const states = new Int32Array(spec.variables.length).fill(-1)
  for (const [v, s] of evidence) states[v] = s
  return marginals(enumerateJoint(modelOfSpec(spec), { evidence: states }))![i]!
}
const specs = [sprinklerSpec, ...randomSpecs]

const withinStandardErrors = (estimated: number, p: number, n: number, k = 5): void => {
  const se = Math.sqrt((p * (1 - p)) / n)
  expect(Math.abs(estimated - p)).toBeLessThanOrEqual(k * se + 1e-12)
}

const checkMarginals = (spec: NetworkSpec, samples: Samples, evidence: ReadonlyMap<number, number>, n: number): void => {
  spec.variables.forEach((v, i) => {
    const exact = enumeratePosterior(spec, i, evidence)
    const freq = right(frequencies(samples, v.name))
    exact.forEach((p, s) => withinStandardErrors(freq[s]!, p, n))
  })
}

describe('ancestral sampling', () => {
  it('frequencies match exact marginals within 5 standard errors (200,000 rows, fixed seeds)', () => {
    specs.forEach((spec, k) => {
      const bn = right(defineNetwork(spec))
      const samples = right(ancestralSample(bn, 200_000, createRng(100 + k)))
      expect(samples.rows).toBe(200_000)
      checkMarginals(spec, samples, new Map(), samples.rows)
    })
  })

  it('the same seed gives the same samples, another seed different ones', () => {
    const bn = right(defineNetwork(sprinklerSpec))
    const a = right(ancestralSample(bn, 1000, createRng(1)))
    const b = right(ancestralSample(bn, 1000, createRng(1)))
    const c = right(ancestralSample(bn, 1000, createRng(2)))
    expect(a.columns).toEqual(b.columns)
    expect(a.columns).not.toEqual(c.columns)
  })

  it('states of probability zero never appear; wide variables get Int32Array columns', () => {
    const states = Array.from({ length: 300 }, (_, i) => `s${i}`)
    const table = states.map((_, i) => (i % 2 === 0 ? 0 : 2 / 300))
    const bn = right(
      defineNetwork({
        variables: [
          { name: 'wide', states, parents: [], table },
          { name: 'bit', states: ['0', '1', '2'], parents: [], table: [0.5, 0, 0.5] },
        ],
      }),
    )
    const samples = right(ancestralSample(bn, 20_000, createRng(3)))
    expect(samples.columns[0]).toBeInstanceOf(Int32Array)
    expect(samples.columns[1]).toBeInstanceOf(Uint8Array)
    for (let r = 0; r < samples.rows; r++) {
      expect(samples.columns[0]![r]! % 2).toBe(1)
      expect(samples.columns[1]![r]).not.toBe(1)
    }
  })

  it('rows turn back into named states', () => {
    const bn = right(defineNetwork(sprinklerSpec))
    const samples = right(ancestralSample(bn, 10, createRng(4)))
    const row = rowOf(samples, 3)!
    const states = rowStates(samples, 3)
    expect(Object.keys(row)).toEqual(['cloudy', 'sprinkler', 'rain', 'wet'])
    sprinklerSpec.variables.forEach((v, i) => expect(row[v.name]).toBe(v.states[states[i]!]))
    expect(rowOf(samples, 10)).toBeUndefined()
    expect(right(columnOf(samples, 'wet'))).toBe(samples.columns[3])
    expect(tagOf(columnOf(samples, 'snow'))).toBe('UnknownVariable')
    expect(tagOf(frequencies(samples, 'snow'))).toBe('UnknownVariable')
    expect(tagOf(ancestralSample(bn, -1, createRng(0)))).toBe('InvalidOption')
  })
})

const evidenceOf = (spec: NetworkSpec, i: number, s: number) => ({
  ids: new Map([[i, s]]),
  named: { [spec.variables[i]!.name]: spec.variables[i]!.states[s]! },
})

describe('sampling given evidence', () => {
  it('rejection sampling: every kept row agrees with the evidence, frequencies match the exact posterior', () => {
    specs.forEach((spec, k) => {
      const bn = right(defineNetwork(spec))
      const last = spec.variables.length - 1
      const { ids, named } = evidenceOf(spec, last, 0)
      const r = right(rejectionSample(bn, named, { proposals: 200_000 }, createRng(200 + k)))
      const column = r.samples.columns[last]!
      for (let i = 0; i < r.samples.rows; i++) expect(column[i]).toBe(0)
      const pEvidence = enumeratePosterior(spec, last)[0]!
      withinStandardErrors(r.acceptanceRate, pEvidence, r.proposals)
      checkMarginals(spec, r.samples, ids, r.samples.rows)
    })
  })

  it('likelihood weighting converges on the exact posterior (5 SE with the effective sample size)', () => {
    specs.forEach((spec, k) => {
      const bn = right(defineNetwork(spec))
      const { ids, named } = evidenceOf(spec, spec.variables.length - 1, 0)
      const samples = right(likelihoodWeighting(bn, named, 200_000, createRng(300 + k)))
      const ess = effectiveSampleSize(samples)
      expect(ess).toBeGreaterThan(1000)
      expect(ess).toBeLessThanOrEqual(samples.rows + 1e-6)
      checkMarginals(spec, samples, ids, ess)
    })
  })

  it('likelihood weighting on the sprinkler: P(rain | wet = yes) and an event estimate', () => {
    const bn = right(defineNetwork(sprinklerSpec))
    const samples = right(likelihoodWeighting(bn, { wet: 'yes' }, 100_000, createRng(11)))
    const exact = enumeratePosterior(sprinklerSpec, 2, new Map([[3, 1]]))[1]!
    withinStandardErrors(right(estimate(bn, samples, { rain: 'yes' })), exact, effectiveSampleSize(samples))
    expect(right(estimate(bn, samples, { wet: 'yes' }))).toBe(1)
  })

  it('Gibbs sampling converges on the exact posterior (5 batch-means standard errors)', () => {
    specs.forEach((spec, k) => {
      const bn = right(defineNetwork(spec))
      const last = spec.variables.length - 1
      const { ids, named } = evidenceOf(spec, last, 0)
      const samples = right(gibbsSample(bn, named, { rows: 50_000, burnIn: 500, thin: 2 }, createRng(400 + k)))
      expect(samples.rows).toBe(50_000)
      const batches = 50
      const size = samples.rows / batches
      spec.variables.forEach((_v, i) => {
        const exact = enumeratePosterior(spec, i, ids)
        const column = samples.columns[i]!
        exact.forEach((p, s) => {
          const means: number[] = []
          for (let b = 0; b < batches; b++) {
            let hits = 0
            for (let r = b * size; r < (b + 1) * size; r++) if (column[r] === s) hits++
            means.push(hits / size)
          }
          const mean = means.reduce((a, x) => a + x, 0) / batches
          const variance = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (batches - 1)
          const se = Math.sqrt(variance / batches)
          expect(Math.abs(mean - p)).toBeLessThanOrEqual(5 * se + 1e-12)
          expect(Math.abs(mean - p)).toBeLessThan(0.03)
        })
      })
    })
  })

  it('Gibbs with 400 observed children: scores are rescaled, not underflowed', () => {
    // r -> c1..c400, every child observed 'y'. Each child multiplies P(r = x) by 0.15 / 0.1 = 1.5
    // relative to r = z, so P(r = x | e) = 1 / (1 + 1.5^-400), which is 1 in double precision.
    const children = Array.from({ length: 400 }, (_, i) => ({ name: `c${i}`, states: ['n', 'y'], parents: ['r'], table: [0.85, 0.15, 0.9, 0.1] }))
    const bn = right(defineNetwork({ variables: [{ name: 'r', states: ['x', 'z'], parents: [], table: [0.5, 0.5] }, ...children] }))
    const evidence = Object.fromEntries(children.map((c) => [c.name, 'y']))
    const samples = right(gibbsSample(bn, evidence, { rows: 200, burnIn: 10 }, createRng(4)))
    expect(right(frequencies(samples, 'r'))[0]).toBe(1)
  })

  it('the same seed gives the same chain', () => {
    const bn = right(defineNetwork(sprinklerSpec))
    const a = right(gibbsSample(bn, { wet: 'yes' }, { rows: 100 }, createRng(5)))
    const b = right(gibbsSample(bn, { wet: 'yes' }, { rows: 100 }, createRng(5)))
    expect(a.columns).toEqual(b.columns)
  })

  it('impossible evidence, unknown names and bad options are typed errors', () => {
    const bn: BayesianNetwork = right(
      defineNetwork({
        variables: [
          { name: 'a', states: ['x', 'y'], parents: [], table: [1, 0] },
          { name: 'b', states: ['u', 'v'], parents: ['a'], table: [1, 0, 0.5, 0.5] },
        ],
      }),
    )
    const rng = createRng(0)
    expect(tagOf(rejectionSample(bn, { b: 'v' }, { proposals: 1000 }, rng))).toBe('SamplingFailed')
    expect(tagOf(likelihoodWeighting(bn, { b: 'v' }, 1000, rng))).toBe('SamplingFailed')
    expect(tagOf(gibbsSample(bn, { b: 'v' }, { rows: 10 }, rng))).toBe('SamplingFailed')
    expect(tagOf(rejectionSample(bn, { c: 'v' }, { proposals: 10 }, rng))).toBe('UnknownVariable')
    expect(tagOf(likelihoodWeighting(bn, { b: 'w' }, 10, rng))).toBe('UnknownState')
    expect(tagOf(gibbsSample(bn, { c: 'w' }, { rows: 10 }, rng))).toBe('UnknownVariable')
    expect(tagOf(rejectionSample(bn, {}, { proposals: -1 }, rng))).toBe('InvalidOption')
    expect(tagOf(likelihoodWeighting(bn, {}, 1.5, rng))).toBe('InvalidOption')
    expect(tagOf(gibbsSample(bn, {}, { rows: 10, thin: 0 }, rng))).toBe('InvalidOption')
    expect(tagOf(gibbsSample(bn, {}, { rows: 10, burnIn: -1 }, rng))).toBe('InvalidOption')
    expect(tagOf(gibbsSample(bn, {}, { rows: -10 }, rng))).toBe('InvalidOption')
    expect(tagOf(gibbsSample(bn, {}, { rows: 10, maxStartAttempts: -1 }, rng))).toBe('InvalidOption')
    expect(E.isRight(gibbsSample(bn, { b: 'u' }, { rows: 10 }, rng))).toBe(true)
  })
})
