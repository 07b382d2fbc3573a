import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { memorySource, type DataSource } from '@chainrule/data'
import { averagedNetwork, bootStrength, rowsInMemory } from './bootstrap.js'
import { arcsOf, undirectedOf } from './pdag.js'
import { collider } from './testing/networks.js'
import { right, sampleData } from './testing/oracle.js'

describe('bootstrap arc strengths', () => {
  const data = sampleData(collider(), 10_000, 9)

  it('are fractions of replicates, directions of a pair add up to 1, the same seed repeats them', async () => {
    const one = right(await bootStrength(memorySource(data), { replicates: 12, seed: 4, algorithm: { kind: 'tabu' } }))
    const two = right(await bootStrength(memorySource(data), { replicates: 12, seed: 4, algorithm: { kind: 'tabu' } }))
    expect(two).toEqual(one)
    for (const s of one) {
      expect(s.strength).toBeGreaterThan(0)
      expect(s.strength).toBeLessThanOrEqual(1)
      expect(Number.isInteger(s.strength * 12)).toBe(true)
      const back = one.find((t) => t.from === s.to && t.to === s.from)!
      expect(back.strength).toBe(s.strength)
      expect(s.direction + back.direction).toBeCloseTo(1, 12)
    }
    // The strong true edges are found in every replicate; the collider's arcs are oriented in every one.
    const arc = (from: string, to: string) => one.find((s) => s.from === from && s.to === to)!
    for (const [from, to] of [['a', 'c'], ['b', 'c'], ['c', 'd'], ['d', 'e']] as const) {
      expect(arc(from, to).strength).toBe(1)
      expect(arc(from, to).direction).toBeGreaterThan(0.9)
    }
    // Without a collider, b - f cannot be oriented: half each way in every replicate's CPDAG.
    expect(arc('b', 'f')).toMatchObject({ strength: 1, direction: 0.5 })
  })

  it('counts the DAGs themselves when asked, and the consensus keeps the strong edges', async () => {
    const dags = right(await bootStrength(memorySource(data), { replicates: 6, seed: 5, equivalenceClasses: false, algorithm: { kind: 'tabu' } }))
    const bf = dags.find((s) => s.from === 'b' && s.to === 'f')!
    expect([0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1].some((d) => Math.abs(bf.direction - d) < 1e-12)).toBe(true)
    const strengths = right(await bootStrength(memorySource(data), { replicates: 12, seed: 4, algorithm: { kind: 'tabu' } }))
    const consensus = averagedNetwork(data.variables, strengths)
    expect(arcsOf(consensus).sort()).toEqual([['a', 'c'], ['b', 'c'], ['c', 'd'], ['d', 'e']])
    expect(undirectedOf(consensus)).toEqual([['b', 'f']])
    expect(arcsOf(averagedNetwork(data.variables, strengths, 1))).toEqual([])
  })

  it('drops a consensus arc that would close a cycle with stronger ones', () => {
    const s = (from: string, to: string, strength: number) => ({ from, to, strength, direction: 1 })
    const consensus = averagedNetwork(['a', 'b', 'c'], [s('a', 'b', 0.9), s('b', 'c', 0.8), s('c', 'a', 0.7)])
    expect(arcsOf(consensus)).toEqual([['a', 'b'], ['b', 'c']])
  })

  it('reads the rows of a source that has no in-memory capability, and refuses bad options', async () => {
    const { inMemory: _, ...elsewhere } = memorySource(data)
    const rows = right(await rowsInMemory(elsewhere as DataSource))
    expect(rows.rows).toBe(10_000)
    expect(rows.columns.map((c) => Array.from(c.subarray(0, 5)))).toEqual(data.columns.map((c) => Array.from(c.subarray(0, 5))))
    const bad = await bootStrength(memorySource(data), { replicates: 0 })
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidOption')
    const badRows = await bootStrength(memorySource(data), { rows: -1 })
    expect(E.isLeft(badRows) && badRows.left._tag).toBe('InvalidOption')
  })
})
