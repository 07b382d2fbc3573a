import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chain, fromEdges, fromParents, independent, markov } from './builders.js'
import { edgeCount, edges, idOf, toGraphology } from './dag.js'
import { describeError } from './errors.js'
import { isTopologicalOrder, topologicalOrder } from './queries.js'
import { arbitraryDag, arbitraryParentMap, err, ok } from './dags.fixtures.js'

const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`)

describe('structure builders', () => {
  it('independent has no edges', () => {
    const dag = ok(independent(['a', 'b', 'c']))
    expect(dag.nodes).toEqual(['a', 'b', 'c'])
    expect(dag.parentIds).toEqual([[], [], []])
    expect(edgeCount(dag)).toBe(0)
  })

  it('chain gives every variable all earlier variables as parents: n(n-1)/2 edges', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), (n) => {
        const dag = ok(chain(names(n)))
        expect(edgeCount(dag)).toBe((n * Math.max(n - 1, 0)) / 2)
        dag.parentIds.forEach((ps, i) => expect(ps).toEqual(Array.from({ length: i }, (_, j) => j)))
        expect(dag.topologicalIds).toEqual(Array.from({ length: n }, (_, i) => i))
      }),
    ))

  it('markov(order, k) gives each variable its k predecessors, oldest first', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 25 }), (n, k) => {
        const dag = ok(markov(names(n), k))
        dag.parentIds.forEach((ps, i) =>
          expect(ps).toEqual(Array.from({ length: Math.min(i, k) }, (_, j) => i - Math.min(i, k) + j)),
        )
        const m = Math.min(k, Math.max(n - 1, 0))
        expect(edgeCount(dag)).toBe(n === 0 ? 0 : m * n - (m * (m + 1)) / 2)
      }),
    ))

  it('markov defaults to k = 1; k = 0 is independent and k >= n - 1 is chain', () => {
    expect(ok(markov(['a', 'b', 'c'])).parentIds).toEqual([[], [0], [1]])
    expect(ok(markov(['a', 'b', 'c'], 0))).toEqual(ok(independent(['a', 'b', 'c'])))
    expect(ok(markov(['a', 'b', 'c'], 5))).toEqual(ok(chain(['a', 'b', 'c'])))
  })

  it('markov rejects a negative or fractional order with InvalidMarkovOrder', () => {
    expect(err(markov(['a'], -1))).toEqual({ _tag: 'InvalidMarkovOrder', k: -1 })
    expect(err(markov(['a'], 1.5))).toEqual({ _tag: 'InvalidMarkovOrder', k: 1.5 })
  })

  it('fromParents keeps key order and declared parent order; parents may come after children', () => {
    const dag = ok(fromParents({ wet: ['sprinkler', 'rain'], rain: ['cloudy'], sprinkler: ['cloudy'], cloudy: [] }))
    expect(dag.nodes).toEqual(['wet', 'rain', 'sprinkler', 'cloudy'])
    expect(dag.parentIds).toEqual([[2, 1], [3], [3], []])
    expect(dag.childIds).toEqual([[], [0], [0], [1, 2]])
    expect(topologicalOrder(dag)).toEqual(['cloudy', 'rain', 'sprinkler', 'wet'])
  })

  it('fromParents accepts a Map (keeps integer-like keys in insertion order)', () => {
    const dag = ok(fromParents(new Map([['2', []], ['1', ['2']]])))
    expect(dag.nodes).toEqual(['2', '1'])
    expect(dag.parentIds).toEqual([[], [0]])
  })

  it('fromEdges declares `nodes` first, then names by first mention; parents in edge order', () => {
    const dag = ok(fromEdges([['b', 'c'], ['a', 'c'], ['c', 'd']], ['z', 'a']))
    expect(dag.nodes).toEqual(['z', 'a', 'b', 'c', 'd'])
    expect(dag.parentIds[3]).toEqual([2, 1])
    expect(edges(dag)).toEqual([['b', 'c'], ['a', 'c'], ['c', 'd']])
    expect(idOf(dag, 'd')).toBe(4)
    expect(idOf(dag, 'nope')).toBeUndefined()
  })

  it('the topological order is the smallest by id, and valid, on random DAGs', () =>
    fc.assert(
      fc.property(arbitraryDag(), (dag) => {
        expect(isTopologicalOrder(dag, topologicalOrder(dag))).toBe(true)
        // greedy smallest-available check
        const placed = new Set<number>()
        for (const v of dag.topologicalIds) {
          const smallest = dag.nodes.findIndex(
            (_, w) => !placed.has(w) && dag.parentIds[w]!.every((p) => placed.has(p)),
          )
          expect(v).toBe(smallest)
          placed.add(v)
        }
      }),
    ))

  it('fromParents and fromEdges build the same DAG from the same random structure', () =>
    fc.assert(
      fc.property(arbitraryParentMap(), (map) => {
        const a = ok(fromParents(map))
        const list = [...map.entries()].flatMap(([v, ps]) => ps.map((p) => [p, v] as const))
        const b = ok(fromEdges(list, [...map.keys()]))
        expect(b).toEqual(a)
        expect(a.childIds.flat().length).toBe(list.length)
      }),
    ))

  it('a DAG is frozen, and toGraphology hands out an independent copy', () => {
    const dag = ok(chain(['a', 'b', 'c']))
    expect(Object.isFrozen(dag)).toBe(true)
    expect(Object.isFrozen(dag.parentIds)).toBe(true)
    expect(Object.isFrozen(dag.parentIds[2])).toBe(true)
    const g = toGraphology(dag)
    expect(g.order).toBe(3)
    expect(g.size).toBe(3)
    expect(g.inNeighbors('c')).toEqual(['a', 'b'])
    g.dropNode('a')
    expect(toGraphology(dag).order).toBe(3)
    expect(edgeCount(dag)).toBe(3)
  })
})

describe('builder errors', () => {
  it('EmptyName for an empty variable name, wherever it appears', () => {
    expect(err(independent(['a', '']))).toEqual({ _tag: 'EmptyName', where: 'position 1 of the order' })
    expect(err(fromParents({ a: [''] }))._tag).toBe('EmptyName')
    expect(err(fromParents({ '': [] }))._tag).toBe('EmptyName')
    expect(err(fromEdges([['a', '']]))).toEqual({ _tag: 'EmptyName', where: 'edge 0 (to)' })
    expect(err(fromEdges([['', 'a']]))).toEqual({ _tag: 'EmptyName', where: 'edge 0 (from)' })
  })

  it('DuplicateNode for a name declared twice', () => {
    expect(err(chain(['a', 'b', 'a']))).toEqual({ _tag: 'DuplicateNode', node: 'a' })
    expect(err(fromEdges([], ['x', 'x']))).toEqual({ _tag: 'DuplicateNode', node: 'x' })
  })

  it('UnknownNode for a parent that is not declared', () =>
    expect(err(fromParents({ a: ['ghost'] }))).toEqual({ _tag: 'UnknownNode', node: 'ghost' }))

  it('SelfLoop and DuplicateEdge', () => {
    expect(err(fromParents({ a: ['a'] }))).toEqual({ _tag: 'SelfLoop', node: 'a' })
    expect(err(fromEdges([['a', 'a']]))).toEqual({ _tag: 'SelfLoop', node: 'a' })
    expect(err(fromParents({ a: [], b: ['a', 'a'] }))).toEqual({ _tag: 'DuplicateEdge', from: 'a', to: 'b' })
    expect(err(fromEdges([['a', 'b'], ['a', 'b']]))).toEqual({ _tag: 'DuplicateEdge', from: 'a', to: 'b' })
  })

  it('Cycle names the cycle in edge order', () => {
    expect(err(fromEdges([['a', 'b'], ['b', 'c'], ['c', 'a']]))).toEqual({ _tag: 'Cycle', nodes: ['a', 'b', 'c'] })
    const e = err(fromEdges([['r', 'a'], ['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]))
    expect(e).toEqual({ _tag: 'Cycle', nodes: ['a', 'b', 'c'] })
    expect(describeError(e)).toBe('cycle: a -> b -> c -> a')
  })

  it('on random graphs with a cycle closed by one back edge, the Cycle error is a real directed cycle', () =>
    fc.assert(
      fc.property(
        arbitraryDag({ minNodes: 2 }).chain((dag) =>
          fc.record({ dag: fc.constant(dag), pick: fc.nat() }),
        ),
        ({ dag, pick }) => {
          // pick a strict descendant pair u ->* w via the topological order, and add w -> u
          const order = dag.topologicalIds
          const pairs: [number, number][] = []
          const reach = (u: number, w: number): boolean =>
            dag.childIds[u]!.includes(w) || dag.childIds[u]!.some((c) => reach(c, w))
          for (const u of order) for (const w of order) if (u !== w && reach(u, w)) pairs.push([u, w])
          fc.pre(pairs.length > 0)
          const [u, w] = pairs[pick % pairs.length]!
          const list = dag.parentIds.flatMap((ps, v) => ps.map((p) => [dag.nodes[p]!, dag.nodes[v]!] as const))
          const e = err(fromEdges([...list, [dag.nodes[w]!, dag.nodes[u]!]], dag.nodes))
          expect(e._tag).toBe('Cycle')
          if (e._tag !== 'Cycle') return
          const edgeSet = new Set([...list, [dag.nodes[w]!, dag.nodes[u]!]].map(([a, b]) => `${a}>${b}`))
          expect(new Set(e.nodes).size).toBe(e.nodes.length)
          e.nodes.forEach((a, i) => expect(edgeSet.has(`${a}>${e.nodes[(i + 1) % e.nodes.length]}`)).toBe(true))
        },
      ),
      { numRuns: 100 },
    ))
})
