import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { latentSkeleton, type LatentFamily } from './latent-families.js'
import { latentLayout } from './latent-tree.js'
import { chowLiuTree } from './chow-liu.js'
import type { RowData } from './row-data.js'
import { right } from './data.fixtures.js'

/** Binary rows of a w x h grid with a little structure (stripes and noise). */
const gridRows = (width: number, height: number, rows: number, seed: number): RowData => {
  const n = width * height
  const values = new Uint8Array(rows * n)
  let s = seed | 1
  const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24
  for (let r = 0; r < rows; r++) {
    const column = Math.floor(next() * width)
    for (let v = 0; v < n; v++) values[r * n + v] = (v % width === column ? next() < 0.9 : next() < 0.1) ? 1 : 0
  }
  return { rows, cards: new Int32Array(n).fill(2), values }
}

describe('latentSkeleton', () => {
  const data = gridRows(6, 4, 300, 7)
  const grid = { width: 6, height: 4 }

  it('latent class and tree mixtures: one root over every observed variable; the tree mixture keeps the Chow-Liu parents', () => {
    const lc = right(latentSkeleton({ kind: 'latentClass', states: 5 }, data))
    expect(lc.hiddenNames).toEqual(['Z'])
    expect(Array.from(lc.observedHidden)).toEqual(new Array(24).fill(0))
    expect(lc.observedParents.every((p) => p.length === 0)).toBe(true)
    const tm = right(latentSkeleton({ kind: 'treeMixture', states: 3 }, data))
    const cl = chowLiuTree(data)
    tm.observedParents.forEach((ps, i) => expect(Array.from(ps)).toEqual(cl.parent[i]! < 0 ? [] : [cl.parent[i]!]))
    const given = right(latentSkeleton({ kind: 'mixture', states: 2, parents: Array.from({ length: 24 }, (_, i) => (i === 0 ? [] : [i - 1])) }, data))
    expect(Array.from(given.observedParents[5]!)).toEqual([4])
  })

  it('hidden Chow-Liu trees: every cluster is connected in the observed tree, the hidden variables form one tree', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 100 }), (size, seed) => {
        const rows = gridRows(6, 4, 200, seed)
        const s = right(latentSkeleton({ kind: 'hiddenChowLiu', states: 3, clusters: { kind: 'tree', size } }, rows))
        const layout = right(latentLayout(s))
        expect(layout.hiddenOrder.length).toBe(s.hiddenNames.length)
        expect(Array.from(s.hiddenParent).filter((p) => p < 0)).toHaveLength(1)
        for (let h = 0; h < s.hiddenNames.length; h++) {
          const members = Array.from(s.observedHidden.keys()).filter((i) => s.observedHidden[i] === h)
          expect(members.length).toBeGreaterThan(0)
          expect(members.length).toBeLessThanOrEqual(size)
          const tops = members.filter((i) => s.observedParents[i]!.length === 0 || s.observedHidden[s.observedParents[i]![0]!] !== h)
          expect(tops).toHaveLength(1)
        }
      }),
      { numRuns: 30 },
    ))

  it('hierarchical layers: patches of patches up to one root', () => {
    const s = right(
      latentSkeleton(
        { kind: 'hierarchical', layers: [{ states: 4, clusters: { kind: 'patches', width: 2, height: 2 } }, { states: 3, clusters: { kind: 'patches', width: 2, height: 2 } }], rootStates: 5 },
        data,
        { grid },
      ),
    )
    // 6 x 4 pixels -> 3 x 2 patches -> 2 x 1 patches of patches -> a root.
    expect(s.hiddenNames).toEqual(['H1_0', 'H1_1', 'H1_2', 'H1_3', 'H1_4', 'H1_5', 'H2_0', 'H2_1', 'R'])
    expect(Array.from(s.hiddenCards)).toEqual([4, 4, 4, 4, 4, 4, 3, 3, 5])
    expect(Array.from(s.hiddenParent)).toEqual([6, 6, 7, 6, 6, 7, 8, 8, -1])
    expect(s.observedHidden[0]).toBe(0)
    expect(s.observedHidden[5]).toBe(2)
    expect(s.observedHidden[6 * 3 + 5]).toBe(5)
    expect(s.observedParents.every((p) => p.length === 0)).toBe(true)
    const withTree = right(latentSkeleton({ kind: 'hierarchical', layers: [{ states: 2, clusters: { kind: 'tree', size: 4 } }], observedTree: true }, data))
    expect(withTree.observedParents.filter((p) => p.length === 1)).toHaveLength(23)
    expect(withTree.hiddenNames[withTree.hiddenNames.length - 1]).toBe('R')
    const single = right(latentSkeleton({ kind: 'hierarchical', layers: [{ states: 2, clusters: { kind: 'given', groups: [Array.from({ length: 24 }, (_, i) => i)] } }] }, data))
    expect(single.hiddenNames).toEqual(['H1_0'])
  })

  it('typed errors: states, patches without a grid, groups that do not partition, unknown kinds', () => {
    const bad: [LatentFamily, string][] = [
      [{ kind: 'latentClass', states: 0 }, 'states'],
      [{ kind: 'latentClass', states: 300 }, 'states'],
      [{ kind: 'hiddenChowLiu', states: 2, clusters: { kind: 'patches', width: 2, height: 2 } }, 'clusters'],
      [{ kind: 'hiddenChowLiu', states: 2, clusters: { kind: 'tree', size: 0 } }, 'clusters.size'],
      [{ kind: 'hierarchical', layers: [] }, 'layers'],
      [{ kind: 'hierarchical', layers: [{ states: 2, clusters: { kind: 'given', groups: [[0, 1]] } }] }, 'layers[0].clusters'],
      [{ kind: 'mixture', states: 2, parents: [[]] }, 'parents'],
      [{ kind: 'nope' } as never, 'family'],
    ]
    for (const [family, option] of bad) expect(latentSkeleton(family, data)).toMatchObject({ left: { _tag: 'InvalidOption', option } })
    expect(latentSkeleton({ kind: 'latentClass', states: 2 }, data, { names: ['a'] })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'names' } })
    const grid = { width: 2, height: Math.floor(data.cards.length / 2) }
    for (const offset of [{ x: 2, y: 0 }, { x: 0, y: -1 }, { x: 0.5, y: 0 }])
      expect(latentSkeleton({ kind: 'hiddenChowLiu', states: 2, clusters: { kind: 'patches', width: 2, height: 2, offset } }, data, { grid })).toMatchObject({
        left: { _tag: 'InvalidOption', option: 'clusters.offset' },
      })
  })
})
