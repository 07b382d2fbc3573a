import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isAcyclic } from './dag.js'
import { RARE_ENTRIES, arbitraryModel } from './random-model.js'
import { expandCompact } from './compact-tables.js'

describe('arbitraryModel', () => {
  it('Bayesian: acyclic parents within the bounds, the order topological, one table per variable over [...parents, v], rows summing to 1', () =>
    fc.assert(
      fc.property(arbitraryModel({ variables: { min: 2, max: 7 }, states: { min: 2, max: 4 }, parents: { max: 2 } }), (model) => {
        expect(model.kind).toBe('bayesian')
        expect(model.cards.length).toBeGreaterThanOrEqual(2)
        expect(model.cards.length).toBeLessThanOrEqual(7)
        for (const c of model.cards) expect(c >= 2 && c <= 4).toBe(true)
        expect(isAcyclic(model.parents)).toBe(true)
        expect([...model.order].sort((a, b) => a - b)).toEqual(model.cards.map((_, v) => v))
        const position = new Map(model.order.map((v, i) => [v, i]))
        model.parents.forEach((ps, v) => {
          expect(ps.length).toBeLessThanOrEqual(2)
          for (const p of ps) expect(position.get(p)!).toBeLessThan(position.get(v)!)
        })
        model.tables.forEach((t, v) => {
          expect(t.scope).toEqual([...model.parents[v]!, v])
          const card = model.cards[v]!
          expect(t.values.length % card).toBe(0)
          for (let r = 0; r < t.values.length; r += card) {
            let sum = 0
            for (let s = 0; s < card; s++) sum += t.values[r + s]!
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12)
          }
        })
      }),
      { numRuns: 200 },
    ))

  it('minimum parents: every variable has min(minimum, earlier variables) parents or more', () =>
    fc.assert(
      fc.property(arbitraryModel({ parents: { min: 2, max: 3 } }), (model) => {
        const position = new Map(model.order.map((v, i) => [v, i]))
        model.parents.forEach((ps, v) => expect(ps.length).toBeGreaterThanOrEqual(Math.min(2, position.get(v)!)))
      }),
    ))

  it('zeros: false gives positive entries; rare: true gives entries below 1e-99', () => {
    let rare = 0
    fc.assert(
      fc.property(arbitraryModel({ zeros: false, rare: true }), (model) => {
        for (const t of model.tables)
          for (const x of Array.from(t.values)) {
            expect(x).toBeGreaterThan(0)
            if (x < 1e-99) rare++
          }
      }),
    )
    expect(rare).toBeGreaterThan(0)
    expect(Math.min(...RARE_ENTRIES)).toBe(1e-300)
  })

  it('compact tables expand to the full tables beside them', () => {
    let compact = 0
    fc.assert(
      fc.property(arbitraryModel({ compact: true, parents: { min: 1, max: 3 } }), (model) => {
        model.compact!.forEach((table, v) => {
          if (table === undefined) return
          compact++
          expect(model.parents[v]!.length).toBeGreaterThan(0)
          expect(expandCompact(table, model.cards[v]!, model.parents[v]!.map((p) => model.cards[p]!))).toEqual(model.tables[v]!.values)
        })
      }),
    )
    expect(compact).toBeGreaterThan(0)
  })

  it('Markov: potentials over distinct variables of the model, of the right sizes, non-negative', () =>
    fc.assert(
      fc.property(arbitraryModel({ kind: 'markov', factors: { min: 3, max: 3, maxScope: 2 } }), (model) => {
        expect(model.kind).toBe('markov')
        expect(model.tables.length).toBe(3)
        for (const t of model.tables) {
          expect(t.scope.length).toBeLessThanOrEqual(2)
          expect(new Set(t.scope).size).toBe(t.scope.length)
          for (const v of t.scope) expect(v).toBeLessThan(model.cards.length)
          expect(t.values.length).toBe(t.scope.reduce((n, v) => n * model.cards[v]!, 1))
          for (const x of Array.from(t.values)) expect(x).toBeGreaterThanOrEqual(0)
        }
      }),
    ))

  it('spread: Markov potentials with entries zero or within [10^-3, 10^3], below 1 and above it, over at most maxScope variables, some variables in none', () => {
    const seen = { zero: 0, below: 0, above: 0, outside: 0, unused: 0 }
    fc.assert(
      fc.property(arbitraryModel({ kind: 'markov', variables: { max: 7 }, factors: { min: 1, max: 8, maxScope: 3 }, spread: 3 }), (model) => {
        expect(model.tables.length).toBeGreaterThanOrEqual(1)
        expect(model.tables.length).toBeLessThanOrEqual(8)
        for (const t of model.tables) {
          expect(t.scope.length).toBeLessThanOrEqual(3)
          for (const x of Array.from(t.values)) {
            if (x === 0) seen.zero++
            else {
              expect(x).toBeGreaterThanOrEqual(1e-3)
              expect(x).toBeLessThanOrEqual(1e3)
              if (x < 1) seen.below++
              else seen.above++
              if (x < 0.01 || x > 10) seen.outside++
            }
          }
        }
        if (model.cards.some((_, v) => model.tables.every((t) => !t.scope.includes(v)))) seen.unused++
      }),
      { numRuns: 200 },
    )
    // Zero, below 1 and above 1 about equally often; past the default range [0.01, 10].
    expect(seen.zero).toBeGreaterThan(0)
    expect(seen.outside).toBeGreaterThan(0)
    expect(seen.below).toBeGreaterThan(seen.zero / 2)
    expect(seen.above).toBeGreaterThan(seen.zero / 2)
    expect(seen.unused).toBeGreaterThan(0)
  })

  it('spread on a Bayesian network: rows still sum to 1', () =>
    fc.assert(
      fc.property(arbitraryModel({ spread: 3 }), (model) =>
        model.tables.forEach((t, v) => {
          const card = model.cards[v]!
          for (let r = 0; r < t.values.length; r += card) {
            let sum = 0
            for (let s = 0; s < card; s++) sum += t.values[r + s]!
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12)
          }
        }),
      ),
    ))
})
