/**
 * Random DAG structures: a hidden topological order (a random permutation of
 * the ids, so declaration order never gives it away), each earlier variable a
 * parent with a random density (0 and 1 included), the number of parents
 * clamped to [minParents, maxParents], and every parent list in random order
 * (a table's layout follows it). One generator serves random networks
 * ({@link arbitraryModel}) and random DAGs ({@link arbitraryDag}).
 */
import fc from 'fast-check'

/** How many variables, and how many parents each may have. */
export interface StructureOptions {
  readonly minVariables?: number
  readonly maxVariables?: number
  /** At most this many parents per variable (default: no limit). */
  readonly maxParents?: number
  /** At least min(this, number of earlier variables) parents per variable (default 0). */
  readonly minParents?: number
}

/** Parent lists by variable id and one topological order of the ids. */
export interface Structure {
  readonly parents: readonly (readonly number[])[]
  readonly order: readonly number[]
}

/** A random DAG structure over ids 0..n-1 (see the module comment). */
export const arbitraryStructure = ({ minVariables = 1, maxVariables = 6, maxParents = Infinity, minParents = 0 }: StructureOptions = {}): fc.Arbitrary<Structure> =>
  // noBias: fast-check's default bias favours tiny sizes and extreme values, which makes
  // non-trivial structures (chains, colliders with observed descendants) rare.
  fc
    .noBias(fc.integer({ min: minVariables, max: maxVariables }))
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        density: fc.oneof(
          { arbitrary: fc.constantFrom(0, 1), weight: 1 },
          { arbitrary: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })), weight: 6 },
        ),
        coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        // rank[i]: the position of id i in the hidden topological order (ties broken by id)
        rank: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        parentShuffle: fc.array(fc.nat(), { minLength: n * n, maxLength: n * n }),
      }),
    )
    .map(({ n, density, coins, rank, parentShuffle }) => {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a]! - rank[b]! || a - b)
      const parents: number[][] = Array.from({ length: n }, () => [])
      let c = 0
      for (let j = 1; j < n; j++) {
        // Earlier variables by their coin: those under the density are parents, within the clamp.
        const earlier = Array.from({ length: j }, (_, i) => ({ v: order[i]!, coin: coins[c++]! })).sort((a, b) => a.coin - b.coin)
        const wanted = earlier.filter((e) => e.coin < density).length
        const count = Math.min(Math.max(wanted, Math.min(minParents, j)), maxParents)
        const child = order[j]!
        parents[child] = earlier
          .slice(0, count)
          .map((e, k) => ({ v: e.v, key: parentShuffle[child * n + k]! }))
          .sort((a, b) => a.key - b.key)
          .map((e) => e.v)
      }
      return { parents, order }
    })
