/**
 * Test fixtures: score oracles written from the definitions, sharing no code
 * with the package (family counts by string keys over rows, scores by their
 * textbook formulas with Dirichlet ratios as products,
 * Gamma(a + N) / Gamma(a) = a (a + 1) ... (a + N - 1)), and random data sets
 * drawn from the oracle's random networks (`@chainrule/testing`).
 */
import fc from 'fast-check'
import { MISSING, fromSamples, type DataSet } from '@chainrule/data'
import { ancestralSample, createRng, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import { arbitraryModel, networkSpecOf, right } from '@chainrule/testing'
import type { Score } from './scores.js'

export { right } from '@chainrule/testing'

/** Rows with no missing cell in any column. */
export const completeRowIndices = (data: DataSet): number[] => {
  const out: number[] = []
  for (let r = 0; r < data.rows; r++) if (data.columns.every((c) => c[r] !== MISSING)) out.push(r)
  return out
}

/** Sum of log(a + i) for i < n: log Gamma(a + n) - log Gamma(a) for integer n. */
const logRising = (a: number, n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) s += Math.log(a + i)
  return s
}

/** The score of one family, from the rows, by the definitions. */
export const bruteFamilyScore = (score: Score, data: DataSet, child: number, parents: readonly number[]): number => {
  const rows = completeRowIndices(data)
  const r = data.states[child]!.length
  const q = parents.reduce((a, p) => a * data.states[p]!.length, 1)
  const counts = new Map<string, number[]>()
  for (const row of rows) {
    const key = parents.map((p) => data.columns[p]![row]).join('|')
    const list = counts.get(key) ?? new Array<number>(r).fill(0)
    list[data.columns[child]![row]!]! += 1
    counts.set(key, list)
  }
  const n = rows.length
  let ll = 0
  for (const list of counts.values()) {
    const nj = list.reduce((a, b) => a + b, 0)
    for (const njk of list) if (njk > 0) ll += njk * Math.log(njk / nj)
  }
  const k = q * (r - 1)
  switch (score.kind) {
    case 'logLikelihood':
      return ll
    case 'bic':
      return ll - (Math.log(n) / 2) * k
    case 'aic':
      return ll - k
    case 'bdeu':
    case 'k2': {
      const ajk = score.kind === 'k2' ? 1 : score.equivalentSampleSize / (q * r)
      let s = 0
      for (const list of counts.values()) {
        const nj = list.reduce((a, b) => a + b, 0)
        s -= logRising(ajk * r, nj)
        for (const njk of list) s += logRising(ajk, njk)
      }
      return s
    }
  }
}

/** The score of a graph given as parent lists over the data's columns. */
export const bruteGraphScore = (score: Score, data: DataSet, parents: readonly (readonly number[])[]): number =>
  parents.reduce((s, ps, v) => s + bruteFamilyScore(score, data, v, ps), 0)

/** A random network (the oracle's) of `n` variables with 2..maxCard states, no zero entries, drawn from a seed. */
export const randomNetwork = (n: number, maxCard: number, seed: number): BayesianNetwork =>
  networkOf(fc.sample(arbitraryModel({ variables: { min: n, max: n }, states: { min: 2, max: maxCard }, zeros: false }), { seed, numRuns: 1 })[0]!)

const networkOf = (model: Parameters<typeof networkSpecOf>[0]): BayesianNetwork => right(networkFromSpec(networkSpecOf(model))).network

/** Rows drawn from a network. */
export const sampleData = (network: BayesianNetwork, rows: number, seed: number): DataSet =>
  right(fromSamples(right(ancestralSample(network, rows, createRng(seed)))))

/** A small random data set: the oracle's random network of 2..maxVariables variables (2 or 3 states, no zero entries), 30..300 rows. */
export const arbitraryData = (maxVariables = 5): fc.Arbitrary<{ data: DataSet; network: BayesianNetwork }> =>
  fc
    .record({
      model: arbitraryModel({ variables: { min: 2, max: maxVariables }, states: { min: 2, max: 3 }, zeros: false }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      rows: fc.integer({ min: 30, max: 300 }),
    })
    .map(({ model, seed, rows }) => {
      const network = networkOf(model)
      return { network, data: sampleData(network, rows, seed) }
    })

/** A few scores to check laws under. */
export const arbitraryScore: fc.Arbitrary<Score> = fc.oneof(
  fc.constant<Score>({ kind: 'bic' }),
  fc.constant<Score>({ kind: 'aic' }),
  fc.constant<Score>({ kind: 'logLikelihood' }),
  fc.constant<Score>({ kind: 'k2' }),
  fc.double({ min: 0.1, max: 20, noNaN: true }).map((ess): Score => ({ kind: 'bdeu', equivalentSampleSize: ess })),
)
