/**
 * Markov networks (factor graphs declared in code) against brute force:
 * random potentials over random scopes, random evidence, every way the engine
 * answers. log Z(e) is reported where a Bayesian network reports log P(e): the
 * same number, since Z = 1 for a network of conditional tables.
 */
import { createRng, defineMarkovNetwork } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbitraryModel, enumerateJoint, exactPosterior, frequencyTolerance, namedEvidence } from '@chainrule/testing'
import { compile, engineState } from './engine.js'
import { logSpaceAnswer, logSpaceMpe, logSpaceSamples } from './log-space.js'
import { describeError, type InferError } from './errors.js'
import { marginals, toRecord } from './marginals.js'
import { arbFactorGraph, markovOf, networkOf, withEvidence } from './models.fixtures.js'
import { mpe } from './mpe.js'
import { samplePosterior } from './sample-posterior.js'

const right = <T>(result: E.Either<InferError, T>): T => {
  if (E.isLeft(result)) throw new Error(describeError(result.left))
  return result.right
}
const leftTag = <T>(result: E.Either<InferError, T>): string => (E.isLeft(result) ? result.left._tag : 'Right')

describe('factor graphs against brute force', () => {
  it('marginals and log Z(e) on the whole tree, by elimination over relevant parts, with targets', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(7)), fc.nat(), ([model, states], pick) => {
        const exact = exactPosterior(model, { evidence: states })
        const network = markovOf(model)
        const unobserved = model.cards.map((_, v) => v).filter((v) => states[v]! < 0)
        const targets = unobserved.filter((_, i) => (pick >> i) & 1)
        for (const options of [{ method: 'tree' as const }, { method: 'elimination' as const }, { method: 'auto' as const, relevantPartsAbove: 0, relevantPartsAfterMs: 0 }]) {
          const engine = right(compile(network, options))
          expect(engine.kind).toBe('markov')
          for (const question of [{ evidence: namedEvidence(states) }, { evidence: namedEvidence(states), targets: targets.map((v) => `v${v}`) }]) {
            const answer = marginals(engine, question)
            if (exact.marginals === undefined) {
              expect(leftTag(answer)).toBe('ImpossibleEvidence')
              continue
            }
            const posterior = right(answer)
            const logZ = exact.logZ
            expect(Math.abs(posterior.logPEvidence - logZ)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(logZ)))
            for (const v of posterior.targets)
              if (states[v]! < 0) posterior.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
          }
        }
      }),
      { numRuns: 200 },
    ))

  it('soft evidence multiplies each state by its weight', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(6)), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), ([model, states], raw) => {
        const v = 0
        const weights = raw.slice(0, model.cards[v])
        const peak = Math.max(...weights)
        const likelihoods = model.cards.map((_, u) => (u === v ? Float64Array.from(weights, (w) => w / peak) : undefined))
        const exact = exactPosterior(model, { evidence: states, soft: likelihoods })
        const answer = marginals(right(compile(markovOf(model))), { evidence: namedEvidence(states), soft: { v0: weights } })
        if (exact.marginals === undefined) {
          expect(leftTag(answer)).toBe('ImpossibleEvidence')
          return
        }
        const posterior = right(answer)
        expect(Math.abs(posterior.logPEvidence - exact.logZ)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact.logZ)))
        for (const u of posterior.targets) posterior.probabilities[u]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![u]![s]!)).toBeLessThan(1e-12))
      }),
      { numRuns: 150 },
    ))

  it('MPE: the largest product of potentials consistent with the evidence, and an assignment attaining it', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(7)), ([model, states]) => {
        const { assignments, weights } = enumerateJoint(model, { evidence: states })
        const best = Math.max(...weights)
        const answer = mpe(right(compile(markovOf(model))), { evidence: namedEvidence(states) })
        if (best === 0) {
          expect(leftTag(answer)).toBe('ImpossibleEvidence')
          return
        }
        const found = right(answer)
        expect(Math.abs(found.logProbability - Math.log(best))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log(best))))
        const at = assignments.findIndex((a) => a.every((s, v) => s === found.states[v]))
        expect(weights[at]).toBeCloseTo(best, 12)
      }),
      { numRuns: 200 },
    ))

  it('a Bayesian network and the Markov network of its tables report the same log P(e) = log Z(e) and marginals', () =>
    fc.assert(
      fc.property(withEvidence(arbitraryModel({ variables: { max: 6 } })), ([model, states]) => {
        const bayes = marginals(right(compile(networkOf(model))), { evidence: namedEvidence(states) })
        const markov = marginals(right(compile(markovOf(model))), { evidence: namedEvidence(states) })
        if (E.isLeft(bayes)) {
          expect(leftTag(markov)).toBe(bayes.left._tag)
          return
        }
        expect(Math.abs(right(markov).logPEvidence - bayes.right.logPEvidence)).toBeLessThan(1e-12)
        for (const v of bayes.right.targets) bayes.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - right(markov).probabilities[v]![s]!)).toBeLessThan(1e-12))
      }),
      { numRuns: 150 },
    ))
})

describe('the log-space fallback on factor graphs', () => {
  it('log Z(e) and every unobserved marginal equal brute force, on the tree in logs and by elimination in logs (variables in no potential included)', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(6)), ([model, states]) => {
        const exact = exactPosterior(model, { evidence: states })
        const targets = model.cards.map((_, v) => v).filter((v) => states[v]! < 0)
        const state = engineState(right(compile(markovOf(model))))
        expect(state.tree).toBeDefined() // built: the tree in logs runs on a built whole tree
        // On the tree's layout in logs, and by elimination in logs (an engine without a tree).
        for (const answer of [right(logSpaceAnswer(state, 'markov', { states }, targets)), right(logSpaceAnswer({ ...state, whole: undefined }, 'markov', { states }, targets))]) {
          if (exact.marginals === undefined) {
            expect(answer.logPEvidence).toBe(-Infinity)
            continue
          }
          expect(Math.abs(answer.logPEvidence - exact.logZ)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact.logZ)))
          for (const v of targets) answer.probabilities.get(v)!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
        }
      }),
      { numRuns: 150 },
    ))
})

/**
 * Sample frequencies of every state within a binomial bound of the exact
 * marginals (`frequencyTolerance`, which holds for rare states too; a zero is
 * never drawn).
 */
const expectFrequencies = (columns: readonly Int32Array[], rows: number, marginals: readonly ArrayLike<number>[], cards: readonly number[]): void =>
  cards.forEach((card, v) => {
    for (let s = 0; s < card; s++) {
      const p = marginals[v]![s]!
      const seen = columns[v]!.filter((x) => x === s).length / rows
      if (p === 0) expect(seen).toBe(0)
      expect(Math.abs(seen - p)).toBeLessThanOrEqual(frequencyTolerance(p, rows))
    }
  })

describe('MPE and posterior samples on factor graphs, every path (variables in no potential included)', () => {
  it('on the whole tree, on the evidence-reduced tree, and in log space: the best product and Z(e), samples at the exact marginals', () => {
    const methods = new Map<string, number>()
    const count = (m: string): void => void methods.set(m, (methods.get(m) ?? 0) + 1)
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(6)), fc.integer(), ([model, states], seed) => {
        const { assignments, weights } = enumerateJoint(model, { evidence: states })
        const best = Math.max(...weights)
        const exact = exactPosterior(model, { evidence: states })
        const close = (got: number, want: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)))
        const rows = 400
        for (const options of [{ method: 'tree' as const }, { method: 'elimination' as const }]) {
          const engine = right(compile(markovOf(model), options))
          const found = mpe(engine, { evidence: namedEvidence(states) })
          const drawn = samplePosterior(engine, rows, createRng(seed), { evidence: namedEvidence(states) })
          if (best === 0) {
            expect(leftTag(found)).toBe('ImpossibleEvidence')
            expect(leftTag(drawn)).toBe('ImpossibleEvidence')
            continue
          }
          count(right(found).method)
          count(`samples ${right(drawn).method}`)
          close(right(found).logProbability, Math.log(best))
          expect(weights[assignments.findIndex((a) => a.every((x, v) => x === right(found).states[v]))]).toBeCloseTo(best, 12)
          close(right(drawn).logPEvidence, exact.logZ)
          expectFrequencies(right(drawn).columns, rows, exact.marginals!, model.cards)
        }
        // Log space, asked directly (an engine reaches it when the trees' products leave the range of doubles).
        const state = engineState(right(compile(markovOf(model))))
        const inLogs = right(logSpaceMpe(state, 'markov', { states }, Infinity))
        if (best === 0) {
          expect(inLogs.logProbability).toBe(-Infinity)
          return
        }
        close(inLogs.logProbability, Math.log(best))
        expect(weights[assignments.findIndex((a) => a.every((x, v) => x === inLogs.states[v]))]).toBeCloseTo(best, 12)
        const columns = model.cards.map(() => new Int32Array(rows))
        const rng = createRng(seed)
        close(right(logSpaceSamples(state, 'markov', { states }, Infinity, rows, () => rng.float(), columns)), exact.logZ)
        expectFrequencies(columns, rows, exact.marginals!, model.cards)
      }),
      { numRuns: 150 },
    )
    // Both engines' paths were taken.
    expect(methods.get('tree') ?? 0).toBeGreaterThan(10)
    expect(methods.get('reduced-tree') ?? 0).toBeGreaterThan(10)
    expect(methods.get('samples tree') ?? 0).toBeGreaterThan(10)
    expect(methods.get('samples reduced-tree') ?? 0).toBeGreaterThan(10)
  })
})

describe('a Markov network declared in code', () => {
  it('two friends who tend to agree: Z and the marginals by hand', () => {
    // phi(a, b) = 3 when equal, 1 otherwise; psi(a) = (1, 2). Z = 3 + 1 + 2 + 6 = 12.
    const friends = defineMarkovNetwork({
      states: { alice: ['no', 'yes'], bob: ['no', 'yes'] },
      factors: [
        { scope: ['alice', 'bob'], values: [3, 1, 1, 3] },
        { scope: ['alice'], values: [1, 2] },
      ],
    })
    if (E.isLeft(friends)) throw new Error('network')
    const engine = right(compile(friends.right))
    const prior = right(marginals(engine))
    expect(prior.logPEvidence).toBeCloseTo(Math.log(12), 14)
    expect(toRecord(prior).bob!.yes).toBeCloseTo(7 / 12, 14)
    // Z(bob = yes) = 1 * 1 + 3 * 2 = 7; P(alice = yes | bob = yes) = 6/7.
    const given = right(marginals(engine, { evidence: { bob: 'yes' } }))
    expect(given.logPEvidence).toBeCloseTo(Math.log(7), 14)
    expect(toRecord(given).alice!.yes).toBeCloseTo(6 / 7, 14)
    expect(right(mpe(engine)).assignment).toEqual({ alice: 'yes', bob: 'yes' })
    expect(right(mpe(engine)).logProbability).toBeCloseTo(Math.log(6), 14)
  })
})
