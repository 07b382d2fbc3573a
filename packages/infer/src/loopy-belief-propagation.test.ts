import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { exactPosterior, namedEvidence, type Model } from '@chainrule/testing'
import { compile } from './engine.js'
import { describeError, type InferError } from './errors.js'
import { approximateMarginals, type Schedule } from './loopy-belief-propagation.js'
import { arbFactorGraph, markovOf, withEvidence } from './models.fixtures.js'
import { defineNetwork, noisyOr } from '@chainrule/models'

const right = <T>(result: E.Either<InferError, T>): T => {
  if (E.isLeft(result)) throw new Error(describeError(result.left))
  return result.right
}
const leftTag = <T>(result: E.Either<InferError, T>): string => (E.isLeft(result) ? result.left._tag : 'Right')

const positive = fc.double({ min: 0.01, max: 10, noNaN: true })
const tableOver = (size: number) => fc.array(positive, { minLength: size, maxLength: size }).map((v) => Float64Array.from(v))

/**
 * Random factor graphs that are trees: each new variable joins the graph
 * through one factor that holds exactly one earlier variable (a pair, or a
 * triple with the next new variable), plus unary factors anywhere. Scope
 * orders are shuffled, so tables are laid out every way.
 */
const arbFactorTree: fc.Arbitrary<Model> = fc
  .record({
    cards: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 8 }),
    picks: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.boolean()), { minLength: 8, maxLength: 8 }),
    unary: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .chain(({ cards, picks, unary }) => {
    const scopes: number[][] = []
    for (let v = 1; v < cards.length; v++) {
      const [p, triple, reverse] = picks[v - 1]!
      const joined = [p % v, v]
      if (triple && v + 1 < cards.length) joined.push(++v)
      scopes.push(reverse ? joined.reverse() : joined)
    }
    for (const u of unary) scopes.push([u % cards.length])
    if (scopes.length === 0) scopes.push([0])
    return fc
      .tuple(...scopes.map((scope) => tableOver(scope.reduce((n, v) => n * cards[v]!, 1))))
      .map((values) => ({ cards, tables: scopes.map((scope, t) => ({ scope, values: values[t]! })) }))
  })

const schedules: readonly Schedule[] = ['parallel', 'sequential', 'residual']

describe('loopy belief propagation is exact on trees', () => {
  it('marginals and log Z(e) equal brute force for every schedule, with and without damping', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorTree), ([model, states]) => {
        const exact = exactPosterior(model, { evidence: states })
        const engine = right(compile(markovOf(model)))
        for (const schedule of schedules)
          for (const damping of [0, 0.5]) {
            const lbp = right(approximateMarginals(engine, { evidence: namedEvidence(states) }, { kind: 'lbp', schedule, damping, tolerance: 1e-14, maxIterations: 5000 }))
            expect(lbp.approximate).toBe(true)
            expect(lbp.converged).toBe(true)
            // Undamped, only summation order differs; damped, convergence stops within the tolerance.
            const within = damping === 0 ? 1e-12 : 1e-9
            const logZ = exact.logZ
            expect(Math.abs(lbp.logPEvidence - logZ)).toBeLessThanOrEqual(within * Math.max(1, Math.abs(logZ)))
            for (const v of lbp.targets) lbp.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(within))
            // The engine holds its tree: the result compares itself with the exact answer.
            expect(lbp.errorAgainstExact!.maxMarginalError).toBeLessThan(within)
          }
      }),
      { numRuns: 150 },
    ))
})

describe('on loopy graphs it is approximate and says so', () => {
  it('the reported error against exact is the actual error', () =>
    fc.assert(
      fc.property(withEvidence(arbFactorGraph(6, 8)), ([model, states]) => {
        const exact = exactPosterior(model, { evidence: states })
        const lbp = approximateMarginals(right(compile(markovOf(model))), { evidence: namedEvidence(states) }, { kind: 'lbp', damping: 0.3, maxIterations: 300 })
        if (exact.marginals === undefined) {
          // From an all-zero message (a proof), or from the exact answer the engine compares with.
          expect(leftTag(lbp)).toBe('ImpossibleEvidence')
          return
        }
        const answer = right(lbp)
        let largest = 0
        for (const v of answer.targets) answer.probabilities[v]!.forEach((p, s) => (largest = Math.max(largest, Math.abs(p - exact.marginals![v]![s]!))))
        expect(Math.abs(answer.errorAgainstExact!.maxMarginalError - largest)).toBeLessThan(1e-12)
        expect(Math.abs(answer.errorAgainstExact!.logPEvidenceError - (answer.logPEvidence - exact.logZ))).toBeLessThan(1e-9)
      }),
      { numRuns: 150 },
    ))

  it('a frustrated triangle: not exact, not converged within one sweep, and the iteration limit holds', () => {
    // Three binary variables, each pair preferring to disagree: impossible for all three pairs at once.
    const disagree = [1, 4, 4, 1]
    const triangle = markovOf({
      cards: [2, 2, 2],
      tables: [
        { scope: [0, 1], values: disagree },
        { scope: [1, 2], values: disagree },
        { scope: [0, 2], values: disagree },
        { scope: [0], values: [1, 3] },
      ],
    })
    const engine = right(compile(triangle))
    const one = right(approximateMarginals(engine, {}, { kind: 'lbp', maxIterations: 1 }))
    expect(one.iterations).toBe(1)
    expect(one.converged).toBe(false)
    expect(one.residual).toBeGreaterThan(1e-9)
    const settled = right(approximateMarginals(engine, {}, { kind: 'lbp', schedule: 'residual', damping: 0.5 }))
    expect(settled.converged).toBe(true)
    expect(settled.errorAgainstExact!.maxMarginalError).toBeGreaterThan(1e-4)
    // Without a junction tree there is nothing to compare with.
    expect(right(approximateMarginals(right(compile(triangle, { method: 'elimination' })), {}, { kind: 'lbp' })).errorAgainstExact).toBeUndefined()
  })
})

describe('on an engine whose noisy-OR table was decomposed', () => {
  it('runs on the compiled tables (auxiliary variables included) and reports only the network\'s variables; exact here (a tree)', () => {
    const net = defineNetwork({
      states: { a: ['no', 'yes'], b: ['no', 'yes'], c: ['no', 'yes'], y: ['no', 'yes'] },
      parents: { y: ['a', 'b', 'c'] },
      tables: { a: [0.9, 0.1], b: [0.8, 0.2], c: [0.7, 0.3], y: noisyOr({ leak: 0.01, causes: [0.8, 0.6, 0.5] }) },
    })
    if (E.isLeft(net)) throw new Error('network')
    const engine = right(compile(net.right, { compactTables: 'decompose' }))
    expect(engine.compactTables).toBe('decomposed')
    const lbp = right(approximateMarginals(engine, { evidence: { y: 'yes' } }, { kind: 'lbp', tolerance: 1e-14 }))
    expect(lbp.targets).toEqual([0, 1, 2])
    expect(lbp.probabilities.length).toBe(4)
    expect(lbp.errorAgainstExact!.maxMarginalError).toBeLessThan(1e-12)
    expect(Math.abs(lbp.errorAgainstExact!.logPEvidenceError)).toBeLessThan(1e-12)
  })
})

describe('loopy belief propagation errors', () => {
  const pair = markovOf({ cards: [2, 2], tables: [{ scope: [0, 1], values: [1, 0, 0, 1] }] })
  it('settings out of range, and evidence a table rules out', () => {
    const engine = right(compile(pair))
    expect(leftTag(approximateMarginals(engine, {}, { kind: 'lbp', damping: 1 }))).toBe('InvalidOption')
    expect(leftTag(approximateMarginals(engine, {}, { kind: 'lbp', maxIterations: 0 }))).toBe('InvalidOption')
    expect(leftTag(approximateMarginals(engine, {}, { kind: 'lbp', tolerance: 0 }))).toBe('InvalidOption')
    expect(leftTag(approximateMarginals(engine, {}, { kind: 'lbp', schedule: 'random' as Schedule }))).toBe('InvalidOption')
    expect(leftTag(approximateMarginals(engine, { evidence: { v0: 's0', v1: 's1' } }, { kind: 'lbp' }))).toBe('ImpossibleEvidence')
    expect(leftTag(approximateMarginals(engine, { evidence: { v7: 's0' } }))).toBe('UnknownVariable')
  })
})
