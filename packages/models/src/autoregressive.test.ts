import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { isTopologicalOrder } from '@chainrule/graph'
import { autoregressive, cellName, withTables } from './autoregressive.js'
import { describeError } from './errors.js'
import { markovParameters } from './parameter-counts.js'
import { parameterCount } from './network-counts.js'
import { ancestralSample } from './ancestral.js'
import { asciiImage } from './ascii.js'
import { createRng } from './rng.js'
import { right, tagOf } from '@chainrule/testing'

describe('autoregressive structures', () => {
  it('28x28 raster with a 3-pixel causal window: 5,995 parameters', () => {
    const s = right(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 3 } }))
    // By hand: the first pixel has no parent (1 parameter); the rest of the top row has its left
    // neighbour (27 x 2); the left column has up and up-right (27 x 4); every other pixel has 3
    // parents (729 x 8). 1 + 54 + 108 + 5832 = 5995.
    expect(s.parameterCount).toBe(5995n)
    expect(s.tableEntryCount).toBe(2n * (1n + 27n * 2n + 27n * 4n + 729n * 8n))
    expect(s.maxParents).toBe(3)
    expect(s.names[29]).toBe(cellName(1, 1))
    expect(s.parentIds[29]!.map((p) => s.names[p])).toEqual(['x1_y0', 'x2_y0', 'x0_y1'])
    expect(isTopologicalOrder(s.dag, s.ordering.map((v) => s.names[v]!))).toBe(true)
  })

  it('full history is the chain rule: 2^784 - 1 parameters, exact; its tables are refused with their size', () => {
    const s = right(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } }))
    expect(s.parameterCount).toBe((1n << 784n) - 1n)
    const r = withTables(s, () => [0.5, 0.5])
    expect(E.isLeft(r) && r.left[0]).toEqual({ _tag: 'TableTooLarge', variable: 'x20_y0', entries: 1n << 21n, limit: 2 ** 20 })
    if (E.isLeft(r)) expect(describeError(r.left[0]!)).toBe("the table of 'x20_y0' would have 2097152 entries, over the limit of 1048576")
    const last = withTables(s, () => [0.5, 0.5], { maxTableEntries: Number.MAX_SAFE_INTEGER })
    expect(E.isLeft(last) && last.left[0]!._tag === 'TableTooLarge' && last.left[0]!.entries).toBe(1n << 53n)
  })

  it('last-k parents on any ordering cost the k-th order Markov count', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 4 }), fc.integer(), fc.integer({ min: 2, max: 4 }), (n, k, seed, card) => {
        const states = Array.from({ length: card }, (_, i) => String(i))
        const s = right(autoregressive({ variables: Array.from({ length: n }, (_, i) => `v${i}`), states, ordering: { kind: 'random', seed }, parents: { kind: 'lastK', k } }))
        expect(s.parameterCount).toBe(right(markovParameters(Array(n).fill(card), k)))
        expect(parameterCount(right(withTables(s, () => states.map(() => 1 / card))))).toBe(s.parameterCount)
      }),
      { numRuns: 40 },
    ))

  it('every ordering kind and policy gives a DAG whose topological order is the ordering', () =>
    fc.assert(
      fc.property(
        fc.record({ width: fc.integer({ min: 1, max: 8 }), height: fc.integer({ min: 1, max: 8 }) }),
        fc.constantFrom('raster', 'snake', 'hilbert', 'random'),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 4 }),
        (grid, kind, radius, max) => {
          const ordering = kind === 'random' ? ({ kind, seed: radius * 31 + max } as const) : ({ kind } as const)
          const s = right(autoregressive({ grid, ordering, parents: { kind: 'window', radius, max } }))
          expect(isTopologicalOrder(s.dag, s.ordering.map((v) => s.names[v]!))).toBe(true)
          expect(s.maxParents).toBeLessThanOrEqual(max)
        },
      ),
      { numRuns: 60 },
    ))

  it('explicit orderings are checked; bad options are typed errors', () => {
    const variables = ['a', 'b', 'c']
    expect(right(autoregressive({ variables, ordering: [2, 0, 1], parents: { kind: 'lastK', k: 1 } })).parentIds).toEqual([[2], [0], []])
    expect(tagOf(autoregressive({ variables, ordering: [0, 0, 1], parents: { kind: 'lastK', k: 1 } }))).toBe('InvalidOrdering')
    expect(tagOf(autoregressive({ variables, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } }))).toBe('InvalidOption')
    expect(tagOf(autoregressive({ ordering: [0], parents: { kind: 'fullHistory' } }))).toBe('InvalidOption')
    expect(tagOf(autoregressive({ variables, grid: { width: 3, height: 1 }, ordering: [0, 1, 2], parents: { kind: 'fullHistory' } }))).toBe('InvalidOption')
    expect(tagOf(autoregressive({ grid: { width: 0, height: 1 }, ordering: [0], parents: { kind: 'fullHistory' } }))).toBe('InvalidOption')
    expect(tagOf(autoregressive({ variables: [], ordering: [], parents: { kind: 'fullHistory' } }))).toBe('EmptyNetwork')
    expect(tagOf(autoregressive({ variables, states: [], ordering: [0, 1, 2], parents: { kind: 'fullHistory' } }))).toBe('NoStates')
    expect(tagOf(autoregressive({ variables, states: ['0', '0'], ordering: [0, 1, 2], parents: { kind: 'fullHistory' } }))).toBe('DuplicateState')
    const later = autoregressive({ variables, ordering: [0, 1, 2], parents: { kind: 'custom', parents: (v) => (v === 0 ? [2] : []) } })
    expect(E.isLeft(later) && later.left).toEqual({ _tag: 'ParentNotEarlier', variable: 'a', parent: 'c' })
  })
})

describe('hand-filled tables and sampled images', () => {
  it('a chain that copies its previous pixel samples constant images', () => {
    const s = right(autoregressive({ grid: { width: 5, height: 4 }, ordering: { kind: 'snake' }, parents: { kind: 'lastK', k: 1 } }))
    const bn = right(withTables(s, (_v, ps) => (ps.length === 0 ? [0.5, 0.5] : ps[0] === 1 ? [0, 1] : [1, 0])))
    const samples = right(ancestralSample(bn, 200, createRng(8)))
    let ones = 0
    for (let r = 0; r < samples.rows; r++) {
      const first = samples.columns[0]![r]!
      for (const column of samples.columns) expect(column[r]).toBe(first)
      ones += first
      const image = asciiImage(samples, r, { width: 5, height: 4 })
      expect(image).toBe(Array(4).fill((first === 1 ? '#' : ' ').repeat(5)).join('\n'))
    }
    // Fair first pixel: 200 rows, 5 standard errors of a proportion 1/2.
    expect(Math.abs(ones / 200 - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 200))
  })

  it('rows are checked: wrong length and rows not summing to 1 are typed errors', () => {
    const s = right(autoregressive({ variables: ['a', 'b'], ordering: [0, 1], parents: { kind: 'fullHistory' } }))
    expect(tagOf(withTables(s, () => [1]))).toEqual(['WrongRowLength', 'WrongRowLength'])
    expect(tagOf(withTables(s, () => [0.5, 0.6]))).toEqual(['RowNotNormalized', 'RowNotNormalized', 'RowNotNormalized'])
    expect(tagOf(withTables(s, () => [0.5, 0.5], { maxTableEntries: 0 }))).toEqual(['InvalidOption'])
  })
})
