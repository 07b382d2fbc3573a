import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { exactPosterior, namedEvidence, type Model } from '@chainrule/testing'
import { compileTables } from './compile-tables.js'
import { compile } from './engine.js'
import { marginals } from './marginals.js'
import { markovOf, withEvidence } from './models.fixtures.js'

/**
 * A clique of 8 variables (one potential over all of them) and many pairwise
 * and unary potentials inside it: one cluster of 2^8..3^8 entries homes them
 * all, so they are multiplied in groups before entering it.
 */
const arbCrowdedClique: fc.Arbitrary<Model> = fc
  .record({
    cards: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 8, maxLength: 8 }),
    pairs: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { minLength: 10, maxLength: 30 }),
  })
  .chain(({ cards, pairs }) => {
    const scopes = [cards.map((_, v) => v), ...pairs.map(([a, b]) => (a === b ? [a] : [a, b]))]
    const entry = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true }))
    return fc
      .tuple(...scopes.map((s) => fc.array(entry, { minLength: s.reduce((n, v) => n * cards[v]!, 1), maxLength: s.reduce((n, v) => n * cards[v]!, 1) })))
      .map((values) => ({ cards, tables: scopes.map((scope, t) => ({ scope, values: Float64Array.from(values[t]!) })) }))
  })

describe('filling clusters', () => {
  it('tables multiplied in groups give the product of all tables: marginals and log Z(e) equal brute force', () =>
    fc.assert(
      fc.property(withEvidence(arbCrowdedClique), ([model, states]) => {
        const exact = exactPosterior(model, { evidence: states })
        const answer = marginals(E.getOrElseW(() => expect.fail('compile'))(compile(markovOf(model))), { evidence: namedEvidence(states) })
        if (exact.marginals === undefined) {
          expect(E.isLeft(answer) && answer.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(answer)) throw new Error(answer.left._tag)
        expect(answer.right.method).toBe('tree')
        expect(Math.abs(answer.right.logPEvidence - exact.logZ)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact.logZ)))
        for (const v of answer.right.targets) answer.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
      }),
      { numRuns: 60 },
    ))

  it('tables whose smallest entries multiply below the doubles are filled in logs: the bound is the exact smallest entry', () => {
    // 1e-200 twice, never at the same entry: every product is representable, the product of minima is not.
    const model: Model = {
      cards: [2, 2],
      tables: [
        { scope: [0, 1], values: [1e-200, 1, 1, 1] },
        { scope: [0, 1], values: [1, 1e-200, 1, 1] },
      ],
    }
    const tree = E.getOrElseW(() => expect.fail('compile'))(compileTables(model.cards, model.tables))
    // exp of a sum of logs: within a relative |log x| x 2^-52 of the product.
    expect(Math.abs(tree.leastInitial[0]! / 1e-200 - 1)).toBeLessThan(1e-13)
    Array.from(tree.initial[0]!).forEach((x, k) => expect(Math.abs(x / [1e-200, 1e-200, 1, 1][k]! - 1)).toBeLessThan(1e-13))
    const answer = marginals(E.getOrElseW(() => expect.fail('compile'))(compile(markovOf(model))))
    if (E.isLeft(answer)) throw new Error(answer.left._tag)
    expect(answer.right.method).toBe('tree')
    expect(Math.abs(answer.right.logPEvidence - Math.log(2 + 2e-200))).toBeLessThan(1e-15)
  })

  it('a product beyond the doubles sets the bound to 0, and the question is answered in log space', () => {
    const model: Model = {
      cards: [2, 2],
      tables: [
        { scope: [0, 1], values: [1e-200, 1, 1, 1] },
        { scope: [0, 1], values: [1e-200, 1, 1, 1] },
      ],
    }
    const tree = E.getOrElseW(() => expect.fail('compile'))(compileTables(model.cards, model.tables))
    expect(Array.from(tree.leastInitial)).toEqual([0])
    const answer = marginals(E.getOrElseW(() => expect.fail('compile'))(compile(markovOf(model))), { evidence: { v0: 's0', v1: 's0' } })
    if (E.isLeft(answer)) throw new Error(answer.left._tag)
    expect(answer.right.method).toBe('log-space')
    expect(Math.abs(answer.right.logPEvidence - 2 * Math.log(1e-200))).toBeLessThan(1e-12)
  })
})
