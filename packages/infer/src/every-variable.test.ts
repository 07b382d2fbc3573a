/**
 * The questions that need every variable or several at once (MPE, joint
 * posteriors, posterior samples, batched scoring): exact on trees of rare
 * events (conditional probabilities down to 1e-300, where the tree's products
 * leave the range of doubles and the range check sends the question to log
 * space), and exact on engines without a whole tree (the question's
 * evidence-reduced tree), against enumeration.
 */
import { createRng } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbEvidence, arbNetwork, arbRareEvidence, arbRareModel, bruteMarginals, enumerate, evidenceOf, logTerms, networkOf, type SmallModel } from './brute-force.fixtures.js'
import { logLikelihoods, predictions } from './batch.js'
import { compile, type Engine } from './engine.js'
import { jointPosterior } from './joint-posterior.js'
import { mpe } from './mpe.js'
import { samplePosterior } from './sample-posterior.js'

const logSumExp = (xs: readonly number[]): number => {
  const top = Math.max(...xs)
  return top === -Infinity ? -Infinity : top + Math.log(xs.reduce((s, x) => s + Math.exp(x - top), 0))
}

const engines = (model: SmallModel): Engine[] =>
  [compile(networkOf(model)), compile(networkOf(model), { method: 'elimination' })].map((e) => {
    if (E.isLeft(e)) throw new Error('compile')
    return e.right
  })

const closeLog = (got: number, exact: number): void => {
  expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)))
}

/** Frequencies of each state of each variable within 5 standard errors of the exact marginals. */
const expectFrequencies = (columns: readonly Int32Array[], rows: number, marginals: (v: number, s: number) => number, cards: readonly number[]): void =>
  cards.forEach((card, v) => {
    for (let s = 0; s < card; s++) {
      const p = marginals(v, s)
      const seen = columns[v]!.filter((x) => x === s).length / rows
      if (p === 0) expect(seen).toBe(0)
      expect(Math.abs(seen - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / rows) + 1e-9)
    }
  })

describe('rare-event trees (entries down to 1e-300): MPE, joint posteriors and samples equal enumeration in logs', () => {
  const arbCase = arbRareModel.chain((model) => fc.tuple(fc.constant(model), arbRareEvidence(model.cards.length)))

  it('MPE: log max_x P(x, e), attained by the assignment, on the whole tree and without it', () => {
    const methods = new Map<string, number>()
    fc.assert(
      fc.property(arbCase, ([model, states]) => {
        const best = Math.max(...logTerms(model, states).map((t) => t.log))
        for (const engine of engines(model)) {
          const found = mpe(engine, { evidence: evidenceOf(states) })
          if (E.isLeft(found)) throw new Error(found.left._tag)
          methods.set(found.right.method, (methods.get(found.right.method) ?? 0) + 1)
          closeLog(found.right.logProbability, best)
          const at = logTerms(model, found.right.states)
          expect(at).toHaveLength(1)
          closeLog(at[0]!.log, best)
        }
      }),
      { numRuns: 300 },
    )
    // Every path was taken: the whole tree, the reduced tree, and log space where they ran out of range.
    expect(methods.get('log-space') ?? 0).toBeGreaterThan(10)
    expect(methods.get('tree') ?? 0).toBeGreaterThan(10)
    expect(methods.get('reduced-tree') ?? 0).toBeGreaterThan(10)
  })

  it('joint posteriors of two variables (one cluster or not) and log P(e)', () => {
    let fromCluster = 0
    fc.assert(
      fc.property(arbCase, fc.nat(), ([model, states], pick) => {
        const terms = logTerms(model, states)
        const total = logSumExp(terms.map((t) => t.log))
        const a = 0
        const b = 1 + (pick % (model.cards.length - 1))
        for (const engine of engines(model)) {
          const joint = jointPosterior(engine, [`v${a}`, `v${b}`], { evidence: evidenceOf(states) })
          if (E.isLeft(joint)) throw new Error(joint.left._tag)
          if (joint.right.method === 'cluster') fromCluster++
          closeLog(joint.right.logPEvidence, total)
          for (let s = 0; s < 2; s++)
            for (let t = 0; t < 2; t++) {
              const p = Math.exp(logSumExp(terms.filter((x) => x.assignment[a] === s && x.assignment[b] === t).map((x) => x.log)) - total)
              expect(Math.abs(joint.right.factor.values[2 * s + t]! - p)).toBeLessThan(1e-12)
            }
        }
      }),
      { numRuns: 200 },
    )
    expect(fromCluster).toBeGreaterThan(10)
  })

  it('samples: evidence held, frequencies within 5 standard errors', () => {
    const methods = new Map<string, number>()
    fc.assert(
      fc.property(arbCase, fc.integer(), ([model, states], seed) => {
        const terms = logTerms(model, states)
        const total = logSumExp(terms.map((t) => t.log))
        const marginal = (v: number, s: number): number => Math.exp(logSumExp(terms.filter((x) => x.assignment[v] === s).map((x) => x.log)) - total)
        for (const engine of engines(model)) {
          const rows = 600
          const drawn = samplePosterior(engine, rows, createRng(seed), { evidence: evidenceOf(states) })
          if (E.isLeft(drawn)) throw new Error(drawn.left._tag)
          methods.set(drawn.right.method, (methods.get(drawn.right.method) ?? 0) + 1)
          closeLog(drawn.right.logPEvidence, total)
          expectFrequencies(drawn.right.columns, rows, marginal, model.cards)
        }
      }),
      { numRuns: 120 },
    )
    expect(methods.get('log-space') ?? 0).toBeGreaterThan(5)
    expect(methods.get('reduced-tree') ?? 0).toBeGreaterThan(5)
  })
})

describe('without a whole tree: MPE, samples and batched scoring from evidence-reduced trees equal enumeration', () => {
  const arbCase = arbNetwork(6).chain((model) => fc.tuple(fc.constant(model), arbEvidence(model.cards), fc.integer()))

  it('MPE value, sample frequencies, log P(row) and P(v0 | row)', () =>
    fc.assert(
      fc.property(arbCase, ([model, states, seed]) => {
        const engine = engines(model)[1]!
        const { weights } = enumerate(model, states)
        const exact = bruteMarginals(model, states)
        const found = mpe(engine, { evidence: evidenceOf(states) })
        if (exact.pEvidence === 0) {
          expect(E.isLeft(found) && found.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(found)) throw new Error(found.left._tag)
        expect(Math.abs(found.right.logProbability - Math.log(Math.max(...weights)))).toBeLessThan(1e-12)
        const rows = 600
        const drawn = samplePosterior(engine, rows, createRng(seed), { evidence: evidenceOf(states) })
        if (E.isLeft(drawn)) throw new Error(drawn.left._tag)
        expectFrequencies(drawn.right.columns, rows, (v, s) => exact.marginals[v]![s]!, model.cards)
        const columns = model.cards.map((_, v) => Int32Array.of(states[v]!))
        const scored = logLikelihoods(engine, columns, 1)
        const predicted = predictions(engine, columns, 1, 'v0')
        if (E.isLeft(scored) || E.isLeft(predicted)) throw new Error('batch failed')
        expect(Math.abs(scored.right[0]! - Math.log(exact.pEvidence))).toBeLessThan(1e-12)
        for (let s = 0; s < model.cards[0]!; s++) expect(Math.abs(predicted.right.probabilities[s]! - exact.marginals[0]![s]!)).toBeLessThan(1e-12)
      }),
      { numRuns: 150 },
    ))
})
