import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { dataSet, hideCells, missingCells, MISSING, type DataSet } from '@chainrule/data'
import { createRng, defineNetwork, networkFromSpec } from '@chainrule/models'
import { learnEm } from './em.js'
import { learnTables } from './table-learning.js'
import { logLikelihood } from './log-likelihood.js'
import { pseudoCount, type Estimator } from './dirichlet.js'
import { describeError } from './errors.js'
import { arbitraryNetwork, bruteRowLogLikelihood, leftOf, right, sampleData } from './data.fixtures.js'

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
          // Maximum likelihood has no prior (0 * log 0 would be NaN where a state was never seen).
          if (alpha > 0) for (const x of f.values) prior += alpha * Math.log(x)
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

/** The data without the columns of `hidden` (they become latent). */
const dropColumns = (data: DataSet, hidden: readonly string[]): DataSet => {
  const keep = data.variables.map((name, c) => (hidden.includes(name) ? -1 : c)).filter((c) => c >= 0)
  return { variables: keep.map((c) => data.variables[c]!), states: keep.map((c) => data.states[c]!), columns: keep.map((c) => data.columns[c]!), rows: data.rows }
}

/** The data with an all-missing column for each of `hidden` (what a latent variable is to the brute-force oracle). */
const asMissing = (data: DataSet, hidden: readonly string[], states: readonly (readonly string[])[]): DataSet => ({
  variables: [...data.variables, ...hidden],
  states: [...data.states, ...states],
  columns: [...data.columns, ...hidden.map(() => new Uint8Array(data.rows).fill(MISSING))],
  rows: data.rows,
})

/** A latent class model: z with `k` states, `observed` children with `card` states each; tables from a seed. */
const latentClassModel = (k: number, observed: number, card: number, seed: number) => {
  const rng = createRng(seed)
  const variables = [
    { name: 'z', states: Array.from({ length: k }, (_, s) => `c${s}`), parents: [], table: Array.from({ length: k }, () => 1 / k) },
    ...Array.from({ length: observed }, (_, i) => ({
      name: `x${i}`,
      states: Array.from({ length: card }, (_, s) => `s${s}`),
      parents: ['z'],
      // Each class puts most of its mass on a different state: well separated, never zero.
      table: Array.from({ length: k }, (_, z) => {
        const row = Array.from({ length: card }, (_, s) => (s === (z + i) % card ? 3 : 0.3) + 0.4 * rng.float())
        const sum = row.reduce((a, b) => a + b, 0)
        return row.map((x) => x / sum)
      }).flat(),
    })),
  ]
  return right(defineNetwork({ variables }))
}

/** Largest table error of `fit` against `truth` under the best relabelling of z's states. */
const errorUpToLabels = (truth: ReturnType<typeof latentClassModel>, fit: ReturnType<typeof latentClassModel>, k: number): number => {
  const permutations = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])))
  let best = Infinity
  for (const perm of permutations(Array.from({ length: k }, (_, i) => i))) {
    let worst = 0
    truth.cpts.forEach((f, v) => {
      const card = f.cards[f.cards.length - 1]!
      for (let z = 0; z < k; z++)
        for (let s = 0; s < card; s++) {
          const at = v === 0 ? z : z * card + s
          const mapped = v === 0 ? perm[z]! : perm[z]! * card + s
          worst = Math.max(worst, Math.abs(f.values[at]! - fit.cpts[v]!.values[mapped]!))
          if (v === 0) break
        }
    })
    best = Math.min(best, worst)
  }
  return best
}

describe('learnEm with latent variables', () => {
  it('never decreases its objective with latent variables and missing cells, and its trace is the exact log-likelihood', () =>
    fc.assert(
      fc.property(
        arbitraryNetwork({ maxVariables: 5, maxCard: 3 }).filter((bn) => bn.dag.nodes.length >= 2),
        fc.integer({ min: 20, max: 120 }),
        fc.integer(),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.constantFrom(...estimators),
        (truth, rows, seed, p, estimator) => {
          // The first variable (a root, often a parent) is hidden; the others lose cells at random.
          const hidden = [truth.dag.nodes[0]!]
          const full = sampleData(truth, rows, seed)
          const data = right(hideCells(dropColumns(full, hidden), p, createRng(seed + 1)))
          const fit = right(learnEm(data, truth, { estimator, latent: hidden, start: { kind: 'random', seed }, maxIterations: 10, tolerance: 0 }))
          for (let t = 1; t < fit.objective.length; t++)
            expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]! - ROUNDING * Math.abs(fit.objective[t - 1]!))
          const oracle = asMissing(data, hidden, [truth.domain.variables[0]!.states])
          let exact = 0
          for (let r = 0; r < rows; r++) exact += bruteRowLogLikelihood(fit.network, oracle, r)
          const last = fit.logLikelihood[fit.iterations]!
          // Relative, with a floor: data the fitted model gives probability 1 has log-likelihood 0 (found by fast-check).
          expect(Math.abs(last - exact)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(exact)))
        },
      ),
      { numRuns: 40 },
    ))

  it('recovers a latent class model up to relabelling, closer as N grows', () => {
    const k = 3
    const truth = latentClassModel(k, 6, 3, 4)
    const errors = [500, 4000, 32000].map((rows) => {
      const data = dropColumns(sampleData(truth, rows, rows), ['z'])
      const fit = right(learnEm(data, truth, { latent: ['z'], restarts: 4, tolerance: 1e-9, maxIterations: 500 }))
      expect(fit.runs[fit.best]!.objective).toBe(Math.max(...fit.runs.map((r) => r.objective)))
      return { rows, error: errorUpToLabels(truth, fit.network, k) }
    })
    // Sampling error of a table entry is about 1 / sqrt(N / k); allow about two standard errors at every size (measured: 0.084, 0.033, 0.0079 against 0.155, 0.055, 0.019).
    for (const { rows, error } of errors) expect(error).toBeLessThan(2 / Math.sqrt(rows / k))
    expect(errors[2]!.error).toBeLessThan(errors[0]!.error)
  })

  it('restarts run from seeds seed, seed + 1, ... and keep the best; the same seeds give the same network', () => {
    const truth = latentClassModel(3, 4, 2, 9)
    const data = dropColumns(sampleData(truth, 300, 5), ['z'])
    const options = { latent: ['z'], restarts: 5, start: { kind: 'random', seed: 10 }, maxIterations: 30 } as const
    const fit = right(learnEm(data, truth, options))
    expect(fit.runs.map((r) => r.seed)).toEqual([10, 11, 12, 13, 14])
    expect(fit.runs[fit.best]!.objective).toBe(Math.max(...fit.runs.map((r) => r.objective)))
    expect(fit.objective[fit.iterations]).toBe(fit.runs[fit.best]!.objective)
    const single = right(learnEm(data, truth, { ...options, restarts: 1, start: { kind: 'random', seed: 10 + fit.best } }))
    expect([...single.network.cpts[1]!.values]).toEqual([...fit.network.cpts[1]!.values])
    const again = right(learnEm(data, truth, options))
    expect([...again.objective]).toEqual([...fit.objective])
  })

  it('a hidden class over 784 observed pixels, where the probability of every row is far below the smallest double: the exact log-likelihood, not ImpossibleRow', () => {
    const pixels = 784
    const classes = 3
    const rng = createRng(11)
    const prior = [0.2, 0.3, 0.5]
    // Every class expects most pixels on; the rows have most pixels off.
    const on = Array.from({ length: pixels }, () => Array.from({ length: classes }, () => 0.6 + 0.35 * rng.float()))
    const built = networkFromSpec({
      variables: [
        { name: 'Z', states: ['a', 'b', 'c'], parents: [], table: prior },
        ...on.map((p, i) => ({ name: `x${i}`, states: ['0', '1'], parents: ['Z'], table: p.flatMap((q) => [1 - q, q]) })),
      ],
    })
    if (E.isLeft(built)) throw new Error('network')
    const rows = 5
    const cells = Array.from({ length: pixels }, () => Uint8Array.from({ length: rows }, () => (rng.float() < 0.1 ? 1 : 0)))
    const data = right(dataSet({ variables: on.map((_, i) => `x${i}`), states: on.map(() => ['0', '1']), columns: cells }))
    const fit = right(learnEm(data, built.right.network, { latent: ['Z'], start: { kind: 'network', network: built.right.network }, maxIterations: 0 }))
    // log p(x) = log sum_z p(z) prod_i p(x_i | z), summed in logs here.
    let expected = 0
    for (let r = 0; r < rows; r++) {
      const terms = prior.map((pz, z) => Math.log(pz) + on.reduce((sum, p, i) => sum + Math.log(cells[i]![r] === 1 ? p[z]! : 1 - p[z]!), 0))
      const top = Math.max(...terms)
      expected += top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0))
    }
    expect(expected).toBeLessThan(-708 * rows) // every row's probability underflows a double
    expect(Math.abs(fit.logLikelihood[0]! - expected)).toBeLessThan(1e-9 * Math.abs(expected))
    // One more step still runs: the posteriors over Z are read, not refused.
    const stepped = right(learnEm(data, built.right.network, { latent: ['Z'], start: { kind: 'network', network: built.right.network }, maxIterations: 1, tolerance: 0 }))
    expect(stepped.logLikelihood[1]!).toBeGreaterThanOrEqual(stepped.logLikelihood[0]!)
  })

  it('typed errors: an undeclared missing variable, bad latent names, restarts without a random start', () => {
    const truth = latentClassModel(2, 3, 2, 1)
    const data = dropColumns(sampleData(truth, 50, 1), ['z'])
    const undeclared = leftOf(learnEm(data, truth))
    expect(undeclared).toEqual({ _tag: 'UndeclaredLatent', variable: 'z' })
    expect(describeError(undeclared)).toContain('declare it latent')
    expect(leftOf(learnEm(data, truth, { latent: ['z', 'w'] }))).toMatchObject({ _tag: 'InvalidOption', option: 'latent', value: 'w' })
    expect(leftOf(learnEm(data, truth, { latent: ['z', 'z'] }))).toMatchObject({ _tag: 'InvalidOption', option: 'latent', reason: 'named twice' })
    expect(leftOf(learnEm(sampleData(truth, 50, 1), truth, { latent: ['z'] }))).toMatchObject({ _tag: 'InvalidOption', option: 'latent', value: 'z' })
    expect(leftOf(learnEm(data, truth, { latent: ['z'], restarts: 2, start: { kind: 'uniform' } }))).toMatchObject({ _tag: 'InvalidOption', option: 'restarts' })
    expect(leftOf(learnEm(data, truth, { latent: ['z'], restarts: 0 }))).toMatchObject({ _tag: 'InvalidOption', option: 'restarts' })
    // A latent variable whose states are all tied stays tied: the uniform start is a fixed point, which is why
    // the default start with latent variables is random.
    const tied = right(learnEm(data, truth, { latent: ['z'], start: { kind: 'uniform' } }))
    expect(tied.iterations).toBeLessThanOrEqual(2)
    const free = right(learnEm(data, truth, { latent: ['z'] }))
    expect(free.logLikelihood[free.iterations]!).toBeGreaterThan(tied.logLikelihood[tied.iterations]! + 1)
  })
})
