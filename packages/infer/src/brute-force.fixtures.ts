/**
 * Test fixtures: random small models and a brute-force oracle that enumerates
 * every joint assignment. Deliberately naive and independent of the engine's
 * layout code: it indexes each table by computing row-major offsets itself.
 */
import { markovNetworkFromSpec, networkFromSpec, type BayesianNetwork, type MarkovNetwork } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { DenseTable } from './compile-tables.js'

export interface SmallModel {
  readonly cards: readonly number[]
  readonly tables: readonly DenseTable[]
}

/** Random Bayesian networks: each variable's CPT over up to 3 earlier parents; some entries zero. */
export const arbNetwork = (maxVars = 7): fc.Arbitrary<SmallModel> =>
  fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: maxVars })
    .chain((cards) =>
      fc
        .tuple(
          ...cards.map((_, v) =>
            fc.subarray(
              Array.from({ length: v }, (_, u) => u),
              { maxLength: Math.min(3, v) },
            ),
          ),
        )
        .chain((parentLists) =>
          fc
            .tuple(
              ...parentLists.map((parents, v) => {
                const rows = parents.reduce((s, p) => s * cards[p]!, 1)
                return fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), {
                  minLength: rows * cards[v]!,
                  maxLength: rows * cards[v]!,
                })
              }),
            )
            .map((raw) => ({
              cards,
              tables: parentLists.map((parents, v) => ({
                scope: [...parents, v],
                values: normaliseRows(raw[v]!, cards[v]!),
              })),
            })),
        ),
    )

/**
 * Random factor graphs (Markov networks): cards 1..3, up to `maxFactors`
 * potentials over 1..3 distinct variables each, entries zero or spread over
 * several orders of magnitude (nothing needs to sum to 1). A variable may be
 * in no factor at all.
 */
export const arbFactorGraph = (maxVars = 6, maxFactors = 8): fc.Arbitrary<SmallModel> =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: maxVars }).chain((cards) =>
    fc
      .array(fc.uniqueArray(fc.integer({ min: 0, max: cards.length - 1 }), { minLength: 1, maxLength: Math.min(3, cards.length) }), {
        minLength: 1,
        maxLength: maxFactors,
      })
      .chain((scopes) =>
        fc
          .tuple(
            ...scopes.map((scope) => {
              const size = scope.reduce((n, v) => n * cards[v]!, 1)
              const entry = fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }))
              return fc.array(entry, { minLength: size, maxLength: size })
            }),
          )
          .map((values) => ({ cards, tables: scopes.map((scope, t) => ({ scope, values: Float64Array.from(values[t]!) })) })),
      ),
  )

const normaliseRows = (raw: readonly number[], card: number): Float64Array => {
  const out = Float64Array.from(raw)
  for (let r = 0; r < out.length; r += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += out[r + k]!
    for (let k = 0; k < card; k++) out[r + k] = sum === 0 ? 1 / card : out[r + k]! / sum
  }
  return out
}

/** Random evidence: each variable observed with probability ~1/3. */
export const arbEvidence = (cards: readonly number[]): fc.Arbitrary<Int32Array> =>
  fc
    .tuple(...cards.map((card) => fc.oneof(fc.constant(-1), fc.constant(-1), fc.integer({ min: 0, max: card - 1 }))))
    .map((states) => Int32Array.from(states))

/** Every joint assignment with its unnormalised weight (product of all tables and likelihoods). */
export const enumerate = (
  model: SmallModel,
  states: ArrayLike<number>,
  likelihoods: readonly (Float64Array | undefined)[] = [],
): { readonly assignments: Int32Array[]; readonly weights: number[] } => {
  const { cards, tables } = model
  const n = cards.length
  const assignments: Int32Array[] = []
  const weights: number[] = []
  const a = new Int32Array(n)
  const visit = (v: number): void => {
    if (v === n) {
      let w = 1
      for (const t of tables) {
        let index = 0
        for (const u of t.scope) index = index * cards[u]! + a[u]!
        w *= t.values[index]!
      }
      for (let u = 0; u < n; u++) {
        if (states[u]! >= 0 && a[u] !== states[u]) w = 0
        const l = likelihoods[u]
        if (l !== undefined) w *= l[a[u]!]!
      }
      assignments.push(Int32Array.from(a))
      weights.push(w)
      return
    }
    for (let s = 0; s < cards[v]!; s++) {
      a[v] = s
      visit(v + 1)
    }
  }
  visit(0)
  return { assignments, weights }
}

/** P(v = s | e) for every v and s by enumeration, and P(e). */
export const bruteMarginals = (
  model: SmallModel,
  states: ArrayLike<number>,
  likelihoods: readonly (Float64Array | undefined)[] = [],
): { readonly marginals: Float64Array[]; readonly pEvidence: number } => {
  const { assignments, weights } = enumerate(model, states, likelihoods)
  const marginals = model.cards.map((card) => new Float64Array(card))
  let pEvidence = 0
  assignments.forEach((a, i) => {
    pEvidence += weights[i]!
    a.forEach((s, v) => {
      marginals[v]![s] = marginals[v]![s]! + weights[i]!
    })
  })
  for (const m of marginals) for (let s = 0; s < m.length; s++) m[s] = m[s]! / pEvidence
  return { marginals, pEvidence }
}

/**
 * A small model as a Bayesian network over variables v0, v1, ... with states
 * s0, s1, ... (tables[v] must be v's conditional table, child last), or as a
 * Markov network when `kind` says so.
 */
export const networkOf = (model: SmallModel): BayesianNetwork => {
  const name = (v: number): string => `v${v}`
  const built = networkFromSpec({
    variables: model.cards.map((card, v) => ({
      name: name(v),
      states: Array.from({ length: card }, (_, s) => `s${s}`),
      parents: model.tables[v]!.scope.slice(0, -1).map(name),
      table: model.tables[v]!.values,
    })),
  })
  if (E.isLeft(built)) throw new Error(`fixture network: ${built.left.map((e) => e._tag).join(', ')}`)
  return built.right.network
}

/** A small model's tables as a Markov network over v0, v1, ... (any non-negative tables). */
export const markovOf = (model: SmallModel): MarkovNetwork => {
  const name = (v: number): string => `v${v}`
  const built = markovNetworkFromSpec({
    variables: model.cards.map((card, v) => ({ name: name(v), states: Array.from({ length: card }, (_, s) => `s${s}`) })),
    factors: model.tables.map((t) => ({ scope: t.scope.map(name), values: t.values })),
  })
  if (E.isLeft(built)) throw new Error(`fixture Markov network: ${built.left.map((e) => e._tag).join(', ')}`)
  return built.right
}

/** Hard evidence by name (v0: 's1', ...) from dense states (-1 = unobserved). */
export const evidenceOf = (states: ArrayLike<number>): Record<string, string> =>
  Object.fromEntries(Array.from(states).flatMap((s, v) => (s >= 0 ? [[`v${v}`, `s${s}`]] : [])))

/** Every assignment consistent with the evidence, with the log of its weight (product of the tables). */
export const logTerms = (model: SmallModel, states: ArrayLike<number>): { assignment: number[]; log: number }[] => {
  const { cards, tables } = model
  const terms: { assignment: number[]; log: number }[] = []
  const total = cards.reduce((s, c) => s * c, 1)
  for (let i = 0; i < total; i++) {
    const assignment: number[] = []
    let rest = i
    for (let v = cards.length - 1; v >= 0; v--) {
      assignment[v] = rest % cards[v]!
      rest = Math.floor(rest / cards[v]!)
    }
    if (assignment.some((s, v) => states[v]! >= 0 && states[v] !== s)) continue
    let log = 0
    for (const t of tables) log += Math.log(t.values[t.scope.reduce((k, v) => k * cards[v]! + assignment[v]!, 0)]!)
    terms.push({ assignment, log })
  }
  return terms
}

/** log P(e) and P(v | e) by enumerating every assignment in logs (log-sum-exp): immune to underflow. */
export const logEnumeration = (model: SmallModel, states: Int32Array): { logPEvidence: number; marginals: number[][] } => {
  const { cards } = model
  const terms = logTerms(model, states)
  const top = Math.max(...terms.map((t) => t.log))
  if (top === -Infinity) return { logPEvidence: -Infinity, marginals: [] }
  const weight = (t: { log: number }): number => Math.exp(t.log - top)
  const sum = terms.reduce((s, t) => s + weight(t), 0)
  const marginals = cards.map((card, v) =>
    Array.from({ length: card }, (_, s) => terms.filter((t) => t.assignment[v] === s).reduce((m, t) => m + weight(t), 0) / sum),
  )
  return { logPEvidence: top + Math.log(sum), marginals }
}

// Trees of rare events: each variable has one parent among the earlier ones and
// conditional probabilities as small as 1e-300, so products fall far below the
// smallest double while evidence can make those events the likely ones.
const rare = fc.constantFrom(1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 0.5, 0.25)
export const arbRareModel = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc
    .record({
      parents: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
      p: fc.array(fc.tuple(rare, rare), { minLength: n, maxLength: n }),
    })
    .map(({ parents, p }): SmallModel => ({
      cards: p.map(() => 2),
      tables: [
        { scope: [0], values: [1 - p[0]![0], p[0]![0]] },
        ...parents.map((parent, i) => ({ scope: [parent, i + 1], values: [1 - p[i + 1]![0], p[i + 1]![0], 1 - p[i + 1]![1], p[i + 1]![1]] })),
      ],
    })),
)

// Evidence mostly on the rare state (1), where the tree runs out of range.
export const arbRareEvidence = (n: number) => fc.array(fc.constantFrom(-1, -1, 1, 1, 0), { minLength: n, maxLength: n }).map((s) => Int32Array.from(s))

