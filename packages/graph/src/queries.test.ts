import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chain, fromEdges } from './builders.js'
import { ancestorMask, descendantMask } from './closure.js'
import {
  ancestors,
  children,
  descendants,
  family,
  isTopologicalOrder,
  leaves,
  parents,
  roots,
  topologicalOrder,
} from './queries.js'
import { isDescendantOrSelf } from '@chainrule/testing'
import { arbitraryDag, err, ok, sprinkler } from './dags.fixtures.js'

describe('structural queries', () => {
  it('answer on the sprinkler network', () => {
    const dag = sprinkler()
    expect(ok(parents(dag, 'wet'))).toEqual(['sprinkler', 'rain'])
    expect(ok(children(dag, 'cloudy'))).toEqual(['sprinkler', 'rain'])
    expect(ok(family(dag, 'wet'))).toEqual(['sprinkler', 'rain', 'wet'])
    expect(ok(ancestors(dag, 'wet'))).toEqual(['cloudy', 'sprinkler', 'rain'])
    expect(ok(descendants(dag, 'rain'))).toEqual(['wet'])
    expect(roots(dag)).toEqual(['cloudy'])
    expect(leaves(dag)).toEqual(['wet'])
  })

  it('UnknownNode for every query naming a node', () => {
    const dag = chain(['a'])
    const d = ok(dag)
    for (const q of [parents, children, family, ancestors, descendants])
      expect(err(q(d, 'nope'))).toEqual({ _tag: 'UnknownNode', node: 'nope' })
  })

  it('isTopologicalOrder rejects wrong lengths, unknown or repeated names, and parent-after-child', () => {
    const dag = ok(fromEdges([['a', 'b'], ['a', 'c']]))
    expect(isTopologicalOrder(dag, ['a', 'c', 'b'])).toBe(true)
    expect(isTopologicalOrder(dag, ['a', 'b'])).toBe(false)
    expect(isTopologicalOrder(dag, ['a', 'b', 'b'])).toBe(false)
    expect(isTopologicalOrder(dag, ['a', 'b', 'x'])).toBe(false)
    expect(isTopologicalOrder(dag, ['b', 'a', 'c'])).toBe(false)
  })

  it('ancestors/descendants match a naive search, and are mirror images (random DAGs)', () =>
    fc.assert(
      fc.property(arbitraryDag(), fc.nat(), (dag, k) => {
        const v = k % dag.nodes.length
        const name = dag.nodes[v]!
        const expectedDesc = dag.nodes.filter((_, w) => w !== v && isDescendantOrSelf(dag.parentIds, v, w))
        const expectedAnc = dag.nodes.filter((_, w) => w !== v && isDescendantOrSelf(dag.parentIds, w, v))
        expect(ok(descendants(dag, name))).toEqual(expectedDesc)
        expect(ok(ancestors(dag, name))).toEqual(expectedAnc)
        expect(Array.from(descendantMask(dag, [v]))).toEqual(dag.nodes.map((_, w) => (isDescendantOrSelf(dag.parentIds, v, w) ? 1 : 0)))
        expect(Array.from(ancestorMask(dag, [v]))).toEqual(dag.nodes.map((_, w) => (isDescendantOrSelf(dag.parentIds, w, v) ? 1 : 0)))
        for (const w of ok(descendants(dag, name))) expect(ok(ancestors(dag, w))).toContain(name)
      }),
      { numRuns: 200 },
    ))

  it('parents and children are mirror images; roots and leaves are the nodes without them (random DAGs)', () =>
    fc.assert(
      fc.property(arbitraryDag(), (dag) => {
        for (const v of dag.nodes) for (const p of ok(parents(dag, v))) expect(ok(children(dag, p))).toContain(v)
        expect(roots(dag)).toEqual(dag.nodes.filter((v) => ok(parents(dag, v)).length === 0))
        expect(leaves(dag)).toEqual(dag.nodes.filter((v) => ok(children(dag, v)).length === 0))
        expect(isTopologicalOrder(dag, topologicalOrder(dag))).toBe(true)
        expect(isTopologicalOrder(dag, [...topologicalOrder(dag)].reverse())).toBe(
          dag.parentIds.every((ps) => ps.length === 0),
        )
      }),
      { numRuns: 200 },
    ))
})
