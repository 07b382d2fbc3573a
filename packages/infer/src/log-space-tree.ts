/**
 * The compiled junction tree, propagated on natural logs: the exact answer to
 * a question whose products leave the range of doubles, with every marginal
 * from one collect and one distribute pass (variable elimination in logs, the
 * other fallback, needs one elimination per target). Entries are logs of the
 * clusters' potentials; a product is a sum, a marginalisation a log-sum-exp
 * (largest term first, so no exp overflows), and -Infinity is zero. Hugin's
 * distribution divides out what a cluster sent: here a difference of logs,
 * with -Infinity - -Infinity taken as -Infinity (zero mass stays zero).
 *
 * Once a cluster is calibrated (in the distribute pass, and for the
 * marginals), it is brought back to linear space once, relative to its
 * largest entry, and every message it sends and every marginal it answers is
 * a plain strided sum over that copy: one exp per cluster entry rather than one
 * per entry and child (a cluster of 2^20 entries with hundreds of children,
 * as in UAI's Alchemy_11, would otherwise take hundreds of millions of exps).
 * What falls below the doubles relative to a calibrated cluster's largest
 * entry is below them in every normalised marginal too.
 *
 * It runs on the tree's layout (clusters, separators, walks, homes), so it
 * needs the whole tree's layout and as much memory again as its clusters;
 * the caller falls back to per-target elimination otherwise.
 */
import { addLogs, fillClustersInLogs } from './cluster-fill.js'
import type { CompilePlan, TreeLayout } from './compile-tables.js'
import { projectSum, type Walk } from './kernels.js'
import type { DenseEvidence } from './propagate.js'

/** Bytes a log-space propagation allocates on a layout: one copy of the clusters and of the largest one, two of the separators. */
export const logTreeBytes = (plan: Pick<CompilePlan, 'clusterEntries' | 'separatorEntries' | 'largestCluster'>): number =>
  8 * (plan.clusterEntries + plan.largestCluster.entries + 2 * plan.separatorEntries)

/**
 * ln Z(e) and, for each unobserved target, P(v | e), by propagating logs over
 * the tree's layout. `tables[t]` are the numbers of input table t (a
 * question's replacements already in place).
 */
export const logTreeAnswer = (
  layout: TreeLayout,
  tables: readonly ArrayLike<number>[],
  evidence: DenseEvidence,
  targets: readonly number[],
): { readonly logPEvidence: number; readonly probabilities: Map<number, Float64Array> } => {
  const { entries, order, parent, upWalk, downWalk, homeWalk, home, cards, separatorSize } = layout
  const clusters = entries.map((k) => new Float64Array(k))
  fillClustersInLogs(layout, tables.map((values) => Float64Array.from(values, Math.log)), clusters)
  for (let v = 0; v < cards.length; v++) {
    const s = evidence.states[v]!
    if (s >= 0) addLogs(clusters[home[v]!]!, homeWalk[v]!, Float64Array.from({ length: cards[v]! }, (_, k) => (k === s ? 0 : -Infinity)))
    const l = evidence.likelihoods?.[v]
    if (l !== undefined) addLogs(clusters[home[v]!]!, homeWalk[v]!, Float64Array.from(l, Math.log))
  }
  const sent: Float64Array[] = new Array<Float64Array>(entries.length)
  for (let i = order.length - 1; i >= 1; i--) {
    const c = order[i]!
    const m = projectLogSum(clusters[c]!, upWalk[c]!, separatorSize[c]!)
    sent[c] = m
    addLogs(clusters[parent[c]!]!, downWalk[c]!, m)
  }
  const root = order[0]!
  const logPEvidence = logSumAll(clusters[root]!)
  const probabilities = new Map<number, Float64Array>()
  const wanted = targets.filter((v) => evidence.states[v]! < 0)
  if (logPEvidence === -Infinity || wanted.length === 0) return { logPEvidence, probabilities }
  // Top-down: a cluster is calibrated when its parent has sent to it; it then sends to all its children at once.
  const children: number[][] = entries.map(() => [])
  for (let i = 1; i < order.length; i++) children[parent[order[i]!]!]!.push(order[i]!)
  for (const c of order) {
    if (children[c]!.length === 0) continue
    const { linear, top } = relativeToLargest(clusters[c]!)
    for (const child of children[c]!) {
      const old = sent[child]!
      const fresh = new Float64Array(old.length)
      projectSum(linear, downWalk[child]!, fresh)
      for (let k = 0; k < fresh.length; k++) fresh[k] = old[k] === -Infinity ? -Infinity : top + Math.log(fresh[k]!) - old[k]!
      addLogs(clusters[child]!, upWalk[child]!, fresh)
    }
  }
  // Each calibrated cluster holding targets is brought back to linear space once, relative to its largest
  // entry (what falls below the doubles there is below them in every normalised marginal too), and every
  // target it holds is a plain sum over it: one exp per cluster entry, not one per entry and target.
  const byHome = new Map<number, number[]>()
  for (const v of wanted) byHome.set(home[v]!, [...(byHome.get(home[v]!) ?? []), v])
  for (const [c, held] of byHome) {
    const { linear } = relativeToLargest(clusters[c]!)
    for (const v of held) {
      const p = new Float64Array(cards[v]!)
      projectSum(linear, homeWalk[v]!, p)
      let sum = 0
      for (let k = 0; k < p.length; k++) sum += p[k]!
      for (let k = 0; k < p.length; k++) p[k] = p[k]! / sum
      probabilities.set(v, p)
    }
  }
  return { logPEvidence, probabilities }
}

/** A calibrated cluster in linear space, as exp(entry - top) with top its largest entry (finite: the cluster holds mass). */
const relativeToLargest = (logs: Float64Array): { readonly linear: Float64Array; readonly top: number } => {
  let top = -Infinity
  for (let k = 0; k < logs.length; k++) if (logs[k]! > top) top = logs[k]!
  const linear = new Float64Array(logs.length)
  for (let k = 0; k < logs.length; k++) linear[k] = Math.exp(logs[k]! - top)
  return { linear, top }
}

/** log of the sum of exp over all entries (-Infinity when all are). */
const logSumAll = (values: Float64Array): number => {
  let top = -Infinity
  for (let k = 0; k < values.length; k++) if (values[k]! > top) top = values[k]!
  if (top === -Infinity) return -Infinity
  let sum = 0
  for (let k = 0; k < values.length; k++) sum += Math.exp(values[k]! - top)
  return top + Math.log(sum)
}

/** out[j] = log sum over the entries a with index j of exp(values[a]): the largest term first, then the sum. */
const projectLogSum = (values: Float64Array, walk: Walk, length: number): Float64Array => {
  const top = new Float64Array(length).fill(-Infinity)
  eachIndex(values.length, walk, (a, j) => {
    if (values[a]! > top[j]!) top[j] = values[a]!
  })
  const sum = new Float64Array(length)
  eachIndex(values.length, walk, (a, j) => {
    if (top[j] !== -Infinity) sum[j] = sum[j]! + Math.exp(values[a]! - top[j]!)
  })
  for (let j = 0; j < length; j++) sum[j] = top[j] === -Infinity ? -Infinity : top[j]! + Math.log(sum[j]!)
  return sum
}

/** Call `visit(a, index(a))` for every entry a of a table of `n` entries walked by `walk`. */
const eachIndex = (n: number, walk: Walk, visit: (a: number, j: number) => void): void => {
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) {
    for (let a = 0; a < n; a++) visit(a, 0)
    return
  }
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  const counter = new Int32Array(d)
  let j = 0
  for (let a = 0; a < n; a += inner) {
    for (let k = 0, at = j; k < inner; k++, at += step) visit(a + k, at)
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
