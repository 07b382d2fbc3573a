import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cutTree, givenGroups, gridPatches, groupTree, treeWeights } from './tree-clusters.js'
import type { RootedTree } from './chow-liu.js'

/** Random rooted trees: node v's parent is an earlier node. */
const arbitraryTree = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).map((xs): RootedTree => {
  const n = xs.length
  const parent = Int32Array.from(xs, (x, v) => (v === 0 ? -1 : x % v))
  return { parent, order: Int32Array.from({ length: n }, (_, v) => v) }
})

describe('cutTree', () => {
  it('cuts a tree into connected pieces of at most `size` nodes, covering every node once', () =>
    fc.assert(
      fc.property(arbitraryTree, fc.integer({ min: 1, max: 8 }), (tree, size) => {
        const { group, members } = cutTree(tree, size)
        const n = tree.parent.length
        expect(members.reduce((s, m) => s + m.length, 0)).toBe(n)
        for (const m of members) {
          expect(m.length).toBeGreaterThan(0)
          expect(m.length).toBeLessThanOrEqual(size)
          // Connected: exactly one member (the top) has its parent outside the piece.
          const tops = Array.from(m).filter((v) => tree.parent[v]! < 0 || group[tree.parent[v]!] !== group[v])
          expect(tops).toHaveLength(1)
        }
        // The pieces joined by the tree's edges between them form a tree.
        const joined = groupTree({ group, members }, treeWeights(tree), group[0]!)
        expect(Array.from(joined.parent).filter((p) => p < 0)).toHaveLength(1)
        for (let g = 0; g < members.length; g++) {
          const p = joined.parent[g]!
          if (p < 0) continue
          const linked = Array.from(members[g]!).some((v) => tree.parent[v]! >= 0 && group[tree.parent[v]!] === p) || Array.from(members[p]!).some((v) => tree.parent[v]! >= 0 && group[tree.parent[v]!] === g)
          expect(linked).toBe(true)
        }
      }),
      { numRuns: 300 },
    ))
})

describe('gridPatches and givenGroups', () => {
  it('patches a grid in raster order, smaller at the edges', () => {
    const p = gridPatches({ width: 5, height: 3 }, 2, 2)
    expect(p.grid).toEqual({ width: 3, height: 2 })
    expect(p.members.map((m) => m.length)).toEqual([4, 4, 2, 2, 2, 1])
    expect(p.group[4 * 1 + 5 * 2]).toBe(5)
  })
  it('shifts the patch lattice by an offset, cutting the first row and column of patches', () => {
    const p = gridPatches({ width: 5, height: 3 }, 2, 2, { x: 1, y: 1 })
    expect(p.grid).toEqual({ width: 3, height: 2 })
    // Row 0 is the bottom half of the first patch row; column 0 the right half of the first patch column.
    expect(p.members.map((m) => m.length)).toEqual([1, 2, 2, 2, 4, 4])
    expect(Array.from(p.group.subarray(0, 5))).toEqual([0, 1, 1, 2, 2])
    expect(p.group[5 * 2 + 0]).toBe(3)
  })
  it('refuses groups that miss or repeat a variable', () => {
    expect(givenGroups([[0, 1], [2]], 3)?.group).toEqual(Int32Array.of(0, 0, 1))
    expect(givenGroups([[0, 1], [1, 2]], 3)).toBeUndefined()
    expect(givenGroups([[0], [2]], 3)).toBeUndefined()
    expect(givenGroups([[0, 1, 2], []], 3)).toBeUndefined()
  })
})
