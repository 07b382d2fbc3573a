/**
 * Test support for table learning, log-likelihood and EM: random networks
 * (fast-check), sampled data, and brute-force oracles written independently
 * of the code under test (row-by-row loops, the tables' own strides, full
 * enumeration of missing cells).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromSamples, MISSING, type DataSet } from '@chainrule/data'
import { ancestralSample, createRng, defineNetwork, logProbOfStates, type BayesianNetwork, type NetworkSpec } from '@chainrule/models'

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left, (_, v) => (typeof v === 'bigint' ? String(v) : v)))
  return e.right
}

export const leftOf = <L>(e: E.Either<L, unknown>): L => {
  if (E.isRight(e)) throw new Error('expected a Left')
  return e.left
}

/** Random networks: up to `maxVariables`, cards 2..maxCard, up to `maxParents` parents among earlier variables, positive tables. */
export const arbitraryNetwork = ({ maxVariables = 5, maxCard = 3, maxParents = 2 } = {}): fc.Arbitrary<BayesianNetwork> =>
  fc
    .integer({ min: 1, max: maxVariables })
    .chain((n) =>
      fc.record({
        cards: fc.array(fc.integer({ min: 2, max: maxCard }), { minLength: n, maxLength: n }),
        parents: fc.tuple(...Array.from({ length: n }, (_, v) => fc.subarray(Array.from({ length: v }, (_, p) => p), { maxLength: Math.min(maxParents, v) }))),
        seed: fc.integer(),
      }),
    )
    .map(({ cards, parents, seed }) => {
      const rng = createRng(seed)
      const spec: NetworkSpec = {
        variables: cards.map((card, v) => {
          const ps = (parents as number[][])[v] ?? []
          const rows = ps.reduce((s, p) => s * cards[p]!, 1)
          const table: number[] = []
          for (let j = 0; j < rows; j++) {
            const raw = Array.from({ length: card }, () => 0.05 + rng.float())
            const sum = raw.reduce((a, b) => a + b, 0)
            table.push(...raw.map((x) => x / sum))
          }
          return { name: `v${v}`, states: Array.from({ length: card }, (_, s) => `s${s}`), parents: ps.map((p) => `v${p}`), table }
        }),
      }
      return right(defineNetwork(spec))
    })

/** `rows` rows drawn from `bn` with a seed, as a data set. */
export const sampleData = (bn: BayesianNetwork, rows: number, seed: number): DataSet => right(fromSamples(right(ancestralSample(bn, rows, createRng(seed)))))

/** Counts of each family, by a row loop using the CPT's own strides (no shared code with counts.ts). */
export const bruteCounts = (bn: BayesianNetwork, data: DataSet): Float64Array[] =>
  bn.cpts.map((f) => {
    const out = new Float64Array(f.values.length)
    for (let r = 0; r < data.rows; r++) {
      let at = 0
      f.scope.forEach((v, k) => (at += f.strides[k]! * data.columns[data.variables.indexOf(bn.dag.nodes[v]!)]![r]!))
      out[at]!++
    }
    return out
  })

/** log P(observed cells of row r), by enumerating every completion of the missing cells. */
export const bruteRowLogLikelihood = (bn: BayesianNetwork, data: DataSet, r: number): number => {
  const n = bn.dag.nodes.length
  const cards = bn.domain.variables.map((v) => v.states.length)
  const given = bn.dag.nodes.map((name) => data.columns[data.variables.indexOf(name)]![r]!)
  const gaps = given.map((s, v) => (s === MISSING ? v : -1)).filter((v) => v >= 0)
  const states = Int32Array.from(given, (s) => (s === MISSING ? 0 : s))
  let total = 0
  for (;;) {
    total += Math.exp(logProbOfStates(bn, states))
    let k = gaps.length - 1
    for (; k >= 0; k--) {
      const v = gaps[k]!
      if (++states[v]! < cards[v]!) break
      states[v] = 0
    }
    if (k < 0) break
  }
  void n
  return Math.log(total)
}
