/**
 * Compile a set of dense tables (the CPTs of a Bayesian network, or any
 * factors of a Markov network) into a junction tree ready for propagation:
 * moralise (each table's scope becomes a clique), triangulate with the
 * cheapest of several heuristics, build the tree, lay out every cluster with
 * its separator towards the parent first, and multiply each table into the
 * smallest cluster that holds its scope. Everything a query needs (strides for
 * every message, each variable's home cluster, buffers) is computed here once.
 *
 * Reference: Lauritzen & Spiegelhalter (1988); Jensen, Lauritzen & Olesen
 * (1990), the Hugin architecture; Koller & Friedman (2009), chapter 10.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { InferError } from './errors.js'
import { junctionTree, junctionTreeFromParents, reroot, rootMinimising, type TreeShape } from './junction-tree.js'
import { stridesInto, walkInto, walkOf, walkOnto, type Walk } from './kernels.js'
import { withPriorCollected } from './propagate.js'
import { fillClusters } from './cluster-fill.js'
import { moralNeighbours } from './moral-graph.js'
import { createArena, walkBytes, type Arena, type Kernels } from './arena.js'
import { DEFAULT_MEMORY_BUDGET_BYTES, cheapestTriangulation, defaultStrategies, triangulate, type EliminationStrategy, type Triangulation } from '@chainrule/factor'

/** A dense table over variable ids, row-major (last scope variable fastest). */
export interface DenseTable {
  readonly scope: readonly number[]
  readonly values: ArrayLike<number>
}

/** Options for {@link compileTables}. */
export interface CompileOptions {
  /**
   * Elimination strategies to try; the one with the smallest total cluster
   * size wins. Default: min-fill, weighted min-fill, min-weight, min-neighbours.
   */
  readonly strategies?: readonly EliminationStrategy[]
  /** Refuse to allocate more than this many bytes of tables. Default 2 GiB. */
  readonly memoryBudgetBytes?: number
  /** Called with the plan once it is known, before any table is allocated (progress reports). */
  readonly onPlan?: (plan: CompilePlan) => void
  /**
   * Collect once without evidence at compile time and keep the collected
   * clusters (a third copy of the tables), so that a query recollects only the
   * clusters with evidence below them. Default true; turn it off for trees that
   * only score rows with most variables observed, where every cluster is
   * recollected anyway.
   */
  readonly keepPriorCollection?: boolean
  /**
   * Run propagation on WebAssembly kernels over one memory block, where the
   * runtime has WebAssembly. Default: when the largest cluster has at least
   * {@link WEBASSEMBLY_FROM_ENTRIES} entries; false keeps every table in plain
   * typed arrays run by the typed-array kernels (same sums, same order).
   */
  readonly webAssembly?: boolean
}

/**
 * Options of the library's own callers, beyond {@link CompileOptions}.
 * `sharedScratch` is a block that a tree without `keepPriorCollection` carves
 * its scratch from (working clusters, messages and incoming messages; see
 * {@link scratchEntries}) instead of its own memory, and such a tree keeps no
 * initial cluster tables either: every query rebuilds its clusters from its
 * tables in the block (see `rebuilds` of {@link CompiledTree}). Trees that are
 * never propagated at the same time (the parts of one cover, answered one
 * after another) can share one block as large as the largest of them, so that
 * a new pattern writes to fewer fresh pages. Ignored by trees on WebAssembly
 * kernels (their tables must lie in their own memory) and by trees larger
 * than the block.
 */
export interface TreeOptions extends CompileOptions {
  readonly sharedScratch?: Float64Array
}

/** Entries of a tree's scratch (working clusters, messages and incoming messages): what a shared scratch block must hold for it. */
export const scratchEntries = (plan: CompilePlan): number => plan.clusterEntries + 2 * (plan.separatorEntries + plan.clusters)

/** Trees whose largest cluster has fewer entries run on typed arrays (see `webAssembly` in {@link CompileOptions}). */
export const WEBASSEMBLY_FROM_ENTRIES = 4096


/** What a compiled tree will hold, known before anything is allocated. */
export interface CompilePlan {
  readonly strategy: EliminationStrategy['kind']
  readonly clusters: number
  /** Variables of the largest cluster and its entry count. */
  readonly largestCluster: { readonly variables: readonly number[]; readonly entries: number }
  readonly clusterEntries: number
  readonly separatorEntries: number
  /**
   * Bytes of the tables the engine keeps: initial and working clusters and three
   * copies of separators, plus the prior-collected clusters and messages when kept.
   */
  readonly bytes: number
}

/** A compiled junction tree: immutable layout plus the engine's own scratch buffers. */
export interface CompiledTree {
  /** What does not depend on the tables' numbers (shared by trees refilled with new numbers). */
  readonly layout: TreeLayout
  readonly cards: readonly number[]
  readonly plan: CompilePlan
  /** Cluster variables in layout order (separator to the parent first). */
  readonly clusterVars: readonly (readonly number[])[]
  readonly clusterCards: readonly Int32Array[]
  readonly parent: Int32Array
  /** Parents before children. */
  readonly order: Int32Array

  /** Strides from a cluster's entries into its separator towards the parent (per layout variable). */
  readonly upStrides: readonly Int32Array[]
  /** The same walk, merged for the kernels, and the parent's walk onto the same separator. */
  readonly upWalk: readonly Walk[]
  readonly downWalk: readonly Walk[]
  readonly separatorSize: Int32Array
  /** The cluster each input table was multiplied into, and the walk from it onto the table's scope. */
  readonly tableHome: Int32Array
  readonly tableWalk: readonly Walk[]
  /** The numbers of every input table (read again when a query replaces some of them). */
  readonly tableValues: readonly Float64Array[]
  /** The tables multiplied into each cluster. */
  readonly homedTables: readonly Int32Array[]
  /** Each variable's smallest cluster, and the walk from that cluster onto the variable. */
  readonly home: Int32Array
  readonly homeWalk: readonly Walk[]
  /** Where a marginal is projected before it is copied out (as long as the largest card, in the tree's block). */
  readonly marginalScratch: Float64Array
  /**
   * Cluster tables with every input table multiplied in, never written after
   * compile; in a tree that `rebuilds`, the working clusters themselves.
   */
  readonly initial: readonly Float64Array[]
  /**
   * True when the tree keeps no initial tables: each query first rebuilds every
   * cluster from its tables in `work` (one pass per table, where a kept tree
   * copies). A new question pattern's cover starts so: most patterns are asked
   * once, and writing fewer fresh pages of memory is what a first answer costs
   * most; a pattern asked again gets initial tables (`withInitialTables`).
   */
  readonly rebuilds: boolean
  /**
   * Per cluster, a lower bound on its positive initial entries (the product of
   * each input table's smallest positive entry). With the bounds of what each
   * query multiplies in, it tells whether any product could have fallen below
   * the smallest double (see `answeredInRange` in `propagate.ts`).
   */
  readonly leastInitial: Float64Array
  /**
   * The same clusters after collecting without evidence (each times its
   * children's prior messages), with those messages (scaled to sum 1) and
   * their scales (the root's entry: its total). A query recollects only the
   * clusters with evidence below them; the rest start from these.
   */
  readonly collected: readonly Float64Array[]
  readonly priorMessage: readonly Float64Array[]
  readonly priorTotal: Float64Array
  /** The log of what each cluster was divided by while collecting without evidence (see `rescaled`). */
  readonly priorRescaled: Float64Array
  /** Each prior message's smallest positive entry. */
  readonly priorLeast: Float64Array
  /** False when collecting without evidence found P = 0 (every query then recollects everything). */
  readonly priorValid: boolean
  /** The kernels propagation runs on (WebAssembly or typed arrays, see `arena.ts`) and which they are. */
  readonly kernels: Kernels
  readonly kernelKind: Arena['kind']
  /** Scratch of the collect pass: the running bound of each rebuilt cluster, and whether every bound stayed in range. */
  readonly least: Float64Array
  readonly inRange: Uint8Array
  /** Scratch of the collect pass: non-zero for clusters with evidence at or below them (rebuilt by the query). */
  readonly dirty: Uint8Array
  /** Scratch owned by the engine: working clusters and separators, reused by every query. */
  readonly work: readonly Float64Array[]
  readonly message: readonly Float64Array[]
  readonly incoming: readonly Float64Array[]
  readonly messageTotal: Float64Array
  /** Scratch of the collect pass: the log of what each rebuilt cluster was divided by to stay in the range of doubles. */
  readonly rescaled: Float64Array
}

/** The plan of the cheapest triangulation, without allocating any table. */
export const planTables = (
  cards: readonly number[],
  tables: readonly DenseTable[],
  options: CompileOptions = {},
): { readonly plan: CompilePlan; readonly shape: TreeShape; readonly order: readonly number[] } => {
  const neighbours = moralNeighbours(cards.length, tables)
  const strategies = options.strategies ?? defaultStrategies
  const t =
    strategies.length === 1
      ? triangulate(neighbours, cards, strategies[0]!)!
      : cheapestTriangulation(neighbours, cards, strategies)
  return planTriangulated(cards, t, options)
}

/** The plan of a tree over a triangulation already made (its maximal cliques, see `@chainrule/factor`'s `triangulate`). */
export const planTriangulated = (
  cards: readonly number[],
  t: Pick<Triangulation, 'cliques' | 'order' | 'strategy' | 'largestEntries'> & { readonly cliqueParent?: ArrayLike<number> },
  options: Pick<CompileOptions, 'keepPriorCollection'> = {},
): { readonly plan: CompilePlan; readonly shape: TreeShape; readonly order: readonly number[] } => {
  // A model without variables still has one (empty) cluster: it holds the product of its constant tables.
  // The triangulation's own tree where it comes with one (no search over pairs of clusters).
  const shape =
    t.cliques.length === 0 ? junctionTree([[]]) : t.cliqueParent !== undefined ? junctionTreeFromParents(t.cliques, t.cliqueParent) : junctionTree(t.cliques)
  const sizes = shape.clusters.map((cluster) => size(cluster, cards))
  const largest = sizes.indexOf(Math.max(...sizes))
  const separatorEntries = shape.separator.reduce((s, sep) => s + size(sep, cards), 0)
  const clusterEntries = sizes.reduce((sum, k) => sum + k, 0)
  return {
    shape,
    order: t.order,
    plan: {
      strategy: t.strategy.kind,
      clusters: shape.clusters.length,
      largestCluster: { variables: shape.clusters[largest] ?? [], entries: t.largestEntries },
      clusterEntries,
      separatorEntries,
      bytes: 8 * (options.keepPriorCollection === false ? 2 * clusterEntries + 3 * separatorEntries : 3 * clusterEntries + 4 * separatorEntries),
    },
  }
}

/**
 * A tree that `rebuilds` with initial cluster tables of its own from now on
 * (one block, filled once), so that its questions copy them instead of
 * rebuilding every cluster from its tables; any other tree as it is. A cover's
 * parts get them once their pattern is asked again.
 */
export const withInitialTables = (tree: CompiledTree): CompiledTree => {
  if (!tree.rebuilds) return tree
  const { layout } = tree
  const next = carve(new Float64Array(layout.plan.clusterEntries))
  const initial = layout.entries.map((k) => next(k).fill(1))
  const leastInitial = new Float64Array(layout.entries.length).fill(1)
  fillClusters(layout, tree.tableValues, initial, leastInitial)
  return { ...tree, initial, collected: initial, leastInitial, rebuilds: false }
}

/** Consecutive views of `block`, one per call. */
const carve = (block: Float64Array): ((length: number) => Float64Array) => {
  let at = 0
  return (length) => block.subarray(at, (at += length))
}

const size = (vars: readonly number[], cards: readonly number[]): number => vars.reduce((s, v) => s * cards[v]!, 1)

/**
 * Everything about a compiled tree that does not depend on the numbers in its
 * tables: the rooted shape, each cluster's layout, every walk between clusters,
 * separators, homes and tables. Computed once by {@link compileTables}; a tree
 * with new numbers in tables of the same scopes ({@link refillTree}) reuses it
 * and skips triangulation and layout.
 */
export interface TreeLayout {
  readonly cards: readonly number[]
  readonly plan: CompilePlan
  readonly parent: Int32Array
  readonly order: Int32Array
  readonly entries: readonly number[]
  readonly clusterVars: readonly (readonly number[])[]
  readonly clusterCards: readonly Int32Array[]
  readonly upStrides: readonly Int32Array[]
  readonly upWalk: readonly Walk[]
  readonly downWalk: readonly Walk[]
  readonly homeWalk: readonly Walk[]
  readonly separatorSize: Int32Array
  readonly home: Int32Array
  readonly tableScopes: readonly (readonly number[])[]
  readonly tableHome: Int32Array
  readonly tableWalk: readonly Walk[]
  /** The tables multiplied into each cluster. */
  readonly homedTables: readonly Int32Array[]
}

/**
 * Compile tables over variables with the given cardinalities. Returns
 * `OverBudget` (with the bytes it would need) instead of allocating past the budget.
 */
export const compileTables = (
  cards: readonly number[],
  tables: readonly DenseTable[],
  options: CompileOptions = {},
): E.Either<InferError, CompiledTree> => {
  const invalid = invalidOrder(cards.length, options)
  return invalid !== undefined ? E.left(invalid) : compilePlanned(cards, tables, planTables(cards, tables, options), options)
}

/** The error for an `order` strategy that is not a permutation of the variables, if any. */
export const invalidOrder = (n: number, options: CompileOptions): InferError | undefined => {
  for (const strategy of options.strategies ?? []) {
    if (strategy.kind !== 'order') continue
    const seen = new Uint8Array(n)
    const valid = strategy.order.length === n && strategy.order.every((v) => Number.isInteger(v) && v >= 0 && v < n && seen[v] === 0 && (seen[v] = 1) === 1)
    if (!valid) return { _tag: 'InvalidEliminationOrder', reason: `an order must list each of the ${n} variable ids exactly once` }
  }
  return undefined
}

/** {@link compileTables} from a plan already made by {@link planTables} with the same tables and options. */
export const compilePlanned = (
  cards: readonly number[],
  tables: readonly DenseTable[],
  planned: ReturnType<typeof planTables>,
  options: TreeOptions = {},
): E.Either<InferError, CompiledTree> => {
  const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const { plan, shape } = planned
  options.onPlan?.(plan)
  if (!(plan.bytes <= budget)) return E.left({ _tag: 'OverBudget', plan, budgetBytes: budget })
  return E.right(refillTree(layoutTree(cards, tables, plan, shape), tables, options))
}

/** Root, lay out and walk a planned tree (no table is allocated). */
const layoutTree = (cards: readonly number[], tables: readonly DenseTable[], plan: CompilePlan, planned: TreeShape): TreeLayout => {
  const m = planned.clusters.length
  const entries = planned.clusters.map((cluster) => size(cluster, cards))
  // The smallest cluster holding a scope is among the clusters of its first variable.
  const clustersOf: number[][] = Array.from({ length: cards.length }, () => [])
  planned.clusters.forEach((cluster, c) => {
    for (const v of cluster) clustersOf[v]!.push(c)
  })
  // Clusters and scopes are short: a linear search beats building a Set per cluster.
  const smallestHolding = (scope: readonly number[]): number => {
    let best = -1
    const candidates = scope.length === 0 ? planned.clusters.map((_, c) => c) : clustersOf[scope[0]!]!
    for (const c of candidates) {
      const cluster = planned.clusters[c]!
      if ((best < 0 || entries[c]! < entries[best]!) && scope.every((v) => cluster.includes(v))) best = c
    }
    return best
  }
  const home = Int32Array.from(cards, (_, v) => smallestHolding([v]))
  // Root the tree where recollecting after an observation costs least: large
  // clusters towards the leaves, so that few observations have them above.
  const homed = new Float64Array(m)
  for (const h of home) homed[h]! += 1
  const shape = reroot(planned, rootMinimising(planned, entries, homed))

  // Lay out each cluster with its separator first, the separator's variables in
  // the order the parent lays them out (parents are laid out first): walking the
  // parent then reads and writes the separator in near order, not across it.
  // The other variables follow, those of the largest child separator last, so
  // that walking onto that separator runs through long contiguous stretches.
  const largestChildSeparator: (readonly number[] | undefined)[] = shape.clusters.map(() => undefined)
  shape.parent.forEach((p, c) => {
    if (p < 0) return
    const current = largestChildSeparator[p]
    if (current === undefined || size(shape.separator[c]!, cards) > size(current, cards)) largestChildSeparator[p] = shape.separator[c]!
  })
  // Clusters and separators are short: linear searches, no Set per cluster.
  const restOf = (c: number, sep: readonly number[]): number[] => {
    const rest = shape.clusters[c]!.filter((v) => !sep.includes(v))
    const last = largestChildSeparator[c] ?? []
    return [...rest.filter((v) => !last.includes(v)), ...rest.filter((v) => last.includes(v))]
  }
  const clusterVars: number[][] = new Array<number[]>(m)
  const separator: number[][] = new Array<number[]>(m)
  // Parents come first in the order, so a parent's layout is known when its children are laid out.
  for (const c of shape.order) {
    const p = shape.parent[c]!
    if (p < 0) {
      separator[c] = []
      clusterVars[c] = restOf(c, [])
      continue
    }
    const sep = clusterVars[p]!.filter((v) => shape.separator[c]!.includes(v))
    separator[c] = sep
    clusterVars[c] = [...sep, ...restOf(c, sep)]
  }
  const clusterCards = clusterVars.map((vars) => Int32Array.from(vars, (v) => cards[v]!))
  const sepCards = separator.map((sep) => sep.map((v) => cards[v]!))
  const upStrides = clusterVars.map((vars, c) => stridesInto(vars, separator[c]!, cards))
  const tableHome = new Int32Array(tables.length)
  const homedLists: number[][] = shape.clusters.map(() => [])
  const tableWalk = tables.map((table, t) => {
    const c = smallestHolding(table.scope)
    tableHome[t] = c
    homedLists[c]!.push(t)
    return walkInto(clusterVars[c]!, clusterCards[c]!, table.scope, cards)
  })
  return {
    cards,
    plan,
    parent: shape.parent,
    order: shape.order,
    entries,
    clusterVars,
    clusterCards,
    upStrides,
    upWalk: upStrides.map((strides, c) => walkOf(clusterCards[c]!, strides)),
    downWalk: clusterVars.map((_, c) => {
      const p = shape.parent[c]!
      return p < 0 ? walkOf([], []) : walkInto(clusterVars[p]!, clusterCards[p]!, separator[c]!, cards)
    }),
    homeWalk: cards.map((_, v) => walkOnto(clusterVars[home[v]!]!, clusterCards[home[v]!]!, v)),
    separatorSize: Int32Array.from(sepCards, (cs) => cs.reduce((s, x) => s * x, 1)),
    home,
    tableScopes: tables.map((t) => t.scope),
    tableHome,
    tableWalk,
    homedTables: homedLists.map((list) => Int32Array.from(list)),
  }
}

/**
 * A tree with the layout of `tree` (or of a {@link TreeLayout}) and new
 * numbers: `tables` must have the scopes the layout was compiled from, in the
 * same order. Nothing is triangulated or laid out again; the tables are
 * allocated afresh (the old tree stays valid) and the prior collection is
 * redone when `keepPriorCollection` is on. This is how EM updates its tables
 * and how a model with new parameters is answered without recompiling.
 */
export const refillTree = (from: TreeLayout | CompiledTree, tables: readonly DenseTable[], options: TreeOptions = {}): CompiledTree => {
  const layout = 'layout' in from ? from.layout : from
  const { cards, plan, entries, separatorSize, homedTables } = layout
  const m = entries.length
  const dimensions = [...layout.upWalk, ...layout.downWalk, ...layout.homeWalk].reduce((sum, walk) => sum + walk.cards.length, 0)
  const largestCard = Math.max(1, ...cards)
  const keep = options.keepPriorCollection !== false
  // WebAssembly pays from clusters of a few thousand entries; smaller trees keep plain typed arrays.
  const webAssembly = options.webAssembly ?? plan.largestCluster.entries >= WEBASSEMBLY_FROM_ENTRIES
  const { sharedScratch } = options
  const shared = sharedScratch !== undefined && !webAssembly && !keep && sharedScratch.length >= scratchEntries(plan) ? sharedScratch : undefined
  const rebuilds = shared !== undefined
  const ownClusters = (keep ? 3 : 2) - (shared === undefined ? 0 : 2)
  // Without a shared block, one separator copy beyond those allocated, as the plan counts (slack).
  const ownSeparators = shared === undefined ? (keep ? 4 : 3) : 0
  const bytes = 8 * (ownClusters * plan.clusterEntries + ownSeparators * plan.separatorEntries)
  const arena = createArena(bytes + walkBytes(dimensions, 2 * m + cards.length) + 8 * largestCard, webAssembly)
  const values = tables.map((table) => (table.values instanceof Float64Array ? table.values : Float64Array.from(table.values)))
  const scratch = shared === undefined ? undefined : carve(shared)
  const work = entries.map((k) => (scratch === undefined ? arena.float64(k) : scratch(k)))
  const initial = rebuilds ? work : entries.map((k) => arena.float64(k).fill(1))
  const leastInitial = new Float64Array(m).fill(1)
  if (!rebuilds) fillClusters(layout, values, initial, leastInitial)
  const message = Array.from(separatorSize, (k) => (scratch === undefined ? arena.float64(k) : scratch(k)))
  const incoming = Array.from(separatorSize, (k) => (scratch === undefined ? arena.float64(k) : scratch(k)))
  const tree: CompiledTree = {
    layout,
    cards,
    plan,
    clusterVars: layout.clusterVars,
    clusterCards: layout.clusterCards,
    parent: layout.parent,
    order: layout.order,
    upStrides: layout.upStrides,
    upWalk: layout.upWalk.map(arena.walk),
    downWalk: layout.downWalk.map(arena.walk),
    separatorSize,
    tableHome: layout.tableHome,
    tableWalk: layout.tableWalk,
    tableValues: values,
    homedTables,
    home: layout.home,
    homeWalk: layout.homeWalk.map(arena.walk),
    marginalScratch: arena.float64(largestCard),
    initial,
    leastInitial,
    collected: keep ? entries.map((k) => arena.float64(k)) : initial,
    priorMessage: keep ? Array.from(separatorSize, (k) => arena.float64(k)) : message,
    priorTotal: new Float64Array(m),
    priorRescaled: new Float64Array(m),
    priorLeast: new Float64Array(m),
    priorValid: false,
    least: new Float64Array(m),
    inRange: new Uint8Array(1),
    dirty: new Uint8Array(m),
    work,
    rebuilds,
    kernels: arena.kernels,
    kernelKind: arena.kind,
    message,
    incoming,
    messageTotal: new Float64Array(m),
    rescaled: new Float64Array(m),
  }
  return keep ? withPriorCollected(tree) : tree
}
