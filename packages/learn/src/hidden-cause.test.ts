import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createRng } from '@chainrule/models'
import { hiddenCauseComponent, hiddenCauseLogLikelihoods, learnHiddenCause, sampleHiddenCause, type HiddenCauseMixture } from './hidden-cause.js'
import type { BinaryChain } from './image-chain.js'
import { right } from './data.fixtures.js'

/** A random table chain over a 2 x 2 grid: full-history context tables in a random ordering. */
const randomChain = (seed: number): BinaryChain => {
  const rng = createRng(seed)
  const n = 4
  const ordering = Int32Array.from([0, 1, 2, 3].sort(() => rng.float() - 0.5))
  const k = 3
  const counts = Uint8Array.from({ length: n }, (_, p) => p)
  const parents = new Int32Array(n * k)
  for (let p = 0; p < n; p++) for (let j = 0; j < p; j++) parents[p * k + j] = j
  const logits = Float64Array.from({ length: n * 8 }, () => 4 * rng.float() - 2)
  return { width: 2, height: 2, n, ordering, bias: Float64Array.from({ length: n }, () => rng.float() - 0.5), contexts: [{ k, counts, parents, logits }] }
}

/** log p(image | chain with offsets), straight from the chain's definition. */
const bruteChain = (chain: BinaryChain, offsets: Float64Array, at: number, image: number[]): number => {
  const g = chain.contexts[0]!
  let ll = 0
  for (let p = 0; p < chain.n; p++) {
    let ctx = 0
    for (let j = 0; j < g.counts[p]!; j++) ctx = ctx * 2 + image[chain.ordering[g.parents[p * g.k + j]!]!]!
    const l = chain.bias[p]! + g.logits[p * (1 << g.k) + ctx]! + offsets[at + p]!
    const x = image[chain.ordering[p]!]!
    ll += Math.log(x === 1 ? 1 / (1 + Math.exp(-l)) : 1 / (1 + Math.exp(l)))
  }
  return ll
}

const arbitraryModel = fc.record({ chains: fc.integer({ min: 1, max: 3 }), states: fc.integer({ min: 1, max: 3 }), seed: fc.integer() }).map(({ chains, states, seed }): HiddenCauseMixture => {
  const rng = createRng(seed)
  const m = chains * states
  const raw = Array.from({ length: m }, () => 0.1 + rng.float())
  const sum = raw.reduce((a, b) => a + b, 0)
  return {
    chains: Array.from({ length: chains }, (_, c) => randomChain(seed + 17 * c)),
    states,
    weights: Float64Array.from(raw, (x) => x / sum),
    offsets: Float64Array.from({ length: m * 4 }, () => 2 * rng.float() - 1),
  }
})

const allImages = Array.from({ length: 16 }, (_, v) => [0, 1, 2, 3].map((i) => (v >> i) & 1))
const asMatrix = (images: number[][]) => ({ rows: images.length, width: 2, height: 2, pixels: Uint8Array.from(images.flat()) })

describe('chains with a hidden cause', () => {
  it('log p(x) and the posterior over (chain, state) equal enumeration of the components, and p sums to 1', () =>
    fc.assert(
      fc.property(arbitraryModel, (model) => {
        const K = model.states
        const m = model.chains.length * K
        const scored = right(hiddenCauseLogLikelihoods(model, asMatrix(allImages), { posteriors: true }))
        let total = 0
        allImages.forEach((image, r) => {
          const joint = Array.from({ length: m }, (_, k) => model.weights[k]! * Math.exp(bruteChain(model.chains[Math.floor(k / K)]!, model.offsets, k * 4, image)))
          const px = joint.reduce((a, b) => a + b, 0)
          total += px
          expect(Math.abs(scored.logLikelihood[r]! - Math.log(px))).toBeLessThanOrEqual(1e-12)
          joint.forEach((j, k) => expect(Math.abs(scored.posteriors![r * m + k]! - j / px)).toBeLessThanOrEqual(1e-6))
        })
        expect(total).toBeCloseTo(1, 12)
        // Each component is a chain of its own.
        const component = hiddenCauseComponent(model, 0, K - 1)
        expect(bruteChain(component, new Float64Array(4), 0, allImages[5]!)).toBeCloseTo(bruteChain(model.chains[0]!, model.offsets, (K - 1) * 4, allImages[5]!), 12)
      }),
      { numRuns: 100 },
    ))

  it('EM never lowers its objective (every image in every sum) and the trace is the exact log-likelihood', () =>
    fc.assert(
      fc.asyncProperty(arbitraryModel, fc.integer(), async (truth, seed) => {
        const images = sampleHiddenCause(truth, 200, createRng(seed))
        const fit = right(await learnHiddenCause(truth.chains, images, { states: truth.states, floor: 0, maxIterations: 6, tolerance: 0, start: { kind: 'rows', seed } }))
        for (let t = 1; t <= fit.iterations; t++) expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - 1e-10 * Math.abs(fit.objective[t - 1]!))
        const exact = right(hiddenCauseLogLikelihoods(fit.model, images)).logLikelihood.reduce((a, b) => a + b, 0)
        expect(Math.abs(fit.logLikelihood[fit.iterations]! - exact)).toBeLessThanOrEqual(1e-9 * Math.abs(exact))
      }),
      { numRuns: 30 },
    ))

  it('typed errors: states, options, shapes, assignments', async () => {
    const chain = randomChain(1)
    const images = asMatrix(allImages)
    for (const options of [{ states: 0 }, { l2: -1 }, { maxIterations: -1 }, { tolerance: -1 }, { floor: 1 }, { start: { kind: 'rows', seed: 0.5 } }])
      expect(await learnHiddenCause([chain], images, options as never)).toMatchObject({ left: { _tag: 'InvalidOption' } })
    expect(await learnHiddenCause([], images)).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(await learnHiddenCause([chain], { ...images, width: 4 })).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(await learnHiddenCause([chain], images, { states: 2, start: { kind: 'assignments', states: new Int32Array(3) } })).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(await learnHiddenCause([chain], images, { states: 2, start: { kind: 'assignments', states: new Int32Array(16).fill(5) } })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'start.states' } })
    expect(hiddenCauseLogLikelihoods({ chains: [chain], states: 1, weights: Float64Array.of(1), offsets: new Float64Array(4) }, { ...images, width: 4 })).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
  })
})
