/**
 * fast-check arbitraries for tests: random DAGs of up to ~12 nodes with random edge
 * densities, and random node subsets. Declaration order is a random permutation of a
 * hidden topological order, so tests do not silently rely on parents being declared
 * first; each child's parents come in random order too.
 * (Test support only: nothing in `index.ts` imports this file.)
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromParents } from '../builders.js'
import type { Dag } from '../dag.js'

export interface ArbitraryDagOptions {
  readonly minNodes?: number
  readonly maxNodes?: number
}

/** The parent lists of a random DAG over `v0..v{n-1}` (insertion order = declaration order). */
export const arbitraryParentMap = ({ minNodes = 1, maxNodes = 12 }: ArbitraryDagOptions = {}) =>
  fc
    // noBias: fast-check's default bias favours tiny sizes and extreme values, which
    // makes non-trivial separations (chains, colliders with observed descendants) rare.
    .noBias(fc.integer({ min: minNodes, max: maxNodes }))
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        density: fc.oneof(
          { arbitrary: fc.constantFrom(0, 1), weight: 1 },
          { arbitrary: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })), weight: 6 },
        ),
        coins: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: (n * (n - 1)) / 2,
          maxLength: (n * (n - 1)) / 2,
        }),
        // rank[i] = position of node i in the hidden topological order (ties broken by i)
        rank: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        parentShuffle: fc.array(fc.nat(), { minLength: n * n, maxLength: n * n }),
      }),
    )
    .map(({ n, density, coins, rank, parentShuffle }) => {
      const topo = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a]! - rank[b]! || a - b)
      const parents: number[][] = Array.from({ length: n }, () => [])
      let c = 0
      for (let j = 1; j < n; j++)
        for (let i = 0; i < j; i++) if (coins[c++]! < density) parents[topo[j]!]!.push(topo[i]!)
      const map = new Map<string, readonly string[]>()
      for (let v = 0; v < n; v++) {
        const keyed = parents[v]!.map((p, k) => [parentShuffle[v * n + k]!, p] as const).sort((a, b) => a[0] - b[0])
        map.set(
          `v${v}`,
          keyed.map(([, p]) => `v${p}`),
        )
      }
      return map as ReadonlyMap<string, readonly string[]>
    })

/** A random DAG (see {@link arbitraryParentMap}). */
export const arbitraryDag = (options: ArbitraryDagOptions = {}): fc.Arbitrary<Dag> =>
  arbitraryParentMap(options).map((map) => {
    const dag = fromParents(map)
    if (E.isLeft(dag)) throw new Error(`arbitraryDag built an invalid DAG: ${dag.left._tag}`)
    return dag.right
  })

/** A random subset of the DAG's node names (each node in with probability ~1/2 or as chosen). */
export const arbitrarySubset = (dag: Dag): fc.Arbitrary<readonly string[]> =>
  fc.subarray([...dag.nodes])

/**
 * A DAG with node sets X, Y, Z: X and Y are small and non-empty (a random node each,
 * plus each other node with probability 1/10), Z takes each remaining node with
 * probability 3/10, so that separations are neither trivial nor hopeless. One case in
 * eight instead draws three independent random subsets, which may overlap or be empty.
 */
export const arbitraryDagWithSets = (options: ArbitraryDagOptions = {}) =>
  arbitraryDag(options).chain((dag) => {
    const n = dag.nodes.length
    const labelled = fc
      .record({
        a: fc.nat(n - 1),
        b: fc.nat(n - 1),
        labels: fc.array(fc.noBias(fc.nat(9)), { minLength: n, maxLength: n }),
      })
      .map(({ a, b, labels }) => {
        const pick = (f: (label: number, v: number) => boolean) => dag.nodes.filter((_, v) => f(labels[v]!, v))
        const x = pick((l, v) => v === a || (v !== b && l === 0))
        const y = pick((l, v) => v === b || (v !== a && l === 1))
        const z = pick((l, v) => v !== a && v !== b && l >= 2 && l <= 4)
        return { dag, x, y, z }
      })
    const loose = fc.record({ dag: fc.constant(dag), x: arbitrarySubset(dag), y: arbitrarySubset(dag), z: arbitrarySubset(dag) })
    return fc.oneof({ arbitrary: labelled, weight: 7 }, { arbitrary: loose, weight: 1 })
  })

/** A DAG with two (possibly equal) node names and a conditioning set. */
export const arbitraryDagWithPair = (options: ArbitraryDagOptions = {}) =>
  arbitraryDag(options).chain((dag) =>
    fc.record({
      dag: fc.constant(dag),
      a: fc.noBias(fc.nat(dag.nodes.length - 1)).map((v) => dag.nodes[v]!),
      b: fc.noBias(fc.nat(dag.nodes.length - 1)).map((v) => dag.nodes[v]!),
      z: fc
        .array(fc.noBias(fc.nat(9)), { minLength: dag.nodes.length, maxLength: dag.nodes.length })
        .map((labels) => dag.nodes.filter((_, v) => labels[v]! < 3)),
    }),
  )
