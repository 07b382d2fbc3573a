/**
 * Inference that exploits compact tables, end to end: `compile` of
 * @chainrule/infer decomposes networks with noisy-MAX (and deterministic)
 * tables into chains of auxiliary variables (@chainrule/models `decompose`),
 * and every answer about the original variables is compared with brute-force
 * enumeration of the expanded network (its full tables), under random hard
 * evidence, the noisy children's own included: marginals and log P(e), MPE,
 * log-likelihoods of rows, posterior samples' shape, and interventions.
 */
import { compile, logLikelihoods, marginals, mpe, samplePosterior } from '@chainrule/infer'
import { createRng, networkFromSpec, type BayesianNetwork, type NetworkSpec, type TableSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

/** A distribution over `card` states from integer weights, some zero. */
const arbDistribution = (card: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: card, maxLength: card }).map((w) => {
    if (Math.max(...w) === 0) w[0] = 1
    const sum = w.reduce((a, b) => a + b, 0)
    return w.map((x) => x / sum)
  })

/** Up to 6 variables of 1-3 states; each later variable has up to 4 earlier parents and, most often, a noisy-MAX table. */
const arbCompactNetwork: fc.Arbitrary<NetworkSpec> = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 6 }).chain((cards) =>
  fc
    .tuple(...cards.map((_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { minLength: Math.min(v, 2), maxLength: Math.min(v, 4) })))
    .chain((parents) =>
      fc
        .tuple(
          ...cards.map((card, v) => {
            const parentCards = parents[v]!.map((p) => cards[p]!)
            const rows = parentCards.reduce((a, c) => a * c, 1)
            const full = fc.array(arbDistribution(card), { minLength: rows, maxLength: rows }).map((r): TableSpec => r.flat())
            if (parentCards.length === 0) return full
            const noisy = fc
              .record({
                order: fc.shuffledSubarray(Array.from({ length: card }, (_, s) => s), { minLength: card, maxLength: card }),
                leak: arbDistribution(card),
                parents: fc.tuple(
                  ...parentCards.map((k) =>
                    fc.record({
                      distinguished: fc.integer({ min: 0, max: k - 1 }),
                      probabilities: fc.array(arbDistribution(card), { minLength: k - 1, maxLength: k - 1 }).map((r) => r.flat()),
                    }),
                  ),
                ),
              })
              .map((t): TableSpec => ({ kind: 'noisyMax', ...t }))
            const functional = fc
              .array(fc.integer({ min: 0, max: card - 1 }), { minLength: rows, maxLength: rows })
              .map((states): TableSpec => ({ kind: 'deterministic', states }))
            return fc.oneof({ arbitrary: noisy, weight: 4 }, { arbitrary: full, weight: 1 }, { arbitrary: functional, weight: 1 })
          }),
        )
        .map(
          (tables): NetworkSpec => ({
            variables: cards.map((card, v) => ({
              name: `v${v}`,
              states: Array.from({ length: card }, (_, s) => `s${s}`),
              parents: parents[v]!.map((p) => `v${p}`),
              table: tables[v]!,
            })),
          }),
        ),
    ),
)

/** Brute force over the expanded network: P(e), P(v | e) for every variable, and the largest joint entry, from its full tables. */
const enumerate = (bn: BayesianNetwork, evidence: readonly number[]): { pe: number; marginals: number[][]; best: number } => {
  const cards = bn.domain.variables.map((v) => v.states.length)
  const n = cards.length
  const marginals = cards.map((c) => new Array<number>(c).fill(0))
  let pe = 0
  let best = 0
  const total = cards.reduce((a, c) => a * c, 1)
  const x = new Array<number>(n).fill(0)
  for (let k = 0; k < total; k++) {
    let rest = k
    for (let v = n - 1; v >= 0; v--) {
      x[v] = rest % cards[v]!
      rest = Math.floor(rest / cards[v]!)
    }
    if (evidence.some((s, v) => s >= 0 && x[v] !== s)) continue
    let p = 1
    for (let v = 0; v < n; v++) {
      // cpts[v] has scope [...parents, v], last fastest.
      let index = 0
      for (const u of bn.cpts[v]!.scope) index = index * cards[u]! + x[u]!
      p *= bn.cpts[v]!.values[index]!
    }
    pe += p
    best = Math.max(best, p)
    for (let v = 0; v < n; v++) marginals[v]![x[v]!] = marginals[v]![x[v]!]! + p
  }
  return { pe, marginals: marginals.map((m) => m.map((q) => q / pe)), best }
}

describe('decomposed compact tables compiled by @chainrule/infer equal enumeration of the expanded network', () => {
  it('every marginal of the original variables and log P(e), MPE and row scores, under hard evidence (noisy children observed too)', () =>
    fc.assert(
      fc.property(arbCompactNetwork, fc.array(fc.nat(8), { minLength: 6, maxLength: 6 }), (spec, picks) => {
        const built = networkFromSpec(spec)
        if (E.isLeft(built)) throw new Error(JSON.stringify(built.left))
        const bn = built.right.network
        const cards = bn.domain.variables.map((v) => v.states.length)
        // Each variable observed with probability 1/3, in a state picked at random.
        const observed = cards.map((c, v) => (picks[v]! % 3 === 0 ? Math.floor(picks[v]! / 3) % c : -1))
        const evidence = Object.fromEntries(observed.flatMap((s, v) => (s < 0 ? [] : [[bn.dag.nodes[v]!, bn.domain.variables[v]!.states[s]!]])))
        const targets = bn.dag.nodes.filter((_, v) => observed[v]! < 0)
        const engine = compile(bn, { compactTables: 'decompose' })
        if (E.isLeft(engine)) throw new Error(engine.left._tag)
        const decomposable = bn.compact?.some((t, v) => t?.kind === 'noisyMax' && bn.dag.parentIds[v]!.length >= 2) ?? false
        expect(engine.right.compactTables).toBe(decomposable ? 'decomposed' : 'expanded')
        const posterior = marginals(engine.right, { evidence, targets })
        const exact = enumerate(bn, observed)
        // One row, the evidence, scored; auxiliary variables are neither columns nor reported.
        const row = logLikelihoods(engine.right, observed.map((s) => Int32Array.of(s)), 1)
        if (E.isLeft(row)) throw new Error(row.left._tag)
        expect(row.right[0]).toBe(exact.pe === 0 ? -Infinity : row.right[0])
        if (exact.pe === 0) {
          expect(E.isLeft(posterior) && posterior.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
        expect(Math.abs(posterior.right.logPEvidence - Math.log(exact.pe))).toBeLessThan(1e-12)
        expect(Math.abs(row.right[0]! - Math.log(exact.pe))).toBeLessThan(1e-12)
        const best = mpe(engine.right, { evidence })
        if (E.isLeft(best)) throw new Error(best.left._tag)
        expect(Math.abs(best.right.logProbability - Math.log(exact.best))).toBeLessThan(1e-12)
        expect(Object.keys(best.right.assignment)).toEqual(bn.dag.nodes)
        const draws = samplePosterior(engine.right, 3, createRng(1), { evidence })
        if (E.isLeft(draws)) throw new Error(draws.left._tag)
        expect(draws.right.columns.length).toBe(bn.dag.nodes.length)
        for (const name of targets) {
          const v = bn.domain.byName.get(name)!
          const p = posterior.right.probabilities[v]!
          exact.marginals[v]!.forEach((q, s) => expect(Math.abs(p[s]! - q)).toBeLessThan(1e-12))
        }
      }),
      // Shrinking nested chains of arbitraries takes minutes: report the first counterexample as found.
      { numRuns: 300, endOnFailure: true },
    ))
})

describe('compile chooses the decomposition when it plans a smaller tree', () => {
  it('a 14-parent noisy-OR compiles decomposed into a tree hundreds of times smaller, with the same answers and interventions', () => {
    const k = 14
    const causes = Array.from({ length: k }, (_, i) => `c${i}`)
    const spec: NetworkSpec = {
      variables: [
        ...causes.map((name) => ({ name, states: ['no', 'yes'], parents: [], table: [0.9, 0.1] })),
        {
          name: 'alarm',
          states: ['no', 'yes'],
          parents: causes,
          table: { kind: 'noisyMax', leak: [0.99, 0.01], parents: causes.map((_, i) => ({ distinguished: 0, probabilities: [0.2 + 0.05 * i, 0.8 - 0.05 * i] })) },
        },
      ],
    }
    const built = networkFromSpec(spec)
    if (E.isLeft(built)) throw new Error(JSON.stringify(built.left))
    const bn = built.right.network
    const auto = compile(bn)
    const expanded = compile(bn, { compactTables: 'expand' })
    if (E.isLeft(auto) || E.isLeft(expanded)) throw new Error('compile')
    expect(auto.right.compactTables).toBe('decomposed')
    expect(expanded.right.compactTables).toBe('expanded')
    expect(auto.right.plan.clusterEntries * 100).toBeLessThan(expanded.right.plan.clusterEntries)
    for (const question of [{ evidence: { alarm: 'yes' } }, { evidence: { alarm: 'yes', c3: 'no' } }, { do: { c5: 'yes' } }, { do: { alarm: 'no' }, evidence: { c1: 'yes' } }] as const) {
      const a = marginals(auto.right, question)
      const b = marginals(expanded.right, question)
      if (E.isLeft(a) || E.isLeft(b)) throw new Error('query')
      expect(Math.abs(a.right.logPEvidence - b.right.logPEvidence)).toBeLessThan(1e-12)
      expect(a.right.targets).toEqual(b.right.targets)
      for (const v of a.right.targets) a.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - b.right.probabilities[v]![s]!)).toBeLessThan(1e-12))
    }
  })
})
