/**
 * Chow-Liu trees (Chow & Liu 1968): the tree-structured distribution closest
 * to the data in Kullback-Leibler divergence is the maximum spanning tree of
 * the pairwise mutual informations, each variable's parent its neighbour
 * towards a chosen root; its tables are the empirical conditionals.
 *
 * Pairwise counts are taken from each row's cells that differ from their
 * variable's mode (`exceptionsOf`): a pair's table is the count of both
 * cells off their modes, and every other entry follows from the one-variable
 * counts and the total (inclusion-exclusion), so a row costs the square of
 * its exceptions, not of the variables. Rows may carry weights (EM's expected
 * counts under a latent state: the tree of a mixture component).
 *
 * `@chainrule/structure` has the same learner over any data source; this one
 * serves the latent-tree builders of this package on large, mostly sparse
 * data (784 pixels, 50,000 images) without a dependency on a higher package.
 */
import type { RowData, Exceptions } from './row-data.js'
import { exceptionsOf } from './row-data.js'

/** A rooted spanning tree: `parent[i]` (-1 at the root) and a topological order (parents first). */
export interface RootedTree {
  readonly parent: Int32Array
  readonly order: Int32Array
}

/** Options of {@link mutualInformation}. */
export interface MutualInformationOptions {
  /** Weight of each row (default 1): expected counts. */
  readonly weights?: Float64Array
  /** The data's exceptions, when already computed. */
  readonly exceptions?: Exceptions
}

/**
 * Pairwise mutual information (nats) of every pair of variables, as a
 * symmetric n x n matrix with a zero diagonal, from (weighted) counts.
 *
 * @example
 * ```ts
 * import { imageRows, mutualInformation } from '@chainrule/learn'
 * // x1 copies x0, x2 is independent of both.
 * const data = imageRows({ rows: 4, width: 3, height: 1, pixels: Uint8Array.of(0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1) })
 * const mi = mutualInformation(data)
 * mi[0 * 3 + 1] // ~> Math.LN2
 * mi[0 * 3 + 2] // ~> 0
 * ```
 */
export const mutualInformation = (data: RowData, options: MutualInformationOptions = {}): Float64Array => {
  const n = data.cards.length
  const cards = data.cards
  const x = options.exceptions ?? exceptionsOf(data)
  const w = options.weights
  // Offsets of each variable's off-mode states, and of each pair's off-mode table.
  const stateAt = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) stateAt[i + 1] = stateAt[i]! + cards[i]! - 1
  const pairAt = new Int32Array(n * n)
  let size = 0
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      pairAt[i * n + j] = size
      size += (cards[i]! - 1) * (cards[j]! - 1)
    }
  const pair = new Float64Array(size)
  const single = new Float64Array(stateAt[n]!)
  // Off-mode state index of state s of variable i (s != mode): s below the mode keeps its index, above it drops one.
  const offIndex = (i: number, s: number): number => (s < x.mode[i]! ? s : s - 1)
  let total = 0
  for (let r = 0; r < data.rows; r++) {
    const weight = w === undefined ? 1 : w[r]!
    if (weight === 0) continue
    total += weight
    const lo = x.offsets[r]!
    const hi = x.offsets[r + 1]!
    for (let a = lo; a < hi; a++) {
      const i = x.variable[a]!
      const si = offIndex(i, x.state[a]!)
      single[stateAt[i]! + si]! += weight
      const rowBase = i * n
      const cj = cards[i]! - 1
      for (let b = a + 1; b < hi; b++) {
        const j = x.variable[b]!
        pair[pairAt[rowBase + j]! + si * (cards[j]! - 1) + offIndex(j, x.state[b]!)]! += weight
      }
      void cj
    }
  }
  const mi = new Float64Array(n * n)
  if (total === 0) return mi
  const term = (nab: number, na: number, nb: number): number => (nab > 0 ? (nab / total) * Math.log((nab * total) / (na * nb)) : 0)
  for (let i = 0; i < n; i++) {
    const ci = cards[i]! - 1
    let offI = 0
    for (let a = 0; a < ci; a++) offI += single[stateAt[i]! + a]!
    for (let j = i + 1; j < n; j++) {
      const cj = cards[j]! - 1
      let offJ = 0
      for (let b = 0; b < cj; b++) offJ += single[stateAt[j]! + b]!
      const at = pairAt[i * n + j]!
      let value = 0
      let both = 0
      for (let a = 0; a < ci; a++) {
        const na = single[stateAt[i]! + a]!
        let rowOff = 0
        for (let b = 0; b < cj; b++) {
          const nab = pair[at + a * cj + b]!
          rowOff += nab
          value += term(nab, na, single[stateAt[j]! + b]!)
        }
        both += rowOff
        value += term(Math.max(0, na - rowOff), na, total - offJ)
      }
      for (let b = 0; b < cj; b++) {
        const nb = single[stateAt[j]! + b]!
        let colOff = 0
        for (let a = 0; a < ci; a++) colOff += pair[at + a * cj + b]!
        value += term(Math.max(0, nb - colOff), total - offI, nb)
      }
      value += term(Math.max(0, total - offI - offJ + both), total - offI, total - offJ)
      mi[i * n + j] = mi[j * n + i] = Math.max(0, value)
    }
  }
  return mi
}

/**
 * The maximum spanning tree of a symmetric weight matrix (Prim, O(n^2)),
 * rooted at `root`. Ties go to the lower index, so the tree is deterministic.
 *
 * @example
 * ```ts
 * import { maximumSpanningTree } from '@chainrule/learn'
 * // weights: 0-1 strong, 1-2 strong, 0-2 weak
 * const t = maximumSpanningTree(Float64Array.of(0, 5, 1, 5, 0, 4, 1, 4, 0), 3, 0)
 * Array.from(t.parent) // => [-1, 0, 1]
 * ```
 */
export const maximumSpanningTree = (weights: Float64Array, n: number, root = 0): RootedTree => {
  const parent = new Int32Array(n).fill(-1)
  const order = new Int32Array(n)
  const inTree = new Uint8Array(n)
  const best = new Float64Array(n).fill(-Infinity)
  const via = new Int32Array(n).fill(-1)
  let current = root
  for (let step = 0; step < n; step++) {
    inTree[current] = 1
    order[step] = current
    parent[current] = via[current]!
    let next = -1
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue
      const wj = weights[current * n + j]!
      if (wj > best[j]!) {
        best[j] = wj
        via[j] = current
      }
      if (next < 0 || best[j]! > best[next]!) next = j
    }
    if (next < 0) break
    current = next
  }
  return { parent, order }
}

/**
 * The Chow-Liu tree of the data (maximum mutual-information spanning tree), rooted at `root`.
 *
 * @example
 * ```ts
 * import { chowLiuTree, imageRows } from '@chainrule/learn'
 * // x2 copies x1; x1 agrees with x0 on four rows of six.
 * const data = imageRows({ rows: 6, width: 3, height: 1, pixels: Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1) })
 * Array.from(chowLiuTree(data).parent) // => [-1, 0, 1]
 * ```
 */
export const chowLiuTree = (data: RowData, options: MutualInformationOptions & { readonly root?: number } = {}): RootedTree =>
  maximumSpanningTree(mutualInformation(data, options), data.cards.length, options.root ?? 0)
