import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { autoregressive, createRng } from '@chainrule/models'
import type { BinaryChain } from './image-chain.js'
import { learnLogisticChain } from './logistic-chain.js'
import { workerThreads } from './worker-threads.js'
import { chainLogLikelihoods } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import { fitMixtureWeights, mixtureLogLikelihoods, sampleMixture } from './mixture-chain.js'

const grid = { width: 3, height: 2 }
const full = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
const window = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 2 } })
if (E.isLeft(full) || E.isLeft(window)) throw new Error('structures')

/** A known FVSBN over 6 pixels with strong dependencies, and data drawn from it. */
const truth: BinaryChain = {
  width: 3,
  height: 2,
  n: 6,
  ordering: Int32Array.from([0, 1, 2, 3, 4, 5]),
  bias: Float64Array.from([0.5, -1, -1, -1.5, -1, -2]),
  dense: (() => {
    const w = new Float64Array(36)
    w[0 * 6 + 1] = 2.5
    w[1 * 6 + 2] = 2
    w[0 * 6 + 3] = 3
    w[3 * 6 + 4] = 2
    w[2 * 6 + 5] = 1.5
    w[4 * 6 + 5] = 1.5
    return w
  })(),
  contexts: [],
}
const train = sampleChain(truth, 3000, createRng(1))
const validation = sampleChain(truth, 1000, createRng(2))
const mean = (ll: E.Either<unknown, Float64Array>) => (E.isRight(ll) ? -ll.right.reduce((a, b) => a + b, 0) / ll.right.length : NaN)

describe('learnLogisticChain', () => {
  it('recovers an FVSBN: validation NLL falls and ends near the true model', async () => {
    const fit = await learnLogisticChain(train, { structure: full.right, validation, epochs: 6, learningRate: 0.05, seed: 2, patience: 6 })
    if (E.isLeft(fit)) throw new Error('fit')
    const h = fit.right.validationHistory
    expect(h[h.length - 1]!).toBeLessThan(h[0]!)
    const best = mean(chainLogLikelihoods(truth, validation))
    expect(fit.right.validationNll).toBeLessThan(best + 0.05)
    // The returned model keeps each pixel's best epoch: its validation NLL is what it reports.
    expect(mean(chainLogLikelihoods(fit.right.chain, validation))).toBeCloseTo(fit.right.validationNll, 9)
  })

  it('with context features: starts from the tables and is no worse than them', async () => {
    const fit = await learnLogisticChain(train, { structure: full.right, validation, contexts: [window.right], epochs: 3, seed: 1 })
    if (E.isLeft(fit)) throw new Error('fit')
    expect(fit.right.chain.contexts.length).toBe(1)
    expect(fit.right.contextAlpha.length).toBe(1)
    expect(mean(chainLogLikelihoods(fit.right.chain, validation))).toBeLessThan(mean(chainLogLikelihoods(truth, validation)) + 0.1)
  })

  it('refuses bad options with typed errors', async () => {
    const base = { structure: full.right, validation }
    const tag = async (p: Promise<E.Either<{ _tag: string }, unknown>>) => {
      const r = await p
      return E.isLeft(r) ? r.left._tag : 'Right'
    }
    expect(await tag(learnLogisticChain(train, { ...base, epochs: 0 }))).toBe('InvalidOption')
    expect(await tag(learnLogisticChain(train, { ...base, learningRate: -1 }))).toBe('InvalidOption')
    expect(await tag(learnLogisticChain(train, { ...base, threads: workerThreads(0) }))).toBe('InvalidOption')
    expect(await tag(learnLogisticChain(train, { ...base, contextAlpha: [] }))).toBe('InvalidOption')
    expect(await tag(learnLogisticChain(train, { structure: window.right, validation }))).toBe('InvalidOption')
    expect(await tag(learnLogisticChain({ ...train, width: 2 }, base))).toBe('ShapeMismatch')
    expect(await tag(learnLogisticChain({ ...train, rows: 0, pixels: new Uint8Array(0) }, base))).toBe('EmptyData')
    const snake = autoregressive({ grid, ordering: { kind: 'snake' }, parents: { kind: 'lastK', k: 1 } })
    if (E.isLeft(snake)) throw new Error('snake')
    expect(await tag(learnLogisticChain(train, { ...base, contexts: [snake.right] }))).toBe('InvalidOption')
    // Worker threads need the built package: from the TypeScript sources they are a typed error.
    expect(await tag(learnLogisticChain(train, { ...base, threads: workerThreads(2), epochs: 1 }))).toBe('WorkerFailed')
  })
})

describe('mixtures of chains', () => {
  it('EM weights favour the true model, and the mixture likelihood is the weighted sum', () => {
    const independent: BinaryChain = { width: 3, height: 2, n: 6, ordering: truth.ordering, bias: new Float64Array(6), contexts: [] }
    const mixture = fitMixtureWeights([truth, independent], validation)
    if (E.isLeft(mixture)) throw new Error('mixture')
    expect(mixture.right.weights[0]!).toBeGreaterThan(0.9)
    const ll = mixtureLogLikelihoods(mixture.right, validation)
    const a = chainLogLikelihoods(truth, validation)
    const b = chainLogLikelihoods(independent, validation)
    if (E.isLeft(ll) || E.isLeft(a) || E.isLeft(b)) throw new Error('scores')
    for (let r = 0; r < 20; r++) {
      const p = mixture.right.weights[0]! * Math.exp(a.right[r]!) + mixture.right.weights[1]! * Math.exp(b.right[r]!)
      expect(Math.abs(Math.exp(ll.right[r]!) - p)).toBeLessThan(1e-12)
    }
    expect(sampleMixture(mixture.right, 10, createRng(4)).pixels).toEqual(sampleMixture(mixture.right, 10, createRng(4)).pixels)
    expect(fitMixtureWeights([], validation)).toMatchObject({ left: { _tag: 'EmptyData' } })
  })
})
