import fc from 'fast-check'
import { fromParents } from '@chainrule/graph'
import { compareGraphs, cpdagOf } from '@chainrule/structure'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledNetwork } from './bundled.fixtures.js'
import { classifyEdges, cpdagOfArcs, learnLayout, pdagOfEdges, truthCpdag } from './learn-view.js'

const names = ['a', 'b', 'c', 'd', 'e']
/** A random DAG over `names` from a hidden order and coin flips. */
const arbitraryArcs = fc
  .record({ order: fc.shuffledSubarray(names, { minLength: 5, maxLength: 5 }), coins: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }) })
  .map(({ order, coins }) => {
    const arcs: [string, string][] = []
    let k = 0
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) if (coins[k++]) arcs.push([order[i]!, order[j]!])
    return arcs
  })

describe('classifyEdges', () => {
  it('marks exactly SHD edges as not correct, and every learned and true edge appears once', () =>
    fc.assert(
      fc.property(arbitraryArcs, arbitraryArcs, (learnedArcs, trueArcs) => {
        const learned = cpdagOfArcs(names, learnedArcs)
        const truth = cpdagOfArcs(names, trueArcs)
        const edges = classifyEdges(learned, truth)
        const shd = compareGraphs(learned, truth)
        expect(E.isRight(shd) && shd.right.shd).toBe(edges.filter((e) => e.status !== 'correct').length)
        const pairs = new Set(edges.map((e) => [e.from, e.to].sort().join('-')))
        expect(pairs.size).toBe(edges.length)
        for (const e of edges) if (e.status === 'missing') expect(learned.marks[names.indexOf(e.from) * 5 + names.indexOf(e.to)]).toBe(0)
      }),
    ))

  it('draws learned edges plain without a truth, undirected ones as lines', () => {
    const learned = pdagOfEdges(['a', 'b', 'c'], { arcs: [['a', 'b']], undirected: [['b', 'c']] })
    expect(classifyEdges(learned, undefined)).toEqual([
      { from: 'a', to: 'b', directed: true, status: 'plain' },
      { from: 'b', to: 'c', directed: false, status: 'plain' },
    ])
    const truth = pdagOfEdges(['c', 'b', 'a'], { arcs: [['b', 'a'], ['c', 'b']], undirected: [] })
    expect(classifyEdges(learned, truth).map((e) => e.status)).toEqual(['reversed', 'reversed'])
  })
})

describe('learnLayout', () => {
  it("uses the truth's layered layout (parents above children) and a circle without it", () => {
    const alarm = bundledNetwork('alarm')
    const truth = { id: 'alarm', nodes: alarm.dag.nodes, parentIds: alarm.dag.parentIds }
    const { points } = learnLayout([...alarm.dag.nodes].reverse(), truth)
    const at = new Map(points.map((p) => [p.name, p]))
    alarm.dag.parentIds.forEach((ps, v) => {
      for (const p of ps) expect(at.get(alarm.dag.nodes[p]!)!.y).toBeLessThan(at.get(alarm.dag.nodes[v]!)!.y)
    })
    const dag = fromParents(new Map(truth.nodes.map((name, v) => [name, truth.parentIds[v]!.map((p) => truth.nodes[p]!)])))
    expect(E.isRight(dag) && Array.from(truthCpdag(truth).marks)).toEqual(E.isRight(dag) ? Array.from(cpdagOf(dag.right).marks) : [])
    const circle = learnLayout(['a', 'b', 'c', 'd'], undefined)
    const centre = circle.width / 2
    const radii = circle.points.map((p) => Math.hypot(p.x - centre, p.y - centre))
    for (const r of radii) expect(Math.abs(r - radii[0]!)).toBeLessThan(1e-9)
  })
})
