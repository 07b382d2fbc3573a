import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dataSet, hideCells, missingCells, MISSING } from '@chainrule/data'
import { createRng, defineNetwork } from '@chainrule/models'
import { learnEm } from './em.js'
import { learnTables } from './table-learning.js'
import { logLikelihood } from './log-likelihood.js'
import { pseudoCount, type Estimator } from './dirichlet.js'
import { describeError } from './errors.js'
import { arbitraryNetwork, leftOf, right, sampleData } from './data.fixtures.js'

/**
 * Monotonicity tolerance: the objective is a sum of thousands of logs computed
 * in a different order at each iteration, so two equal values may differ in
 * the last bits. 1e-10 relative is far below any real decrease EM could show.
 */
const ROUNDING = 1e-10

const estimators: readonly Estimator[] = [
  { kind: 'maximumLikelihood' },
  { kind: 'dirichlet', alpha: 0.5 },
  { kind: 'bdeu', equivalentSampleSize: 4 },
]

describe('learnEm', () => {
  it('never decreases its objective (random networks, random missingness, every estimator)', () =>
    fc.assert(
      fc.property(
        arbitraryNetwork({ maxVariables: 5, maxCard: 3 }),
        fc.integer({ min: 20, max: 150 }),
        fc.integer(),
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.constantFrom(...estimators),
        fc.constantFrom({ kind: 'availableCases' } as const, { kind: 'uniform' } as const, { kind: 'random', seed: 5 } as const),
        (truth, rows, seed, p, estimator, start) => {
          const data = right(hideCells(sampleData(truth, rows, seed), p, createRng(seed + 1)))
          const fit = right(learnEm(data, truth, { estimator, start, maxIterations: 12, tolerance: 0 }))
          for (let t = 1; t < fit.objective.length; t++)
            expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - ROUNDING * Math.abs(fit.objective[t - 1]!))
          if (estimator.kind === 'maximumLikelihood') expect([...fit.objective]).toEqual([...fit.logLikelihood])
        },
      ),
      { numRuns: 60 },
    ))

  it('its trace is the exact log-likelihood (and log-prior) of the network it returns', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 4, maxCard: 3 }), fc.integer(), fc.constantFrom(...estimators), (truth, seed, estimator) => {
        const data = right(hideCells(sampleData(truth, 80, seed), 0.3, createRng(seed)))
        const fit = right(learnEm(data, truth, { estimator, maxIterations: 5, tolerance: 0 }))
        const last = fit.logLikelihood.length - 1
        const exact = right(logLikelihood(fit.network, data)).total
        expect(Math.abs(fit.logLikelihood[last]! - exact)).toBeLessThanOrEqual(1e-12 * Math.abs(exact))
        let prior = 0
        fit.network.cpts.forEach((f) => {
          const card = f.cards[f.cards.length - 1]!
          const alpha = pseudoCount(estimator, card, f.values.length / card)
          for (const x of f.values) prior += alpha * Math.log(x)
        })
        expect(Math.abs(fit.objective[last]! - fit.logLikelihood[last]! - prior)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(prior)))
      }),
      { numRuns: 40 },
    ))

  it('on complete data equals maximum likelihood after one step, then stops', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 5, maxCard: 3 }), fc.integer(), fc.constantFrom(...estimators), (truth, seed, estimator) => {
        const data = sampleData(truth, 200, seed)
        const direct = right(learnTables(data, truth, { estimator }))
        const one = right(learnEm(data, truth, { estimator, maxIterations: 1, start: { kind: 'uniform' } }))
        expect(one.iterations).toBe(1)
        expect(one.patterns).toBe(0)
        one.network.cpts.forEach((f, v) => expect([...f.values]).toEqual([...direct.cpts[v]!.values]))
        const full = right(learnEm(data, truth, { estimator, start: { kind: 'uniform' } }))
        // Step 1 reaches ML; step 2 (if the start was not already within tolerance) reproduces it exactly.
        expect(full.converged).toBe(true)
        expect(full.iterations).toBeLessThanOrEqual(2)
        if (full.iterations === 2) expect(full.objective[2]).toBe(full.objective[1])
        full.network.cpts.forEach((f, v) => expect([...f.values]).toEqual([...direct.cpts[v]!.values]))
      }),
      { numRuns: 30 },
    ))

  it('recovers the sprinkler network from 20% missing cells, and groups repeated patterns', () => {
    const truth = right(
      defineNetwork({
        states: { cloudy: ['no', 'yes'], sprinkler: ['off', 'on'], rain: ['no', 'yes'], wet: ['no', 'yes'] },
        parents: { sprinkler: ['cloudy'], rain: ['cloudy'], wet: ['sprinkler', 'rain'] },
        tables: {
          cloudy: [0.5, 0.5],
          sprinkler: [0.5, 0.5, 0.9, 0.1],
          rain: [0.8, 0.2, 0.2, 0.8],
          wet: [1, 0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99],
        },
      }),
    )
    const data = right(hideCells(sampleData(truth, 5000, 11), 0.2, createRng(12)))
    const fit = right(learnEm(data, truth, { start: { kind: 'random', seed: 1 }, tolerance: 1e-9, maxIterations: 500 }))
    expect(fit.converged).toBe(true)
    expect(fit.patterns).toBeLessThan(missingCells(data).total)
    truth.cpts.forEach((f, v) => f.values.forEach((x, k) => expect(Math.abs(fit.network.cpts[v]!.values[k]! - x)).toBeLessThan(0.06)))
  })

  it('reports every iteration to onIteration, and compile options reach the compiler', () => {
    const truth = fc.sample(arbitraryNetwork({ maxVariables: 4 }), { seed: 8, numRuns: 1 })[0]!
    const data = right(hideCells(sampleData(truth, 100, 2), 0.3, createRng(2)))
    const seen: number[] = []
    const fit = right(learnEm(data, truth, { maxIterations: 4, tolerance: 0, onIteration: (t, objective) => seen.push(t, objective) }))
    expect(seen).toEqual([...fit.objective].flatMap((o, t) => [t, o]))
    expect(leftOf(learnEm(data, truth, { compile: { memoryBudgetBytes: 1 } }))).toMatchObject({ _tag: 'Infer', error: { _tag: 'OverBudget' } })
  })

  it('typed errors: options, start network, impossible rows', () => {
    const truth = fc.sample(arbitraryNetwork({ maxVariables: 3 }), { seed: 3, numRuns: 1 })[0]!
    const data = sampleData(truth, 30, 1)
    for (const options of [{ maxIterations: -1 }, { tolerance: Number.NaN }, { start: { kind: 'random', seed: 0.5 } }, { start: { kind: 'guess' } }, { estimator: { kind: 'dirichlet', alpha: 0 } }])
      expect(leftOf(learnEm(data, truth, options as never))._tag).toBe('InvalidOption')
    const other = fc.sample(arbitraryNetwork({ maxVariables: 4 }), { seed: 99, numRuns: 1 })[0]!
    expect(leftOf(learnEm(data, truth, { start: { kind: 'network', network: other } }))).toMatchObject({ _tag: 'InvalidOption', option: 'start.network' })
    expect(leftOf(learnEm(data, truth, { maxTableEntries: 1 }))._tag).toBe('TableTooLarge')
    // A start that gives the observed state of v0 probability zero:
    const zero = { ...truth, cpts: truth.cpts.map((f, v) => (v === 0 ? { ...f, values: Float64Array.from(f.values, (_, k) => (k === 0 ? 1 : 0)) } : f)) }
    const rows = right(dataSet({ variables: truth.dag.nodes, states: truth.domain.variables.map((v) => v.states), columns: truth.dag.nodes.map((_, v) => Uint8Array.of(v === 0 ? 1 : MISSING, 1)) }))
    const e = leftOf(learnEm(rows, truth, { start: { kind: 'network', network: zero } }))
    expect(e).toMatchObject({ _tag: 'ImpossibleRow', iteration: 0 })
    expect(describeError(e)).toContain('probability zero')
    const complete = right(dataSet({ variables: truth.dag.nodes, states: truth.domain.variables.map((v) => v.states), columns: truth.dag.nodes.map(() => Uint8Array.of(0, 1)) }))
    expect(leftOf(learnEm(complete, truth, { start: { kind: 'network', network: zero } }))).toMatchObject({ _tag: 'ImpossibleRow', row: 1, iteration: 0 })
  })
})
