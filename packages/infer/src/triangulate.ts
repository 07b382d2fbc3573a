/**
 * Triangulation by greedy elimination: eliminate variables one at a time from
 * an undirected (moral) graph, connecting the neighbours of each eliminated
 * variable. The cliques formed are the clusters of a junction tree.
 *
 * Heuristics (Kjaerulff 1990; Koller & Friedman 2009, section 9.4.3):
 * - minFill: fewest fill edges added;
 * - weightedMinFill: least sum over fill edges (u, w) of card(u) * card(w);
 * - minWeight: smallest cluster, i.e. product of the cards of v and its neighbours;
 * - minNeighbours: fewest neighbours.
 * Ties fall to the smaller cluster, then to the smaller id, so results are
 * deterministic.
 */

/** How to choose an elimination order. */
export type EliminationStrategy =
  | { readonly kind: 'minFill' }
  | { readonly kind: 'weightedMinFill' }
  | { readonly kind: 'minWeight' }
  | { readonly kind: 'minNeighbours' }
  | { readonly kind: 'order'; readonly order: readonly number[] }

/** The heuristics tried by default; the cheapest by total cluster size wins. */
export const defaultStrategies: readonly EliminationStrategy[] = [
  { kind: 'minFill' },
  { kind: 'weightedMinFill' },
  { kind: 'minWeight' },
  { kind: 'minNeighbours' },
]

/** The result of eliminating every variable of a graph in some order. */
export interface Triangulation {
  readonly strategy: EliminationStrategy
  readonly order: readonly number[]
  /** Maximal clusters, each sorted by variable id. */
  readonly cliques: readonly (readonly number[])[]
  /** Sum over maximal clusters of their table sizes (product of cards). */
  readonly totalEntries: number
  /** Entries of the largest cluster. */
  readonly largestEntries: number
}

const clusterSize = (v: number, neighbours: ReadonlySet<number>, cards: readonly number[]): number => {
  let size = cards[v]!
  for (const u of neighbours) size *= cards[u]!
  return size
}

type HeuristicKind = 'minFill' | 'weightedMinFill' | 'minWeight' | 'minNeighbours'

/** A heap entry: score, cluster size (tie-break), variable, version. */
type Candidate = [number, number, number, number]

const before = (a: Candidate, b: Candidate): boolean =>
  a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))

const heapPush = (heap: Candidate[], item: Candidate): void => {
  heap.push(item)
  let i = heap.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(heap[i]!, heap[parent]!)) break
    ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
    i = parent
  }
}

const heapPop = (heap: Candidate[]): Candidate | undefined => {
  const top = heap[0]
  const last = heap.pop()
  if (heap.length > 0 && last !== undefined) {
    heap[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
      if (m === i) break
      ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
      i = m
    }
  }
  return top
}

const score = (
  kind: HeuristicKind,
  v: number,
  adjacency: readonly Set<number>[],
  cards: readonly number[],
): number => {
  const neighbours = adjacency[v]!
  switch (kind) {
    case 'minNeighbours':
      return neighbours.size
    case 'minWeight':
      return clusterSize(v, neighbours, cards)
    case 'minFill':
    case 'weightedMinFill': {
      const list = [...neighbours]
      let fill = 0
      for (let i = 0; i < list.length; i++) {
        const a = list[i]!
        const adjacentToA = adjacency[a]!
        for (let j = i + 1; j < list.length; j++) {
          const b = list[j]!
          if (!adjacentToA.has(b)) fill += kind === 'minFill' ? 1 : cards[a]! * cards[b]!
        }
      }
      return fill
    }
  }
}

/**
 * Eliminate every variable of an undirected graph and return the order and
 * the maximal clusters. `neighbours[v]` lists v's neighbours (symmetric).
 * `stopAbove` abandons the run as soon as the total cluster size exceeds it
 * (returns undefined), so a search over strategies can drop losers early.
 *
 * @example
 * // a - b - c path: no fill needed, two clusters of size 4
 * const t = triangulate([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minFill' })
 * // t?.cliques is [[0, 1], [1, 2]] in some order, t?.totalEntries === 8
 */
export const triangulate = (
  neighbours: readonly (readonly number[])[],
  cards: readonly number[],
  strategy: EliminationStrategy,
  stopAbove = Infinity,
): Triangulation | undefined => {
  const n = cards.length
  const adjacency = neighbours.map((list) => new Set(list))
  const eliminated = new Uint8Array(n)
  const order: number[] = []
  // Clusters that are maximal so far; a new cluster can only be contained in an
  // earlier one (it holds no eliminated variable), never contain one.
  const clusters: number[][] = []
  const clustersOf: number[][] = Array.from({ length: n }, () => [])
  let totalEntries = 0
  let largestEntries = 0

  const kind = strategy.kind
  // Candidates in a binary min-heap by (score, cluster size, id); an entry is
  // current while its version matches, so updates push a fresh entry instead
  // of searching the heap. Selection is O(log n) per step, not O(n).
  const version = new Int32Array(n)
  const heap: Candidate[] = []
  const offer = (u: number): void => {
    version[u] = version[u]! + 1
    heapPush(heap, [score(kind as HeuristicKind, u, adjacency, cards), clusterSize(u, adjacency[u]!, cards), u, version[u]!])
  }
  if (kind !== 'order') for (let u = 0; u < n; u++) offer(u)

  for (let step = 0; step < n; step++) {
    let v = -1
    if (kind === 'order') v = strategy.order[step]!
    else
      while (v < 0) {
        const [, , u, stamp] = heapPop(heap)!
        if (eliminated[u] === 0 && stamp === version[u]) v = u
      }

    const around = [...adjacency[v]!]
    const cluster = [v, ...around].sort((a, b) => a - b)
    const size = clusterSize(v, adjacency[v]!, cards)

    // A cluster inside an earlier one contains v, so candidates are v's clusters.
    const contained = clustersOf[v]!.some((c) => {
      const other = clusters[c]!
      return cluster.length <= other.length && cluster.every((x) => other.includes(x))
    })
    if (!contained) {
      const id = clusters.length
      clusters.push(cluster)
      for (const x of cluster) clustersOf[x]!.push(id)
      totalEntries += size
      if (size > largestEntries) largestEntries = size
      if (totalEntries > stopAbove) return undefined
    }

    // Connect v's neighbours, then remove v.
    for (let i = 0; i < around.length; i++) {
      const a = around[i]!
      const adjacentToA = adjacency[a]!
      for (let j = i + 1; j < around.length; j++) {
        const b = around[j]!
        if (!adjacentToA.has(b)) {
          adjacentToA.add(b)
          adjacency[b]!.add(a)
        }
      }
      adjacentToA.delete(v)
    }
    adjacency[v]!.clear()
    eliminated[v] = 1
    order.push(v)

    // Scores change for v's neighbours and, for fill-based scores, for their neighbours.
    if (kind !== 'order') {
      const touched = new Set<number>(around)
      if (kind === 'minFill' || kind === 'weightedMinFill') for (const a of around) for (const b of adjacency[a]!) touched.add(b)
      for (const u of touched) offer(u)
    }
  }
  return { strategy, order, cliques: clusters, totalEntries, largestEntries }
}

/**
 * Try several strategies and keep the triangulation with the smallest total
 * cluster size (ties: the earlier strategy).
 */
export const cheapestTriangulation = (
  neighbours: readonly (readonly number[])[],
  cards: readonly number[],
  strategies: readonly EliminationStrategy[] = defaultStrategies,
): Triangulation => {
  let best: Triangulation | undefined
  for (const strategy of strategies) {
    const t = triangulate(neighbours, cards, strategy, best?.totalEntries ?? Infinity)
    if (t !== undefined && (best === undefined || t.totalEntries < best.totalEntries)) best = t
  }
  if (best === undefined) throw new Error('cheapestTriangulation: no strategy given')
  return best
}
