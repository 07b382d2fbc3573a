import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { chowLiuTree, maximumSpanningTree, mutualInformation } from './chow-liu.js'
import type { RowData } from './row-data.js'

/** Random complete rows: n variables with cards 2..4, values from a seed. */
const arbitraryRows = fc
  .record({ n: fc.integer({ min: 2, max: 6 }), rows: fc.integer({ min: 1, max: 60 }), cards: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 6, maxLength: 6 }), seed: fc.array(fc.nat(), { minLength: 360, maxLength: 360 }) })
  .map(({ n, rows, cards, seed }): RowData => {
    const c = Int32Array.from(cards.slice(0, n))
    // Skewed values (many at the lowest state, like image background) so that modes matter.
    return { rows, cards: c, values: Uint8Array.from({ length: rows * n }, (_, k) => (seed[k % 360]! % 3 === 0 ? 0 : seed[k % 360]! % c[k % n]!)) }
  })

/** Mutual information of (i, j) from a full pair table built row by row. */
const bruteMi = (data: RowData, i: number, j: number, weights?: Float64Array): number => {
  const n = data.cards.length
  const ci = data.cards[i]!
  const cj = data.cards[j]!
  const table = new Float64Array(ci * cj)
  let total = 0
  for (let r = 0; r < data.rows; r++) {
    const w = weights?.[r] ?? 1
    table[data.values[r * n + i]! * cj + data.values[r * n + j]!]! += w
    total += w
  }
  let mi = 0
  for (let a = 0; a < ci; a++)
    for (let b = 0; b < cj; b++) {
      const nab = table[a * cj + b]!
      if (nab === 0) continue
      let na = 0
      let nb = 0
      for (let x = 0; x < cj; x++) na += table[a * cj + x]!
      for (let x = 0; x < ci; x++) nb += table[x * cj + b]!
      mi += (nab / total) * Math.log((nab * total) / (na * nb))
    }
  return Math.max(0, mi)
}

/** Every spanning tree of the complete graph on n nodes (Prüfer sequences), as edge lists. */
const spanningTrees = (n: number): [number, number][][] => {
  if (n === 2) return [[[0, 1]]]
  const out: [number, number][][] = []
  const seq = new Array<number>(n - 2).fill(0)
  for (;;) {
    const degree = new Array<number>(n).fill(1)
    for (const x of seq) degree[x]!++
    const edges: [number, number][] = []
    for (const x of seq) {
      const leaf = degree.findIndex((d) => d === 1)
      edges.push([leaf, x])
      degree[leaf]!--
      degree[x]!--
    }
    const rest = degree.map((d, v) => (d === 1 ? v : -1)).filter((v) => v >= 0)
    edges.push([rest[0]!, rest[1]!])
    out.push(edges)
    let k = n - 3
    for (; k >= 0; k--) {
      if (++seq[k]! < n) break
      seq[k] = 0
    }
    if (k < 0) return out
  }
}

describe('mutualInformation', () => {
  it('equals the pair tables counted row by row, with and without weights', () =>
    fc.assert(
      fc.property(arbitraryRows, fc.boolean(), fc.nat(), (data, weighted, seed) => {
        const weights = weighted ? Float64Array.from({ length: data.rows }, (_, r) => ((r * 7 + seed) % 5) / 4) : undefined
        const mi = mutualInformation(data, weights === undefined ? {} : { weights })
        const n = data.cards.length
        for (let i = 0; i < n; i++) {
          expect(mi[i * n + i]).toBe(0)
          for (let j = i + 1; j < n; j++) {
            expect(mi[i * n + j]).toBe(mi[j * n + i])
            expect(Math.abs(mi[i * n + j]! - bruteMi(data, i, j, weights))).toBeLessThanOrEqual(1e-12)
          }
        }
      }),
      { numRuns: 200 },
    ))
})

describe('Chow-Liu trees', () => {
  it('reach the largest total mutual information of any spanning tree', () =>
    fc.assert(
      fc.property(arbitraryRows, (data) => {
        const n = data.cards.length
        const mi = mutualInformation(data)
        const tree = chowLiuTree(data)
        let total = 0
        for (let i = 0; i < n; i++) if (tree.parent[i]! >= 0) total += mi[i * n + tree.parent[i]!]!
        const best = Math.max(...spanningTrees(n).map((edges) => edges.reduce((s, [a, b]) => s + mi[a * n + b]!, 0)))
        expect(Math.abs(total - best)).toBeLessThanOrEqual(1e-12)
        // A rooted tree: one root, parents before children.
        expect(Array.from(tree.parent).filter((p) => p < 0)).toHaveLength(1)
        const seen = new Set<number>()
        for (const v of tree.order) {
          if (tree.parent[v]! >= 0) expect(seen.has(tree.parent[v]!)).toBe(true)
          seen.add(v)
        }
      }),
      { numRuns: 150 },
    ))

  it('maximumSpanningTree roots at the given node and breaks ties towards lower indices', () => {
    const w = new Float64Array(9).fill(1)
    expect(Array.from(maximumSpanningTree(w, 3, 2).parent)).toEqual([2, 2, -1])
  })
})
