import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { chain, fromEdges, independent } from './builders.js'
import type { Dag } from './dag.js'
import { dSeparated } from './d-separation.js'
import { addEdge, removeEdge, reverseEdge } from './edit.js'
import { immoralities, isIEquivalent, skeleton } from './immoralities.js'
import { arbitraryDag, ok, sprinkler } from './dags.fixtures.js'

const edgeList = (dag: Dag): [number, number][] => dag.parentIds.flatMap((ps, v) => ps.map((p) => [p, v] as [number, number]))

/** x -> y is covered when pa(y) = pa(x) ∪ {x} (Chickering 1995). */
const isCovered = (dag: Dag, x: number, y: number): boolean => {
  const py = new Set(dag.parentIds[y])
  const px = new Set([...dag.parentIds[x]!, x])
  return py.size === px.size && [...px].every((p) => py.has(p))
}

/** Semantic I-equivalence: every pairwise statement x ⟂ y | Z (all Z) agrees. Small DAGs only. */
const sameIndependencies = (g1: Dag, g2: Dag): boolean => {
  const names = g1.nodes
  const n = names.length
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const others = names.filter((_, v) => v !== a && v !== b)
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const z = others.filter((_, i) => (mask >> i) & 1)
        const s1 = ok(dSeparated(g1, [names[a]!], [names[b]!], z))
        const s2 = ok(dSeparated(g2, [names[a]!], [names[b]!], z))
        if (s1 !== s2) return false
      }
    }
  return true
}

describe('immoralities and skeleton', () => {
  it('a collider with non-adjacent parents is an immorality; a shielded one is not', () => {
    expect(immoralities(ok(fromEdges([['a', 'c'], ['b', 'c']])))).toEqual([{ parents: ['a', 'b'], child: 'c' }])
    expect(immoralities(ok(fromEdges([['a', 'c'], ['b', 'c'], ['a', 'b']])))).toEqual([])
    expect(immoralities(ok(chain(['a', 'b', 'c'])))).toEqual([])
    expect(immoralities(sprinkler())).toEqual([{ parents: ['sprinkler', 'rain'], child: 'wet' }])
  })

  it('skeleton drops directions', () => {
    expect(skeleton(ok(fromEdges([['b', 'a'], ['c', 'b']], ['a', 'b', 'c'])))).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ])
  })
})

describe('I-equivalence', () => {
  it('the three orientations of a chain/fork are equivalent; the collider is not', () => {
    const chainAB = ok(fromEdges([['a', 'b'], ['b', 'c']]))
    const chainCB = ok(fromEdges([['c', 'b'], ['b', 'a']]))
    const fork = ok(fromEdges([['b', 'a'], ['b', 'c']]))
    const collider = ok(fromEdges([['a', 'b'], ['c', 'b']]))
    expect(isIEquivalent(chainAB, chainCB)).toBe(true)
    expect(isIEquivalent(chainAB, fork)).toBe(true)
    expect(isIEquivalent(chainAB, collider)).toBe(false)
    expect(isIEquivalent(fork, collider)).toBe(false)
  })

  it('DAGs over different variables are never equivalent', () => {
    expect(isIEquivalent(ok(independent(['a', 'b'])), ok(independent(['a', 'c'])))).toBe(false)
    expect(isIEquivalent(ok(independent(['a', 'b'])), ok(independent(['a'])))).toBe(false)
    expect(isIEquivalent(ok(independent(['a', 'b'])), ok(independent(['b', 'a'])))).toBe(true)
  })

  it('reversing a covered edge preserves I-equivalence (and the independencies themselves)', () =>
    fc.assert(
      fc.property(arbitraryDag({ maxNodes: 7 }), (dag) => {
        for (const [x, y] of edgeList(dag).filter(([x, y]) => isCovered(dag, x, y))) {
          const reversed = ok(reverseEdge(dag, dag.nodes[x]!, dag.nodes[y]!))
          expect(isIEquivalent(dag, reversed)).toBe(true)
          expect(sameIndependencies(dag, reversed)).toBe(true)
        }
      }),
      { numRuns: 150 },
    ))

  it('reversing an edge keeps equivalence iff the edge is covered (Chickering 1995), and agrees with the semantics', () =>
    fc.assert(
      fc.property(arbitraryDag({ maxNodes: 6 }), (dag) => {
        for (const [x, y] of edgeList(dag)) {
          const reversed = reverseEdge(dag, dag.nodes[x]!, dag.nodes[y]!)
          if (E.isLeft(reversed)) {
            expect(reversed.left._tag).toBe('Cycle')
            expect(isCovered(dag, x, y)).toBe(false)
            continue
          }
          const equivalent = isIEquivalent(dag, reversed.right)
          expect(equivalent).toBe(isCovered(dag, x, y))
          expect(sameIndependencies(dag, reversed.right)).toBe(equivalent)
        }
      }),
      { numRuns: 120 },
    ))

  it('adding an immorality (a -> c <- b between non-adjacent a, b) breaks equivalence', () =>
    fc.assert(
      fc.property(arbitraryDag({ minNodes: 3, maxNodes: 7 }), (dag) => {
        // the same skeleton with one extra immorality: take a chain/fork a - c - b over
        // non-adjacent a, b where c is no collider yet, and orient both edges into c
        const n = dag.nodes.length
        const adjacent = (u: number, v: number) => dag.parentIds[u]!.includes(v) || dag.parentIds[v]!.includes(u)
        for (let c = 0; c < n; c++)
          for (let a = 0; a < n; a++)
            for (let b = a + 1; b < n; b++) {
              if (a === c || b === c || adjacent(a, b) || !adjacent(a, c) || !adjacent(b, c)) continue
              if (dag.parentIds[c]!.includes(a) && dag.parentIds[c]!.includes(b)) continue
              let g: E.Either<unknown, Dag> = E.right(dag)
              for (const p of [a, b])
                if (!dag.parentIds[c]!.includes(p)) g = E.flatMap(g, (h: Dag) => reverseEdge(h, dag.nodes[c]!, dag.nodes[p]!))
              if (E.isLeft(g)) continue
              expect(immoralities(g.right).length).toBeGreaterThan(0)
              expect(isIEquivalent(dag, g.right)).toBe(false)
              expect(sameIndependencies(dag, g.right)).toBe(false)
            }
      }),
      { numRuns: 80 },
    ))

  it('removing an immorality by marrying its parents breaks equivalence', () =>
    fc.assert(
      fc.property(arbitraryDag({ minNodes: 3, maxNodes: 7 }), (dag) => {
        for (const m of immoralities(dag)) {
          const [a, b] = m.parents
          const married = E.orElse(() => addEdge(dag, b, a))(addEdge(dag, a, b))
          const g = ok(married) // one of the two directions is always acyclic
          expect(immoralities(g).some((i) => i.child === m.child && i.parents.includes(a) && i.parents.includes(b))).toBe(false)
          expect(isIEquivalent(dag, g)).toBe(false)
          // and removing an edge of the immorality changes the skeleton
          expect(isIEquivalent(dag, ok(removeEdge(dag, a, m.child)))).toBe(false)
        }
      }),
      { numRuns: 80 },
    ))
})
