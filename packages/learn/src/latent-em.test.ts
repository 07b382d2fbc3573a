import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dataSet } from '@chainrule/data'
import { learnEm } from './em.js'
import { learnLatentTree } from './latent-em.js'
import { latentLayout, latentNetwork, type LatentTree } from './latent-tree.js'
import { latentPass, passTables, prepareRows } from './latent-pass.js'
import { arbitraryLatentTree, bruteLogLikelihood, brutePosteriors, sampleRows } from './latent.fixtures.js'
import { right } from './table-learning.fixtures.js'
import type { Estimator } from './dirichlet.js'
import type { RowData } from './row-data.js'

const passOver = (model: LatentTree, data: RowData) => {
  const layout = right(latentLayout(model))
  const prepared = prepareRows(model, data)
  const logLikelihood = new Float64Array(data.rows)
  const posteriors = new Float64Array(data.rows * layout.states)
  latentPass(model, layout, prepared, passTables(model, layout, prepared), 0, data.rows, { logLikelihood, posteriors })
  return { logLikelihood, posteriors, states: layout.states }
}

/** The rows as a data set of the observed variables (states named like latentNetwork's). */
const asDataSet = (model: LatentTree, data: RowData) => {
  const n = model.observedNames.length
  return right(
    dataSet({
      variables: model.observedNames,
      states: Array.from(model.observedCards, (card) => Array.from({ length: card }, (_, k) => String(k))),
      columns: model.observedNames.map((_, i) => Uint8Array.from({ length: data.rows }, (_, r) => data.values[r * n + i]!)),
    }),
  )
}

describe('the latent tree pass', () => {
  it('log p(x) and every hidden posterior equal enumeration of the hidden states (tables with zeros too)', () =>
    fc.assert(
      fc.property(arbitraryLatentTree({ zeros: true }), fc.integer(), (model, seed) => {
        const data = sampleRows(model, 12, seed)
        const { logLikelihood, posteriors, states } = passOver(model, data)
        const n = model.observedNames.length
        for (let r = 0; r < data.rows; r++) {
          const row = data.values.subarray(r * n, (r + 1) * n)
          const exact = bruteLogLikelihood(model, row)
          expect(Math.abs(logLikelihood[r]! - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)))
          const q = brutePosteriors(model, row)
          for (let s = 0; s < states; s++) expect(Math.abs(posteriors[r * states + s]! - q[s]!)).toBeLessThanOrEqual(1e-12)
        }
      }),
      { numRuns: 150 },
    ))

  it('a row of probability zero scores -Infinity', () => {
    const model: LatentTree = {
      observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
      hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
      hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(1, 0, 1, 0)],
    }
    const { logLikelihood } = passOver(model, { rows: 2, cards: Int32Array.of(2), values: Uint8Array.of(0, 1) })
    expect(logLikelihood[0]).toBeCloseTo(0, 15)
    expect(logLikelihood[1]).toBe(-Infinity)
  })
})

describe('learnLatentTree', () => {
  const estimators: readonly Estimator[] = [{ kind: 'maximumLikelihood' }, { kind: 'dirichlet', alpha: 0.5 }, { kind: 'bdeu', equivalentSampleSize: 3 }]

  it('runs the same iterations as learnEm on the same network from the same start', () =>
    fc.assert(
      fc.asyncProperty(arbitraryLatentTree({ maxHidden: 3, maxObserved: 5 }), fc.integer(), fc.constantFrom(...estimators), async (model, seed, estimator) => {
        const data = sampleRows(model, 60, seed)
        const run = async (maxIterations: number) => {
          const options = { estimator, start: { kind: 'random', seed } as const, maxIterations, tolerance: 0 }
          const bn = right(latentNetwork(model))
          return {
            fast: right(await learnLatentTree(data, model, options)),
            slow: right(learnEm(asDataSet(model, data), bn, { ...options, latent: model.hiddenNames })),
          }
        }
        // With tolerance 0 a run stops when two objectives are bitwise equal; sums in another order may reach
        // that at another step once the objective no longer moves: then both are run for the shorter count.
        let { fast, slow } = await run(8)
        if (fast.iterations !== slow.iterations) ({ fast, slow } = await run(Math.min(fast.iterations, slow.iterations)))
        expect(fast.iterations).toBe(slow.iterations)
        for (let t = 0; t <= fast.iterations; t++) {
          expect(Math.abs(fast.objective[t]! - slow.objective[t]!)).toBeLessThanOrEqual(1e-10 * Math.abs(slow.objective[t]!))
          expect(Math.abs(fast.logLikelihood[t]! - slow.logLikelihood[t]!)).toBeLessThanOrEqual(1e-10 * Math.abs(slow.logLikelihood[t]!))
        }
        const tables = [...fast.model.hiddenTables, ...fast.model.observedTables]
        slow.network.cpts.forEach((f, v) => f.values.forEach((x, k) => expect(Math.abs(tables[v]![k]! - x)).toBeLessThanOrEqual(1e-9)))
      }),
      { numRuns: 60 },
    ))

  it('never decreases its objective, and its last log-likelihood is the exact one of the model it returns', () =>
    fc.assert(
      fc.asyncProperty(arbitraryLatentTree({ maxHidden: 3, maxObserved: 6 }), fc.integer(), async (truth, seed) => {
        const data = sampleRows(truth, 80, seed)
        const fit = right(await learnLatentTree(data, truth, { start: { kind: 'random', seed: seed + 1 }, maxIterations: 15, tolerance: 0 }))
        for (let t = 1; t <= fit.iterations; t++) expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - 1e-10 * Math.abs(fit.objective[t - 1]!))
        const n = truth.observedNames.length
        let exact = 0
        for (let r = 0; r < data.rows; r++) exact += bruteLogLikelihood(fit.model, data.values.subarray(r * n, (r + 1) * n))
        expect(Math.abs(fit.logLikelihood[fit.iterations]! - exact)).toBeLessThanOrEqual(1e-10 * Math.abs(exact))
      }),
      { numRuns: 40 },
    ))

  it('typed errors: options, shapes, empty data, a start of other sizes', async () => {
    const model = fc.sample(arbitraryLatentTree(), { seed: 4, numRuns: 1 })[0]!
    const data = sampleRows(model, 10, 1)
    for (const options of [{ maxIterations: -1 }, { tolerance: -1 }, { restarts: 0 }, { start: { kind: 'random', seed: 0.5 } }, { start: { kind: 'rows', seed: 0.5 } }, { estimator: { kind: 'dirichlet', alpha: -1 } }, { threads: { count: 0, run: async () => null } }])
      expect(await learnLatentTree(data, model, options as never)).toMatchObject({ left: { _tag: 'InvalidOption' } })
    expect(await learnLatentTree(data, model, { restarts: 2, start: { kind: 'model', model } })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'restarts' } })
    expect(await learnLatentTree({ ...data, cards: Int32Array.of(...data.cards, 2) }, model)).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(await learnLatentTree({ ...data, rows: 0, values: new Uint8Array(0) }, model)).toMatchObject({ left: { _tag: 'EmptyData' } })
    const other = { ...model, observedTables: model.observedTables.map((t) => t.subarray(0, 1)) }
    expect(await learnLatentTree(data, model, { start: { kind: 'model', model: other } })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'start.model' } })
    const failing = { count: 2, run: async () => Promise.reject(new Error('no thread here')) }
    expect(await learnLatentTree(data, model, { threads: failing })).toMatchObject({ left: { _tag: 'WorkerFailed', reason: 'no thread here' } })
  })
})

describe('learnLatentTree on threads', () => {
  it('splitting rows over threads gives the same run (jobs cloned as a worker would receive them)', async () => {
    const { runLatentPass } = await import('./latent-parallel.js')
    const inProcess = (count: number) => ({
      count,
      run: async (task: string, jobs: readonly unknown[]) => {
        expect(task).toBe('latentPass')
        expect(jobs.length).toBe(count)
        return jobs.map((job) => runLatentPass(structuredClone(job) as Parameters<typeof runLatentPass>[0]))
      },
    })
    const model = fc.sample(arbitraryLatentTree({ maxHidden: 3, maxObserved: 6 }).filter((m) => m.hiddenNames.length > 0), { seed: 11, numRuns: 1 })[0]!
    const data = sampleRows(model, 101, 3)
    const options = { start: { kind: 'rows', seed: 2 } as const, maxIterations: 5, tolerance: 0 }
    const one = right(await learnLatentTree(data, model, options))
    for (const count of [2, 3]) {
      const split = right(await learnLatentTree(data, model, { ...options, threads: inProcess(count) }))
      expect(split.iterations).toBe(one.iterations)
      split.logLikelihood.forEach((ll, t) => expect(Math.abs(ll - one.logLikelihood[t]!)).toBeLessThanOrEqual(1e-10 * Math.abs(ll)))
    }
  })
})
