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
import { arbitraryEvidence, arbitraryModel, enumerateJoint, exactPosterior, frequencyTolerance, jointPosterior as exactJoint, logTotal, marginals as exactMarginals, mostProbable, namedEvidence, type Model } from '@chainrule/testing'
import { logLikelihoods, predictions } from './batch.js'
import { compile, type Engine } from './engine.js'
import { jointPosterior } from './joint-posterior.js'
import { arbRareEvidence, arbRareModel, networkOf } from './models.fixtures.js'
import { mpe } from './mpe.js'
import { samplePosterior } from './sample-posterior.js'

const engines = (model: Model): Engine[] =>
  [compile(networkOf(model)), compile(networkOf(model), { method: 'elimination' })].map((e) => {
    if (E.isLeft(e)) throw new Error('compile')
    return e.right
  })

const closeLog = (got: number, exact: number): void => {
  expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)))
}

/** Frequencies of each state of each variable within a binomial bound (`frequencyTolerance`) of the exact marginals. */
const expectFrequencies = (columns: readonly Int32Array[], rows: number, marginals: (v: number, s: number) => number, cards: readonly number[]): void =>
  cards.forEach((card, v) => {
    for (let s = 0; s < card; s++) {
      const p = marginals(v, s)
      const seen = columns[v]!.filter((x) => x === s).length / rows
      if (p === 0) expect(seen).toBe(0)
      expect(Math.abs(seen - p)).toBeLessThanOrEqual(frequencyTolerance(p, rows))
    }
  })

describe('rare-event trees (entries down to 1e-300): MPE, joint posteriors and samples equal enumeration in logs', () => {
  const arbCase = arbRareModel.chain((model) => fc.tuple(fc.constant(model), arbRareEvidence(model.cards.length)))

  it('MPE: log max_x P(x, e), attained by the assignment, on the whole tree and without it', () => {
    const methods = new Map<string, number>()
    fc.assert(
      fc.property(arbCase, ([model, states]) => {
        const best = mostProbable(enumerateJoint(model, { evidence: states }))!.logWeight
        for (const engine of engines(model)) {
          const found = mpe(engine, { evidence: namedEvidence(states) })
          if (E.isLeft(found)) throw new Error(found.left._tag)
          methods.set(found.right.method, (methods.get(found.right.method) ?? 0) + 1)
          closeLog(found.right.logProbability, best)
          // A full assignment, whose own weight is the maximum.
          expect(found.right.states).toHaveLength(model.cards.length)
          expect(found.right.states.every((s) => s >= 0)).toBe(true)
          closeLog(logTotal(enumerateJoint(model, { evidence: found.right.states })), best)
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
        const exact = enumerateJoint(model, { evidence: states })
        const total = logTotal(exact)
        const pair = exactJoint(exact, [0, 1 + (pick % (model.cards.length - 1))])!
        const a = 0
        const b = 1 + (pick % (model.cards.length - 1))
        for (const engine of engines(model)) {
          const joint = jointPosterior(engine, [`v${a}`, `v${b}`], { evidence: namedEvidence(states) })
          if (E.isLeft(joint)) throw new Error(joint.left._tag)
          if (joint.right.method === 'cluster') fromCluster++
          closeLog(joint.right.logPEvidence, total)
          for (let s = 0; s < 2; s++)
            for (let t = 0; t < 2; t++) {
              const p = pair[2 * s + t]!
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
        const exact = enumerateJoint(model, { evidence: states })
        const total = logTotal(exact)
        const posterior = exactMarginals(exact)!
        const marginal = (v: number, s: number): number => posterior[v]![s]!
        for (const engine of engines(model)) {
          const rows = 600
          const drawn = samplePosterior(engine, rows, createRng(seed), { evidence: namedEvidence(states) })
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
  const arbCase = arbitraryModel({ variables: { max: 6 } }).chain((model) => fc.tuple(fc.constant(model), arbitraryEvidence(model.cards).map((e) => e.states), fc.integer()))

  it('MPE value, sample frequencies, log P(row) and P(v0 | row)', () =>
    fc.assert(
      fc.property(arbCase, ([model, states, seed]) => {
        const engine = engines(model)[1]!
        const { weights } = enumerateJoint(model, { evidence: states })
        const exact = exactPosterior(model, { evidence: states })
        const found = mpe(engine, { evidence: namedEvidence(states) })
        if (exact.z === 0) {
          expect(E.isLeft(found) && found.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(found)) throw new Error(found.left._tag)
        expect(Math.abs(found.right.logProbability - Math.log(Math.max(...weights)))).toBeLessThan(1e-12)
        const rows = 600
        const drawn = samplePosterior(engine, rows, createRng(seed), { evidence: namedEvidence(states) })
        if (E.isLeft(drawn)) throw new Error(drawn.left._tag)
        expectFrequencies(drawn.right.columns, rows, (v, s) => exact.marginals![v]![s]!, model.cards)
        const columns = model.cards.map((_, v) => Int32Array.of(states[v]!))
        const scored = logLikelihoods(engine, columns, 1)
        const predicted = predictions(engine, columns, 1, 'v0')
        if (E.isLeft(scored) || E.isLeft(predicted)) throw new Error('batch failed')
        expect(Math.abs(scored.right[0]! - Math.log(exact.z))).toBeLessThan(1e-12)
        for (let s = 0; s < model.cards[0]!; s++) expect(Math.abs(predicted.right.probabilities[s]! - exact.marginals![0]![s]!)).toBeLessThan(1e-12)
      }),
      { numRuns: 150 },
    ))
})
