import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dataSet, MISSING } from '@chainrule/data'
import { latentLayout, latentNetwork, latentParameterCount, type LatentSkeleton } from './latent-tree.js'
import { exceptionsOf, imageRows, rowsOfDataSet } from './row-data.js'
import { arbitraryLatentTree } from './latent.fixtures.js'
import { right } from './table-learning.fixtures.js'

const base: LatentSkeleton = {
  observedNames: ['a', 'b'],
  observedCards: Int32Array.of(2, 3),
  hiddenNames: ['z', 'w'],
  hiddenCards: Int32Array.of(2, 4),
  hiddenParent: Int32Array.of(-1, 0),
  observedHidden: Int32Array.of(0, 1),
  observedParents: [Int32Array.of(), Int32Array.of(0)],
}

describe('latent tree skeletons', () => {
  it('lay out states, orders and table shapes', () => {
    const layout = right(latentLayout(base))
    expect(Array.from(layout.stateOffset)).toEqual([0, 2, 6])
    expect(layout.states).toBe(6)
    expect(Array.from(layout.hiddenOrder)).toEqual([0, 1])
    expect(Array.from(layout.contexts)).toEqual([1, 2])
    expect(Array.from(layout.hiddenStates)).toEqual([2, 4])
  })

  it('refuse what is not a latent tree, naming the problem', () => {
    const cases: [Partial<LatentSkeleton>, string][] = [
      [{ hiddenParent: Int32Array.of(1, 0) }, 'hiddenParent'],
      [{ hiddenParent: Int32Array.of(-1, 5) }, 'hiddenParent'],
      [{ observedParents: [Int32Array.of(1), Int32Array.of(0)] }, 'observedParents'],
      [{ observedParents: [Int32Array.of(), Int32Array.of(1)] }, 'observedParents'],
      [{ observedHidden: Int32Array.of(0, 2) }, 'observedHidden'],
      [{ observedCards: Int32Array.of(0, 3) }, 'observedCards'],
      [{ hiddenCards: Int32Array.of(2, 256) }, 'hiddenCards'],
      [{ hiddenNames: ['z', 'a'] }, 'skeleton'],
      [{ observedCards: Int32Array.of(2) }, 'skeleton'],
      [{ hiddenCards: Int32Array.of(2) }, 'skeleton'],
    ]
    for (const [change, option] of cases) expect(latentLayout({ ...base, ...change })).toMatchObject({ left: { _tag: 'InvalidOption', option } })
    expect(latentLayout(base, 7)).toMatchObject({ left: { _tag: 'TableTooLarge', variable: 'b', entries: 24, limit: 7 } })
  })

  it('are Bayesian networks with the hidden variables first and [hidden, ...observed] parents, tables as CPTs', () =>
    fc.assert(
      fc.property(arbitraryLatentTree(), (model) => {
        const bn = right(latentNetwork(model))
        const H = model.hiddenNames.length
        expect(bn.dag.nodes).toEqual([...model.hiddenNames, ...model.observedNames])
        model.observedNames.forEach((_, i) => {
          const expected = [...(model.observedHidden[i]! < 0 ? [] : [model.observedHidden[i]!]), ...Array.from(model.observedParents[i]!, (p) => H + p)]
          expect(bn.dag.parentIds[H + i]).toEqual(expected)
          expect(Array.from(bn.cpts[H + i]!.values)).toEqual(Array.from(model.observedTables[i]!))
        })
        const free = bn.cpts.reduce((s, f) => s + (f.values.length / f.cards[f.cards.length - 1]!) * (f.cards[f.cards.length - 1]! - 1), 0)
        expect(latentParameterCount(model)).toBe(free)
      }),
      { numRuns: 100 },
    ))
})

describe('row data', () => {
  it('transposes a complete data set and refuses a missing cell', () => {
    const ds = right(dataSet({ variables: ['a', 'b'], states: [['x', 'y'], ['p', 'q', 'r']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(2, 0, 1)] }))
    expect(Array.from(right(rowsOfDataSet(ds)).values)).toEqual([0, 2, 1, 0, 1, 1])
    const gap = right(dataSet({ variables: ['a'], states: [['x', 'y']], columns: [Uint8Array.of(0, MISSING)] }))
    expect(rowsOfDataSet(gap)).toMatchObject({ left: { _tag: 'MissingCells', variable: 'a', row: 1 } })
  })

  it('lists every cell off its mode, once, in row order', () =>
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), (table) => {
        const data = { rows: table.length, cards: Int32Array.of(3, 3, 3), values: Uint8Array.from(table.flat()) }
        const x = exceptionsOf(data)
        for (let i = 0; i < 3; i++) {
          const counts = [0, 1, 2].map((s) => table.filter((row) => row[i] === s).length)
          expect(counts[x.mode[i]!]).toBe(Math.max(...counts))
        }
        table.forEach((row, r) => {
          const listed = Array.from(x.variable.subarray(x.offsets[r]!, x.offsets[r + 1]!))
          expect(listed).toEqual([0, 1, 2].filter((i) => row[i] !== x.mode[i]))
          listed.forEach((i, k) => expect(x.state[x.offsets[r]! + k]).toBe(row[i]))
        })
      }),
    ))
  it('images are row data as they are', () => {
    const pixels = Uint8Array.of(0, 1, 1, 0)
    const rows = imageRows({ rows: 2, width: 2, height: 1, pixels })
    expect(rows.values).toBe(pixels)
    expect(Array.from(rows.cards)).toEqual([2, 2])
  })
})
