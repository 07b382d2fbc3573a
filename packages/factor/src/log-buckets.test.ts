import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { entryAt, enumerateJoint, frequencyTolerance, logTotal, marginals, mostProbable, type Joint } from '@chainrule/testing'
import type { Factor, VarId } from './factor.js'
import { arbitraryFactors } from './factors.fixtures.js'
import { logBuckets, mostProbableStates, sampleBuckets } from './log-buckets.js'

/**
 * The oracle's enumeration of the product of `factors`; variables in no factor
 * are not summed over (they are not in the product), so they count as one state.
 */
const enumerateLogs = (given: readonly number[], factors: readonly Factor[], evidence: ReadonlyMap<VarId, number>): Joint => {
  const cards = given.map((c, v) => (factors.some((f) => f.scope.includes(v as VarId)) ? c : 1))
  const states = new Int32Array(cards.length).fill(-1)
  for (const [v, s] of evidence) states[v] = s
  return enumerateJoint({ cards, tables: factors }, { evidence: states })
}

/** Factors with entries scaled by 1e-300 (products far below the smallest double) and random evidence. */
const arbRare = arbitraryFactors(3, 4).chain(({ u, factors }) =>
  fc.tuple(
    fc.constant(u.cards),
    fc.constant(factors.map((f) => ({ ...f, values: Float64Array.from(f.values, (x) => x * 1e-300) }))),
    fc.tuple(...u.cards.map((c) => fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: c - 1 })))),
  ),
)

describe('log buckets', () => {
  it("'max': the traced-back states attain log max_x of the product, with evidence, on tables of 1e-300 entries", () =>
    fc.assert(
      fc.property(arbRare, ([cards, factors, raw]) => {
        const evidence = new Map(raw.flatMap((s, v) => (s >= 0 && factors.some((f) => f.scope.includes(v as VarId)) ? [[v as VarId, s] as const] : [])))
        const all = enumerateLogs(cards, factors, evidence)
        const best = mostProbable(all)?.logWeight ?? -Infinity
        const run = logBuckets(factors, { mode: 'max', evidence })
        if (best === -Infinity) {
          expect(E.isLeft(run) && run.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(run)) throw new Error(run.left._tag)
        expect(Math.abs(run.right.logTotal - best)).toBeLessThanOrEqual(1e-12 * Math.abs(best))
        const states = mostProbableStates(run.right)
        for (const [v, s] of evidence) states[v] = s
        // The product of the factors at the traced states is the maximum.
        let log = 0
        const a = cards.map((_, v) => (v < states.length ? states[v]! : 0))
        for (const f of factors) log += Math.log(entryAt(f, cards, a))
        expect(Math.abs(log - best)).toBeLessThanOrEqual(1e-12 * Math.abs(best))
      }),
      { numRuns: 300 },
    ))

  it("'sum': log P(e) by enumeration, and samples whose frequencies match the posterior (a binomial bound)", () =>
    fc.assert(
      fc.property(arbRare, fc.integer(), ([cards, factors, raw], seed) => {
        const evidence = new Map(raw.flatMap((s, v) => (s >= 0 && factors.some((f) => f.scope.includes(v as VarId)) ? [[v as VarId, s] as const] : [])))
        const all = enumerateLogs(cards, factors, evidence)
        const total = logTotal(all)
        const run = logBuckets(factors, { mode: 'sum', evidence })
        if (total === -Infinity) {
          expect(E.isLeft(run) && run.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(run)) throw new Error(run.left._tag)
        expect(Math.abs(run.right.logTotal - total)).toBeLessThanOrEqual(1e-12 * Math.abs(total))
        const posterior = marginals(all)
        const rows = 2000
        const columns = cards.map(() => new Int32Array(rows).fill(-1))
        let x = seed >>> 0
        const uniform = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32)
        sampleBuckets(run.right, rows, uniform, columns)
        const eliminated = new Set(run.right.buckets.map((b) => b.variable as number))
        for (let v = 0; v < cards.length; v++) {
          if (!eliminated.has(v)) continue
          for (let s = 0; s < cards[v]!; s++) {
            const p = posterior![v]![s]!
            const seen = columns[v]!.filter((c) => c === s).length / rows
            // A state of probability zero is never drawn.
            if (p === 0) expect(seen).toBe(0)
            expect(Math.abs(seen - p)).toBeLessThanOrEqual(frequencyTolerance(p, rows))
          }
        }
      }),
      { numRuns: 100 },
    ))

  it('refuses buckets over the memory budget before eliminating', () => {
    const f = { scope: [0, 1] as VarId[], cards: [10, 10], strides: [10, 1], values: new Float64Array(100).fill(1) }
    const run = logBuckets([f], { mode: 'max', memoryBudgetBytes: 100 })
    expect(E.isLeft(run) && run.left._tag).toBe('MemoryBudgetExceeded')
  })
})
