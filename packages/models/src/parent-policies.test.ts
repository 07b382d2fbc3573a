import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromParents, isTopologicalOrder } from '@chainrule/graph'
import type { Ordering } from './orderings.js'
import { hilbertOrder, positionsOf, randomOrder, rasterOrder, snakeOrder } from './orderings.js'
import type { ParentPolicy } from './parent-policies.js'
import { parentsFromPolicy } from './parent-policies.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

const arbGrid = fc.record({ width: fc.integer({ min: 1, max: 9 }), height: fc.integer({ min: 1, max: 9 }) })
const arbOrderingKind = fc.constantFrom('raster', 'snake', 'hilbert', 'random')
const orderingOf = (kind: string, width: number, height: number, seed: number): Ordering =>
  right(
    kind === 'raster'
      ? rasterOrder(width, height)
      : kind === 'snake'
        ? snakeOrder(width, height)
        : kind === 'hilbert'
          ? hilbertOrder(width, height)
          : randomOrder(width * height, seed),
  )
const arbPolicy: fc.Arbitrary<ParentPolicy> = fc.oneof(
  fc.constant({ kind: 'fullHistory' } as const),
  fc.integer({ min: 0, max: 5 }).map((k) => ({ kind: 'lastK', k }) as const),
  fc.record({ radius: fc.integer({ min: 0, max: 3 }), max: fc.integer({ min: 0, max: 8 }) }).map((w) => ({ kind: 'window', ...w }) as const),
  fc.integer({ min: 0, max: 3 }).map((radius) => ({ kind: 'window', radius }) as const),
  fc.integer().map(
    (salt) =>
      ({
        kind: 'custom',
        // Some pseudo-random subset of the earlier variables.
        parents: (_v: number, position: number, ordering: Ordering) =>
          ordering.slice(0, position).filter((u) => ((u * 2654435761 + salt) >>> 0) % 3 === 0),
      }) as const,
  ),
)

describe('parent policies', () => {
  it('every policy only picks earlier variables: the DAG is acyclic and the ordering is a topological order of it', () =>
    fc.assert(
      fc.property(arbGrid, arbOrderingKind, fc.integer(), arbPolicy, ({ width, height }, kind, seed, policy) => {
        const ordering = orderingOf(kind, width, height, seed)
        const parents = right(parentsFromPolicy(ordering, policy, { width, height }))
        const position = positionsOf(ordering)
        parents.forEach((ps, v) => {
          for (const p of ps) expect(position[p]!).toBeLessThan(position[v]!)
          expect(new Set(ps).size).toBe(ps.length)
        })
        const names = ordering.map((_, v) => `c${v}`)
        const dag = fromParents(new Map(names.map((name, v) => [name, parents[v]!.map((p) => names[p]!)])))
        expect(E.isRight(dag)).toBe(true)
        if (E.isRight(dag)) expect(isTopologicalOrder(dag.right, ordering.map((v) => names[v]!))).toBe(true)
      }),
      { numRuns: 200 },
    ))

  it('lastK picks exactly the k previous variables, fullHistory all earlier ones', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer({ min: 0, max: 6 }), (n, seed, k) => {
        const ordering = right(randomOrder(n, seed))
        const last = right(parentsFromPolicy(ordering, { kind: 'lastK', k }))
        const full = right(parentsFromPolicy(ordering, { kind: 'fullHistory' }))
        ordering.forEach((v, i) => {
          expect(last[v]).toEqual(ordering.slice(Math.max(0, i - k), i))
          expect(full[v]).toEqual(ordering.slice(0, i))
        })
      }),
    ))

  it('a window without max picks exactly the earlier cells within the radius (brute force)', () =>
    fc.assert(
      fc.property(arbGrid, arbOrderingKind, fc.integer(), fc.integer({ min: 0, max: 3 }), ({ width, height }, kind, seed, radius) => {
        const ordering = orderingOf(kind, width, height, seed)
        const position = positionsOf(ordering)
        const parents = right(parentsFromPolicy(ordering, { kind: 'window', radius }, { width, height }))
        for (let v = 0; v < width * height; v++) {
          const expected: number[] = []
          for (let u = 0; u < width * height; u++) {
            const near = Math.abs((u % width) - (v % width)) <= radius && Math.abs(Math.floor(u / width) - Math.floor(v / width)) <= radius
            if (near && position[u]! < position[v]!) expected.push(u)
          }
          expect([...parents[v]!].sort((a, b) => a - b)).toEqual(expected)
        }
      }),
    ))

  it('raster order, radius 1, max 3: up, up-right and left (nearest first; on ties the most recent cell)', () => {
    const ordering = right(rasterOrder(4, 3))
    const parents = right(parentsFromPolicy(ordering, { kind: 'window', radius: 1, max: 3 }, { width: 4, height: 3 }))
    // Cell (1, 1) = 5: earlier neighbours 0 (up-left), 1 (up), 2 (up-right), 4 (left).
    // Distances: up and left are 1, the diagonals 2; the tie goes to the more recent up-right (2).
    expect(parents[5]).toEqual([1, 2, 4])
    expect(parents[0]).toEqual([])
    expect(parents[4]).toEqual([0, 1]) // left edge: up and up-right
  })

  it('bad policies are typed errors', () => {
    const ordering = right(rasterOrder(2, 2))
    const tag = (r: E.Either<{ _tag: string }, unknown>) => (E.isLeft(r) ? r.left._tag : 'Right')
    expect(tag(parentsFromPolicy(ordering, { kind: 'lastK', k: -1 }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'window', radius: 1 }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'window', radius: 1 }, { width: 3, height: 2 }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'window', radius: -1 }, { width: 2, height: 2 }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'window', radius: 1, max: 1.5 }, { width: 2, height: 2 }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'custom', parents: () => [9] }))).toBe('InvalidOption')
    expect(tag(parentsFromPolicy(ordering, { kind: 'custom', parents: (_v, i) => (i > 1 ? [0, 0] : []) }))).toBe('InvalidOption')
    const later = parentsFromPolicy(ordering, { kind: 'custom', parents: (v) => (v === 0 ? [3] : []) })
    expect(E.isLeft(later) && later.left).toEqual({ _tag: 'ParentNotEarlier', variable: '0', parent: '3' })
  })
})
