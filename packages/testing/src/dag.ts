/**
 * Random DAGs as plain data and oracles on them written straight from the
 * definitions. A DAG here is its parent lists by id with the names `v{id}`
 * (declaration order = id order); the structure comes from the one generator
 * of random networks ({@link arbitraryStructure}), so declaration order hides
 * the topological order and parent lists come in random order.
 */
import fc from 'fast-check'
import { variableName } from './specs.js'
import { arbitraryStructure, type StructureOptions } from './structure.js'

/** A DAG as plain data: node names by id, and each node's parent ids in declared order. */
export interface DagData {
  readonly nodes: readonly string[]
  readonly parents: readonly (readonly number[])[]
}

/** A DAG's parent lists by name, in declaration order (what `fromParents` of `@chainrule/graph` takes). */
export const parentMapOf = (dag: DagData): ReadonlyMap<string, readonly string[]> =>
  new Map(dag.nodes.map((name, v) => [name, dag.parents[v]!.map((p) => dag.nodes[p]!)]))

/** How many nodes (default 1..12). */
export interface DagOptions {
  readonly minNodes?: number
  readonly maxNodes?: number
}

/** A random DAG over `v0..v{n-1}` (any number of parents). */
export const arbitraryDag = ({ minNodes = 1, maxNodes = 12 }: DagOptions = {}): fc.Arbitrary<DagData> =>
  arbitraryStructure({ minVariables: minNodes, maxVariables: maxNodes } satisfies StructureOptions).map(({ parents }) => ({
    nodes: parents.map((_, v) => variableName(v)),
    parents,
  }))

/** A random subset of the DAG's node names. */
export const arbitrarySubset = (dag: DagData): fc.Arbitrary<readonly string[]> => fc.subarray([...dag.nodes])

/**
 * A DAG with node sets X, Y, Z: X and Y are small and non-empty (a random node
 * each, plus each other node with probability 1/10), Z takes each remaining
 * node with probability 3/10, so that separations are neither trivial nor
 * hopeless. One case in eight instead draws three independent random subsets,
 * which may overlap or be empty.
 */
export const arbitraryDagWithSets = (options: DagOptions = {}) =>
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
export const arbitraryDagWithPair = (options: DagOptions = {}) =>
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

/** Children lists from parent lists. */
export const childrenOf = (parents: readonly (readonly number[])[]): number[][] => {
  const children: number[][] = parents.map(() => [])
  parents.forEach((ps, v) => ps.forEach((p) => children[p]!.push(v)))
  return children
}

/** Whether `target` is `from` or one of its descendants, by depth-first search. */
export const isDescendantOrSelf = (parents: readonly (readonly number[])[], from: number, target: number): boolean => {
  const children = childrenOf(parents)
  const visit = (v: number): boolean => v === target || children[v]!.some(visit)
  return visit(from)
}

const adjacent = (parents: readonly (readonly number[])[], a: number, b: number): boolean => parents[a]!.includes(b) || parents[b]!.includes(a)

/**
 * Whether `trail` (node ids) is an active trail given `z`, straight from the
 * definition (Koller & Friedman Def. 3.6): distinct nodes, consecutive nodes
 * adjacent, every collider in Z or with a descendant in Z, no non-collider in
 * Z, endpoints not in Z.
 */
export const isActiveTrail = (parents: readonly (readonly number[])[], trail: readonly number[], z: ReadonlySet<number>): boolean => {
  if (trail.length === 0 || new Set(trail).size !== trail.length) return false
  if (z.has(trail[0]!) || z.has(trail[trail.length - 1]!)) return false
  for (let i = 0; i + 1 < trail.length; i++) if (!adjacent(parents, trail[i]!, trail[i + 1]!)) return false
  for (let i = 1; i + 1 < trail.length; i++) {
    const [a, v, b] = [trail[i - 1]!, trail[i]!, trail[i + 1]!]
    const collider = parents[v]!.includes(a) && parents[v]!.includes(b)
    if (collider) {
      if (![...z].some((w) => isDescendantOrSelf(parents, v, w))) return false
    } else if (z.has(v)) return false
  }
  return true
}

/** Whether some active trail joins a and b given z, by enumerating every simple trail (small DAGs only). */
export const bruteForceConnected = (parents: readonly (readonly number[])[], a: number, b: number, z: ReadonlySet<number>): boolean => {
  const children = childrenOf(parents)
  const neighbours = (v: number) => [...parents[v]!, ...children[v]!]
  const path = [a]
  const onPath = new Set([a])
  const extend = (): boolean => {
    const last = path[path.length - 1]!
    if (last === b) return isActiveTrail(parents, path, z)
    for (const w of neighbours(last)) {
      if (onPath.has(w)) continue
      path.push(w)
      onPath.add(w)
      if (extend()) return true
      path.pop()
      onPath.delete(w)
    }
    return false
  }
  return extend()
}

/** Kahn's test of acyclicity on parent lists. */
export const isAcyclic = (parents: readonly (readonly number[])[]): boolean => {
  const n = parents.length
  const indegree = parents.map((ps) => ps.length)
  const queue = indegree.flatMap((d, v) => (d === 0 ? [v] : []))
  let seen = 0
  while (queue.length > 0) {
    const u = queue.pop()!
    seen++
    for (let v = 0; v < n; v++) if (parents[v]!.includes(u) && --indegree[v]! === 0) queue.push(v)
  }
  return seen === n
}

const dagsByN = new Map<number, number[][][]>()

/** Every DAG over n nodes, as parent lists (each unordered pair absent, one way or the other; cyclic ones dropped). Memoized. */
export const allDags = (n: number): number[][][] => {
  const known = dagsByN.get(n)
  if (known !== undefined) return known
  const pairs: [number, number][] = []
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b])
  const out: number[][][] = []
  const count = 3 ** pairs.length
  for (let code = 0; code < count; code++) {
    const parents: number[][] = Array.from({ length: n }, () => [])
    let rest = code
    for (const [a, b] of pairs) {
      const t = rest % 3
      rest = Math.floor(rest / 3)
      if (t === 1) parents[b]!.push(a)
      else if (t === 2) parents[a]!.push(b)
    }
    if (isAcyclic(parents)) out.push(parents)
  }
  dagsByN.set(n, out)
  return out
}
