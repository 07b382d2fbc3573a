import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cheapestTriangulation, defaultStrategies, eliminationEntries, triangulate, type EliminationStrategy } from './triangulate.js'

type Heuristic = Exclude<EliminationStrategy['kind'], 'order'>
const heuristics: readonly Heuristic[] = ['minFill', 'weightedMinFill', 'minWeight', 'minNeighbours']

/** A random undirected graph: cards, symmetric neighbour lists, and a subset of variables to eliminate. */
const arbGraph = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 8 })
  .chain((cards) => {
    const n = cards.length
    const pairs: [number, number][] = []
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b])
    return fc.record({
      cards: fc.constant(cards),
      edges: fc.subarray(pairs),
      eliminate: fc.shuffledSubarray(Array.from({ length: n }, (_, v) => v)),
    })
  })
  .map(({ cards, edges, eliminate }) => {
    const neighbours = cards.map(() => [] as number[])
    for (const [a, b] of edges) {
      neighbours[a]!.push(b)
      neighbours[b]!.push(a)
    }
    return { cards, neighbours, eliminate }
  })

const product = (vs: Iterable<number>, cards: readonly number[]): number => {
  let p = 1
  for (const v of vs) p *= cards[v]!
  return p
}

/**
 * The reference: the definitions read literally, every score recomputed from scratch at every step
 * (adjacency matrix, linear scan for the minimum by score, then cluster size, then id).
 */
const reference = (neighbours: readonly (readonly number[])[], cards: readonly number[], kind: Heuristic, eliminate: readonly number[]) => {
  const n = cards.length
  const adj = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => neighbours[a]!.includes(b)))
  const alive = Array.from({ length: n }, () => true)
  const remaining = new Set(eliminate)
  const nbrs = (v: number) => Array.from({ length: n }, (_, u) => u).filter((u) => alive[u] && adj[v]![u])
  const scoreOf = (v: number): number => {
    const ns = nbrs(v)
    if (kind === 'minNeighbours') return ns.length
    if (kind === 'minWeight') return cards[v]! * product(ns, cards)
    let fill = 0
    for (const a of ns) for (const b of ns) if (a < b && !adj[a]![b]) fill += kind === 'minFill' ? 1 : cards[a]! * cards[b]!
    return fill
  }
  const steps: { variable: number; neighbours: number[]; cliqueEntries: number; messageEntries: number }[] = []
  while (remaining.size > 0) {
    const key = (v: number) => [scoreOf(v), cards[v]! * product(nbrs(v), cards), v] as const
    const v = [...remaining].reduce((best, u) => {
      const [s, c, id] = key(u)
      const [bs, bc, bid] = key(best)
      return s < bs || (s === bs && (c < bc || (c === bc && id < bid))) ? u : best
    })
    const ns = nbrs(v)
    steps.push({ variable: v, neighbours: ns, cliqueEntries: cards[v]! * product(ns, cards), messageEntries: product(ns, cards) })
    for (const a of ns) for (const b of ns) if (a !== b) adj[a]![b] = true
    alive[v] = false
    remaining.delete(v)
  }
  // Maximal clusters: a step's cluster not contained in any other step's cluster (first of equals kept).
  const clusters = steps.map((s) => [s.variable, ...s.neighbours].sort((a, b) => a - b))
  const within = (a: readonly number[], b: readonly number[]) => a.every((x) => b.includes(x))
  const cliques = clusters.filter((c, i) => !clusters.some((d, j) => j !== i && within(c, d) && (c.length < d.length || j < i)))
  return { steps, cliques }
}

const sortedCliques = (cs: readonly (readonly number[])[]) => cs.map((c) => c.join(',')).sort()

describe('triangulate', () => {
  it('eliminating a subset by a heuristic takes the same steps as the definitions read literally', () =>
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...heuristics), ({ cards, neighbours, eliminate }, kind) => {
        const t = triangulate(neighbours, cards, { kind }, { eliminate, steps: true })!
        const r = reference(neighbours, cards, kind, eliminate)
        expect(t.steps).toEqual(r.steps)
        expect(t.order).toEqual(r.steps.map((s) => s.variable))
        // only the variables asked for are eliminated
        expect([...t.order].sort((a, b) => a - b)).toEqual([...eliminate].sort((a, b) => a - b))
        expect(sortedCliques(t.cliques)).toEqual(sortedCliques(r.cliques))
        const sizes = r.cliques.map((c) => product(c, cards))
        expect(t.totalEntries).toBe(sizes.reduce((s, x) => s + x, 0))
        expect(t.largestEntries).toBe(Math.max(0, ...sizes))
      }),
      { numRuns: 300 },
    ))

  it('the same on larger sparse graphs (50 to 70 variables, long heap runs)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 70 }).chain((n) =>
          fc.record({
            cards: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
            edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }),
            keep: fc.subarray(Array.from({ length: n }, (_, v) => v), { maxLength: 3 }),
          }),
        ),
        fc.constantFrom(...heuristics),
        ({ cards, edges, keep }, kind) => {
          const neighbours = cards.map(() => [] as number[])
          for (const [a, b] of edges)
            if (a !== b && !neighbours[a]!.includes(b)) {
              neighbours[a]!.push(b)
              neighbours[b]!.push(a)
            }
          const eliminate = cards.map((_, v) => v).filter((v) => !keep.includes(v))
          const t = triangulate(neighbours, cards, { kind }, { eliminate, steps: true })!
          expect(t.steps).toEqual(reference(neighbours, cards, kind, eliminate).steps)
        },
      ),
      { numRuns: 20 },
    ))

  it('a given order is followed, and stopAbove gives up exactly when the total would exceed it', () =>
    fc.assert(
      fc.property(arbGraph, fc.nat(), ({ cards, neighbours, eliminate }, stop) => {
        const t = triangulate(neighbours, cards, { kind: 'order', order: eliminate }, { eliminate })!
        expect(t.order).toEqual(eliminate)
        expect(t.steps).toBeUndefined()
        const stopped = triangulate(neighbours, cards, { kind: 'order', order: eliminate }, { eliminate, stopAbove: stop % 200 })
        expect(stopped === undefined).toBe(t.totalEntries > stop % 200)
      }),
      { numRuns: 200 },
    ))

  it('eliminationEntries sizes the same triangulation, and stops past stopAbove exactly when the total exceeds it', () =>
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...defaultStrategies), fc.nat(), ({ cards, neighbours }, strategy, stop) => {
        const t = triangulate(neighbours, cards, strategy)!
        const fresh = (): number[][] => neighbours.map((list) => [...list])
        expect(eliminationEntries(fresh(), cards, strategy)).toBe(t.totalEntries)
        const bound = stop % 200
        expect(eliminationEntries(fresh(), cards, strategy, bound)).toBe(t.totalEntries > bound ? undefined : t.totalEntries)
      }),
      { numRuns: 200 },
    ))

  it('eliminating every variable gives a perfect elimination order whose maximal cliques are the clusters', () =>
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...defaultStrategies), ({ cards, neighbours }, strategy) => {
        const n = cards.length
        const t = triangulate(neighbours, cards, strategy, { steps: true })!
        expect([...t.order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, v) => v))
        // The filled graph: the original edges plus the fill edges of every step.
        const filled = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => neighbours[a]!.includes(b)))
        for (const s of t.steps!) for (const a of s.neighbours) for (const b of s.neighbours) if (a !== b) filled[a]![b] = true
        const position = new Map(t.order.map((v, i) => [v, i]))
        for (const s of t.steps!) {
          // each cluster is the variable with exactly its later neighbours in the filled graph
          const later = Array.from({ length: n }, (_, u) => u).filter((u) => filled[s.variable]![u] && position.get(u)! > position.get(s.variable)!)
          expect(s.neighbours).toEqual(later)
        }
        // every original edge lies in some clique, and the cliques are exactly the maximal cliques of the filled graph
        for (let a = 0; a < n; a++)
          for (const b of neighbours[a]!) expect(t.cliques.some((c) => c.includes(a) && c.includes(b))).toBe(true)
        const maximal: string[] = []
        for (let mask = 1; mask < 1 << n; mask++) {
          const set = Array.from({ length: n }, (_, v) => v).filter((v) => (mask >> v) & 1)
          const isClique = set.every((a) => set.every((b) => a === b || filled[a]![b]))
          const extendable = Array.from({ length: n }, (_, v) => v).some((v) => !set.includes(v) && set.every((a) => filled[a]![v]))
          if (isClique && !extendable) maximal.push(set.join(','))
        }
        expect(sortedCliques(t.cliques)).toEqual(maximal.sort())
      }),
      { numRuns: 200 },
    ))

  it('cheapestTriangulation keeps the strategy of least total entries, the earlier one on ties', () =>
    fc.assert(
      fc.property(arbGraph, ({ cards, neighbours, eliminate }) => {
        const each = defaultStrategies.map((s) => triangulate(neighbours, cards, s, { eliminate })!)
        const least = Math.min(...each.map((t) => t.totalEntries))
        const best = cheapestTriangulation(neighbours, cards, defaultStrategies, { eliminate })
        expect(best.totalEntries).toBe(least)
        expect(best.strategy).toBe(defaultStrategies[each.findIndex((t) => t.totalEntries === least)])
      }),
      { numRuns: 150 },
    ))

  it('refuses an order that is not a permutation of the variables to eliminate, and an empty strategy list', () => {
    const path = [[1], [0, 2], [1]]
    expect(() => triangulate(path, [2, 2, 2], { kind: 'order', order: [0, 1] })).toThrow(/exactly once/)
    expect(() => triangulate(path, [2, 2, 2], { kind: 'order', order: [0, 0, 1] })).toThrow(/exactly once/)
    expect(() => triangulate(path, [2, 2, 2], { kind: 'order', order: [2] }, { eliminate: [0] })).toThrow(/exactly once/)
    expect(() => cheapestTriangulation(path, [2, 2, 2], [])).toThrow(/no strategy/)
  })

  it('documented examples', () => {
    expect(triangulate([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minFill' })?.cliques).toEqual([[0, 1], [1, 2]])
    expect(triangulate([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minFill' }, { eliminate: [0], steps: true })?.steps).toEqual([
      { variable: 0, neighbours: [1], cliqueEntries: 4, messageEntries: 2 },
    ])
    expect(cheapestTriangulation([[1, 3], [0, 2], [1, 3], [2, 0]], [2, 2, 2, 2]).totalEntries).toBe(16)
  })

  it('eliminating every variable gives a junction tree over the maximal cliques (running intersection)', () =>
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...heuristics), ({ cards, neighbours }, kind) => {
        const t = triangulate(neighbours, cards, { kind })!
        const { cliques, cliqueParent } = t
        expect(cliqueParent).toHaveLength(cliques.length)
        // Parents form a forest (no cycles): following parents always ends at a root.
        cliques.forEach((_, c) => {
          let steps = 0
          for (let x = c; x >= 0; x = cliqueParent[x]!) expect(++steps).toBeLessThanOrEqual(cliques.length)
        })
        // Each variable's cliques are connected: exactly one of them has its parent outside the set.
        for (let v = 0; v < cards.length; v++) {
          const holding = cliques.map((c, i) => (c.includes(v) ? i : -1)).filter((i) => i >= 0)
          const tops = holding.filter((c) => cliqueParent[c]! < 0 || !cliques[cliqueParent[c]!]!.includes(v))
          expect(tops).toHaveLength(1)
        }
      }),
      { numRuns: 300 },
    ))
})
