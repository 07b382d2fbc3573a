/**
 * Test support: brute-force oracles written from the definitions, sharing no
 * code with the package: family counts by string keys over rows, scores by
 * their textbook formulas with Dirichlet ratios as products
 * (Gamma(a + N) / Gamma(a) = a (a + 1) ... (a + N - 1)), every DAG over a few
 * nodes by enumeration, and random data sets drawn from random networks.
 * (Test support only: nothing in `index.ts` imports this file.)
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, fromSamples, type DataSet } from '@chainrule/data'
import { ancestralSample, createRng, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import type { Score } from '../scores.js'

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

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

const dagsByN = new Map<number, number[][][]>()

/** Every DAG over n nodes, as parent lists (each unordered pair absent, one way or the other; cyclic ones dropped). Memoized. */
export const allDags = (n: number): number[][][] => {
  const known = dagsByN.get(n)
  if (known !== undefined) return known
  const pairs: [number, number][] = []
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b])
  const out: number[][][] = []
  const total = 3 ** pairs.length
  for (let code = 0; code < total; code++) {
    const parents: number[][] = Array.from({ length: n }, () => [])
    let rest = code
    for (const [a, b] of pairs) {
      const t = rest % 3
      rest = Math.floor(rest / 3)
      if (t === 1) parents[b]!.push(a)
      else if (t === 2) parents[a]!.push(b)
    }
    if (isAcyclic(parents)) out.push(parents)
  }
  dagsByN.set(n, out)
  return out
}

/** Kahn's test of acyclicity on parent lists. */
export const isAcyclic = (parents: readonly (readonly number[])[]): boolean => {
  const n = parents.length
  const indegree = parents.map((ps) => ps.length)
  const queue = indegree.flatMap((d, v) => (d === 0 ? [v] : []))
  let seen = 0
  while (queue.length > 0) {
    const u = queue.pop()!
    seen++
    for (let v = 0; v < n; v++) if (parents[v]!.includes(u) && --indegree[v]! === 0) queue.push(v)
  }
  return seen === n
}

/** A random network over `n` variables with random parents (earlier variables) and tables from the seed. */
export const randomNetwork = (n: number, maxCard: number, density: number, seed: number): BayesianNetwork => {
  const rng = createRng(seed)
  const cards = Array.from({ length: n }, () => 2 + rng.int(maxCard - 1))
  const variables = Array.from({ length: n }, (_, v) => {
    const parents = Array.from({ length: v }, (_, p) => p).filter(() => rng.float() < density)
    const rows = parents.reduce((a, p) => a * cards[p]!, 1)
    const table: number[] = []
    for (let j = 0; j < rows; j++) {
      // Skewed rows so that dependencies are strong enough to be seen.
      const row = Array.from({ length: cards[v]! }, () => 0.05 + rng.float() ** 3)
      const sum = row.reduce((a, b) => a + b, 0)
      table.push(...row.map((x) => x / sum))
    }
    return { name: `x${v}`, states: Array.from({ length: cards[v]! }, (_, s) => `s${s}`), parents: parents.map((p) => `x${p}`), table }
  })
  return right(networkFromSpec({ variables })).network
}

/** Rows drawn from a network. */
export const sampleData = (network: BayesianNetwork, rows: number, seed: number): DataSet =>
  right(fromSamples(right(ancestralSample(network, rows, createRng(seed)))))

/** A small random data set: a random network of 2..maxVariables variables, 30..300 rows. */
export const arbitraryData = (maxVariables = 5): fc.Arbitrary<{ data: DataSet; network: BayesianNetwork }> =>
  fc
    .record({
      n: fc.integer({ min: 2, max: maxVariables }),
      density: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      rows: fc.integer({ min: 30, max: 300 }),
    })
    .map(({ n, density, seed, rows }) => {
      const network = randomNetwork(n, 3, density, seed)
      return { network, data: sampleData(network, rows, seed + 1) }
    })

/** A few scores to check laws under. */
export const arbitraryScore: fc.Arbitrary<Score> = fc.oneof(
  fc.constant<Score>({ kind: 'bic' }),
  fc.constant<Score>({ kind: 'aic' }),
  fc.constant<Score>({ kind: 'logLikelihood' }),
  fc.constant<Score>({ kind: 'k2' }),
  fc.double({ min: 0.1, max: 20, noNaN: true }).map((ess): Score => ({ kind: 'bdeu', equivalentSampleSize: ess })),
)

/** |a - b| within a relative tolerance (scores are sums of many terms: only summation order differs). */
export const closeTo = (a: number, b: number, relative = 1e-12): boolean => Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b))
