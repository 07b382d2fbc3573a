import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { createRng, logProbOfStates } from '@chainrule/models'
import { frequencyTolerance } from '@chainrule/testing'
import type { BinaryChain } from './image-chain.js'
import { chainParameterCount, sigmoid } from './image-chain.js'
import { SCORE_BLOCK, chainLogLikelihoods, chainLogLikelihoodsOnThreads, nllSummary } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import { arbitraryChain } from './chain.fixtures.js'
import { chainToMixedNetwork, mixedLogLikelihoods, sampleMixed, toBayesianNetwork } from './mixed-network.js'

const arbChain = arbitraryChain()
/** Chains that may have hidden units (which no network CPD holds). */
const anyChain = arbitraryChain({ hidden: true })

/** Every binary image of n pixels, row-major. */
const allImages = (n: number): Uint8Array => {
  const out = new Uint8Array(n << n)
  for (let r = 0; r < 1 << n; r++) for (let v = 0; v < n; v++) out[r * n + v] = (r >> v) & 1
  return out
}

/** The definition, written out directly: product over positions of sigmoid(+-logit). */
const referenceProbability = (chain: BinaryChain, image: Uint8Array): number => {
  const { n, ordering } = chain
  const x = (p: number) => image[ordering[p]!]!
  let prob = 1
  for (let p = 0; p < n; p++) {
    let l = chain.bias[p]!
    if (chain.dense !== undefined) for (let q = 0; q < p; q++) l += chain.dense[q * n + p]! * x(q)
    for (const g of chain.contexts) {
      let c = 0
      for (let j = 0; j < g.counts[p]!; j++) c = c * 2 + x(g.parents[p * g.k + j]!)
      l += g.logits[p * (1 << g.k) + c]!
    }
    const hidden = chain.hidden
    if (hidden !== undefined)
      for (let j = 0; j < hidden.units; j++) {
        let unit = hidden.bias[j]!
        for (let q = 0; q < p; q++) unit += x(q) * hidden.input[q * hidden.units + j]!
        l += hidden.output[p * hidden.units + j]! * Math.max(unit, 0)
      }
    prob *= x(p) === 1 ? sigmoid(l) : 1 - sigmoid(l)
  }
  return prob
}

describe('chainLogLikelihoods', () => {
  it('equals the definition on every image and sums to one over all images', () =>
    fc.assert(
      fc.property(anyChain, (chain) => {
        const pixels = allImages(chain.n)
        const ll = chainLogLikelihoods(chain, { rows: 1 << chain.n, width: chain.width, height: chain.height, pixels })
        expect(E.isRight(ll)).toBe(true)
        if (E.isLeft(ll)) return
        let total = 0
        for (let r = 0; r < 1 << chain.n; r++) {
          const reference = referenceProbability(chain, pixels.subarray(r * chain.n, (r + 1) * chain.n))
          expect(Math.abs(Math.exp(ll.right[r]!) - reference)).toBeLessThan(1e-12)
          total += Math.exp(ll.right[r]!)
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-12)
      }),
      { numRuns: 60 },
    ))

  it('scores many images (several blocks, the last one partial) exactly as one at a time', () =>
    fc.assert(
      fc.property(anyChain, fc.nat(), (chain, seed) => {
        const images = sampleChain(chain, 2 * SCORE_BLOCK + 76, createRng(seed))
        const all = chainLogLikelihoods(chain, images)
        expect(E.isRight(all)).toBe(true)
        if (E.isLeft(all)) return
        for (let r = 0; r < images.rows; r += 37) {
          const one = chainLogLikelihoods(chain, { ...images, rows: 1, pixels: images.pixels.subarray(r * chain.n, (r + 1) * chain.n) })
          expect(E.isRight(one) && one.right[0]).toBe(all.right[r])
        }
      }),
      { numRuns: 30 },
    ))

  it('on threads: a thread that fails is WorkerFailed, and images of another size are refused first', async () => {
    const chain = fc.sample(arbChain, { numRuns: 1, seed: 4 })[0]!
    const images = { rows: 3, width: chain.width, height: chain.height, pixels: new Uint8Array(3 * chain.n) }
    const failing = { count: 2, run: () => Promise.reject(new Error('worker 0 exited with code 1 before answering')) }
    expect(await chainLogLikelihoodsOnThreads(chain, images, failing)).toEqual(E.left({ _tag: 'WorkerFailed', reason: 'worker 0 exited with code 1 before answering' }))
    const never = { count: 2, run: () => Promise.reject(new Error('not to be called')) }
    const wrong = await chainLogLikelihoodsOnThreads(chain, { ...images, width: chain.width + 1 }, never)
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('ShapeMismatch')
    // One part only: nothing runs elsewhere, and the numbers are those of one thread.
    expect(await chainLogLikelihoodsOnThreads(chain, images, { count: 1, run: never.run })).toEqual(chainLogLikelihoods(chain, images))
  })

  it('refuses images of another size and a short out array', () => {
    const chain: BinaryChain = { width: 2, height: 1, n: 2, ordering: Int32Array.of(0, 1), bias: new Float64Array(2), contexts: [] }
    const images = { rows: 1, width: 3, height: 1, pixels: new Uint8Array(3) }
    expect(E.isLeft(chainLogLikelihoods(chain, images)) && chainLogLikelihoods(chain, images)).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    const two = { rows: 2, width: 2, height: 1, pixels: new Uint8Array(4) }
    expect(chainLogLikelihoods(chain, two, { out: new Float64Array(1) })).toMatchObject({ left: { _tag: 'ShapeMismatch', what: 'out length' } })
  })

  it('summarises: mean NLL, standard error and bits per dimension', () => {
    const s = nllSummary(Float64Array.of(-90, -100), 784)
    expect(s.meanNll).toBe(95)
    expect(s.standardError).toBeCloseTo(5, 12)
    expect(s.bitsPerDimension).toBeCloseTo(95 / (784 * Math.LN2), 12)
  })
})

describe('chainToMixedNetwork', () => {
  it('gives a mixed network and a Bayesian network with the same probabilities', () =>
    fc.assert(
      fc.property(arbChain, (chain) => {
        const pixels = allImages(chain.n)
        const net = chainToMixedNetwork(chain)
        expect(E.isRight(net)).toBe(true)
        if (E.isLeft(net)) return
        const fast = chainLogLikelihoods(chain, { rows: 1 << chain.n, width: chain.width, height: chain.height, pixels })
        const mixed = mixedLogLikelihoods(net.right, pixels)
        const bn = toBayesianNetwork(net.right)
        expect(E.isRight(fast) && E.isRight(mixed) && E.isRight(bn)).toBe(true)
        if (E.isLeft(fast) || E.isLeft(mixed) || E.isLeft(bn)) return
        for (let r = 0; r < 1 << chain.n; r++) {
          const row = pixels.subarray(r * chain.n, (r + 1) * chain.n)
          expect(Math.abs(Math.exp(mixed.right[r]!) - Math.exp(fast.right[r]!))).toBeLessThan(1e-12)
          expect(Math.abs(Math.exp(logProbOfStates(bn.right, Array.from(row))) - Math.exp(fast.right[r]!))).toBeLessThan(1e-12)
        }
      }),
      { numRuns: 40 },
    ))

  it('counts parameters: biases, the upper triangle and reachable table rows', () => {
    const chain: BinaryChain = {
      width: 3, height: 1, n: 3, ordering: Int32Array.of(0, 1, 2), bias: new Float64Array(3), dense: new Float64Array(9),
      contexts: [{ k: 1, counts: Uint8Array.of(0, 1, 1), parents: Int32Array.of(0, 0, 1), logits: new Float64Array(6) }],
    }
    expect(chainParameterCount(chain)).toBe(3 + 3 + (1 + 2 + 2))
    // Two hidden units: a bias, an input and an output weight per position each.
    const hidden = { units: 2, bias: new Float64Array(2), input: new Float64Array(6), output: new Float64Array(6) }
    expect(chainParameterCount({ ...chain, hidden })).toBe(3 + 3 + (1 + 2 + 2) + 2 * (1 + 3 + 3))
  })

  it('refuses a chain with hidden units, which no table or logistic CPD holds', () => {
    const chain: BinaryChain = { width: 2, height: 1, n: 2, ordering: Int32Array.of(0, 1), bias: new Float64Array(2), contexts: [] }
    expect(E.isRight(chainToMixedNetwork(chain))).toBe(true)
    const hidden = { units: 1, bias: new Float64Array(1), input: new Float64Array(2), output: new Float64Array(2) }
    expect(chainToMixedNetwork({ ...chain, hidden })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'chain' } })
  })
})

describe('sampling', () => {
  it('sampleChain and sampleMixed draw each image with its probability (within 5 standard errors)', () =>
    fc.assert(
      fc.property(anyChain.filter((c) => c.n <= 4), fc.nat(), (chain, seed) => {
        const draws = 20_000
        const pixels = allImages(chain.n)
        const ll = chainLogLikelihoods(chain, { rows: 1 << chain.n, width: chain.width, height: chain.height, pixels })
        expect(E.isRight(ll)).toBe(true)
        if (E.isLeft(ll)) return
        const samples = [sampleChain(chain, draws, createRng(seed)).pixels]
        // A chain with hidden units has no mixed network: its own sampler only.
        const net = chain.hidden === undefined ? chainToMixedNetwork(chain) : undefined
        if (net !== undefined) samples.push(E.isRight(net) ? sampleMixed(net.right, draws, createRng(seed + 1)) : new Uint8Array(0))
        for (const sample of samples) {
          const freq = new Float64Array(1 << chain.n)
          for (let r = 0; r < draws; r++) {
            let code = 0
            for (let v = 0; v < chain.n; v++) code |= sample[r * chain.n + v]! << v
            freq[code]!++
          }
          for (let c = 0; c < 1 << chain.n; c++) {
            const p = Math.exp(ll.right[c]!)
            // A binomial bound that holds for rare images too (their counts are Poisson-skewed).
            expect(Math.abs(freq[c]! / draws - p)).toBeLessThanOrEqual(frequencyTolerance(p, draws))
          }
        }
      }),
      { numRuns: 15 },
    ))

  it('is reproducible: same seed, same images', () =>
    fc.assert(
      fc.property(anyChain, fc.nat(), (chain, seed) => {
        expect(sampleChain(chain, 20, createRng(seed)).pixels).toEqual(sampleChain(chain, 20, createRng(seed)).pixels)
      }),
      { numRuns: 20 },
    ))
})
