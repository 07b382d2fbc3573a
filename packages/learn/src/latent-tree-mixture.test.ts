import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { createRng } from '@chainrule/models'
import { latentClassSkeleton, type LatentTree } from './index.js'
import {
  latentMixtureFeatures,
  latentMixtureLogLikelihoods,
  learnLatentTreeMixture,
  reconstructLatentTreeMixture,
  sampleLatentTreeMixture,
  type LatentTreeMixture,
} from './latent-tree-mixture.js'
import { arbitraryLatentTree, bruteLogLikelihood, brutePosteriors, sampleRows } from './latent.fixtures.js'
import { right } from './data.fixtures.js'
import { fitWeightsToScores } from './mixture-weights.js'
import type { RowData } from './row-data.js'

/** A latent class model over the observed variables of `like`, with seeded tables. */
const latentClassLike = (like: LatentTree, states: number, seed: number): LatentTree => {
  const rng = createRng(seed)
  const row = (card: number): number[] => {
    const raw = Array.from({ length: card }, () => 0.05 + rng.float())
    const sum = raw.reduce((a, b) => a + b, 0)
    return raw.map((x) => x / sum)
  }
  const skeleton = { ...latentClassSkeleton(like.observedCards, states), observedNames: like.observedNames }
  return {
    ...skeleton,
    hiddenTables: [Float64Array.from(row(states))],
    observedTables: Array.from(like.observedCards, (card) => Float64Array.from(Array.from({ length: states }, () => row(card)).flat())),
  }
}

/** Every assignment of the observed variables, as rows. */
const everyRow = (cards: Int32Array): RowData => {
  const n = cards.length
  const count = cards.reduce((a, c) => a * c, 1)
  const values = new Uint8Array(count * n)
  for (let r = 0; r < count; r++) {
    let rest = r
    for (let i = n - 1; i >= 0; i--) {
      values[r * n + i] = rest % cards[i]!
      rest = Math.floor(rest / cards[i]!)
    }
  }
  return { rows: count, cards, values }
}

const logSumExp = (xs: readonly number[]): number => {
  const max = Math.max(...xs)
  return max === -Infinity ? -Infinity : max + Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0))
}

describe('mixtures of latent trees', () => {
  it('log-likelihoods and features equal enumeration over every row (random trees)', () => {
    fc.assert(
      fc.property(arbitraryLatentTree({ maxHidden: 2, maxObserved: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 99 }), (tree, states, w) => {
        const other = latentClassLike(tree, states, w)
        const weights = Float64Array.of(w / 100, 1 - w / 100)
        const mixture: LatentTreeMixture = { weights, components: [tree, other] }
        const rows = everyRow(tree.observedCards)
        const ll = right(latentMixtureLogLikelihoods(mixture, rows))
        const features = right(latentMixtureFeatures(mixture, rows))
        const n = tree.observedCards.length
        let mass = 0
        for (let r = 0; r < rows.rows; r++) {
          const row = rows.values.subarray(r * n, (r + 1) * n)
          const perTree = [bruteLogLikelihood(tree, row), bruteLogLikelihood(other, row)]
          const expected = logSumExp(perTree.map((l, k) => Math.log(weights[k]!) + l))
          expect(ll[r]).toBeCloseTo(expected, 9)
          mass += Math.exp(expected)
          const f = features.values.subarray(r * features.dims, (r + 1) * features.dims)
          // p(T | row), then each tree's hidden posteriors given T = k.
          const posterior = [...perTree.map((l, k) => Math.exp(Math.log(weights[k]!) + l - expected)), ...brutePosteriors(tree, row), ...brutePosteriors(other, row)]
          expect(f.length).toBe(posterior.length)
          posterior.forEach((p, d) => expect(f[d]).toBeCloseTo(p, 5))
        }
        expect(mass).toBeCloseTo(1, 9)
      }),
      { numRuns: 40 },
    )
  })

  it('names feature columns by component', () => {
    const tree = latentClassLike({ ...latentClassSkeleton(Int32Array.of(2, 2), 1), hiddenTables: [], observedTables: [] }, 2, 1)
    const f = right(latentMixtureFeatures({ weights: Float64Array.of(0.5, 0.5), components: [tree, tree] }, everyRow(Int32Array.of(2, 2))))
    expect(f.names).toEqual(['T=0', 'T=1', 'T0.Z=s0', 'T0.Z=s1', 'T1.Z=s0', 'T1.Z=s1'])
  })

  it('weights: EM never lowers the log-likelihood and recovers the weights the rows were drawn with', () => {
    const base = latentClassLike({ ...latentClassSkeleton(Int32Array.from({ length: 8 }, () => 2), 1), hiddenTables: [], observedTables: [] }, 2, 3)
    // Two trees far apart: the second turns every pixel table around.
    const flipped: LatentTree = { ...base, observedTables: base.observedTables.map((t) => Float64Array.from(t, (_, j) => t[j ^ 1]!)) }
    const truth: LatentTreeMixture = { weights: Float64Array.of(0.3, 0.7), components: [base, flipped] }
    let previousError = Infinity
    for (const count of [400, 10_000]) {
      const drawn = right(sampleLatentTreeMixture(truth, count, createRng(count)))
      const perTree = [base, flipped].map((t) => right(latentMixtureLogLikelihoods({ weights: Float64Array.of(1), components: [t] }, drawn.rows)))
      const { weights, logLikelihood } = fitWeightsToScores(perTree, 500, 1e-12)
      for (let t = 1; t < logLikelihood.length; t++) expect(logLikelihood[t]).toBeGreaterThanOrEqual(logLikelihood[t - 1]! - 1e-9 * Math.abs(logLikelihood[t - 1]!))
      const drawnShare = drawn.component.reduce((s, k) => s + k, 0) / count
      expect(Math.abs(drawnShare - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / count))
      const error = Math.abs(weights[1]! - 0.7)
      expect(error).toBeLessThan(4 * Math.sqrt(0.21 / count) + 0.01)
      previousError = Math.min(previousError, error)
      // A row no component can draw says nothing about the weights: the same weights, a finite trace.
      const withImpossible = fitWeightsToScores(perTree.map((l) => Float64Array.of(...l, -Infinity)), 500, 1e-12)
      expect(Array.from(withImpossible.weights)).toEqual(Array.from(weights))
      expect(withImpossible.logLikelihood.every(Number.isFinite)).toBe(true)
    }
    expect(previousError).toBeLessThan(0.02)
  })

  it('learns every tree and the weights; the weights never lower the training log-likelihood', async () => {
    const rng = createRng(5)
    const tree = fc.sample(arbitraryLatentTree({ maxHidden: 2, maxObserved: 5 }), { numRuns: 1, seed: 11 })[0]!
    const data = sampleRows(tree, 300, rng.int(1000))
    const skeletons = [tree, latentClassSkeleton(tree.observedCards, 2)].map((s) => ({ ...s, observedNames: tree.observedNames }))
    const fit = right(await learnLatentTreeMixture(data, skeletons, { maxIterations: 15, tolerance: 1e-8 }))
    expect(fit.fits).toHaveLength(2)
    expect(fit.mixture.components).toHaveLength(2)
    expect(fit.mixture.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    for (let t = 1; t < fit.logLikelihood.length; t++) expect(fit.logLikelihood[t]).toBeGreaterThanOrEqual(fit.logLikelihood[t - 1]! - 1e-9 * Math.abs(fit.logLikelihood[t - 1]!))
    // The mixture is never worse on its training rows than the better of its trees alone.
    const mixed = right(latentMixtureLogLikelihoods(fit.mixture, data)).reduce((a, b) => a + b, 0)
    const alone = fit.mixture.components.map((c) => right(latentMixtureLogLikelihoods({ weights: Float64Array.of(1), components: [c] }, data)).reduce((a, b) => a + b, 0))
    expect(mixed).toBeGreaterThanOrEqual(Math.max(...alone) - 1e-6)
  })

  it('reconstructs each row through a tree drawn from p(T | row)', () => {
    // Tree 0 draws its pixels near 0, tree 1 near 1: a row's reconstruction mostly follows the tree that explains it.
    const base = latentClassLike({ ...latentClassSkeleton(Int32Array.from({ length: 6 }, () => 2), 1), hiddenTables: [], observedTables: [] }, 1, 8)
    const near = (p1: number): LatentTree => ({ ...base, observedTables: base.observedTables.map(() => Float64Array.of(1 - p1, p1)) })
    const mixture: LatentTreeMixture = { weights: Float64Array.of(0.5, 0.5), components: [near(0.05), near(0.95)] }
    const rows = { rows: 400, cards: base.observedCards, values: Uint8Array.from({ length: 400 * 6 }, (_, i) => (Math.floor(i / 6) % 2 === 0 ? 0 : 1)) }
    const back = right(reconstructLatentTreeMixture(mixture, rows, createRng(9)))
    let agree = 0
    for (let i = 0; i < back.values.length; i++) if (back.values[i] === rows.values[i]) agree++
    // All-0 rows come back from tree 0 and all-1 rows from tree 1 (posteriors of 1 - 1e-7): 95% of pixels agree.
    expect(agree / back.values.length).toBeGreaterThan(0.92)
    expect(agree / back.values.length).toBeLessThan(0.98)
  })

  it('refuses what is not a mixture, with typed errors', async () => {
    const tree = latentClassLike({ ...latentClassSkeleton(Int32Array.of(2, 2), 1), hiddenTables: [], observedTables: [] }, 2, 1)
    const rows = everyRow(Int32Array.of(2, 2))
    const wider = latentClassLike({ ...latentClassSkeleton(Int32Array.of(2, 3), 1), hiddenTables: [], observedTables: [] }, 2, 1)
    expect(latentMixtureLogLikelihoods({ weights: Float64Array.of(0.5, 0.6), components: [tree, tree] }, rows)).toMatchObject({ left: { _tag: 'InvalidOption', option: 'weights' } })
    expect(latentMixtureLogLikelihoods({ weights: Float64Array.of(1), components: [tree, tree] }, rows)).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(latentMixtureFeatures({ weights: Float64Array.of(), components: [] }, rows)).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(latentMixtureFeatures({ weights: Float64Array.of(0.5, 0.5), components: [tree, wider] }, rows)).toMatchObject({ left: { _tag: 'InvalidOption', option: 'components' } })
    expect(sampleLatentTreeMixture({ weights: Float64Array.of(1), components: [tree] }, -1, createRng(1))).toMatchObject({ left: { _tag: 'InvalidOption', option: 'count' } })
    expect(await learnLatentTreeMixture(rows, [])).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(await learnLatentTreeMixture(rows, [tree], { weightIterations: -1 })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'weightIterations' } })
    expect(await learnLatentTreeMixture(rows, [tree], { weightTolerance: -1 })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'weightTolerance' } })
    // A row no tree can draw is refused by its own index.
    const certain = (p1: number): LatentTree => ({ ...tree, hiddenCards: Int32Array.of(1), hiddenTables: [Float64Array.of(1)], observedTables: [Float64Array.of(1 - p1, p1), Float64Array.of(1, 0)] })
    const impossible = { rows: 3, cards: Int32Array.of(2, 2), values: Uint8Array.of(0, 0, 1, 0, 1, 1) }
    expect(reconstructLatentTreeMixture({ weights: Float64Array.of(0.5, 0.5), components: [certain(0.2), certain(0.7)] }, impossible, createRng(1))).toMatchObject({
      left: { _tag: 'ImpossibleRow', row: 2 },
    })
    const ok = await learnLatentTreeMixture(rows, [tree], { maxIterations: 2 })
    expect(E.isRight(ok) && ok.right.mixture.weights[0]).toBe(1)
  })
})
