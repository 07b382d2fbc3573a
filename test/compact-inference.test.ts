/**
 * Inference that exploits compact tables, end to end: `compile` of
 * @chainrule/infer decomposes networks with noisy-MAX (and deterministic)
 * tables into chains of auxiliary variables (@chainrule/models `decompose`),
 * and every answer about the original variables is compared with brute-force
 * enumeration of the network's tables expanded by their definitions
 * (@chainrule/testing, apart from the library's expansion), under random hard
 * evidence, the noisy children's own included: marginals and log P(e), MPE,
 * log-likelihoods of rows, posterior samples' shape, and interventions. The
 * same on engines without a whole tree (evidence-reduced relevant parts and
 * trees, where auxiliary variables are ordinary unobserved variables) and in
 * log space.
 */
import { compile, jointPosterior, logLikelihoods, marginals, mpe, predictions, samplePosterior, type EngineOptions } from '@chainrule/infer'
import { engineState, logSpaceAnswer, resolveQuestion } from '@chainrule/infer/internal'
import { createRng, networkFromSpec, type NetworkSpec } from '@chainrule/models'
import { arbitraryModel, enumerateJoint, frequencyTolerance, jointPosterior as exactJoint, marginals as exactMarginals, mostProbable, networkSpecOf, total } from '@chainrule/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

/**
 * Up to 6 variables of 1-3 states; each variable has up to 4 parents (at least 2
 * where there are that many before it) and, most often, a noisy-MAX table. The
 * model's tables are the compact tables expanded by their definitions, apart
 * from the library's expansion.
 */
const arbCompactNetwork = arbitraryModel({ variables: { min: 2, max: 6 }, states: { max: 3 }, parents: { min: 2, max: 4 }, compact: true })

/** Brute force over the model's own tables: P(e), P(v | e), the largest joint weight, and the joint posterior of a pair. */
const enumerate = (model: Parameters<typeof enumerateJoint>[0], observed: readonly number[], pair: readonly [number, number] | undefined) => {
  const joint = enumerateJoint(model, { evidence: observed })
  return {
    pe: total(joint),
    marginals: exactMarginals(joint) ?? [],
    logBest: mostProbable(joint)?.logWeight ?? -Infinity,
    joint: pair === undefined ? [] : Array.from(exactJoint(joint, pair) ?? []),
  }
}

/** Engines compared: the whole tree; no whole tree (evidence-reduced parts and trees); the whole tree and, on a repeated pattern, parts. */
const engineOptions: readonly EngineOptions[] = [{}, { method: 'elimination' }, { relevantPartsAbove: 0, relevantPartsAfterMs: 0 }]

const close = (got: number, exact: number): void => expect(Math.abs(got - exact)).toBeLessThan(1e-12)

describe('decomposed compact tables compiled by @chainrule/infer equal enumeration of the expanded network', () => {
  it('every marginal of the original variables and log P(e), MPE and row scores, under hard evidence (noisy children observed too)', () => {
    const methods = new Set<string>()
    fc.assert(
      fc.property(arbCompactNetwork, fc.array(fc.nat(8), { minLength: 6, maxLength: 6 }), (model, picks) => {
        const built = networkFromSpec(networkSpecOf(model))
        if (E.isLeft(built)) throw new Error(JSON.stringify(built.left))
        const bn = built.right.network
        const cards = bn.domain.variables.map((v) => v.states.length)
        // Each variable observed with probability 1/3, in a state picked at random.
        const observed = cards.map((c, v) => (picks[v]! % 3 === 0 ? Math.floor(picks[v]! / 3) % c : -1))
        const evidence = Object.fromEntries(observed.flatMap((s, v) => (s < 0 ? [] : [[bn.dag.nodes[v]!, bn.domain.variables[v]!.states[s]!]])))
        const targets = bn.dag.nodes.filter((_, v) => observed[v]! < 0)
        const pair = targets.length >= 2 ? ([bn.domain.byName.get(targets[0]!)!, bn.domain.byName.get(targets[1]!)!] as const) : undefined
        const exact = enumerate(model, observed, pair)
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
          close(best.right.logProbability, exact.logBest)
          expect(Object.keys(best.right.assignment)).toEqual(bn.dag.nodes)
          expect(best.right.states).toHaveLength(bn.dag.nodes.length)
          const rows = 4000
          const draws = samplePosterior(engine.right, rows, createRng(1), { evidence })
          if (E.isLeft(draws)) throw new Error(draws.left._tag)
          if (decomposable) methods.add(`samples: ${draws.right.method}`)
          expect(draws.right.columns.length).toBe(bn.dag.nodes.length)
          // Observed variables at their states; the others within a binomial bound of their exact marginals (frequencyTolerance).
          draws.right.columns.forEach((column, v) => {
            for (let s = 0; s < cards[v]!; s++) {
              const p = exact.marginals[v]![s]!
              const seen = column.filter((x) => x === s).length / rows
              if (p === 0) expect(seen).toBe(0)
              expect(Math.abs(seen - p)).toBeLessThanOrEqual(frequencyTolerance(p, rows))
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
