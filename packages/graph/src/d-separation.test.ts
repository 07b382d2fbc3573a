import fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { activeTrail } from './active-trail.js'
import { chain, independent, markov } from './builders.js'
import { idOf } from './dag.js'
import { dSeparated } from './d-separation.js'
import { markovBlanket } from './markov-blanket.js'
import { dSeparatedByMoralGraph } from './moral-graph.js'
import { reachable, reachableMask } from './reachable.js'
import { arbitraryDag, arbitraryDagWithPair, arbitraryDagWithSets } from './testing/arbitrary-dag.js'
import { bruteForceConnected, err, isActiveTrail, ok } from './testing/helpers.js'

const ids = (dag: Parameters<typeof idOf>[0], names: readonly string[]) => names.map((n) => idOf(dag, n)!)

describe('d-separation: two algorithms and the definition agree', () => {
  it('Bayes-ball agrees with the moralised ancestral graph criterion on random DAGs and sets', () =>
    fc.assert(
      fc.property(arbitraryDagWithSets(), ({ dag, x, y, z }) => {
        expect(ok(dSeparated(dag, x, y, z))).toBe(ok(dSeparatedByMoralGraph(dag, x, y, z)))
      }),
      { numRuns: 600 },
    ))

  it('pairwise d-separation matches enumeration of every simple trail (up to 8 nodes)', () =>
    fc.assert(
      fc.property(arbitraryDagWithPair({ maxNodes: 8 }), ({ dag, a, b, z }) => {
        const zSet = new Set(ids(dag, z))
        const [ai, bi] = ids(dag, [a, b])
        const connected = bruteForceConnected(dag, ai!, bi!, zSet)
        expect(ok(dSeparated(dag, [a], [b], z))).toBe(!connected)
      }),
      { numRuns: 400 },
    ))

  it('reachable(X, Z) is exactly the set of nodes not d-separated from X given Z', () =>
    fc.assert(
      fc.property(arbitraryDagWithSets(), ({ dag, x, z }) => {
        const got = ok(reachable(dag, x, z))
        const expected = dag.nodes.filter((v) => !ok(dSeparatedByMoralGraph(dag, x, [v], z)))
        expect(got).toEqual(expected)
      }),
      { numRuns: 200 },
    ))

  it('set d-separation is the conjunction of pairwise d-separations', () =>
    fc.assert(
      fc.property(arbitraryDagWithSets(), ({ dag, x, y, z }) => {
        const pairwise = x.every((a) => y.every((b) => ok(dSeparated(dag, [a], [b], z))))
        expect(ok(dSeparated(dag, x, y, z))).toBe(pairwise)
      }),
      { numRuns: 200 },
    ))
})

describe('activeTrail witnesses', () => {
  it('returns a real active trail from x to y when d-connected, and none when separated', () =>
    fc.assert(
      fc.property(arbitraryDagWithPair(), ({ dag, a, b, z }) => {
        const trail = ok(activeTrail(dag, a, b, z))
        const separated = ok(dSeparated(dag, [a], [b], z))
        expect(O.isNone(trail)).toBe(separated)
        if (O.isSome(trail)) {
          expect(trail.value[0]).toBe(a)
          expect(trail.value[trail.value.length - 1]).toBe(b)
          expect(isActiveTrail(dag, ids(dag, trail.value), new Set(ids(dag, z)))).toBe(true)
        }
      }),
      { numRuns: 800 },
    ))

  it('UnknownNode for names outside the DAG', () => {
    const dag = ok(chain(['a', 'b']))
    expect(err(activeTrail(dag, 'a', 'q', []))).toEqual({ _tag: 'UnknownNode', node: 'q' })
    expect(err(activeTrail(dag, 'a', 'b', ['q']))).toEqual({ _tag: 'UnknownNode', node: 'q' })
    expect(err(dSeparated(dag, ['a'], ['q'], []))).toEqual({ _tag: 'UnknownNode', node: 'q' })
    expect(err(reachable(dag, ['q'], []))).toEqual({ _tag: 'UnknownNode', node: 'q' })
    expect(err(dSeparatedByMoralGraph(dag, ['a'], ['b'], ['q']))).toEqual({ _tag: 'UnknownNode', node: 'q' })
  })

  it('conventions: x is d-connected to itself unless observed', () => {
    const dag = ok(chain(['a', 'b']))
    expect(ok(activeTrail(dag, 'a', 'a', []))).toEqual(O.some(['a']))
    expect(ok(activeTrail(dag, 'a', 'a', ['a']))).toEqual(O.none)
    expect(ok(dSeparated(dag, ['a'], ['a'], []))).toBe(false)
    expect(ok(dSeparated(dag, ['a'], ['b'], ['b']))).toBe(true)
    expect(ok(dSeparated(dag, [], ['b'], []))).toBe(true)
  })
})

describe('Markov blanket', () => {
  it('a node is d-separated from everything outside its blanket given the blanket', () =>
    fc.assert(
      fc.property(arbitraryDag().chain((dag) => fc.record({ dag: fc.constant(dag), v: fc.constantFrom(...dag.nodes) })), ({ dag, v }) => {
        const blanket = ok(markovBlanket(dag, v))
        const rest = dag.nodes.filter((w) => w !== v && !blanket.includes(w))
        expect(ok(dSeparated(dag, [v], rest, blanket))).toBe(true)
        // and the blanket is minimal: each member is d-connected to v given the rest of the blanket
        for (const m of blanket) expect(ok(dSeparated(dag, [v], [m], blanket.filter((w) => w !== m)))).toBe(false)
      }),
      { numRuns: 300 },
    ))

  it('UnknownNode', () => expect(err(markovBlanket(ok(chain(['a'])), 'b'))._tag).toBe('UnknownNode'))
})

const arbitraryOrderAndSet = (minN: number) =>
  fc.integer({ min: minN, max: 10 }).chain((n) =>
    fc.record({
      names: fc.constant(Array.from({ length: n }, (_, i) => `x${i + 1}`)),
      z: fc.subarray(Array.from({ length: n }, (_, i) => i)),
      i: fc.integer({ min: 0, max: n - 1 }),
      j: fc.integer({ min: 0, max: n - 1 }),
    }),
  )

describe('what the seed structures assert', () => {
  it('chain(order): every pair is adjacent, so no pair is d-separated by any set excluding both', () =>
    fc.assert(
      fc.property(arbitraryOrderAndSet(2), ({ names, z, i, j }) => {
        fc.pre(i !== j)
        const dag = ok(chain(names))
        const lo = Math.min(i, j)
        const hi = Math.max(i, j)
        expect(dag.parentIds[hi]).toContain(lo)
        const given = z.filter((w) => w !== i && w !== j).map((w) => names[w]!)
        expect(ok(dSeparated(dag, [names[i]!], [names[j]!], given))).toBe(false)
      }),
      { numRuns: 300 },
    ))

  it('markov(order, 1): X_i ⟂ X_1..X_{i-2} | X_{i-1}, but X_i and X_j are d-connected given nothing', () =>
    fc.assert(
      fc.property(arbitraryOrderAndSet(3), ({ names, i, j }) => {
        const dag = ok(markov(names, 1))
        if (i >= 2) expect(ok(dSeparated(dag, [names[i]!], names.slice(0, i - 1), [names[i - 1]!]))).toBe(true)
        if (i !== j) expect(ok(dSeparated(dag, [names[i]!], [names[j]!], []))).toBe(false)
        // observing any node strictly between them separates them; nothing else does
        const [lo, hi] = [Math.min(i, j), Math.max(i, j)]
        if (hi - lo >= 2) {
          expect(ok(dSeparated(dag, [names[lo]!], [names[hi]!], [names[lo + 1]!]))).toBe(true)
          const outside = names.filter((_, w) => w < lo || w > hi)
          expect(ok(dSeparated(dag, [names[lo]!], [names[hi]!], outside))).toBe(false)
        }
      }),
      { numRuns: 300 },
    ))

  it('markov(order, k): X_i ⟂ X_1..X_{i-k-1} | X_{i-k}..X_{i-1}, and not given one fewer', () =>
    fc.assert(
      fc.property(arbitraryOrderAndSet(3), fc.integer({ min: 1, max: 4 }), ({ names, i }, k) => {
        const dag = ok(markov(names, k))
        fc.pre(i - k - 1 >= 0)
        const before = names.slice(0, i - k)
        const window = names.slice(i - k, i)
        expect(ok(dSeparated(dag, [names[i]!], before, window))).toBe(true)
        expect(ok(dSeparated(dag, [names[i]!], before, window.slice(1)))).toBe(false)
      }),
      { numRuns: 300 },
    ))

  it('independent(vars) separates every pair of distinct variables given any set', () =>
    fc.assert(
      fc.property(arbitraryOrderAndSet(2), ({ names, z, i, j }) => {
        fc.pre(i !== j)
        const dag = ok(independent(names))
        const given = z.filter((w) => w !== i && w !== j).map((w) => names[w]!)
        expect(ok(dSeparated(dag, [names[i]!], [names[j]!], given))).toBe(true)
        expect(ok(reachable(dag, [names[i]!], given))).toEqual([names[i]!])
      }),
      { numRuns: 200 },
    ))
})

describe('reachableMask kernel', () => {
  it('matches the name-level reachable on random DAGs', () =>
    fc.assert(
      fc.property(arbitraryDagWithSets(), ({ dag, x, z }) => {
        const mask = reachableMask(dag, ids(dag, x), ids(dag, z))
        expect(dag.nodes.filter((_, v) => mask[v] === 1)).toEqual(ok(reachable(dag, x, z)))
      }),
      { numRuns: 100 },
    ))

  it('the observed nodes it marks as reached are requisite: the sources are independent of the others given them', () =>
    fc.assert(
      fc.property(arbitraryDagWithSets(), ({ dag, x, z }) => {
        const given = ids(dag, z).filter((v) => !ids(dag, x).includes(v))
        const marked = new Uint8Array(dag.nodes.length)
        reachableMask(dag, ids(dag, x), given, marked)
        const requisite = given.filter((v) => marked[v] === 1)
        const left = given.filter((v) => marked[v] === 0)
        expect(dag.nodes.every((_, v) => marked[v] === 0 || given.includes(v))).toBe(true)
        const names = (vs: readonly number[]) => vs.map((v) => dag.nodes[v]!)
        const sources = x.filter((n) => !given.includes(idOf(dag, n)!))
        expect(ok(dSeparated(dag, sources, names(left), names(requisite)))).toBe(true)
        // Each one left out is separated from the sources given all the others.
        for (const v of left) expect(ok(dSeparated(dag, sources, names([v]), names(given.filter((u) => u !== v))))).toBe(true)
      }),
      { numRuns: 300 },
    ))

  it('on the chain a -> b -> c, observing b and c, only b is requisite for a', () => {
    const dag = ok(markov(['a', 'b', 'c']))
    const marked = new Uint8Array(3)
    reachableMask(dag, [0], [1, 2], marked)
    expect(Array.from(marked)).toEqual([0, 1, 0])
  })
})
