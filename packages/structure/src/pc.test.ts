import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { dataSet, memorySource, type DataSet } from '@chainrule/data'
import type { IndependenceTest } from './independence.js'
import { pcStable, type PcOptions } from './pc.js'
import { arcsOf, undirectedOf } from './pdag.js'
import { arbitraryData, right, sampleData } from './testing/oracle.js'
import { collider } from './testing/networks.js'

/** The same data with its columns in another order. */
const permuted = (data: DataSet, order: readonly number[]): DataSet =>
  right(dataSet({ variables: order.map((v) => data.variables[v]!), states: order.map((v) => data.states[v]!), columns: order.map((v) => data.columns[v]!) }))

const edgeSet = (pairs: readonly (readonly [string, string])[], undirected: boolean): string[] =>
  pairs.map(([a, b]) => (undirected && a > b ? `${b}-${a}` : `${a}${undirected ? '-' : '>'}${b}`)).sort()

describe('PC-stable', () => {
  it('finds the same skeleton whatever the order of the columns', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), fc.nat(), async ({ data }, seed) => {
        const n = data.variables.length
        const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b)
        const one = right(await pcStable(memorySource(data), { alpha: 0.05 }))
        const two = right(await pcStable(memorySource(permuted(data, order)), { alpha: 0.05 }))
        const skeleton = (r: typeof one) => edgeSet([...arcsOf(r.cpdag), ...undirectedOf(r.cpdag)], true)
        expect(skeleton(two)).toEqual(skeleton(one))
      }),
      { numRuns: 40 },
    ))

  it('separating sets explain every missing edge and counts come through the source as well', async () => {
    const data = sampleData(collider(), 5_000, 3)
    const viaMemory = right(await pcStable(memorySource(data)))
    const viaSource = right(await pcStable(memorySource(data), { counting: { kind: 'source' } }))
    expect(Array.from(viaSource.cpdag.marks)).toEqual(Array.from(viaMemory.cpdag.marks))
    const ac = viaMemory.separations.find((s) => s.a === 'a' && s.b === 'd')
    expect(ac?.given).toEqual(['c'])
    expect(viaMemory.separations.find((s) => s.a === 'a' && s.b === 'b')?.given).toEqual([])
    for (const s of viaMemory.separations) expect(s.pValue).toBeGreaterThan(0.05)
    expect(viaMemory.tests).toBeGreaterThan(0)
  })

  it('uses the chi-squared test, bounds the conditioning sets and reports each level', async () => {
    const data = sampleData(collider(), 5_000, 4)
    const levels: number[] = []
    const chi = right(await pcStable(memorySource(data), { test: { kind: 'chiSquared' }, onLevel: (l) => levels.push(l.size) }))
    expect(levels[0]).toBe(0)
    expect(edgeSet(arcsOf(chi.cpdag), false)).toEqual(['a>c', 'b>c', 'c>d', 'd>e'])
    // With marginal tests only, a and d stay joined (they are dependent without c).
    const marginal = right(await pcStable(memorySource(data), { maxConditioningSize: 0 }))
    const adjacentAD = marginal.cpdag.marks[0 * 6 + 3] === 1 || marginal.cpdag.marks[3 * 6 + 0] === 1
    expect(adjacentAD).toBe(true)
  })

  it('applies background knowledge: forbidden both ways removes an edge, required and one-way forbidden arcs orient', async () => {
    const data = sampleData(collider(), 5_000, 5)
    const learned = right(await pcStable(memorySource(data), { constraints: { forbidden: [['d', 'e'], ['e', 'd']], required: [['b', 'f']] } }))
    const arcs = edgeSet(arcsOf(learned.cpdag), false)
    expect(arcs).toContain('b>f')
    expect(arcs).not.toContain('d>e')
    expect(edgeSet(undirectedOf(learned.cpdag), true)).not.toContain('d-e')
    const oneWay = right(await pcStable(memorySource(data), { constraints: { forbidden: [['b', 'f']] } }))
    expect(edgeSet(arcsOf(oneWay.cpdag), false)).toContain('f>b')
  })

  it('refuses bad options', async () => {
    const data = sampleData(collider(), 100, 6)
    const tag = async (options: PcOptions) => {
      const r = await pcStable(memorySource(data), options)
      return E.isLeft(r) ? r.left._tag : 'Right'
    }
    expect(await tag({ alpha: 0 })).toBe('InvalidOption')
    expect(await tag({ alpha: 1.5 })).toBe('InvalidOption')
    expect(await tag({ maxConditioningSize: -1 })).toBe('InvalidOption')
    expect(await tag({ test: { kind: 'fisher' } as unknown as IndependenceTest })).toBe('InvalidOption')
    expect(await tag({ constraints: { required: [['a', 'zz']] } })).toBe('UnknownVariable')
  })
})
