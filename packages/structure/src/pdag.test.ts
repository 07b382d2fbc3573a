import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fromParents, isIEquivalent, type Dag } from '@chainrule/graph'
import { arcsOf, consistentExtension, cpdagOf, extendOrForce, meekClosure, pdagOfDag, undirectedOf, type Pdag } from './pdag.js'
import { allDags, right } from './testing/oracle.js'

const names = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`)
const dagOfParents = (parents: readonly (readonly number[])[]): Dag =>
  right(fromParents(new Map(parents.map((ps, v) => [`v${v}`, ps.map((p) => `v${p}`)]))))

/** A random DAG over n nodes from a hidden order and coin flips. */
const arbitraryDag = (maxNodes: number) =>
  fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc
      .record({ order: fc.shuffledSubarray(names(n).map((_, i) => i), { minLength: n, maxLength: n }), coins: fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n }) })
      .map(({ order, coins }) => {
        const parents: number[][] = Array.from({ length: n }, () => [])
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (coins[i * n + j]) parents[order[j]!]!.push(order[i]!)
        return dagOfParents(parents)
      }),
  )

const samePdag = (a: Pdag, b: Pdag): boolean => a.nodes.join() === b.nodes.join() && a.marks.every((m, i) => m === b.marks[i])

describe('CPDAGs', () => {
  it('the CPDAG has an arc exactly where every I-equivalent DAG agrees (all DAGs enumerated)', () =>
    fc.assert(
      fc.property(arbitraryDag(4), (dag) => {
        const n = dag.nodes.length
        const members = allDags(n).map(dagOfParents).filter((g) => isIEquivalent(g, dag))
        const cpdag = cpdagOf(dag)
        for (let u = 0; u < n; u++)
          for (let v = 0; v < n; v++) {
            const inSome = members.some((g) => g.parentIds[v]!.includes(u))
            expect(cpdag.marks[u * n + v] === 1).toBe(inSome)
          }
      }),
      { numRuns: 80 },
    ))

  it('two DAGs have the same CPDAG exactly when they are I-equivalent', () =>
    fc.assert(
      fc.property(arbitraryDag(5), fc.nat(), (dag, pick) => {
        const n = dag.nodes.length
        const all = allDags(n)
        const other = dagOfParents(all[pick % all.length]!)
        expect(samePdag(cpdagOf(dag), cpdagOf(other))).toBe(isIEquivalent(dag, other))
      }),
      { numRuns: 60 },
    ))

  it('a consistent extension of a CPDAG is a member of its class', () =>
    fc.assert(
      fc.property(arbitraryDag(8), (dag) => {
        const extension = right(consistentExtension(cpdagOf(dag)))
        expect(isIEquivalent(extension, dag)).toBe(true)
        const forced = extendOrForce(cpdagOf(dag))
        expect(forced.exact).toBe(true)
        expect(forced.reoriented).toBe(0)
      }),
    ))

  it("Meek's rules, one at a time", () => {
    const nodes = ['a', 'b', 'c', 'd']
    const pdag = (edges: [number, number, 'arc' | 'line'][]): Pdag => {
      const marks = new Uint8Array(16)
      for (const [u, v, kind] of edges) {
        marks[u * 4 + v] = 1
        if (kind === 'line') marks[v * 4 + u] = 1
      }
      return { nodes, marks }
    }
    // R1: c -> a - b, c and b not adjacent.
    expect(arcsOf(meekClosure(pdag([[2, 0, 'arc'], [0, 1, 'line']])))).toEqual([['a', 'b'], ['c', 'a']])
    // R2: a -> c -> b with a - b.
    expect(arcsOf(meekClosure(pdag([[0, 2, 'arc'], [2, 1, 'arc'], [0, 1, 'line']])))).toContainEqual(['a', 'b'])
    // R3: a - c -> b, a - d -> b, c and d not adjacent, a - b.
    const r3 = meekClosure(pdag([[0, 2, 'line'], [2, 1, 'arc'], [0, 3, 'line'], [3, 1, 'arc'], [0, 1, 'line']]))
    expect(arcsOf(r3)).toContainEqual(['a', 'b'])
    expect(undirectedOf(r3)).toEqual([['a', 'c'], ['a', 'd']])
    // R4: a - d -> c -> b, a - c, d and b not adjacent, a - b.
    const r4 = meekClosure(pdag([[0, 3, 'line'], [3, 2, 'arc'], [2, 1, 'arc'], [0, 2, 'line'], [0, 1, 'line']]))
    expect(arcsOf(r4)).toContainEqual(['a', 'b'])
    // Nothing to do: an undirected chain stays undirected.
    expect(undirectedOf(meekClosure(pdag([[0, 1, 'line'], [1, 2, 'line']])))).toEqual([['a', 'b'], ['b', 'c']])
  })

  it('a chordless undirected 4-cycle has no consistent extension; a forced one is still a DAG on the skeleton', () => {
    const marks = new Uint8Array(16)
    for (const [u, v] of [[0, 1], [1, 2], [2, 3], [3, 0]] as const) marks[u * 4 + v] = marks[v * 4 + u] = 1
    const cycle = { nodes: ['a', 'b', 'c', 'd'], marks }
    const extension = consistentExtension(cycle)
    expect(E.isLeft(extension) && extension.left).toEqual({ _tag: 'NoConsistentExtension', undirected: 4 })
    const forced = extendOrForce(cycle)
    expect(forced.exact).toBe(false)
    expect(forced.dag.parentIds.flat().length).toBe(4)
    // A directed 3-cycle: one arc has to turn.
    const turned = extendOrForce({ nodes: ['a', 'b', 'c'], marks: Uint8Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0) })
    expect([turned.exact, turned.reoriented, turned.dag.parentIds.flat().length]).toEqual([false, 1, 3])
  })

  it('a DAG read as a PDAG keeps every arc', () => {
    const dag = dagOfParents([[], [0], [0, 1]])
    expect(arcsOf(pdagOfDag(dag))).toEqual([['v0', 'v1'], ['v0', 'v2'], ['v1', 'v2']])
    expect(undirectedOf(cpdagOf(dag))).toEqual([['v0', 'v1'], ['v0', 'v2'], ['v1', 'v2']])
  })
})
