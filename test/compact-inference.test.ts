/**
 * Inference that exploits compact tables, end to end: `compile` of
 * @chainrule/infer decomposes networks with noisy-MAX (and deterministic)
 * tables into chains of auxiliary variables (@chainrule/models `decompose`),
 * and every answer about the original variables is compared with brute-force
 * enumeration of the expanded network (its full tables), under random hard
 * evidence, the noisy children's own included: marginals and log P(e), MPE,
 * log-likelihoods of rows, posterior samples' shape, and interventions. The
 * same on engines without a whole tree (evidence-reduced relevant parts and
 * trees, where auxiliary variables are ordinary unobserved variables) and in
 * log space.
 */
import { compile, jointPosterior, logLikelihoods, marginals, mpe, predictions, samplePosterior, type EngineOptions } from '@chainrule/infer'
import { engineState, logSpaceAnswer, resolveQuestion } from '@chainrule/infer/internal'
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
const enumerate = (bn: BayesianNetwork, evidence: readonly number[], pair: readonly [number, number] = [0, 0]): { pe: number; marginals: number[][]; best: number; joint: number[] } => {
  const cards = bn.domain.variables.map((v) => v.states.length)
  const n = cards.length
  const marginals = cards.map((c) => new Array<number>(c).fill(0))
  let pe = 0
  let best = 0
  const joint = new Array<number>(cards[pair[0]]! * cards[pair[1]]!).fill(0)
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
    const at = x[pair[0]]! * cards[pair[1]]! + x[pair[1]]!
    joint[at] = joint[at]! + p
  }
  return { pe, marginals: marginals.map((m) => m.map((q) => q / pe)), best, joint: joint.map((q) => q / pe) }
}

/** Engines compared: the whole tree; no whole tree (evidence-reduced parts and trees); the whole tree and, on a repeated pattern, parts. */
const engineOptions: readonly EngineOptions[] = [{}, { method: 'elimination' }, { relevantPartsAbove: 0, relevantPartsAfterMs: 0 }]

const close = (got: number, exact: number): void => expect(Math.abs(got - exact)).toBeLessThan(1e-12)

describe('decomposed compact tables compiled by @chainrule/infer equal enumeration of the expanded network', () => {
  it('every marginal of the original variables and log P(e), MPE and row scores, under hard evidence (noisy children observed too)', () => {
    const methods = new Set<string>()
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
        const pair = targets.length >= 2 ? ([bn.domain.byName.get(targets[0]!)!, bn.domain.byName.get(targets[1]!)!] as const) : undefined
        const exact = enumerate(bn, observed, pair)
        const decomposable = bn.compact?.some((t, v) => t?.kind === 'noisyMax' && bn.dag.parentIds[v]!.length >= 2) ?? false
        for (const options of engineOptions) {
          const engine = compile(bn, { ...options, compactTables: 'decompose' })
          if (E.isLeft(engine)) throw new Error(engine.left._tag)
          expect(engine.right.compactTables).toBe(decomposable ? 'decomposed' : 'expanded')
          // Asked twice: the second answer may come from parts compiled for the pattern.
          const posteriors = [marginals(engine.right, { evidence, targets }), marginals(engine.right, { evidence, targets })]
          // One row, the evidence, scored; auxiliary variables are neither columns nor reported.
          const row = logLikelihoods(engine.right, observed.map((s) => Int32Array.of(s)), 1)
          if (E.isLeft(row)) throw new Error(row.left._tag)
          if (exact.pe === 0) {
            expect(row.right[0]).toBe(-Infinity)
            for (const posterior of posteriors) expect(E.isLeft(posterior) && posterior.left._tag).toBe('ImpossibleEvidence')
            continue
          }
          close(row.right[0]!, Math.log(exact.pe))
          for (const posterior of posteriors) {
            if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
            if (decomposable) methods.add(`marginals: ${posterior.right.method}`)
            close(posterior.right.logPEvidence, Math.log(exact.pe))
            expect(posterior.right.observed).toEqual(Int32Array.from(observed))
            expect(posterior.right.probabilities).toHaveLength(bn.dag.nodes.length)
            for (const name of targets) {
              const v = bn.domain.byName.get(name)!
              const p = posterior.right.probabilities[v]!
              exact.marginals[v]!.forEach((q, s) => close(p[s]!, q))
            }
          }
          const best = mpe(engine.right, { evidence })
          if (E.isLeft(best)) throw new Error(best.left._tag)
          if (decomposable) methods.add(`mpe: ${best.right.method}`)
          close(best.right.logProbability, Math.log(exact.best))
          expect(Object.keys(best.right.assignment)).toEqual(bn.dag.nodes)
          expect(best.right.states).toHaveLength(bn.dag.nodes.length)
          const rows = 4000
          const draws = samplePosterior(engine.right, rows, createRng(1), { evidence })
          if (E.isLeft(draws)) throw new Error(draws.left._tag)
          if (decomposable) methods.add(`samples: ${draws.right.method}`)
          expect(draws.right.columns.length).toBe(bn.dag.nodes.length)
          // Observed variables at their states; the others within 6 standard errors of their exact marginals.
          draws.right.columns.forEach((column, v) => {
            for (let s = 0; s < cards[v]!; s++) {
              const p = exact.marginals[v]![s]!
              const seen = column.filter((x) => x === s).length / rows
              if (p === 0) expect(seen).toBe(0)
              expect(Math.abs(seen - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p)) / rows) + 1e-9)
            }
          })
          for (const name of targets) {
            const v = bn.domain.byName.get(name)!
            const predicted = predictions(engine.right, observed.map((s) => Int32Array.of(s)), 1, name)
            if (E.isLeft(predicted)) throw new Error(predicted.left._tag)
            expect(predicted.right.possible[0]).toBe(1)
            exact.marginals[v]!.forEach((q, s) => close(predicted.right.probabilities[s]!, q))
          }
          if (pair !== undefined) {
            const joint = jointPosterior(engine.right, [targets[0]!, targets[1]!], { evidence })
            if (E.isLeft(joint)) throw new Error(joint.left._tag)
            exact.joint.forEach((q, k) => close(joint.right.factor.values[k]!, q))
          }
          // In log space, over the decomposed tables: the auxiliary variables are summed like any unobserved variable.
          const state = engineState(engine.right)
          const question = resolveQuestion({ domain: bn.domain, variables: state.cards.length, kind: 'bayesian', factors: state.factors }, { evidence })
          if (E.isLeft(question)) throw new Error(question.left._tag)
          const ids = targets.map((name) => bn.domain.byName.get(name)!)
          const inLogs = logSpaceAnswer(state, 'bayesian', question.right, ids)
          if (E.isLeft(inLogs)) throw new Error(inLogs.left._tag)
          close(inLogs.right.logPEvidence, Math.log(exact.pe))
          for (const v of ids) exact.marginals[v]!.forEach((q, s) => close(inLogs.right.probabilities.get(v)![s]!, q))
        }
      }),
      // Shrinking nested chains of arbitraries takes minutes: report the first counterexample as found.
      { numRuns: 300, endOnFailure: true },
    )
    // Decomposed engines answered from their whole tree and without it.
    for (const used of ['marginals: tree', 'marginals: relevant-parts', 'mpe: tree', 'mpe: reduced-tree', 'samples: tree', 'samples: reduced-tree']) expect(methods).toContain(used)
  })
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
