import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chain, independent, markov } from './builders.js'
import { dSeparated } from './d-separation.js'
import { describeIndependence, localIndependencies } from './local-independencies.js'
import { ancestors, descendants, parents } from './queries.js'
import { arbitraryDag, ok } from './dags.fixtures.js'

describe('local independencies', () => {
  it('seed structures: chain asserts none, independent asserts each variable ⟂ all others, markov the window', () => {
    expect(localIndependencies(ok(chain(['a', 'b', 'c'])))).toEqual([])
    expect(localIndependencies(ok(independent(['a', 'b']))).map(describeIndependence)).toEqual(['a ⟂ b', 'b ⟂ a'])
    expect(localIndependencies(ok(markov(['a', 'b', 'c', 'd']))).map(describeIndependence)).toEqual([
      'c ⟂ a | b',
      'd ⟂ a, b | c',
    ])
  })

  it('each statement is v ⟂ non-descendants \\ parents | parents, and d-separation confirms it (random DAGs)', () =>
    fc.assert(
      fc.property(arbitraryDag(), (dag) => {
        const statements = localIndependencies(dag)
        for (const v of dag.nodes) {
          const pa = ok(parents(dag, v))
          const de = new Set(ok(descendants(dag, v)))
          const rest = dag.nodes.filter((w) => w !== v && !de.has(w) && !pa.includes(w))
          const s = statements.find((t) => t.x[0] === v)
          if (rest.length === 0) expect(s).toBeUndefined()
          else {
            expect(s).toEqual({ x: [v], y: rest, given: pa })
            expect(ok(dSeparated(dag, [v], rest, pa))).toBe(true)
          }
        }
        // non-trivial content: an ancestor that is not a parent is among the separated set
        for (const s of statements)
          for (const a of ok(ancestors(dag, s.x[0]!))) if (!s.given.includes(a)) expect(s.y).toContain(a)
      }),
      { numRuns: 200 },
    ))
})
