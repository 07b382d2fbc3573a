import { defaultStrategies, triangulate } from '@chainrule/factor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { junctionTree } from './junction-tree.js'

/** A random undirected graph over up to 9 variables: cards and symmetric neighbour lists. */
const arbGraph = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 9 })
  .chain((cards) => {
    const pairs: [number, number][] = []
    for (let a = 0; a < cards.length; a++) for (let b = a + 1; b < cards.length; b++) pairs.push([a, b])
    return fc.tuple(fc.constant(cards), fc.subarray(pairs))
  })
  .map(([cards, edges]) => {
    const neighbours = cards.map(() => [] as number[])
    for (const [a, b] of edges) {
      neighbours[a]!.push(b)
      neighbours[b]!.push(a)
    }
    return { cards, neighbours }
  })

describe('the junction tree over the cliques of the shared elimination engine', () => {
  it('has every clique once, separators = the intersections, and the running-intersection property', () =>
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...defaultStrategies), ({ cards, neighbours }, strategy) => {
        const t = triangulate(neighbours, cards, strategy)!
        const tree = junctionTree(t.cliques)
        expect(tree.clusters).toEqual(t.cliques)
        const m = tree.clusters.length
        expect([...tree.order].sort((a, b) => a - b)).toEqual(Array.from({ length: m }, (_, c) => c))
        for (let c = 0; c < m; c++) {
          const p = tree.parent[c]!
          const expected = p < 0 ? [] : tree.clusters[c]!.filter((v) => tree.clusters[p]!.includes(v))
          expect(tree.separator[c]).toEqual(expected)
        }
        // Running intersection: the clusters holding v form a connected subtree, i.e. exactly one of
        // them has its parent outside the set (or is the root).
        for (let v = 0; v < cards.length; v++) {
          const holding = Array.from({ length: m }, (_, c) => c).filter((c) => tree.clusters[c]!.includes(v))
          expect(holding.length).toBeGreaterThan(0)
          const tops = holding.filter((c) => tree.parent[c]! < 0 || !tree.clusters[tree.parent[c]!]!.includes(v))
          expect(tops.length).toBe(1)
        }
      }),
      { numRuns: 200 },
    ))
})
