import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bayes, condition } from './condition.js'
import { domain } from './domain.js'
import type { VarId } from './factor.js'
import { fromFlat, tableOf } from './factor.js'
import { total } from './normalize.js'
import { closeRelative } from '@chainrule/testing'
import { arbitraryFactors, arbitraryNetwork, bruteForce } from './factors.fixtures.js'

const tag = <T>(e: E.Either<{ _tag: string }, T>): string => (E.isLeft(e) ? e.left._tag : 'Right')
const [disease, test] = [0 as VarId, 1 as VarId]
const prior = tableOf([disease], [2], Float64Array.of(0.99, 0.01))
const likelihood = tableOf([disease, test], [2, 2], Float64Array.of(0.95, 0.05, 0.05, 0.95))

describe('condition', () => {
  it('equals P(x | e) = P(x, e) / P(e) by enumeration, with P(e) relative to the total', () =>
    fc.assert(
      fc.property(arbitraryFactors(1), fc.nat(), ({ u, factors: [joint] }, seed) => {
        const f = joint!
        const evidence = new Map(
          f.scope.filter((_, i) => (seed >> i) & 1).map((v, i) => [v, (seed >> (6 + i)) % f.cards[f.scope.indexOf(v)]!]),
        )
        const free = f.scope.filter((v) => !evidence.has(v))
        const { table, total: pe } = bruteForce(u.cards, [f], free, evidence)
        const all = total(f)
        const c = condition(f, evidence)
        if (all === 0) expect(tag(c)).toBe('NotNormalizable')
        else if (pe === 0) expect(tag(c)).toBe('ImpossibleEvidence')
        else if (E.isRight(c)) {
          expect(c.right.posterior.scope).toEqual(free)
          expect(closeRelative(c.right.posterior.values, table.map((x) => x / pe))).toBe(true)
          // the oracle sums over variables outside the scope too: P(e) is a ratio, so they cancel
          const outside = bruteForce(u.cards, [f], []).total
          expect(Math.abs(c.right.probability - pe / outside)).toBeLessThanOrEqual(1e-12 * c.right.probability)
          expect(Math.abs(c.right.logProbability - Math.log(pe / outside))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c.right.logProbability)))
        } else expect.unreachable()
      }),
      { numRuns: 200 },
    ))
  it('rejects unknown variables and states, zero-mass joints and impossible evidence', () => {
    const joint = tableOf([disease, test], [2, 2], Float64Array.of(0.5, 0, 0.5, 0))
    expect(tag(condition(joint, new Map([[7 as VarId, 0]])))).toBe('UnknownVariable')
    expect(tag(condition(joint, new Map([[test, 2]])))).toBe('UnknownState')
    expect(tag(condition(joint, new Map([[test, 1]])))).toBe('ImpossibleEvidence')
    expect(tag(condition(tableOf([disease], [2], new Float64Array(2)), new Map()))).toBe('NotNormalizable')
  })
})

describe('bayes', () => {
  it('computes the disease-test posterior exactly', () => {
    const r = bayes(prior, likelihood, 1)
    if (E.isLeft(r)) return expect.unreachable()
    const pPositive = 0.99 * 0.05 + 0.01 * 0.95
    expect(r.right.probability).toBeCloseTo(pPositive, 15)
    expect(r.right.posterior.values[1]).toBeCloseTo((0.01 * 0.95) / pPositive, 15)
    expect(r.right.posterior.scope).toEqual([disease])
  })
  it('agrees with conditioning the product, on random networks', () =>
    fc.assert(
      fc.property(arbitraryNetwork(4, 2), fc.nat(), (net, seed) => {
        // prior = joint of all variables but one leaf-most variable b (last in some topological order)
        const b = net.cpts.findIndex((_, v) => !net.parents.some((ps) => ps.includes(v as VarId))) as VarId
        const others = net.cpts.filter((_, v) => v !== b)
        const priorTable = bruteForce(net.cards, others, net.cards.map((_, v) => v as VarId).filter((v) => v !== b))
        const priorVars = net.cards.map((_, v) => v as VarId).filter((v) => v !== b)
        const priorFactor = tableOf(priorVars, priorVars.map((v) => net.cards[v]!), priorTable.table)
        const state = seed % net.cards[b]!
        const r = bayes(priorFactor, net.cpts[b]!, state)
        const { table, total: pe } = bruteForce(net.cards, net.cpts, priorVars, new Map([[b, state]]))
        if (pe === 0) expect(tag(r)).toBe('ImpossibleEvidence')
        else if (E.isRight(r)) {
          expect(closeRelative(r.right.posterior.values, table.map((x) => x / pe))).toBe(true)
          expect(Math.abs(r.right.probability - pe)).toBeLessThanOrEqual(1e-12 * pe)
        } else expect.unreachable()
      }),
      { numRuns: 150 },
    ))
  it('accepts the observed state by name with a domain', () => {
    const d = domain([
      { name: 'Disease', states: ['absent', 'present'] },
      { name: 'Test', states: ['negative', 'positive'] },
    ])
    if (E.isLeft(d)) return expect.unreachable()
    expect(bayes(prior, likelihood, 'positive', d.right)).toEqual(bayes(prior, likelihood, 1))
    expect(tag(bayes(prior, likelihood, 'maybe', d.right))).toBe('UnknownState')
    expect(tag(bayes(prior, likelihood, 'positive'))).toBe('UnknownState')
  })
  it('rejects malformed likelihoods, bad states and impossible observations', () => {
    expect(tag(bayes(prior, tableOf([], [], Float64Array.of(1)), 0))).toBe('InvalidOption')
    expect(tag(bayes(prior, prior, 0))).toBe('InvalidOption')
    expect(tag(bayes(prior, tableOf([5 as VarId, test], [2, 2], Float64Array.of(1, 0, 0, 1)), 0))).toBe('UnknownVariable')
    expect(tag(bayes(prior, likelihood, 2))).toBe('UnknownState')
    expect(tag(bayes(prior, tableOf([disease, test], [3, 2], new Float64Array(6)), 0))).toBe('CardinalityMismatch')
    expect(tag(bayes(tableOf([disease], [2], new Float64Array(2)), likelihood, 0))).toBe('NotNormalizable')
    const never = fromFlat([disease, test], [2, 2], [1, 0, 1, 0])
    if (E.isRight(never)) expect(tag(bayes(prior, never.right, 1))).toBe('ImpossibleEvidence')
  })
})
