import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbCausalCase, dagOf, unwrap } from './causal.fixtures.js'
import { causalDiagram } from './diagram.js'

/** Every simple directed path from `from` to `to` (node lists), by exhaustive search. */
const directedPaths = (children: readonly (readonly number[])[], from: number, to: number): number[][] => {
  const out: number[][] = []
  const go = (path: number[]): void => {
    const last = path[path.length - 1]!
    if (last === to && path.length > 1) return void out.push([...path])
    for (const c of children[last]!) if (!path.includes(c)) go([...path, c])
  }
  go([from])
  return out
}

describe('the latent projection', () => {
  it('has a -> b iff a directed path from a to b has only hidden nodes inside, and a <-> b iff a hidden node reaches both that way', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 7, hiddenPercent: 45 }), (c) => {
        const { dag, admg } = c.diagram
        const hidden = new Set(c.hidden.map((h) => dag.nodes.indexOf(h)))
        const throughHidden = (path: readonly number[]) => path.slice(1, -1).every((v) => hidden.has(v))
        const reaches = (from: number, to: number) => directedPaths(dag.childIds, from, to).some(throughHidden)
        const ids = Array.from(admg.dagIds)
        ids.forEach((a, i) =>
          ids.forEach((b, j) => {
            expect(admg.parents[j]!.includes(i)).toBe(reaches(a, b))
            const confounded = i !== j && [...hidden].some((h) => reaches(h, a) && reaches(h, b))
            expect(admg.siblings[i]!.includes(j)).toBe(confounded)
          }),
        )
        // Ids follow a causal order.
        admg.parents.forEach((ps, v) => ps.forEach((p) => expect(p).toBeLessThan(v)))
        expect(c.diagram.observed.length + c.diagram.hidden.length).toBe(dag.nodes.length)
      }),
      { numRuns: 200 },
    ))

  it('a chain of hidden nodes projects to one arc; a hidden fork to a bidirected arc', () => {
    const diagram = unwrap(causalDiagram(dagOf([['a', 'h1'], ['h1', 'h2'], ['h2', 'b'], ['h2', 'c']]), { hidden: ['h1', 'h2'] }))
    expect(diagram.observed).toEqual(['a', 'b', 'c'])
    expect(diagram.admg.parents).toEqual([[], [0], [0]])
    expect(diagram.admg.siblings).toEqual([[], [2], [1]])
  })
})
