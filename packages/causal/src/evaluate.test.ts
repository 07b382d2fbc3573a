import { dataSet, fromSamples, memorySource, type DataSource } from '@chainrule/data'
import { compile } from '@chainrule/infer'
import { ancestralSample, createRng, type NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbCausalCase, arbFrontdoorCase, bruteForce, bruteForceSource, enumerateSpec, unwrap, type CausalCase } from './causal.fixtures.js'
import { frontdoorEstimand, type Estimand } from './estimand.js'
import { evaluate, valueAt, type EstimandValue } from './evaluate.js'
import { isFrontdoorSet } from './frontdoor.js'
import { identify } from './identify.js'
import { dataProbabilities, modelProbabilities } from './probabilities.js'

/**
 * A data source whose counts are N times the exact observational
 * probabilities of the observed variables: the large-sample limit of data
 * drawn from the model, with no sampling noise.
 */
const exactCounts = (c: CausalCase, n: number): DataSource => {
  const observed = c.diagram.observed
  const index = observed.map((name) => c.spec.variables.findIndex((v) => v.name === name))
  const states = index.map((i) => c.spec.variables[i]!.states)
  const joint = enumerateSpec(c.spec)
  return {
    description: 'exact',
    variables: observed,
    states,
    rowCount: async () => E.right(n),
    counts: async (families) =>
      E.right(
        families.map((family) => {
          const cards = family.map((col) => states[col]!.length)
          const counts = new Float64Array(cards.reduce((a, b) => a * b, 1))
          joint.assignments.forEach((a, k) => {
            let at = 0
            family.forEach((col, i) => (at = at * cards[i]! + a[index[col]!]!))
            counts[at]! += joint.weights[k]! * n
          })
          return { columns: [...family], cards, counts, rows: n }
        }),
      ),
    batches: async function* () {
      return
    },
    close: async () => {},
  }
}

/** The largest difference between the value and P(outcome | do(treatment)) by enumeration, over every state. */
const worstError = (c: CausalCase, value: EstimandValue): number => {
  let worst = 0
  const cardOf = (name: string): number => c.spec.variables.find((v) => v.name === name)!.states.length
  const combos = (names: readonly string[]): Map<string, number>[] =>
    names.reduce<Map<string, number>[]>((acc, name) => acc.flatMap((a) => Array.from({ length: cardOf(name) }, (_, s) => new Map([...a, [name, s]]))), [new Map()])
  for (const x of combos(c.treatment)) {
    const truth = bruteForce(c.spec, c.outcome, x)!
    combos(c.outcome).forEach((y, k) => {
      const at = Object.fromEntries([...x, ...y].map(([name, s]) => [name, `s${s}`]))
      worst = Math.max(worst, Math.abs(unwrap(valueAt(value, at)) - truth[k]!))
    })
  }
  return worst
}

const arbIdentified = arbCausalCase({ maxVariables: 6 })
  .map((c) => ({ c, answer: unwrap(identify(c.diagram, c)) }))
  .filter(({ answer }) => answer.identifiable)
  .map(({ c, answer }) => ({ c, estimand: (answer as { estimand: Estimand }).estimand }))

describe('estimands evaluated on data', () => {
  it('from counts in the large-sample limit (exact frequencies times N), the estimate equals do(): exactly without smoothing, within alpha-bias with it', () =>
    fc.assert(
      fc.asyncProperty(arbIdentified, async ({ c, estimand }) => {
        const raw = unwrap(await dataProbabilities(exactCounts(c, 1e6), [estimand], { alpha: 0 }))
        expect(worstError(c, unwrap(evaluate(estimand, raw)))).toBeLessThan(1e-12)
        // Smoothing biases a conditional by about alpha / (N P(condition)): it vanishes as 1 / N. Rare conditions
        // (P down to 1e-6 in these models) keep it above any fixed bound at a fixed N, so the test checks the rate.
        const errorAt = async (n: number) => worstError(c, unwrap(evaluate(estimand, unwrap(await dataProbabilities(exactCounts(c, n), [estimand], { alpha: 1 })))))
        const [small, medium, large] = [await errorAt(50), await errorAt(1e8), await errorAt(1e12)]
        expect(large).toBeLessThan(1e-6)
        expect(large).toBeLessThanOrEqual(Math.max(1e-3 * medium, 1e-11))
        // Smoothing biases small samples most (up to rounding: a uniform table is unbiased at every N).
        expect(small).toBeGreaterThanOrEqual(large - 1e-15)
      }),
      { numRuns: 60 },
    ))

  it('from rows drawn from the model, the front-door estimate is close to do() (50,000 rows)', async () => {
    // A model where m1 is a front-door set, so that the formula is exact and the rows' error is sampling error only.
    const c = fc.sample(arbFrontdoorCase(), { numRuns: 100, seed: 11 }).find((k) => unwrap(isFrontdoorSet(k.diagram, k, ['m1'])))!
    const samples = unwrap(ancestralSample(c.network, 50_000, createRng(5)))
    const all = unwrap(fromSamples(samples))
    const keep = all.variables.map((v, i) => [v, i] as const).filter(([v]) => v !== 'u')
    const observedOnly = unwrap(dataSet({ variables: keep.map(([v]) => v), states: keep.map(([, i]) => all.states[i]!), columns: keep.map(([, i]) => all.columns[i]!) }))
    const estimand = frontdoorEstimand(['x'], ['y'], ['m1'])
    const probabilities = unwrap(await dataProbabilities(memorySource(observedOnly), [estimand]))
    const value = unwrap(evaluate(estimand, probabilities))
    expect(value.source).toBe('data')
    expect(value.zeroRows).toBe(0)
    // Standard errors here are below 0.005; 0.02 is four of them.
    expect(worstError(c, value)).toBeLessThan(0.02)
    expect(worstError(c, value)).toBeGreaterThan(0)
  })
})

describe('missing cells', () => {
  it("complete-case drops a row with any missing cell; available-case keeps the rows each family can read", async () => {
    const ds = unwrap(dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1, 1), Uint8Array.of(0, 0, 1, 255)] }))
    const leaf = { kind: 'probability', of: ['a'], given: [] } as const
    const complete = unwrap(await dataProbabilities(memorySource(ds), [leaf], { alpha: 0 }))
    const available = unwrap(await dataProbabilities(memorySource(ds), [leaf], { alpha: 0, missing: 'available-case' }))
    expect(Array.from(unwrap(complete.conditional([0] as never, [])).table.values)).toEqual([1 / 3, 2 / 3])
    expect(Array.from(unwrap(available.conditional([0] as never, [])).table.values)).toEqual([0.25, 0.75])
  })
})

describe('estimands evaluated on a compiled model', () => {
  it('through the infer API, equal to the same estimand on the enumerated joint', () =>
    fc.assert(
      fc.property(arbIdentified, ({ c, estimand }) => {
        const engine = unwrap(compile(c.network))
        const onModel = unwrap(evaluate(estimand, modelProbabilities(engine)))
        expect(onModel.source).toBe('model')
        expect(worstError(c, onModel)).toBeLessThan(1e-12)
      }),
      { numRuns: 100 },
    ))
})

describe('evaluation errors', () => {
  const spec: NetworkSpec = { variables: [{ name: 'a', states: ['0', '1'], parents: [], table: [0.5, 0.5] }] }
  const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')
  it('unknown variables, a missing column, a bad pseudo-count, a bad assignment', async () => {
    const source = bruteForceSource(spec)
    expect(tag(evaluate({ kind: 'probability', of: ['b'], given: [] }, source))).toBe('UnknownVariable')
    const ds = unwrap(dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1)] }))
    expect(tag(await dataProbabilities(memorySource(ds), [{ kind: 'probability', of: ['b'], given: [] }]))).toBe('DataMismatch')
    expect(tag(await dataProbabilities(memorySource(ds), [], { alpha: -1 }))).toBe('InvalidOption')
    const value = unwrap(evaluate({ kind: 'probability', of: ['a'], given: [] }, source))
    expect(tag(valueAt(value, {}))).toBe('InvalidOption')
    expect(tag(valueAt(value, { a: '7' }))).toBe('UnknownState')
    expect(unwrap(valueAt(value, { a: '1' }))).toBe(0.5)
    // The data source's own failures come back nested.
    const failing: DataSource = { ...memorySource(ds), counts: async () => E.left({ _tag: 'InvalidOption', option: 'family', value: '0', reason: 'the server went away' }) }
    const failed = await dataProbabilities(failing, [{ kind: 'probability', of: ['a'], given: [] }])
    expect(E.isLeft(failed) && failed.left).toEqual({ _tag: 'Data', error: { _tag: 'InvalidOption', option: 'family', value: '0', reason: 'the server went away' } })
    // A sum over a variable its body does not mention multiplies by its number of states.
    const doubled = unwrap(evaluate({ kind: 'sum', over: ['a'], of: { kind: 'product', factors: [] } }, source))
    expect(doubled.table.values[0]).toBe(2)
  })
})
