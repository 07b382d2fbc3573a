import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromEdges } from './builders.js'
import { ancestralSubgraph, moralGraph } from './moral-graph.js'
import { ancestors } from './queries.js'
import { arbitraryDag, err, ok, sprinkler } from './dags.fixtures.js'

describe('moral graph', () => {
  it('sprinkler: skeleton plus sprinkler - rain', () => {
    const m = moralGraph(sprinkler())
    expect(m.edges).toEqual([
      ['cloudy', 'sprinkler'],
      ['cloudy', 'rain'],
      ['sprinkler', 'rain'],
      ['sprinkler', 'wet'],
      ['rain', 'wet'],
    ])
    expect(m.nodes).toEqual(['cloudy', 'sprinkler', 'rain', 'wet'])
    expect(m.neighborIds[0]).toEqual([1, 2])
    expect(m.neighborIds[3]).toEqual([1, 2])
  })

  it('on random DAGs: symmetric, and u - v iff adjacent in the DAG or co-parents of some child', () =>
    fc.assert(
      fc.property(arbitraryDag(), (dag) => {
        const m = moralGraph(dag)
        const n = dag.nodes.length
        for (let u = 0; u < n; u++)
          for (let v = 0; v < n; v++) {
            const expected =
              u !== v &&
              (dag.parentIds[u]!.includes(v) ||
                dag.parentIds[v]!.includes(u) ||
                dag.parentIds.some((ps) => ps.includes(u) && ps.includes(v)))
            expect(m.neighborIds[u]!.includes(v)).toBe(expected)
          }
        expect(m.edges.length * 2).toBe(m.neighborIds.reduce((s, ns) => s + ns.length, 0))
      }),
      { numRuns: 200 },
    ))
})

describe('ancestral subgraph', () => {
  it('keeps the requested nodes and their ancestors, in declaration order with parent order', () => {
    const dag = ok(fromEdges([['b', 'c'], ['a', 'c'], ['c', 'd'], ['x', 'd']], ['a', 'b', 'c', 'd', 'x']))
    const sub = ok(ancestralSubgraph(dag, ['c']))
    expect(sub.nodes).toEqual(['a', 'b', 'c'])
    expect(sub.parentIds).toEqual([[], [], [1, 0]])
    expect(err(ancestralSubgraph(dag, ['q']))).toEqual({ _tag: 'UnknownNode', node: 'q' })
  })

  it('on random DAGs: node set is the ancestral closure; parents are kept', () =>
    fc.assert(
      fc.property(arbitraryDag(), fc.nat(), (dag, k) => {
        const v = dag.nodes[k % dag.nodes.length]!
        const sub = ok(ancestralSubgraph(dag, [v]))
        const expected = new Set([...ok(ancestors(dag, v)), v])
        expect(sub.nodes).toEqual(dag.nodes.filter((w) => expected.has(w)))
        sub.nodes.forEach((w, i) =>
          expect(sub.parentIds[i]!.map((p) => sub.nodes[p])).toEqual(
            dag.parentIds[dag.nodes.indexOf(w)]!.map((p) => dag.nodes[p]),
          ),
        )
      }),
      { numRuns: 150 },
    ))
})
