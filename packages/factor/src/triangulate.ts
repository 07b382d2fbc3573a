/**
 * Greedy elimination on an undirected graph over dense variable ids: eliminate
 * variables one at a time, connecting the neighbours of each (fill edges). The
 * clusters formed (a variable with its neighbours when eliminated) are the
 * buckets of variable elimination and, when every variable is eliminated, the
 * clusters of a junction tree. This one engine serves both `eliminationOrder`
 * (variable elimination, a subset of the variables) and `@chainrule/infer`'s
 * junction-tree compiler (every variable).
 *
 * Heuristics (Kjaerulff 1990; Koller & Friedman 2009, section 9.4.3.2), the
 * cost of eliminating v with neighbours N(v) in the current graph:
 * - minNeighbours: |N(v)|;
 * - minWeight: the cluster size card(v) * product over N(v) of card(u), i.e.
 *   the entries of the clique table the step works on;
 * - minFill: the number of fill edges {u, w} (u, w in N(v) not yet adjacent);
 * - weightedMinFill: the sum over fill edges {u, w} of card(u) * card(w).
 * Ties fall to the smaller cluster, then to the smaller id, so results are
 * deterministic. Candidates sit in a binary heap with versioned entries, and
 * only the scores an elimination can change (its neighbours', and for fill
 * scores their neighbours') are recomputed, so a step costs O(log n) plus the
 * work of the fill, not O(n).
 */

/** How to choose an elimination order: a greedy heuristic (see the module header) or a given order. */
export type EliminationStrategy =
  | { readonly kind: 'minFill' }
  | { readonly kind: 'weightedMinFill' }
  | { readonly kind: 'minWeight' }
  | { readonly kind: 'minNeighbours' }
  | { readonly kind: 'order'; readonly order: readonly number[] }

/**
 * The heuristics tried by default by {@link cheapestTriangulation}; the cheapest by total cluster size wins.
 *
 * @example
 * ```ts
 * import { defaultStrategies } from '@chainrule/factor'
 * defaultStrategies.map((s) => s.kind) // => ['minFill', 'weightedMinFill', 'minWeight', 'minNeighbours']
 * ```
 */
export const defaultStrategies: readonly EliminationStrategy[] = [
  { kind: 'minFill' },
  { kind: 'weightedMinFill' },
  { kind: 'minWeight' },
  { kind: 'minNeighbours' },
]

/** One step of an elimination on dense ids. */
export interface TriangulationStep {
  readonly variable: number
  /** Neighbours when eliminated, ascending: the scope of the message the step produces. */
  readonly neighbours: readonly number[]
  /** Entries of the cluster {variable} + neighbours (the work of the step). */
  readonly cliqueEntries: number
  /** Entries of the message over the neighbours (the table the step allocates). */
  readonly messageEntries: number
}

/** The result of eliminating some (by default all) variables of a graph. */
export interface Triangulation {
  readonly strategy: EliminationStrategy
  /** The eliminated variables, in order. */
  readonly order: readonly number[]
  /** One entry per eliminated variable, in order; only when asked for (`options.steps`). */
  readonly steps?: readonly TriangulationStep[]
  /**
   * The maximal clusters among the steps' clusters, each sorted by id. When every variable is
   * eliminated these are the maximal cliques of the triangulated graph.
   */
  readonly cliques: readonly (readonly number[])[]
  /**
   * A junction tree over `cliques` when every variable is eliminated: the parent of each clique
   * (-1 for a root, one per connected part). Each clique hangs from one holding the separator it
   * shares with the rest, so the tree has the running-intersection property.
   */
  readonly cliqueParent: Int32Array
  /** Sum over the maximal clusters of their entries (product of cards). */
  readonly totalEntries: number
  /** Entries of the largest cluster. */
  readonly largestEntries: number
}

/** Options of {@link triangulate}. */
export interface TriangulateOptions {
  /**
   * The variables to eliminate, distinct (default: all). The others stay in the graph, count as
   * neighbours, and are never chosen. An `order` strategy must list exactly these.
   */
  readonly eliminate?: readonly number[]
  /**
   * Abandon the run (return undefined) as soon as the total cluster entries exceed this, so a search
   * over strategies can drop losers early. Default: never.
   */
  readonly stopAbove?: number
  /** Record the per-step information in `steps` (off by default: the junction-tree compiler needs only the cliques). */
  readonly steps?: boolean
}

type HeuristicKind = Exclude<EliminationStrategy['kind'], 'order'>

/** Entries of the cluster of v: card(v) times its neighbours' cards. */
const clusterSize = (v: number, neighbours: readonly number[], cards: readonly number[]): number => {
  let size = 1
  for (let i = 0; i < neighbours.length; i++) size *= cards[neighbours[i]!]!
  return size * cards[v]!
}

/** Sort a short list of ids ascending, in place (insertion sort: clusters are short). */
const sortIds = (xs: number[]): number[] => {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!
    let j = i - 1
    while (j >= 0 && xs[j]! > x) {
      xs[j + 1] = xs[j]!
      j--
    }
    xs[j + 1] = x
  }
  return xs
}

/**
 * A binary min-heap of candidates by (score, cluster size, variable), kept as four parallel arrays
 * so that pushing allocates no object per entry; `version` says which offer an entry came from.
 */
interface CandidateHeap {
  readonly score: number[]
  readonly size: number[]
  readonly variable: number[]
  readonly version: number[]
}

/** Whether candidate (score, size, variable) comes before entry j. */
const before = (h: CandidateHeap, score: number, size: number, variable: number, j: number): boolean => {
  const s = h.score[j]!
  if (score !== s) return score < s
  const z = h.size[j]!
  return size !== z ? size < z : variable < h.variable[j]!
}

const move = (h: CandidateHeap, from: number, to: number): void => {
  h.score[to] = h.score[from]!
  h.size[to] = h.size[from]!
  h.variable[to] = h.variable[from]!
  h.version[to] = h.version[from]!
}

const heapPush = (h: CandidateHeap, score: number, size: number, variable: number, version: number): void => {
  let i = h.score.length
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(h, score, size, variable, parent)) break
    move(h, parent, i)
    i = parent
  }
  h.score[i] = score
  h.size[i] = size
  h.variable[i] = variable
  h.version[i] = version
}

/** Remove the top entry (the heap must not be empty); its variable and version are left in `top`. */
const heapPop = (h: CandidateHeap, top: { variable: number; version: number }): void => {
  top.variable = h.variable[0]!
  top.version = h.version[0]!
  // Sift the last entry (index n, untouched meanwhile) down from the root, then drop index n.
  const n = h.score.length - 1
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    if (l >= n) break
    const r = l + 1
    const m = r < n && before(h, h.score[r]!, h.size[r]!, h.variable[r]!, l) ? r : l
    if (!before(h, h.score[m]!, h.size[m]!, h.variable[m]!, n)) break
    move(h, m, i)
    i = m
  }
  if (i !== n) move(h, n, i)
  h.score.pop()
  h.size.pop()
  h.variable.pop()
  h.version.pop()
}

const score = (kind: HeuristicKind, v: number, adjacency: readonly number[][], cards: readonly number[], mark: Int32Array, stamp: number): number => {
  const neighbours = adjacency[v]!
  switch (kind) {
    case 'minNeighbours':
      return neighbours.length
    case 'minWeight':
      return clusterSize(v, neighbours, cards)
    case 'minFill': {
      // Missing edges among the neighbours: all pairs less the edges present, each counted from both ends.
      for (let i = 0; i < neighbours.length; i++) mark[neighbours[i]!] = stamp
      let present = 0
      for (let i = 0; i < neighbours.length; i++) {
        const around = adjacency[neighbours[i]!]!
        for (let k = 0; k < around.length; k++) if (mark[around[k]!] === stamp) present++
      }
      const d = neighbours.length
      return (d * (d - 1)) / 2 - present / 2
    }
    case 'weightedMinFill': {
      // The weight of all pairs less that of the edges present (each counted from both ends).
      let sum = 0
      let squares = 0
      for (let i = 0; i < neighbours.length; i++) {
        const a = neighbours[i]!
        mark[a] = stamp
        sum += cards[a]!
        squares += cards[a]! * cards[a]!
      }
      let present = 0
      for (let i = 0; i < neighbours.length; i++) {
        const a = neighbours[i]!
        const around = adjacency[a]!
        for (let k = 0; k < around.length; k++) if (mark[around[k]!] === stamp) present += cards[a]! * cards[around[k]!]!
      }
      return (sum * sum - squares) / 2 - present / 2
    }
  }
}

/**
 * Eliminate variables of an undirected graph (all, or `options.eliminate`) by a strategy and return
 * the order, the maximal clusters and, with `options.steps`, each step's neighbours and table sizes. `neighbours[v]` lists v's neighbours (symmetric,
 * without v); `cards[v]` is v's cardinality. Returns undefined only when `options.stopAbove` is
 * exceeded. An `order` strategy that is not a permutation of the variables to eliminate is a broken
 * invariant (callers validate orders first) and throws.
 *
 * @example
 * ```ts
 * import { triangulate } from '@chainrule/factor'
 * // a - b - c path: no fill needed, two clusters of 4 entries
 * triangulate([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minFill' })?.cliques // => [[0, 1], [1, 2]]
 * // eliminate a only: b and c stay, the step's message is over b
 * triangulate([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minFill' }, { eliminate: [0], steps: true })?.steps
 * // [{ variable: 0, neighbours: [1], cliqueEntries: 4, messageEntries: 2 }]
 * ```
 */
export const triangulate = (
  neighbours: readonly Iterable<number>[],
  cards: readonly number[],
  strategy: EliminationStrategy,
  options: TriangulateOptions = {},
): Triangulation | undefined =>
  eliminateFrom(distinctNeighbours(neighbours, cards.length), cards, strategy, options)

/** Fresh adjacency lists, each without repeats (a stamp per list, no hashing). */
const distinctNeighbours = (neighbours: readonly Iterable<number>[], n: number): number[][] => {
  const seen = new Array<number>(n).fill(0)
  const out: number[][] = new Array(n)
  for (let v = 0; v < n; v++) {
    const list: number[] = []
    for (const u of neighbours[v] ?? []) {
      if (seen[u] === v + 1) continue
      seen[u] = v + 1
      list.push(u)
    }
    out[v] = list
  }
  return out
}

/**
 * Nine per-variable scratch arrays and the candidate heap of the latest elimination, reused by the next:
 * sizing relevant parts runs hundreds of eliminations per question, and fresh arrays each time cost
 * allocation and GC. An elimination calls nothing that eliminates in turn, and returns none of them.
 */
const SCRATCH_ARRAYS = 9
let scratch = new Int32Array(0)
const sharedHeap: CandidateHeap = { score: [], size: [], variable: [], version: [] }

/**
 * The maximal clusters of the latest elimination, reused by the next: their members laid end to end
 * (cluster c is `clusterMembers[clusterStart[c]]` up to `clusterMembers[clusterStart[c + 1]]`), and per
 * variable a linked list of the clusters holding it (its head in the scratch arrays, then `linkNext`,
 * each link naming `linkCluster`), so that no cluster and no list is an array of its own.
 */
let clusterMembers = new Int32Array(256)
let clusterStart = new Int32Array(64)
let linkNext = new Int32Array(256)
let linkCluster = new Int32Array(256)

/** `array` when it holds `length` entries, else a copy twice as long. */
const room = (array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> => {
  if (length <= array.length) return array
  const longer = new Int32Array(2 * length)
  longer.set(array)
  return longer
}

/**
 * {@link triangulate} on adjacency lists it may consume (distinct neighbours, symmetric; they are
 * emptied as variables go), so a caller that has just built them (many candidate graphs, one
 * triangulation each) saves a copy. Adjacency is plain arrays; whether two variables are adjacent
 * is read from a stamp array marking one's neighbours, so no step hashes.
 *
 * @example
 * ```ts
 * import { eliminateFrom } from '@chainrule/factor'
 * // Two adjacent variables of 2 and 3 states: the smaller cluster goes first. The lists are used up.
 * const adjacency = [[1], [0]]
 * eliminateFrom(adjacency, [2, 3], { kind: 'minWeight' })?.order // => [0, 1]
 * adjacency // => [[], []]
 * ```
 */
export const eliminateFrom = (
  adjacency: number[][],
  cards: readonly number[],
  strategy: EliminationStrategy,
  options: TriangulateOptions = {},
): Triangulation | undefined => eliminate(adjacency, cards, strategy, options, true)

/**
 * The total cluster entries of {@link eliminateFrom}'s triangulation (the same elimination), without
 * building its junction tree or keeping its steps: for sizing many candidate graphs. Undefined past
 * `stopAbove`. The adjacency lists are used up.
 *
 * @example
 * ```ts
 * import { eliminationEntries } from '@chainrule/factor'
 * // a - b - c path of binary variables: two clusters of 4 entries
 * eliminationEntries([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minWeight' }) // => 8
 * eliminationEntries([[1], [0, 2], [1]], [2, 2, 2], { kind: 'minWeight' }, 6) // => undefined
 * ```
 */
export const eliminationEntries = (adjacency: number[][], cards: readonly number[], strategy: EliminationStrategy, stopAbove = Infinity): number | undefined =>
  eliminate(adjacency, cards, strategy, { stopAbove }, false)?.totalEntries

/** {@link eliminateFrom}, with the cliques and their junction tree only when `withTree` (else both are empty: only the sizes count). */
const eliminate = (
  adjacency: number[][],
  cards: readonly number[],
  strategy: EliminationStrategy,
  options: TriangulateOptions,
  withTree: boolean,
): Triangulation | undefined => {
  const n = cards.length
  if (scratch.length < SCRATCH_ARRAYS * n) scratch = new Int32Array(Math.max(SCRATCH_ARRAYS * n, 2 * scratch.length))
  const stopAbove = options.stopAbove ?? Infinity
  // Per variable: 0 stays in the graph, 1 waits to be eliminated, 2 eliminated.
  const status = scratch.subarray(5 * n, 6 * n).fill(options.eliminate === undefined ? 1 : 0)
  if (options.eliminate !== undefined) for (const v of options.eliminate) status[v] = 1
  const count = options.eliminate?.length ?? n
  if (strategy.kind === 'order') {
    const seen = new Set<number>()
    const valid = strategy.order.length === count && strategy.order.every((v) => status[v] === 1 && seen.size < seen.add(v).size)
    if (!valid) throw new Error('triangulate: the order must list each variable to eliminate exactly once')
  }
  const order: number[] = []
  const steps: TriangulationStep[] | undefined = options.steps === true ? [] : undefined
  // Clusters that are maximal so far. A new cluster holds no eliminated variable, so it can never
  // contain an earlier one (which holds its own eliminated variable), only be contained in one.
  let clusterCount = 0
  let memberCount = 0
  let linkCount = 0
  clusterStart[0] = 0
  const firstLink = scratch.subarray(8 * n, 9 * n).fill(-1)
  let totalEntries = 0
  let largestEntries = 0

  const kind = strategy.kind
  // Candidates in a binary min-heap by (score, cluster size, id); an entry is current while its
  // version matches, so an update pushes a fresh entry instead of searching the heap.
  const version = scratch.subarray(6 * n, 7 * n).fill(0)
  const touched = scratch.subarray(7 * n, 8 * n).fill(0)
  const heap = sharedHeap
  heap.score.length = heap.size.length = heap.variable.length = heap.version.length = 0
  const top = { variable: -1, version: -1 }
  const fillEdges: number[] = []
  // Per eliminated variable, its neighbours then and a maximal cluster holding its cluster; per maximal cluster, its variable.
  const aroundOf = new Array<readonly number[] | undefined>(withTree ? n : 0)
  const cliqueOf = scratch.subarray(0, n).fill(-1)
  const ownerOf: number[] = []
  // Scratch: stamps marking one variable's neighbours, for the fill scores and for the eliminations.
  const scoreMark = scratch.subarray(n, 2 * n).fill(0)
  let scoreStamp = 0
  const edgeMark = scratch.subarray(2 * n, 3 * n).fill(0)
  let edgeStamp = 0
  const markNeighbours = (a: number): number => {
    edgeStamp++
    const around = adjacency[a]!
    for (let i = 0; i < around.length; i++) edgeMark[around[i]!] = edgeStamp
    return edgeStamp
  }
  const offer = (u: number): void => {
    version[u] = version[u]! + 1
    heapPush(heap, score(kind as HeuristicKind, u, adjacency, cards, scoreMark, ++scoreStamp), clusterSize(u, adjacency[u]!, cards), u, version[u]!)
  }
  if (kind !== 'order') for (let u = 0; u < n; u++) if (status[u] === 1) offer(u)

  for (let step = 0; step < count; step++) {
    let v = -1
    if (kind === 'order') v = strategy.order[step]!
    else
      while (v < 0) {
        heapPop(heap, top)
        if (status[top.variable] === 1 && top.version === version[top.variable]) v = top.variable
      }

    // v's neighbours, left in place until v's step is done; a sorted copy is made only for the
    // steps and the tree (a new maximal cluster is stored unsorted, and sorted when the tree is built).
    const around = adjacency[v]!
    const width = around.length + 1
    let messageEntries = 1
    for (let i = 0; i < around.length; i++) messageEntries *= cards[around[i]!]!
    const size = messageEntries * cards[v]!
    const sorted = withTree || steps !== undefined ? sortIds(around.slice()) : undefined
    steps?.push({ variable: v, neighbours: sorted!, cliqueEntries: size, messageEntries })

    // A cluster inside an earlier one contains v, so the candidates are v's clusters.
    // Mark the cluster's members once; an earlier cluster holds it when it holds every marked member.
    const memberStamp = markNeighbours(v)
    edgeMark[v] = memberStamp
    let held = false
    for (let link = firstLink[v]!; link >= 0 && !held; link = linkNext[link]!) {
      const c = linkCluster[link]!
      const from = clusterStart[c]!
      const to = clusterStart[c + 1]!
      if (to - from < width) continue
      let inside = 0
      for (let i = from; i < to; i++) if (edgeMark[clusterMembers[i]!] === memberStamp) inside++
      held = inside === width
    }
    if (withTree) aroundOf[v] = sorted
    if (!held) {
      const id = clusterCount++
      clusterMembers = room(clusterMembers, memberCount + width)
      clusterStart = room(clusterStart, clusterCount + 1)
      linkNext = room(linkNext, linkCount + width)
      linkCluster = room(linkCluster, linkCount + width)
      clusterMembers[memberCount++] = v
      for (let i = 0; i < around.length; i++) clusterMembers[memberCount++] = around[i]!
      clusterStart[clusterCount] = memberCount
      for (let i = memberCount - width; i < memberCount; i++) {
        const x = clusterMembers[i]!
        linkCluster[linkCount] = id
        linkNext[linkCount] = firstLink[x]!
        firstLink[x] = linkCount++
      }
      cliqueOf[v] = id
      ownerOf.push(v)
      totalEntries += size
      if (size > largestEntries) largestEntries = size
      if (totalEntries > stopAbove) return undefined
    }

    // Connect v's neighbours, then remove v; remember the fill edges for rescoring.
    let fills = 0
    for (let i = 0; i < around.length; i++) {
      const a = around[i]!
      const adjacentToA = adjacency[a]!
      const stamp = markNeighbours(a)
      for (let j = i + 1; j < around.length; j++) {
        const b = around[j]!
        if (edgeMark[b] !== stamp) {
          adjacentToA.push(b)
          adjacency[b]!.push(a)
          fillEdges[2 * fills] = a
          fillEdges[2 * fills + 1] = b
          fills++
        }
      }
      const at = adjacentToA.indexOf(v)
      adjacentToA[at] = adjacentToA[adjacentToA.length - 1]!
      adjacentToA.pop()
    }
    status[v] = 2
    order.push(v)

    // Scores change for v's neighbours (their neighbourhoods changed) and, for
    // fill-based scores, for the common neighbours of each fill edge's ends
    // (one pair fewer is missing among their neighbours); nothing else changes.
    if (kind !== 'order') {
      // Each touched variable is offered once per step (marked with the step's stamp).
      const stamp = step + 1
      for (let i = 0; i < around.length; i++) {
        const a = around[i]!
        if (status[a] === 1 && touched[a] !== stamp) {
          touched[a] = stamp
          offer(a)
        }
      }
      if (kind === 'minFill' || kind === 'weightedMinFill')
        for (let f = 0; f < fills; f++) {
          let x = fillEdges[2 * f]!
          let y = fillEdges[2 * f + 1]!
          if (adjacency[x]!.length > adjacency[y]!.length) {
            const shorter = y
            y = x
            x = shorter
          }
          const ofY = markNeighbours(y)
          const aroundX = adjacency[x]!
          for (let i = 0; i < aroundX.length; i++) {
            const b = aroundX[i]!
            if (status[b] === 1 && touched[b] !== stamp && edgeMark[b] === ofY) {
              touched[b] = stamp
              offer(b)
            }
          }
        }
    }
    around.length = 0
  }
  if (!withTree) return { strategy, order, cliques: [], cliqueParent: new Int32Array(0), totalEntries, largestEntries }
  // Each maximal cluster's members, ascending.
  const clusters: number[][] = new Array(clusterCount)
  for (let c = 0; c < clusterCount; c++) clusters[c] = sortIds(Array.from(clusterMembers.subarray(clusterStart[c]!, clusterStart[c + 1]!)))
  // A junction tree from the elimination tree (Blair & Peyton 1993). p(x), the
  // first eliminated of x's neighbours when x went, is x's parent there. A
  // variable whose cluster was not maximal has a child c with one more
  // neighbour than x (its cluster is c's less c) and belongs to c's clique; a
  // maximal cluster formed by eliminating v hangs from the clique of p(v), or,
  // while that is its own, of p(p(v)), and so on. No search over pairs of clusters.
  const position = scratch.subarray(3 * n, 4 * n).fill(-1)
  for (let k = 0; k < order.length; k++) position[order[k]!] = k
  const up = scratch.subarray(4 * n, 5 * n).fill(-1)
  const children: number[][] = []
  for (let k = 0; k < order.length; k++) {
    const x = order[k]!
    const around = aroundOf[x]!
    let first = -1
    for (let i = 0; i < around.length; i++) {
      const u = around[i]!
      if (position[u]! >= 0 && (first < 0 || position[u]! < position[first]!)) first = u
    }
    up[x] = first
    if (first >= 0) (children[first] ??= []).push(x)
  }
  for (let k = 0; k < order.length; k++) {
    const x = order[k]!
    if (cliqueOf[x]! >= 0) continue
    const wide = aroundOf[x]!.length + 1
    const child = (children[x] ?? []).find((c) => aroundOf[c]!.length === wide)
    cliqueOf[x] = child === undefined ? -1 : cliqueOf[child]!
  }
  const cliqueParent = new Int32Array(clusters.length).fill(-1)
  ownerOf.forEach((v, c) => {
    let u = up[v]!
    while (u >= 0 && cliqueOf[u] === c) u = up[u]!
    if (u >= 0) cliqueParent[c] = cliqueOf[u]!
  })
  return steps === undefined
    ? { strategy, order, cliques: clusters, cliqueParent, totalEntries, largestEntries }
    : { strategy, order, steps, cliques: clusters, cliqueParent, totalEntries, largestEntries }
}

/**
 * Try several strategies and keep the triangulation with the smallest total cluster entries (ties:
 * the earlier strategy). Each later run stops as soon as it exceeds the best so far.
 *
 * @example
 * ```ts
 * import { cheapestTriangulation } from '@chainrule/factor'
 * // a 4-cycle a - b - c - d - a needs one chord: two clusters of 3 variables
 * cheapestTriangulation([[1, 3], [0, 2], [1, 3], [2, 0]], [2, 2, 2, 2]).totalEntries // => 16
 * ```
 */
export const cheapestTriangulation = (
  neighbours: readonly Iterable<number>[],
  cards: readonly number[],
  strategies: readonly EliminationStrategy[] = defaultStrategies,
  options: Omit<TriangulateOptions, 'stopAbove'> = {},
): Triangulation => {
  let best: Triangulation | undefined
  for (const strategy of strategies) {
    const t = triangulate(neighbours, cards, strategy, { ...options, stopAbove: best?.totalEntries ?? Infinity })
    if (t !== undefined && (best === undefined || t.totalEntries < best.totalEntries)) best = t
  }
  if (best === undefined) throw new Error('cheapestTriangulation: no strategy given')
  return best
}
