/**
 * Grouping variables for hidden parents: connected pieces of a rooted tree
 * (so that every piece is a subtree and the pieces themselves form a tree),
 * rectangular patches of an image grid, and the tree that joins groups
 * (contracting the variables' tree, or the maximum spanning tree of the
 * summed pairwise weights between groups when contraction leaves cycles).
 */
import type { RootedTree } from './chow-liu.js'
import { maximumSpanningTree } from './chow-liu.js'

/** Groups: `group[i]` for each member, and the members of each group in ascending order. */
export interface Grouping {
  readonly group: Int32Array
  readonly members: readonly Int32Array[]
}

const groupingOf = (group: Int32Array, count: number): Grouping => {
  const lists: number[][] = Array.from({ length: count }, () => [])
  group.forEach((g, i) => lists[g]!.push(i))
  return { group, members: lists.map((l) => Int32Array.from(l)) }
}

/**
 * Cut a rooted tree into connected pieces of at most `size` nodes, bottom-up:
 * a node keeps the pieces its children left open while they fit and closes
 * the largest ones first when they do not (greedy; every piece is connected).
 * Groups are numbered in the order their top nodes appear in `tree.order`.
 *
 * @example
 * ```ts
 * import { cutTree } from '@chainrule/learn'
 * // A path 0 - 1 - 2 - 3 - 4 rooted at 0, pieces of at most 2.
 * Array.from(cutTree({ parent: Int32Array.of(-1, 0, 1, 2, 3), order: Int32Array.of(0, 1, 2, 3, 4) }, 2).group) // => [0, 1, 1, 2, 2]
 * ```
 */
export const cutTree = (tree: RootedTree, size: number): Grouping => {
  const n = tree.parent.length
  const open = new Int32Array(n).fill(1) // size of the piece still open at each node
  const closed = new Uint8Array(n) // 1 when the node tops a closed piece
  const children: number[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < n; i++) if (tree.parent[i]! >= 0) children[tree.parent[i]!]!.push(i)
  for (let t = n - 1; t >= 0; t--) {
    const v = tree.order[t]!
    const kids = children[v]!.filter((c) => closed[c] === 0).sort((a, b) => open[b]! - open[a]! || a - b)
    let total = 1
    for (const c of kids) total += open[c]!
    for (const c of kids) {
      if (total <= size) break
      closed[c] = 1
      total -= open[c]!
    }
    open[v] = total
  }
  const top = (i: number): number => {
    let v = i
    while (closed[v] === 0 && tree.parent[v]! >= 0) v = tree.parent[v]!
    return v
  }
  const id = new Int32Array(n).fill(-1)
  let count = 0
  for (let t = 0; t < n; t++) {
    const v = tree.order[t]!
    if (closed[v] === 1 || tree.parent[v]! < 0) id[v] = count++
  }
  const group = new Int32Array(n)
  for (let i = 0; i < n; i++) group[i] = id[top(i)]!
  return groupingOf(group, count)
}

/**
 * Rectangular patches of `width x height` cells of a grid (raster numbering
 * of cells and of patches; edge patches are smaller when the grid does not divide).
 * With an `offset`, the patch lattice starts that many cells before the grid's
 * first column and row, so the first patches are cut (a shifted tiling: models
 * over several shifts see every pixel near the middle of some patch).
 *
 * @example
 * ```ts
 * import { gridPatches } from '@chainrule/learn'
 * Array.from(gridPatches({ width: 4, height: 2 }, 2, 2).group) // => [0, 0, 1, 1, 0, 0, 1, 1]
 * Array.from(gridPatches({ width: 4, height: 1 }, 2, 1, { x: 1, y: 0 }).group) // => [0, 1, 1, 2]
 * ```
 */
export const gridPatches = (
  grid: { readonly width: number; readonly height: number },
  width: number,
  height: number,
  offset: { readonly x: number; readonly y: number } = { x: 0, y: 0 },
): Grouping & { readonly grid: { width: number; height: number } } => {
  const across = Math.ceil((grid.width + offset.x) / width)
  const down = Math.ceil((grid.height + offset.y) / height)
  const group = new Int32Array(grid.width * grid.height)
  for (let y = 0; y < grid.height; y++)
    for (let x = 0; x < grid.width; x++) group[y * grid.width + x] = Math.floor((y + offset.y) / height) * across + Math.floor((x + offset.x) / width)
  return { ...groupingOf(group, across * down), grid: { width: across, height: down } }
}

/** Groups given as lists of members (every member exactly once). */
export const givenGroups = (members: readonly (readonly number[])[], n: number): Grouping | undefined => {
  const group = new Int32Array(n).fill(-1)
  for (let g = 0; g < members.length; g++)
    for (const i of members[g]!) {
      if (!(Number.isInteger(i) && i >= 0 && i < n) || group[i] !== -1) return undefined
      group[i] = g
    }
  if (group.some((g) => g < 0) || members.some((m) => m.length === 0)) return undefined
  return groupingOf(group, members.length)
}

/**
 * The tree joining groups: the maximum spanning tree of the summed weights of
 * pairs across groups (`weights` n x n over the members), rooted at group `root`.
 * For connected pieces of a tree, pass the tree's edges as weights and this is the contracted tree.
 *
 * @example
 * ```ts
 * import { groupTree } from '@chainrule/learn'
 * // Members 0,1 | 2 | 3 with edge weights 1-2 (5) and 2-3 (1).
 * const w = new Float64Array(16); w[1 * 4 + 2] = w[2 * 4 + 1] = 5; w[2 * 4 + 3] = w[3 * 4 + 2] = 1
 * Array.from(groupTree({ group: Int32Array.of(0, 0, 1, 2), members: [Int32Array.of(0, 1), Int32Array.of(2), Int32Array.of(3)] }, w, 0).parent) // => [-1, 0, 1]
 * ```
 */
export const groupTree = (grouping: Grouping, weights: Float64Array, root = 0): RootedTree => {
  const n = grouping.group.length
  const g = grouping.members.length
  const summed = new Float64Array(g * g)
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = grouping.group[i]!
      const b = grouping.group[j]!
      if (a === b) continue
      const w = weights[i * n + j]!
      summed[a * g + b]! += w
      summed[b * g + a]! += w
    }
  return maximumSpanningTree(summed, g, root)
}

/** A tree's edges as a symmetric weight matrix: weight[i, parent(i)] = `weight(i)` (default 1). */
export const treeWeights = (tree: RootedTree, weight: (i: number) => number = () => 1): Float64Array => {
  const n = tree.parent.length
  const w = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const p = tree.parent[i]!
    if (p >= 0) w[i * n + p] = w[p * n + i] = weight(i)
  }
  return w
}
