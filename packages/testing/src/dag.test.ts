import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allDags, arbitraryDag, bruteForceConnected, isAcyclic, isActiveTrail, parentMapOf } from './dag.js'

describe('random DAGs and their oracles', () => {
  it('arbitraryDag: acyclic, names v0..v{n-1}, parents distinct and not the node itself', () =>
    fc.assert(
      fc.property(arbitraryDag({ minNodes: 2, maxNodes: 9 }), (dag) => {
        expect(dag.nodes).toEqual(dag.parents.map((_, v) => `v${v}`))
        expect(isAcyclic(dag.parents)).toBe(true)
        dag.parents.forEach((ps, v) => {
          expect(new Set(ps).size).toBe(ps.length)
          expect(ps).not.toContain(v)
        })
        expect([...parentMapOf(dag).keys()]).toEqual(dag.nodes)
      }),
    ))

  it('active trails by definition: a chain, a fork and a collider', () => {
    // 0 -> 1 -> 2, 1 <- 3: the collider is 1 for the trail 0 - 1 - 3.
    const parents = [[], [0, 3], [1], []]
    expect(isActiveTrail(parents, [0, 1, 2], new Set())).toBe(true)
    expect(isActiveTrail(parents, [0, 1, 2], new Set([1]))).toBe(false)
    expect(isActiveTrail(parents, [0, 1, 3], new Set())).toBe(false)
    expect(isActiveTrail(parents, [0, 1, 3], new Set([2]))).toBe(true)
    expect(bruteForceConnected(parents, 0, 3, new Set())).toBe(false)
    expect(bruteForceConnected(parents, 0, 3, new Set([1]))).toBe(true)
  })

  it('allDags: 1, 3, 25 and 543 DAGs over 1 to 4 labelled nodes (OEIS A003024)', () => {
    expect([1, 2, 3, 4].map((n) => allDags(n).length)).toEqual([1, 3, 25, 543])
    expect(isAcyclic([[1], [0]])).toBe(false)
  })
})
