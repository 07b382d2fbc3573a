import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chain, fromEdges, independent } from './builders.js'
import { edgeCount } from './dag.js'
import { describeError } from './errors.js'
import { addEdge, removeEdge, reverseEdge } from './edit.js'
import { isTopologicalOrder, topologicalOrder } from './queries.js'
import { arbitraryDag, err, ok } from './dags.fixtures.js'

describe('edits return new DAGs', () => {
  it('addEdge appends the new parent and leaves the input untouched', () => {
    const dag = ok(fromEdges([['b', 'c']], ['a', 'b', 'c']))
    const added = ok(addEdge(dag, 'a', 'c'))
    expect(added.parentIds[2]).toEqual([1, 0])
    expect(dag.parentIds[2]).toEqual([1])
    expect(added.nodes).toBe(added.nodes)
    expect(added.nodes).toEqual(dag.nodes)
  })

  it('removeEdge and reverseEdge', () => {
    const dag = ok(chain(['a', 'b', 'c']))
    expect(ok(removeEdge(dag, 'a', 'c')).parentIds).toEqual([[], [0], [1]])
    const rev = ok(reverseEdge(dag, 'b', 'c'))
    expect(rev.parentIds).toEqual([[], [0, 2], [0]])
    expect(topologicalOrder(rev)).toEqual(['a', 'c', 'b'])
  })

  it('errors: UnknownNode, SelfLoop, DuplicateEdge, EdgeNotFound, Cycle', () => {
    const dag = ok(chain(['a', 'b', 'c']))
    expect(err(addEdge(dag, 'a', 'z'))).toEqual({ _tag: 'UnknownNode', node: 'z' })
    expect(err(removeEdge(dag, 'z', 'a'))).toEqual({ _tag: 'UnknownNode', node: 'z' })
    expect(err(addEdge(dag, 'b', 'b'))).toEqual({ _tag: 'SelfLoop', node: 'b' })
    expect(err(addEdge(dag, 'a', 'b'))).toEqual({ _tag: 'DuplicateEdge', from: 'a', to: 'b' })
    expect(err(removeEdge(dag, 'c', 'a'))).toEqual({ _tag: 'EdgeNotFound', from: 'c', to: 'a' })
    expect(err(reverseEdge(dag, 'c', 'a'))).toEqual({ _tag: 'EdgeNotFound', from: 'c', to: 'a' })
    expect(err(addEdge(dag, 'c', 'a'))).toEqual({ _tag: 'Cycle', nodes: ['a', 'b', 'c'] })
    // a -> c is implied also through b, so reversing it closes a -> b -> c -> a
    const cycle = err(reverseEdge(dag, 'a', 'c'))
    expect(cycle).toEqual({ _tag: 'Cycle', nodes: ['a', 'b', 'c'] })
    expect(describeError(cycle)).toBe('cycle: a -> b -> c -> a')
  })

  it('addEdge fails with Cycle exactly when `to` is an ancestor-or-self of `from` (random DAGs)', () =>
    fc.assert(
      fc.property(arbitraryDag({ minNodes: 2, maxNodes: 9 }), fc.nat(), fc.nat(), (dag, i, j) => {
        const n = dag.nodes.length
        const [u, v] = [i % n, j % n]
        fc.pre(u !== v && !dag.parentIds[v]!.includes(u))
        const reaches = (from: number, to: number): boolean =>
          from === to || dag.childIds[from]!.some((c) => reaches(c, to))
        const result = addEdge(dag, dag.nodes[u]!, dag.nodes[v]!)
        expect(E.isLeft(result)).toBe(reaches(v, u))
        if (E.isRight(result)) {
          expect(edgeCount(result.right)).toBe(edgeCount(dag) + 1)
          expect(isTopologicalOrder(result.right, topologicalOrder(result.right))).toBe(true)
          expect(ok(removeEdge(result.right, dag.nodes[u]!, dag.nodes[v]!))).toEqual(dag)
        }
      }),
      { numRuns: 300 },
    ))

  it('an edgeless DAG accepts any single edge', () => {
    const dag = ok(independent(['a', 'b']))
    expect(ok(addEdge(dag, 'b', 'a')).parentIds).toEqual([[1], []])
  })
})
