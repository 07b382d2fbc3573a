import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { autoregressive, createRng } from '@chainrule/models'
import { hiddenArena, hiddenLayout, hiddenMemory, imagePasses, initialParameters } from './hidden-kernel.js'
import type { ContextFeature } from './logistic-kernel.js'
import { toPositionData } from './logistic-kernel.js'
import { learnLogisticChain } from './logistic-chain.js'
import { chainLogLikelihoods } from './score-chain.js'
import { chainToMixedNetwork } from './mixed-network.js'
import type { ImageMatrix } from './image-data.js'

/** A context feature over the previous position (k = 1), with random log-odds tables. */
const previousPixel = (n: number, rng: ReturnType<typeof createRng>): ContextFeature => {
  const table = () => Float64Array.from({ length: 2 * n }, () => rng.float() * 4 - 2)
  return { k: 1, counts: Uint8Array.from({ length: n }, (_, p) => (p > 0 ? 1 : 0)), parents: Int32Array.from({ length: n }, (_, p) => Math.max(0, p - 1)), logits: table(), looOn: table(), looOff: table() }
}

describe('the hidden-unit kernel', () => {
  /** A random layout, parameters and two images in a fresh block; the passes in WebAssembly or typed arrays. */
  const setup = (n: number, units: number, dense: boolean, seed: number, webAssembly: boolean) => {
    const rng = createRng(seed)
    const features = [previousPixel(n, rng)]
    const layout = hiddenLayout(n, units, 1, dense)
    const arena = hiddenArena(layout, 0, 1, 1)
    const memory = hiddenMemory(arena.bytes, false)
    const passes = imagePasses(arena, memory, features, arena.scratch[0]!, webAssembly)
    const f64 = passes.f64
    for (let i = 0; i < layout.size; i++) f64[arena.theta + i] = rng.float() * 2 - 1
    // The padding units (up to a multiple of 8) have zero weights, always.
    for (let r = 0; r <= 2 * n; r++) f64.fill(0, arena.theta + layout.hiddenBias + r * layout.stride + units, arena.theta + layout.hiddenBias + (r + 1) * layout.stride)
    const pixels = Uint8Array.from({ length: 2 * n }, () => rng.int(2))
    const data = toPositionData(pixels, 2, Int32Array.from({ length: n }, (_, p) => p))
    return { layout, arena, passes, f64, data }
  }

  it('gives the gradient of minus the log-likelihood (finite differences, every parameter)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), fc.boolean(), fc.nat(), (n, units, dense, training, seed) => {
        const { layout, arena, passes, f64, data } = setup(n, units, dense, seed, true)
        const grad = arena.gradients
        passes.forward(arena.theta, data, 1, training)
        passes.backward(arena.theta, data, 1, grad)
        const h = 1e-6
        for (let i = 0; i < layout.size; i++) {
          // Only the used upper triangle of the dense part is a parameter; the padding unit never moves.
          const lower = dense && i >= layout.denseAt && (i - layout.denseAt) % n <= Math.floor((i - layout.denseAt) / n)
          const padding = i >= layout.hiddenBias && i < layout.denseAt && (i - layout.hiddenBias) % layout.stride >= units
          if (lower || padding) {
            expect(f64[grad + i]).toBe(0)
            continue
          }
          const at = f64[arena.theta + i]!
          f64[arena.theta + i] = at + h
          const up = -passes.forward(arena.theta, data, 1, training)
          f64[arena.theta + i] = at - h
          const down = -passes.forward(arena.theta, data, 1, training)
          f64[arena.theta + i] = at
          expect(Math.abs(f64[grad + i]! - (up - down) / (2 * h))).toBeLessThan(1e-6 * Math.max(1, Math.abs(f64[grad + i]!)))
        }
      }),
      { numRuns: 40 },
    ))

  it('in WebAssembly gives the bits of the typed-array twin: log-likelihood, logits, active units and gradient', () => {
    // Node has WebAssembly threads: the block must be a WebAssembly memory, or this would compare the twin with itself.
    expect(hiddenMemory(64, false) instanceof ArrayBuffer).toBe(false)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.nat(), (n, units, dense, seed) => {
        const run = (webAssembly: boolean) => {
          const { arena, passes, f64, data } = setup(n, units, dense, seed, webAssembly)
          const ll = passes.forward(arena.theta, data, 0, true)
          passes.backward(arena.theta, data, 0, arena.gradients)
          const s = arena.scratch[0]!
          return { ll, block: Array.from(f64.subarray(0, arena.bytes / 8 - Math.ceil(n / 8))).slice(arena.gradients, s.back + arena.layout.stride), logits: Array.from(f64.subarray(s.logits, s.logits + n)) }
        }
        expect(run(true)).toEqual(run(false))
      }),
      { numRuns: 60 },
    )
  })

  it('starts from the given biases, feature weights 1/G, an empty dense part and seeded hidden weights', () => {
    const layout = hiddenLayout(3, 3, 2, true)
    const out = new Float64Array(layout.size + 5)
    initialParameters(layout, Float64Array.of(1, 2, 3), 100, 7, out, 5)
    const theta = out.subarray(5)
    expect(Array.from(theta.subarray(0, 3))).toEqual([1, 2, 3])
    expect(Array.from(theta.subarray(layout.featureWeights, layout.hiddenBias))).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    expect(theta.subarray(layout.denseAt).every((x) => x === 0)).toBe(true)
    expect(theta.subarray(layout.input, layout.output).some((x) => x !== 0)).toBe(true)
    // 3 units in rows of 8: the last five of each row are zero.
    for (let r = 0; r < 6; r++) expect(Array.from(theta.subarray(layout.input + r * 8 + 3, layout.input + r * 8 + 8))).toEqual([0, 0, 0, 0, 0])
    const again = new Float64Array(layout.size + 5)
    initialParameters(layout, Float64Array.of(1, 2, 3), 100, 7, again, 5)
    expect(again).toEqual(out)
  })
})

/** Images of 3 x 4 pixels drawn from three prototypes, each pixel flipped with probability 0.1: a hidden cause. */
const prototypes = (count: number, seed: number): ImageMatrix => {
  const rng = createRng(seed)
  const shapes = ['111100001111', '000011110000', '100110011001'].map((s) => Array.from(s, Number))
  const pixels = new Uint8Array(count * 12)
  for (let r = 0; r < count; r++) {
    const shape = shapes[rng.int(3)]!
    for (let v = 0; v < 12; v++) pixels[r * 12 + v] = rng.float() < 0.1 ? 1 - shape[v]! : shape[v]!
  }
  return { rows: count, width: 3, height: 4, pixels }
}

describe('learnLogisticChain with hidden units', () => {
  const grid = { width: 3, height: 4 }
  const full = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
  if (E.isLeft(full)) throw new Error('structure')
  const train = prototypes(3000, 1)
  const validation = prototypes(1000, 2)
  const test = prototypes(1000, 3)
  const mean = (ll: E.Either<unknown, Float64Array>) => (E.isRight(ll) ? -ll.right.reduce((a, b) => a + b, 0) / ll.right.length : NaN)
  /** The true model's NLL: log of the mixture over the three prototypes, exactly. */
  const truthNll = (() => {
    const shapes = ['111100001111', '000011110000', '100110011001'].map((s) => Array.from(s, Number))
    let total = 0
    for (let r = 0; r < test.rows; r++) {
      let p = 0
      for (const shape of shapes) {
        let q = 1 / 3
        for (let v = 0; v < 12; v++) q *= test.pixels[r * 12 + v] === shape[v] ? 0.9 : 0.1
        p += q
      }
      total -= Math.log(p)
    }
    return total / test.rows
  })()

  it('learns a hidden cause that biases alone cannot, close to the true model, and scores as it trained', async () => {
    const options = { structure: full.right, validation, dense: false, epochs: 30, learningRate: 0.02, decay: 0.95, patience: 5, seed: 3 }
    const hidden = await learnLogisticChain(train, { ...options, hiddenUnits: 8 })
    const plain = await learnLogisticChain(train, options)
    if (E.isLeft(hidden) || E.isLeft(plain)) throw new Error('fit')
    const h = hidden.right.validationHistory
    expect(h[h.length - 1]!).toBeLessThan(h[0]!)
    expect(hidden.right.chain.hidden?.units).toBe(8)
    // Biases alone give the independent model, about 12 * 0.69 nats; the hidden units find the mixture.
    expect(mean(chainLogLikelihoods(plain.right.chain, test))).toBeGreaterThan(truthNll + 2)
    expect(mean(chainLogLikelihoods(hidden.right.chain, test))).toBeLessThan(truthNll + 0.1)
    // The kept parameters are those of the best validation epoch, and the scorer agrees with the trainer.
    expect(hidden.right.validationNll).toBe(Math.min(...h))
    expect(mean(chainLogLikelihoods(hidden.right.chain, validation))).toBeCloseTo(hidden.right.validationNll, 9)
    expect(chainToMixedNetwork(hidden.right.chain)).toMatchObject({ left: { _tag: 'InvalidOption' } })
  })

  it('the same seed gives the same chain; another seed another', async () => {
    const options = { structure: full.right, validation, epochs: 2, hiddenUnits: 4 }
    const a = await learnLogisticChain(train, { ...options, seed: 5 })
    const b = await learnLogisticChain(train, { ...options, seed: 5 })
    const c = await learnLogisticChain(train, { ...options, seed: 6 })
    if (E.isLeft(a) || E.isLeft(b) || E.isLeft(c)) throw new Error('fit')
    expect(b.right.chain.hidden!.input).toEqual(a.right.chain.hidden!.input)
    expect(c.right.chain.hidden!.input).not.toEqual(a.right.chain.hidden!.input)
  })

  it('refuses a number of units that is not a whole number from 0 to 8,192, or whose training needs over 4 GiB', async () => {
    for (const hiddenUnits of [-1, 1.5, 8193, Number.NaN]) {
      const fit = await learnLogisticChain(train, { structure: full.right, validation, hiddenUnits })
      expect(fit).toMatchObject({ left: { _tag: 'InvalidOption', option: 'hiddenUnits' } })
    }
    // 8,192 units over 128 x 128 pixels: about 14 GiB of parameters, moments, gradients and scratch.
    const big = autoregressive({ grid: { width: 128, height: 128 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 0 } })
    if (E.isLeft(big)) throw new Error('structure')
    const images = { rows: 2, width: 128, height: 128, pixels: new Uint8Array(2 * 16384) }
    const fit = await learnLogisticChain(images, { structure: big.right, validation: images, dense: false, hiddenUnits: 8192 })
    expect(fit).toMatchObject({ left: { _tag: 'InvalidOption', option: 'hiddenUnits', reason: expect.stringContaining('GiB') } })
  })
})
