import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { dataSet, hideCells, memorySource, type DataSet } from '@chainrule/data'
import { createRng } from '@chainrule/models'
import { memoryCounter, moveToLast, openCounter, sourceCounter, completeRows } from './counting.js'
import type { Family } from './score-cache.js'
import { arbitraryData, arbitraryScore, bruteFamilyScore, closeTo, completeRowIndices, right } from './testing/oracle.js'

/** Random families over the data's columns: a child and a subset of the others, plus extensions of one parent set (the incremental path). */
const familiesFor = (data: DataSet, picks: readonly number[]): Family[] => {
  const n = data.variables.length
  const out: Family[] = []
  for (let i = 0; i + 1 < picks.length; i += 2) {
    const child = picks[i]! % n
    const mask = picks[i + 1]!
    const parents = Array.from({ length: n }, (_, v) => v).filter((v) => v !== child && (mask >> v) & 1)
    out.push({ child, parents })
    // Every one-variable extension and reduction of that family, as a search step asks.
    for (let x = 0; x < n; x++) {
      if (x === child) continue
      out.push({ child, parents: parents.includes(x) ? parents.filter((p) => p !== x) : [...parents, x].sort((a, b) => a - b) })
    }
  }
  return out
}

const arbitraryCase = fc.record({
  sample: arbitraryData(5),
  score: arbitraryScore,
  picks: fc.array(fc.nat(1023), { minLength: 2, maxLength: 8 }),
  hide: fc.constantFrom(0, 0.05),
  seed: fc.nat(),
})

describe('counters', () => {
  it('the in-memory fast path and the source path score every family as the definition does, complete-case', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ sample, score, picks, hide, seed }) => {
        const data = right(hideCells(sample.data, hide, createRng(seed)))
        if (completeRowIndices(data).length === 0) return
        const families = familiesFor(data, picks)
        const fast = right(await memoryCounter(data).scoreFamilies(families, score, Number.POSITIVE_INFINITY))
        const viaSource = right(await right(await sourceCounter(memorySource(data))).scoreFamilies(families, score, Number.POSITIVE_INFINITY))
        families.forEach((f, i) => {
          const expected = bruteFamilyScore(score, data, f.child, f.parents)
          expect(closeTo(fast[i]!, expected)).toBe(true)
          expect(closeTo(viaSource[i]!, expected)).toBe(true)
        })
      }),
      { numRuns: 60 },
    ))

  it('count tables over column lists match a recount by string keys', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), fc.array(fc.nat(1023), { minLength: 1, maxLength: 6 }), async ({ data }, masks) => {
        const n = data.variables.length
        const sets = masks.map((m) => Array.from({ length: n }, (_, v) => v).filter((v) => (m >> v) & 1).reverse())
        const tables = right(await memoryCounter(data).countTables(sets))
        const viaSource = right(await right(await sourceCounter(memorySource(data))).countTables(sets))
        sets.forEach((set, i) => {
          const cards = set.map((v) => data.states[v]!.length)
          const expected = new Float64Array(cards.reduce((a, b) => a * b, 1))
          for (let r = 0; r < data.rows; r++) {
            let at = 0
            set.forEach((v, k) => (at = at * cards[k]! + data.columns[v]![r]!))
            expected[at]! += 1
          }
          expect(Array.from(tables[i]!)).toEqual(Array.from(expected))
          expect(Array.from(viaSource[i]!)).toEqual(Array.from(expected))
        })
      }),
      { numRuns: 40 },
    ))

  it('moveToLast moves one column of a table to the fastest place', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }), fc.nat(), (cards, pick) => {
        const position = pick % cards.length
        const size = cards.reduce((a, b) => a * b, 1)
        const table = Float64Array.from({ length: size }, (_, i) => i)
        const moved = moveToLast(table, cards, position)
        const order = [...cards.keys()].filter((k) => k !== position).concat(position)
        // Walk every assignment and compare entries by their meaning.
        for (let i = 0; i < size; i++) {
          const digits: number[] = []
          let rest = i
          for (let k = cards.length - 1; k >= 0; k--) {
            digits[k] = rest % cards[k]!
            rest = Math.floor(rest / cards[k]!)
          }
          const target = order.reduce((at, k) => at * cards[k]! + digits[k]!, 0)
          expect(moved[target]).toBe(table[i])
        }
      }),
    ))

  it('reports complete rows and dropped rows, and refuses data with no complete row', async () => {
    const ds = right(dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 255, 1), Uint8Array.of(1, 0, 255)] }))
    const counter = right(await openCounter(memorySource(ds)))
    expect([counter.rows, counter.droppedRows, counter.description]).toEqual([1, 2, 'memory, incremental'])
    const viaSource = right(await openCounter(memorySource(ds), { kind: 'source' }))
    expect([viaSource.rows, viaSource.droppedRows, viaSource.description]).toEqual([1, 2, 'source memory'])
    expect(completeRows(ds).data.columns.map((c) => Array.from(c))).toEqual([[0], [1]])
    const none = right(dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(255, 255)] }))
    const refused = await openCounter(memorySource(none))
    expect(E.isLeft(refused) && refused.left).toEqual({ _tag: 'NoCompleteRows', rows: 2 })
    const given = right(await openCounter(memorySource(none), { kind: 'counter', counter }))
    expect(given).toBe(counter)
  })

  it('scores families whose table is too large as -Infinity, on both paths', async () => {
    const ds = right(dataSet({ variables: ['a', 'b', 'c'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1), Uint8Array.of(1, 1), Uint8Array.of(0, 0)] }))
    const families = [{ child: 0, parents: [1, 2] }, { child: 0, parents: [1] }]
    for (const counter of [memoryCounter(ds), right(await sourceCounter(memorySource(ds)))]) {
      const scores = right(await counter.scoreFamilies(families, { kind: 'bic' }, 4))
      expect(scores[0]).toBe(Number.NEGATIVE_INFINITY)
      expect(Number.isFinite(scores[1]!)).toBe(true)
    }
  })
})
