/**
 * Filling a compiled tree's clusters with the product of the tables homed in
 * each, and a lower bound on each cluster's positive entries (what
 * `answeredInRange` starts from).
 *
 * Cost: multiplying each table into its cluster costs one pass over the
 * cluster per table. Models with many small potentials (a UAI grid or DBN
 * homes dozens of pairwise tables in a cluster of 2^21 entries) would spend
 * most of their compile time there, so tables are first multiplied together
 * in groups whose joint scope is at most 1/16 of the cluster, and each group
 * enters the cluster in one pass.
 *
 * Range: when the tables' smallest positive entries multiply to less than the
 * smallest normal double, or their largest entries to more than 1e300, a
 * product could have left the range of doubles on the way. Such a cluster is
 * filled in logs instead (sums of logs cannot underflow; each entry is then the
 * exp of its sum, within a relative |log x| 2^-52 < 2e-13 of the product), and
 * its bound is its smallest positive entry; if that entry, or its largest, is
 * beyond the doubles, the bound is 0 and the engine answers in log space.
 */
import type { TreeLayout } from './compile-tables.js'
import { leastPositive, multiplyBy, walkInto, type Walk } from './kernels.js'

const MIN_NORMAL = 2.2250738585072014e-308
const LARGE = 1e300
/** A group's joint scope may hold up to this share of its cluster's entries. */
const GROUP_SHARE = 1 / 16

/**
 * Write the product of each cluster's homed tables into `initial[c]` (filled
 * with 1 by the caller) and a lower bound on its positive entries into
 * `leastInitial[c]` (0: out of the range of doubles). Tables given in
 * `replaced` are read in place of `values` (a query's own numbers, so their
 * bounds are not remembered).
 */
export const fillClusters = (
  layout: TreeLayout,
  values: readonly Float64Array[],
  initial: readonly Float64Array[],
  leastInitial: Float64Array,
  replaced?: readonly (Float64Array | undefined)[],
): void => {
  const tables = withReplacements(values, replaced)
  for (let c = 0; c < initial.length; c++) leastInitial[c] = fillCluster(layout, c, tables, initial[c]!, replaced)
}

/** The tables with the replacements in place of the originals. */
export const withReplacements = (values: readonly Float64Array[], replaced: readonly (Float64Array | undefined)[] | undefined): readonly Float64Array[] =>
  replaced === undefined ? values : values.map((v, t) => replaced[t] ?? v)

/**
 * Fill cluster `c` with its homed `tables` as {@link fillClusters} does (`out` filled with 1 by the caller)
 * and return its bound: whatever fills a cluster (compile, a query's rebuild of a cluster with replaced
 * tables) forms the same products in the same order, so the answers agree bit for bit. The bounds of the
 * tables in `replaced` (a query's own numbers) are not remembered.
 */
export const fillCluster = (
  layout: TreeLayout,
  c: number,
  tables: readonly Float64Array[],
  out: Float64Array,
  replaced: readonly (Float64Array | undefined)[] | undefined,
): number => {
  const homed = layout.homedTables[c]!
  let least = 1
  let largest = 1
  for (let h = 0; h < homed.length; h++) {
    const t = homed[h]!
    const [lowest, highest] = replaced?.[t] === undefined ? boundsOf(tables[t]!) : boundsNow(tables[t]!)
    least *= Math.min(1, lowest)
    largest *= Math.max(1, highest)
  }
  if (least >= MIN_NORMAL && largest <= LARGE) {
    combineGroups(layout, c, tables, out, multiplyBy, 1)
    return least
  }
  return fillInLogs(layout, c, tables, out)
}

/**
 * Add the logs of each cluster's homed tables into `clusters[c]` (filled with
 * 0 by the caller), grouped as `fillClusters` groups them: the log-space
 * propagation's fill (`log-space-tree.ts`).
 */
export const fillClustersInLogs = (layout: TreeLayout, logs: readonly Float64Array[], clusters: readonly Float64Array[]): void =>
  layout.homedTables.forEach((_, c) => combineGroups(layout, c, logs, clusters[c]!, addLogs, 0))

/**
 * A table's smallest positive and largest entries, remembered per array: the relevant parts of many
 * question patterns hold the same model tables (a reduced table is a new array), and scanning them
 * for every part was a tenth of compiling munin's parts. Compiled tables are never changed in place (an
 * engine compiles its whole tree from them later, too).
 */
const bounds = new WeakMap<Float64Array, readonly [least: number, largest: number]>()
const boundsOf = (values: Float64Array): readonly [number, number] => {
  let known = bounds.get(values)
  if (known === undefined) bounds.set(values, (known = boundsNow(values)))
  return known
}

const boundsNow = (values: Float64Array): readonly [number, number] => {
  let max = 0
  for (let k = 0; k < values.length; k++) if (values[k]! > max) max = values[k]!
  return [leastPositive(values), max]
}

const entriesOf = (vars: readonly number[], cards: readonly number[]): number => vars.reduce((n, v) => n * cards[v]!, 1)

/**
 * How a cluster's tables enter it: groups of tables (first fit) whose joint scope stays small, each with the
 * walks of its members into the group's product and of the product into the cluster (a group of one table
 * enters by the table's own walk). Planned once per tree and cluster: a tree that rebuilds its clusters for
 * every question (`rebuilds`) fills them again and again.
 */
interface FillGroup {
  readonly members: readonly number[]
  readonly entries: number
  readonly memberWalks: readonly Walk[]
  readonly intoCluster: Walk
}
const fillPlans = new WeakMap<TreeLayout, (readonly FillGroup[] | undefined)[]>()

const fillGroups = (layout: TreeLayout, c: number): readonly FillGroup[] => {
  let plans = fillPlans.get(layout)
  if (plans === undefined) fillPlans.set(layout, (plans = []))
  const known = plans[c]
  if (known !== undefined) return known
  const { cards, clusterVars, clusterCards, tableScopes, tableWalk } = layout
  const homed = layout.homedTables[c]!
  const limit = Math.max(1, layout.entries[c]! * GROUP_SHARE)
  const groups: { members: number[]; scope: Set<number> }[] = []
  for (const t of homed) {
    const scope = tableScopes[t]!
    const fits = groups.find((g) => entriesOf([...new Set([...g.scope, ...scope])], cards) <= limit)
    if (fits === undefined) groups.push({ members: [t], scope: new Set(scope) })
    else {
      fits.members.push(t)
      for (const v of scope) fits.scope.add(v)
    }
  }
  const planned = groups.map(({ members, scope }): FillGroup => {
    if (members.length === 1) return { members, entries: 0, memberWalks: [], intoCluster: tableWalk[members[0]!]! }
    // The group's variables in the cluster's layout order: its walk into the cluster runs in long stretches.
    const vars = clusterVars[c]!.filter((v) => scope.has(v))
    const varCards = vars.map((v) => cards[v]!)
    return {
      members,
      entries: entriesOf(vars, cards),
      memberWalks: members.map((t) => walkInto(vars, varCards, tableScopes[t]!, cards)),
      intoCluster: walkInto(clusterVars[c]!, clusterCards[c]!, vars, cards),
    }
  })
  plans[c] = planned
  return planned
}

/** Multiply (or, in logs, add) the tables into the cluster, grouped (first fit) so that each group's joint scope stays small. */
const combineGroups = (layout: TreeLayout, c: number, tables: readonly Float64Array[], out: Float64Array, combine: typeof multiplyBy, unit: number): void => {
  for (const { members, entries, memberWalks, intoCluster } of fillGroups(layout, c)) {
    if (members.length === 1) {
      combine(out, intoCluster, tables[members[0]!]!)
      continue
    }
    const product = new Float64Array(entries).fill(unit)
    for (let i = 0; i < members.length; i++) combine(product, memberWalks[i]!, tables[members[i]!]!)
    combine(out, intoCluster, product)
  }
}

/** Fill in logs; the exact smallest positive entry, or 0 when an entry is beyond the range of doubles. */
const fillInLogs = (layout: TreeLayout, c: number, values: readonly Float64Array[], out: Float64Array): number => {
  out.fill(0)
  const homed = layout.homedTables[c]!
  const logs = values.map((v, t) => (homed.includes(t) ? Float64Array.from(v, Math.log) : v))
  combineGroups(layout, c, logs, out, addLogs, 0)
  let lowest = Infinity
  let highest = -Infinity
  for (let k = 0; k < out.length; k++) {
    const x = out[k]!
    if (x === -Infinity) continue
    if (x < lowest) lowest = x
    if (x > highest) highest = x
  }
  for (let k = 0; k < out.length; k++) out[k] = Math.exp(out[k]!)
  if (lowest === Infinity) return 1
  return lowest < Math.log(MIN_NORMAL) || highest > Math.log(LARGE) ? 0 : Math.exp(lowest)
}

/** out[a] += logs[index(a)] over the walk: the additive twin of `multiplyBy` (same walk, same loop shape). */
export const addLogs = (out: Float64Array, walk: Walk, logs: Float64Array): void => {
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) {
    for (let k = 0; k < out.length; k++) out[k] = out[k]! + logs[0]!
    return
  }
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  const counter = new Int32Array(d)
  let j = 0
  for (let i = 0; i < out.length; i += inner) {
    for (let k = i, at = j; k < i + inner; k++, at += step) out[k] = out[k]! + logs[at]!
    for (let k = last - 1; k >= 0; k--) {
      if (++counter[k]! < cards[k]!) {
        j += strides[k]!
        break
      }
      counter[k] = 0
      j -= strides[k]! * (cards[k]! - 1)
    }
  }
}
