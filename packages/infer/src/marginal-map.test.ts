import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbitraryModel, enumerateJoint, logTotal, namedEvidence, tableOver, type Model } from '@chainrule/testing'
import { compile, type Engine } from './engine.js'
import { describeError, type InferError } from './errors.js'
import { marginalMap } from './marginal-map.js'
import { arbFactorGraph, markovOf, networkOf, withEvidence } from './models.fixtures.js'
import { mpe } from './mpe.js'
import { defineNetwork, noisyOr } from '@chainrule/models'

const right = <T>(result: E.Either<InferError, T>): T => {
  if (E.isLeft(result)) throw new Error(describeError(result.left))
  return result.right
}
const leftTag = <T>(result: E.Either<InferError, T>): string => (E.isLeft(result) ? result.left._tag : 'Right')

/**
 * Marginal MAP by the oracle's enumeration: for every joint assignment of the
 * MAP variables, the total weight of the assignments that extend it (the
 * oracle's table over them); the largest total, and the total of any given
 * assignment of them (a full assignment, read at the MAP variables).
 */
const bruteMap = (model: Model, states: Int32Array, chosen: readonly number[]) => {
  const { table } = tableOver(enumerateJoint(model, { evidence: states }), chosen)
  const best = Math.max(...table)
  return { best, totalOf: (a: Int32Array) => table[chosen.reduce((i, v) => i * model.cards[v]! + a[v]!, 0)]! }
}

/** A random model, random evidence and a random subset of its variables, in random order, to maximise over. */
const arbQuestion = (arbModel: fc.Arbitrary<Model>) =>
  withEvidence(arbModel).chain(([model, states]) => fc.tuple(fc.constant(model), fc.constant(states), fc.shuffledSubarray(model.cards.map((_, v) => v))))

const expectExactMap = (engine: Engine, model: Model, states: Int32Array, chosen: readonly number[]): void => {
  const exact = bruteMap(model, states, chosen)
  const answer = marginalMap(engine, chosen.map((v) => `v${v}`), { evidence: namedEvidence(states) })
  if (exact.best === 0) {
    expect(leftTag(answer)).toBe('ImpossibleEvidence')
    return
  }
  const map = right(answer)
  const logBest = Math.log(exact.best)
  expect(Math.abs(map.logProbability - logBest)).toBeLessThan(1e-12 * Math.max(1, Math.abs(logBest)))
  // The assignment returned attains the maximum (ties may pick any of the best).
  expect(Math.abs(exact.totalOf(map.states) - exact.best)).toBeLessThanOrEqual(1e-12 * exact.best)
  expect(Object.keys(map.assignment).sort()).toEqual(chosen.map((v) => `v${v}`).sort())
  for (const v of chosen) {
    expect(map.assignment[`v${v}`]).toBe(`s${map.states[v]}`)
    if (states[v]! >= 0) expect(map.states[v]).toBe(states[v])
  }
  for (let v = 0; v < model.cards.length; v++) if (!chosen.includes(v)) expect(map.states[v]).toBe(-1)
}

describe('marginal MAP equals enumeration', () => {
  it('on random Bayesian networks with random evidence and random MAP sets', () =>
    fc.assert(
      fc.property(arbQuestion(arbitraryModel({ variables: { max: 7 } })), ([model, states, chosen]) => {
        expectExactMap(right(compile(networkOf(model))), model, states, chosen)
      }),
      { numRuns: 300 },
    ))

  it('on random factor graphs (Markov networks), on an engine without a tree too', () =>
    fc.assert(
      fc.property(arbQuestion(arbFactorGraph(7)), ([model, states, chosen]) => {
        const markov = markovOf(model)
        expectExactMap(right(compile(markov)), model, states, chosen)
        expectExactMap(right(compile(markov, { method: 'elimination' })), model, states, chosen)
      }),
      { numRuns: 300 },
    ))

  it('with every unobserved variable chosen it is the MPE; with none, log P(e)', () =>
    fc.assert(
      fc.property(withEvidence(arbitraryModel({ variables: { max: 6 } })), ([model, states]) => {
        const engine = right(compile(networkOf(model)))
        const evidence = namedEvidence(states)
        const all = model.cards.map((_, v) => `v${v}`)
        const logPe = logTotal(enumerateJoint(model, { evidence: states }))
        if (logPe === -Infinity) {
          expect(leftTag(marginalMap(engine, all, { evidence }))).toBe('ImpossibleEvidence')
          return
        }
        expect(Math.abs(right(marginalMap(engine, all, { evidence })).logProbability - right(mpe(engine, { evidence })).logProbability)).toBeLessThan(1e-12)
        expect(Math.abs(right(marginalMap(engine, [], { evidence })).logProbability - logPe)).toBeLessThan(1e-12)
      }),
      { numRuns: 200 },
    ))
})

describe('marginal MAP is not the MPE restricted to the chosen variables', () => {
  it('die = 0 is most probable alone, die = 1 in the most probable (coin, die) pair', () => {
    const net = defineNetwork({
      states: { coin: ['heads', 'tails'], die: ['0', '1', '2'] },
      parents: { die: ['coin'] },
      tables: { coin: [0.5, 0.5], die: { heads: [0.35, 0.65, 0], tails: [0.4, 0, 0.6] } },
    })
    if (E.isLeft(net)) throw new Error('network')
    const engine = right(compile(net.right))
    const alone = right(marginalMap(engine, ['die']))
    expect(alone.assignment).toEqual({ die: '0' })
    expect(Math.abs(alone.logProbability - Math.log(0.375))).toBeLessThan(1e-15)
    expect(right(mpe(engine)).assignment).toEqual({ coin: 'heads', die: '1' })
    expect(right(marginalMap(engine, ['die'], { evidence: { coin: 'tails' } })).assignment).toEqual({ die: '2' })
  })
})

describe('marginal MAP on an engine whose noisy-OR tables were decomposed', () => {
  it('answers for the network\'s own variables as the expanded engine does (the auxiliary ones are summed out)', () => {
    const causes = ['a', 'b', 'c', 'd', 'e'] as const
    const net = defineNetwork({
      states: { a: ['no', 'yes'], b: ['no', 'yes'], c: ['no', 'yes'], d: ['no', 'yes'], e: ['no', 'yes'], y: ['no', 'yes'] },
      parents: { y: [...causes] },
      tables: { a: [0.9, 0.1], b: [0.8, 0.2], c: [0.7, 0.3], d: [0.95, 0.05], e: [0.6, 0.4], y: noisyOr({ leak: 0.01, causes: [0.8, 0.6, 0.5, 0.9, 0.3] }) },
    })
    if (E.isLeft(net)) throw new Error('network')
    const decomposed = right(compile(net.right, { compactTables: 'decompose' }))
    const expanded = right(compile(net.right, { compactTables: 'expand' }))
    expect(decomposed.compactTables).toBe('decomposed')
    for (const chosen of [['a', 'b'], ['c'], ['a', 'd', 'e'], ['y', 'b']] as const) {
      const question = { evidence: { y: 'yes' as const } }
      const one = right(marginalMap(decomposed, chosen, question))
      const other = right(marginalMap(expanded, chosen, question))
      expect(one.assignment).toEqual(other.assignment)
      expect(Math.abs(one.logProbability - other.logProbability)).toBeLessThan(1e-12)
    }
  })
})

describe('marginal MAP errors', () => {
  const chain = networkOf({
    cards: [2, 2, 2],
    tables: [
      { scope: [0], values: [0.5, 0.5] },
      { scope: [0, 1], values: [1, 0, 0, 1] },
      { scope: [1, 2], values: [1, 0, 0, 1] },
    ],
  })
  it('unknown and repeated variables, impossible evidence', () => {
    const engine = right(compile(chain))
    expect(leftTag(marginalMap(engine, ['nope']))).toBe('UnknownVariable')
    expect(leftTag(marginalMap(engine, ['v0', 'v0']))).toBe('DuplicateTarget')
    expect(leftTag(marginalMap(engine, ['v0'], { evidence: { v1: 's0', v2: 's1' } }))).toBe('ImpossibleEvidence')
  })
  it('a plan past the memory budget is refused before anything is allocated, with its induced width', () => {
    // A 12-variable chain x0 - x1 - ... with MAP on the even variables: the odd ones summed out first.
    const cards = Array.from({ length: 12 }, () => 2)
    const model: Model = { cards, tables: cards.map((_, v) => ({ scope: v === 0 ? [0] : [v - 1, v], values: v === 0 ? [0.5, 0.5] : [0.9, 0.1, 0.2, 0.8] })) }
    const tight = right(compile(networkOf(model), { method: 'elimination', memoryBudgetBytes: 64 }))
    const refused = marginalMap(tight, ['v0', 'v2', 'v4', 'v6', 'v8', 'v10'])
    expect(refused).toMatchObject({ left: { _tag: 'MarginalMapOverBudget', budgetBytes: 64 } })
    if (E.isLeft(refused)) expect(describeError(refused.left)).toMatch(/constrained induced width \d+/)
    expect(right(marginalMap(right(compile(networkOf(model))), ['v0', 'v2'])).inducedWidth).toBeGreaterThanOrEqual(1)
  })
})
