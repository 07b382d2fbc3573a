/**
 * A junction tree over the maximal clusters of a triangulated graph: a
 * maximum-weight spanning tree of the cluster graph, weighted by separator
 * size (Jensen & Jensen 1994), which has the running-intersection property.
 * Disconnected parts are joined by empty separators so there is one tree and
 * one root; an empty separator carries a single number, the part's total.
 */

/** The shape of a junction tree: clusters, parents and a schedule. */
export interface TreeShape {
  /** Variables of each cluster, sorted by id. */
  readonly clusters: readonly (readonly number[])[]
  /** parent[c] is c's parent cluster, -1 for the root. */
  readonly parent: Int32Array
  /** Clusters in breadth-first order from the root: parents before children. */
  readonly order: Int32Array
  /** separator[c]: variables shared by c and its parent (sorted), empty for the root. */
  readonly separator: readonly (readonly number[])[]
}

const intersect = (a: readonly number[], b: readonly number[]): number[] => {
  // both sorted
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      out.push(a[i]!)
      i++
      j++
    } else if (a[i]! < b[j]!) i++
    else j++
  }
  return out
}

/**
 * Build the tree over `clusters` (each sorted by id, none contained in another),
 * rooted at `root`.
 *
 * @example
 * const t = junctionTree([[0, 1], [1, 2]], 0)
 * // t.parent is [-1, 0], t.separator[1] is [1]
 */
export const junctionTree = (clusters: readonly (readonly number[])[], root = 0): TreeShape => {
  const m = clusters.length
  // Candidate edges: pairs sharing at least one variable, found through the
  // clusters of each variable rather than over all pairs.
  const byVariable = new Map<number, number[]>()
  clusters.forEach((cluster, c) => {
    for (const v of cluster) {
      const list = byVariable.get(v)
      if (list === undefined) byVariable.set(v, [c])
      else list.push(c)
    }
  })
  const seen = new Set<number>()
  const edges: { a: number; b: number; weight: number }[] = []
  for (const list of byVariable.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!
        const b = list[j]!
        const key = a * m + b
        if (seen.has(key)) continue
        seen.add(key)
        edges.push({ a, b, weight: intersect(clusters[a]!, clusters[b]!).length })
      }
    }
  }
  edges.sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b)

  // Kruskal with union-find.
  const up = Int32Array.from({ length: m }, (_, i) => i)
  const find = (x: number): number => {
    while (up[x]! !== x) {
      up[x] = up[up[x]!]!
      x = up[x]!
    }
    return x
  }
  const adjacent: number[][] = Array.from({ length: m }, () => [])
  const link = (a: number, b: number): void => {
    up[find(a)] = find(b)
    adjacent[a]!.push(b)
    adjacent[b]!.push(a)
  }
  for (const { a, b } of edges) if (find(a) !== find(b)) link(a, b)
  // Join the remaining parts to the root with empty separators.
  for (let c = 0; c < m; c++) if (find(c) !== find(root)) link(root, c)

  return hang(clusters, adjacent, root)
}

/**
 * The tree over `clusters` (each sorted by id) with the given parent links
 * (-1 for roots; several roots are joined to the first by empty separators),
 * hung from the first root: how a triangulation's own junction tree
 * (`cliqueParent` of `@chainrule/factor`'s `triangulate`) becomes a tree shape.
 *
 * @example
 * const t = junctionTreeFromParents([[0, 1], [1, 2]], Int32Array.of(1, -1))
 * // t.order is [1, 0], t.separator[0] is [1]
 */
export const junctionTreeFromParents = (clusters: readonly (readonly number[])[], parents: ArrayLike<number>): TreeShape => {
  const adjacent: number[][] = clusters.map(() => [])
  let root = -1
  for (let c = 0; c < clusters.length; c++) {
    const p = parents[c]!
    if (p >= 0) {
      adjacent[c]!.push(p)
      adjacent[p]!.push(c)
    } else if (root < 0) root = c
    else {
      adjacent[c]!.push(root)
      adjacent[root]!.push(c)
    }
  }
  return hang(clusters, adjacent, Math.max(root, 0))
}

/** The same tree (same clusters and edges) hung from another root. */
export const reroot = (shape: TreeShape, root: number): TreeShape => {
  const adjacent: number[][] = shape.clusters.map(() => [])
  shape.parent.forEach((p, c) => {
    if (p < 0) return
    adjacent[c]!.push(p)
    adjacent[p]!.push(c)
  })
  return hang(shape.clusters, adjacent, root)
}

/** Parents, breadth-first order and separators of the tree with edges `adjacent`, hung from `root`. */
const hang = (clusters: readonly (readonly number[])[], adjacent: readonly (readonly number[])[], root: number): TreeShape => {
  const m = clusters.length
  const parent = new Int32Array(m).fill(-1)
  const order = new Int32Array(m)
  const visited = new Uint8Array(m)
  let head = 0
  let tail = 0
  order[tail++] = root
  visited[root] = 1
  while (head < tail) {
    const c = order[head++]!
    for (const d of adjacent[c]!) {
      if (visited[d] === 1) continue
      visited[d] = 1
      parent[d] = c
      order[tail++] = d
    }
  }
  const separator = clusters.map((cluster, c) => (parent[c]! < 0 ? [] : intersect(cluster, clusters[parent[c]!]!)))
  return { clusters, parent, order, separator }
}

/**
 * The root minimising the sum over clusters of `weight[c]` times the total
 * `load` of the clusters at or below c (computed for every root at once, by
 * moving the root one edge at a time). With weight = cluster size and load =
 * the variables homed in each cluster, this is the expected work of
 * recollecting after observing one variable chosen at random: an observation
 * dirties its home cluster and every cluster above it.
 *
 * @example
 * // a path 0 - 1 - 2 rooted at 0, with a heavy cluster 0: rooting at 0 recollects it for every load below
 * rootMinimising(junctionTree([[0, 1], [1, 2], [2, 3]]), [100, 1, 1], [0, 1, 1]) // 2 or 1, never 0
 */
export const rootMinimising = (shape: TreeShape, weight: ArrayLike<number>, load: ArrayLike<number>): number => {
  const { parent, order } = shape
  const m = order.length
  const below = Float64Array.from({ length: m }, (_, c) => load[c]!)
  for (let i = m - 1; i >= 1; i--) below[parent[order[i]!]!]! += below[order[i]!]!
  const everything = below[order[0]!]!
  const cost = new Float64Array(m)
  for (let c = 0; c < m; c++) cost[order[0]!]! += weight[c]! * below[c]!
  // Moving the root from p to its child c: p's part loses c's, c's part becomes everything.
  let best = order[0]!
  for (let i = 1; i < m; i++) {
    const c = order[i]!
    const p = parent[c]!
    cost[c] = cost[p]! - weight[p]! * below[c]! + weight[c]! * (everything - below[c]!)
    if (cost[c]! < cost[best]!) best = c
  }
  return best
}
