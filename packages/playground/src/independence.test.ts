import type { Dag } from '@chainrule/graph'
import { dSeparatedByMoralGraph, fromParents } from '@chainrule/graph'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledNetwork } from './bundled.fixtures.js'
import { describeError } from './errors.js'
import { blanketOf, describeTrail, independence, trailEdges } from './independence.js'

const asia = bundledNetwork('asia').dag

/** Independent check of a trail: consecutive nodes adjacent; colliders in Z or with a descendant in Z; other nodes not in Z. */
const isActiveTrail = (dag: Dag, trail: readonly string[], given: readonly string[]): boolean => {
  const id = (name: string) => dag.nodes.indexOf(name)
  const isParent = (p: number, c: number) => dag.parentIds[c]!.includes(p)
  const z = new Set(given.map(id))
  const hasDescendantInZ = (v: number): boolean => {
    const stack = [v]
    const seen = new Set<number>()
    while (stack.length > 0) {
      const u = stack.pop()!
      if (z.has(u)) return true
      for (const c of dag.childIds[u]!) if (!seen.has(c)) (seen.add(c), stack.push(c))
    }
    return false
  }
  const ids = trail.map(id)
  if (new Set(ids).size !== ids.length) return false
  if (z.has(ids[0]!) || z.has(ids[ids.length - 1]!)) return false
  for (let k = 1; k < ids.length; k++) if (!isParent(ids[k - 1]!, ids[k]!) && !isParent(ids[k]!, ids[k - 1]!)) return false
  for (let k = 1; k < ids.length - 1; k++) {
    const [a, v, b] = [ids[k - 1]!, ids[k]!, ids[k + 1]!]
    const collider = isParent(a, v) && isParent(b, v)
    if (collider ? !hasDescendantInZ(v) : z.has(v)) return false
  }
  return true
}

const arbDagQuery = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.record({
    parents: fc.tuple(...Array.from({ length: n }, (_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { maxLength: Math.min(3, v) }))),
    x: fc.nat(n - 1),
    y: fc.nat(n - 1),
    given: fc.subarray(Array.from({ length: n }, (_, u) => u)),
  }),
)

describe('independence', () => {
  it('tub and smoke are d-separated a priori (the collider either blocks)', () => {
    expect(independence(asia, { x: 'tub', y: 'smoke', given: [] })).toEqual(E.right({ separated: true }))
  })

  it('observing dysp (a descendant of the collider) connects tub and smoke through either and lung', () => {
    const answer = independence(asia, { x: 'tub', y: 'smoke', given: ['dysp'] })
    expect(answer).toEqual(
      E.right({
        separated: false,
        trail: ['tub', 'either', 'lung', 'smoke'],
        edges: [
          { from: 'tub', to: 'either' },
          { from: 'lung', to: 'either' },
          { from: 'smoke', to: 'lung' },
        ],
      }),
    )
    expect(describeTrail(asia, ['tub', 'either', 'lung', 'smoke'])).toBe('tub → either ← lung ← smoke')
  })

  it('observing lung leaves the trail through dysp and bronc; observing bronc too blocks every trail', () => {
    expect(independence(asia, { x: 'tub', y: 'smoke', given: ['dysp', 'lung'] })).toMatchObject(
      E.right({ separated: false, trail: ['tub', 'either', 'dysp', 'bronc', 'smoke'] }),
    )
    expect(independence(asia, { x: 'tub', y: 'smoke', given: ['dysp', 'lung', 'bronc'] })).toEqual(E.right({ separated: true }))
  })

  it('agrees with the moral-graph criterion, and every trail it shows is active, on random DAGs', () =>
    fc.assert(
      fc.property(arbDagQuery, ({ parents, x, y, given }) => {
        const dag = fromParents(Object.fromEntries(parents.map((ps, v) => [`n${v}`, ps.map((p) => `n${p}`)])))
        if (E.isLeft(dag)) throw new Error('generated a cyclic graph')
        const query = { x: `n${x}`, y: `n${y}`, given: given.map((v) => `n${v}`) }
        const answer = independence(dag.right, query)
        const moral = dSeparatedByMoralGraph(dag.right, [query.x], [query.y], query.given)
        expect(E.isRight(answer) && E.isRight(moral)).toBe(true)
        if (E.isLeft(answer) || E.isLeft(moral)) return
        expect(answer.right.separated).toBe(moral.right)
        if (answer.right.separated) return
        expect(answer.right.trail[0]).toBe(query.x)
        expect(answer.right.trail[answer.right.trail.length - 1]).toBe(query.y)
        expect(isActiveTrail(dag.right, answer.right.trail, query.given)).toBe(true)
        expect(answer.right.edges).toEqual(trailEdges(dag.right, answer.right.trail))
        for (const e of answer.right.edges) expect(dag.right.parentIds[dag.right.nodes.indexOf(e.to)]).toContain(dag.right.nodes.indexOf(e.from))
      }),
      { numRuns: 300 },
    ))

  it('reports unknown names', () => {
    const answer = independence(asia, { x: 'tub', y: 'cough', given: [] })
    expect(answer).toEqual(E.left({ _tag: 'Graph', error: { _tag: 'UnknownNode', node: 'cough' } }))
    if (E.isLeft(answer)) expect(describeError(answer.left)).toContain('cough')
  })
})

describe('blanketOf', () => {
  it("is lung's parents, children and co-parents", () => {
    const blanket = blanketOf(asia, 'lung')
    expect(E.isRight(blanket) && [...blanket.right].sort()).toEqual(['either', 'smoke', 'tub'])
  })

  it('reports unknown names', () => {
    expect(blanketOf(asia, 'cough')).toEqual(E.left({ _tag: 'Graph', error: { _tag: 'UnknownNode', node: 'cough' } }))
  })
})
