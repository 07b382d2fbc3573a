/**
 * Propagation on a compiled tree (Hugin architecture): collect messages from
 * the leaves to the root, then distribute back. Every message is scaled to sum
 * (or, for max-propagation, to peak) at 1 and the log of the scale is
 * accumulated, so log P(evidence) stays finite however small P(evidence) is,
 * and no cluster underflows however many variables are observed.
 */
import type { CompiledTree } from './compile-tables.js'
import { fillCluster, fillClusters, withReplacements } from './cluster-fill.js'
import { argmaxWhere, leastPositive, projectMax, projectSum, total, type Walk } from './kernels.js'

/**
 * Evidence on dense ids. `states[v]` is the observed state of v or -1;
 * `likelihoods[v]` (optional) multiplies v's distribution entrywise (soft
 * evidence); `tables[t]` (optional) replaces the numbers of input table t for
 * this query (same scope, same layout): an intervention's indicator table, or
 * a new message over a slice's interface.
 */
export interface DenseEvidence {
  readonly states: ArrayLike<number>
  readonly likelihoods?: readonly (Float64Array | undefined)[]
  readonly tables?: readonly (Float64Array | undefined)[]
}

const indicators = new Map<number, Float64Array[]>()
/** The 0/1 vector selecting `state` among `card` states, cached. */
const indicator = (card: number, state: number): Float64Array => {
  let forCard = indicators.get(card)
  if (forCard === undefined) {
    forCard = Array.from({ length: card }, (_, s) => {
      const e = new Float64Array(card)
      e[s] = 1
      return e
    })
    indicators.set(card, forCard)
  }
  return forCard[state]!
}

/**
 * Mark the clusters that must be recollected: every cluster with evidence at
 * or below it (a home cluster of an observed variable and its ancestors), or
 * all of them. Every other cluster sends its prior message unchanged.
 */
const markDirty = (tree: CompiledTree, evidence: DenseEvidence, all: boolean): void => {
  const { dirty, home, parent, cards } = tree
  if (all || !tree.priorValid) {
    dirty.fill(DIRTY)
    return
  }
  dirty.fill(CLEAN)
  const { states, likelihoods, tables } = evidence
  for (let v = 0; v < cards.length; v++) {
    if (states[v]! < 0 && likelihoods?.[v] === undefined) continue
    for (let c = home[v]!; c >= 0 && dirty[c] === CLEAN; c = parent[c]!) dirty[c] = DIRTY
  }
  if (tables !== undefined)
    tables.forEach((values, t) => {
      if (values === undefined) return
      for (let c = tree.tableHome[t]!; c >= 0 && dirty[c] === CLEAN; c = parent[c]!) dirty[c] = DIRTY
    })
}

/**
 * Start every cluster holding a replaced table from the product of its tables,
 * the replacements in place of the originals (instead of its initial table),
 * filled as compile fills it (`fillCluster`).
 */
const rebuildReplaced = (tree: CompiledTree, replaced: readonly (Float64Array | undefined)[]): void => {
  const { tableHome, tableValues, work, least, dirty, layout } = tree
  const tables = withReplacements(tableValues, replaced)
  replaced.forEach((values, t) => {
    if (values === undefined) return
    const c = tableHome[t]!
    if (dirty[c] === STARTED) return
    least[c] = fillCluster(layout, c, tables, work[c]!.fill(1), replaced)
    dirty[c] = STARTED
  })
}

/** Rebuild every cluster of a tree that keeps no initial tables from its tables (the replacements in place of the originals). */
const rebuildEvery = (tree: CompiledTree, tables: readonly (Float64Array | undefined)[] | undefined): void => {
  for (const w of tree.work) w.fill(1)
  fillClusters(tree.layout, tree.tableValues, tree.work, tree.least, tables)
  tree.dirty.fill(STARTED)
}

/** States of a cluster during a query: kept from the prior, to be rebuilt, rebuilt from its initial table. */
const CLEAN = 0
const DIRTY = 1
const STARTED = 2

/**
 * Collect towards the root with sums or maxima. Clusters with evidence below
 * them (all clusters when `all`) are rebuilt from their initial tables, the
 * evidence and their children's messages, fresh or prior; the others keep
 * their prior messages. Returns log of the product of all message
 * scales and the root's total (or peak), or -Infinity when a message is all
 * zero (P(e) = 0). Rebuilt clusters hold their collected tables in `work`; the
 * root's total is left in `rootTotal[0]`.
 */
const collect = (tree: CompiledTree, evidence: DenseEvidence, max: boolean, all: boolean): number => {
  markDirty(tree, evidence, all)
  const { order, parent, work, message, priorMessage, messageTotal, priorTotal, priorRescaled, priorLeast, upWalk, downWalk, dirty, home, homeWalk, cards, least, leastInitial, inRange, rescaled } = tree
  rescaled.fill(0)
  inRange[0] = 1
  if (tree.rebuilds) rebuildEvery(tree, evidence.tables)
  else {
    least.set(leastInitial)
    if (evidence.tables !== undefined) rebuildReplaced(tree, evidence.tables)
  }
  const { states, likelihoods } = evidence
  for (let v = 0; v < cards.length; v++) {
    const s = states[v]!
    if (s >= 0) multiplyInto(tree, home[v]!, homeWalk[v]!, indicator(cards[v]!, s), 1)
    const l = likelihoods?.[v]
    if (l !== undefined) multiplyInto(tree, home[v]!, homeWalk[v]!, l, leastPositive(l))
  }
  let logScale = 0
  for (let i = order.length - 1; i >= 1; i--) {
    const c = order[i]!
    const p = parent[c]!
    if (dirty[c] === CLEAN) {
      logScale += Math.log(priorTotal[c]!) + priorRescaled[c]!
      if (dirty[p] !== CLEAN) {
        multiplyInto(tree, p, downWalk[c]!, priorMessage[c]!, priorLeast[c]!)
        if (least[p]! < RESCALE_BELOW) logScale += rescale(tree, p)
      }
      continue
    }
    started(tree, c)
    if (!(least[c]! >= MIN_NORMAL)) inRange[0] = 0
    const m = message[c]!
    if (max) projectMax(work[c]!, upWalk[c]!, m)
    else tree.kernels.projectSum(work[c]!, upWalk[c]!, m)
    let scale = 0
    if (max) for (let k = 0; k < m.length; k++) scale = m[k]! > scale ? m[k]! : scale
    else scale = total(m)
    if (!(scale > 0)) return -Infinity
    // Divide rather than multiply by 1 / scale: a subnormal scale has no finite inverse.
    let smallest = 1
    for (let k = 0; k < m.length; k++) {
      const x = m[k]! / scale
      m[k] = x
      if (x > 0 && x < smallest) smallest = x
    }
    messageTotal[c] = scale
    logScale += Math.log(scale)
    multiplyInto(tree, p, downWalk[c]!, m, smallest)
    if (least[p]! < RESCALE_BELOW) logScale += rescale(tree, p)
  }
  const root = order[0]!
  let top = priorTotal[root]!
  if (dirty[root] === CLEAN) logScale += priorRescaled[root]!
  else {
    started(tree, root)
    if (!(least[root]! >= MIN_NORMAL)) inRange[0] = 0
    const r = work[root]!
    top = 0
    if (max) for (let k = 0; k < r.length; k++) top = r[k]! > top ? r[k]! : top
    else top = total(r)
  }
  rootTotal[0] = top
  return top > 0 ? logScale + Math.log(top) : -Infinity
}

/**
 * Multiply `factor` into a recollected cluster. The first product of a query
 * reads the initial table and writes the working one, so rebuilding a cluster
 * costs no separate copy. The cluster's bound on its positive entries is
 * multiplied by the factor's smallest positive entry (`leastOfFactor`).
 */
const multiplyInto = (tree: CompiledTree, c: number, walk: Walk, factor: Float64Array, leastOfFactor: number): void => {
  tree.least[c]! *= leastOfFactor
  if (tree.dirty[c] === STARTED) tree.kernels.multiplyBy(tree.work[c]!, walk, factor)
  else {
    tree.kernels.multiplyBy(tree.initial[c]!, walk, factor, tree.work[c]!)
    tree.dirty[c] = STARTED
  }
}

/**
 * A cluster whose bound has fallen this low is divided by its largest entry
 * before the next factor multiplies into it: a cluster receiving hundreds of
 * messages (a hidden variable's cluster with 784 observed children) would
 * otherwise underflow to all zeros although every message sums to 1.
 */
const RESCALE_BELOW = 1e-150

/**
 * Divide a rebuilt cluster by its largest entry (its bound with it) and
 * return the log of that divisor, for log P(e). A bound already out of the
 * normal range means a product may have underflowed before: the query is
 * flagged as out of range, as it would be without rescaling.
 */
const rescale = (tree: CompiledTree, c: number): number => {
  const { least, inRange, rescaled } = tree
  if (!(least[c]! >= MIN_NORMAL)) inRange[0] = 0
  const w = tree.work[c]!
  let peak = 0
  for (let k = 0; k < w.length; k++) peak = w[k]! > peak ? w[k]! : peak
  if (!(peak > 0)) return 0
  for (let k = 0; k < w.length; k++) w[k] = w[k]! / peak
  least[c] = least[c]! / peak
  const log = Math.log(peak)
  rescaled[c] = rescaled[c]! + log
  return log
}

/** A recollected cluster nothing was multiplied into holds its initial table. */
const started = (tree: CompiledTree, c: number): void => {
  if (tree.dirty[c] === STARTED) return
  tree.work[c]!.set(tree.initial[c]!)
  tree.dirty[c] = STARTED
}
const rootTotal = new Float64Array(1)

/** The smallest positive normal double: a product of positive numbers below it may have lost precision, or everything. */
const MIN_NORMAL = 2.2250738585072014e-308

/**
 * After {@link propagate} or {@link logEvidence}: true when no product the
 * query formed could have fallen below the smallest double. Every rebuilt
 * cluster carries a lower bound on its positive entries (its tables' and every
 * factor's smallest positive entries multiplied); when a bound falls below the
 * normal doubles (or to 0), some positive product may have become 0 and the
 * answer cannot be trusted (the engine then answers in log space).
 */
export const answeredInRange = (tree: CompiledTree): boolean => tree.inRange[0] === 1

/**
 * The tree with its prior collection done: `collected`, `priorMessage` and
 * `priorTotal` filled by collecting without evidence (called once by compile,
 * with `collected` and `priorMessage` allocated).
 */
export const withPriorCollected = (tree: CompiledTree): CompiledTree => {
  // Collect straight into the prior buffers: the working ones stay untouched until the first query.
  const into = { ...tree, work: tree.collected, message: tree.priorMessage }
  const valid = collect(into, { states: new Int32Array(tree.cards.length).fill(-1) }, false, true) > -Infinity
  const { order, priorMessage, priorLeast } = tree
  const priorTotal = Float64Array.from(tree.messageTotal)
  priorTotal[order[0]!] = rootTotal[0]!
  const priorRescaled = Float64Array.from(tree.rescaled)
  priorMessage.forEach((m, c) => (priorLeast[c] = leastPositive(m)))
  // A prior collection that may have lost mass to underflow is not reused: every query recollects.
  return { ...tree, priorTotal, priorRescaled, priorValid: valid && tree.inRange[0] === 1 }
}

/**
 * Sum-propagate `evidence` through the tree. On success every working cluster
 * holds P(cluster | e) (up to rounding, summing to 1) and the result is
 * log P(e); -Infinity when P(e) = 0. Clusters without evidence below them
 * start the distribution from their prior-collected tables.
 */
export const propagate = (tree: CompiledTree, evidence: DenseEvidence): number => {
  const logPe = collect(tree, evidence, false, false)
  if (logPe === -Infinity) return -Infinity
  const { order, parent, work, collected, message, priorMessage, incoming, upWalk, downWalk, messageTotal, priorTotal, dirty, kernels } = tree
  const root = order[0]!
  const top = rootTotal[0]!
  const r = work[root]!
  const from = dirty[root] !== CLEAN ? r : collected[root]!
  for (let k = 0; k < r.length; k++) r[k] = from[k]! / top
  for (let i = 1; i < order.length; i++) {
    const c = order[i]!
    const p = parent[c]!
    const fresh = incoming[c]!
    const recollected = dirty[c] !== CLEAN
    const old = recollected ? message[c]! : priorMessage[c]!
    const scale = recollected ? messageTotal[c]! : priorTotal[c]!
    kernels.projectSum(work[p]!, downWalk[c]!, fresh)
    // Divide out what c sent (0/0 = 0) and undo its scale, so c sums to 1.
    for (let k = 0; k < fresh.length; k++) fresh[k] = old[k] === 0 ? 0 : fresh[k]! / old[k]! / scale
    kernels.multiplyBy(recollected ? work[c]! : collected[c]!, upWalk[c]!, fresh, work[c]!)
  }
  return logPe
}

/**
 * log P(e) only: the collect pass without distribution, over the clusters with
 * evidence below them. -Infinity when P(e) = 0.
 */
export const logEvidence = (tree: CompiledTree, evidence: DenseEvidence): number => collect(tree, evidence, false, false)

/** P(v | e) from v's home cluster after {@link propagate}; written into `out` (length card(v)). */
export const readMarginal = (tree: CompiledTree, v: number, out: Float64Array): void => {
  // Projected inside the tree's block (so by its kernels), then copied out.
  const scratch = tree.marginalScratch
  tree.kernels.projectSum(tree.work[tree.home[v]!]!, tree.homeWalk[v]!, scratch)
  let sum = 0
  for (let k = 0; k < out.length; k++) sum += scratch[k]!
  for (let k = 0; k < out.length; k++) out[k] = scratch[k]! / sum
}

/**
 * Max-propagate and trace back the most probable assignment of all variables
 * given the evidence (observed variables keep their states). Returns
 * log max_x P(x, e) and writes the assignment into `assignment`; -Infinity
 * when P(e) = 0. Ties go to the first entry in layout order.
 */
export const maxPropagate = (tree: CompiledTree, evidence: DenseEvidence, assignment: Int32Array): number => {
  const logMax = collect(tree, evidence, true, true)
  if (logMax === -Infinity) return -Infinity
  const { order, work, clusterVars, clusterCards, upStrides, upWalk } = tree
  const root = order[0]!
  let best = 0
  const r = work[root]!
  for (let k = 1; k < r.length; k++) if (r[k]! > r[best]!) best = k
  decode(best, clusterVars[root]!, clusterCards[root]!, assignment)
  for (let i = 1; i < order.length; i++) {
    const c = order[i]!
    const vars = clusterVars[c]!
    const cards = clusterCards[c]!
    // The separator is the prefix of c's layout: its index from the known states.
    const strides = upStrides[c]!
    let target = 0
    for (let k = 0; k < vars.length; k++) target += strides[k]! * assignment[vars[k]!]!
    decode(argmaxWhere(work[c]!, upWalk[c]!, target), vars, cards, assignment)
  }
  return logMax
}

/**
 * Max-propagate `evidence` through the whole tree, collecting and then
 * distributing with maxima (Dawid 1992): afterwards every working cluster
 * holds its max-marginal, max of P(x, e) over the variables outside it,
 * scaled to peak at 1. Returns log max_x P(x, e); -Infinity when P(e) = 0.
 * {@link readTableMax} then reads the max-marginal of any input table's scope
 * (a dynamic network's Viterbi pass reads the one over a slice's interface).
 */
export const maxCalibrate = (tree: CompiledTree, evidence: DenseEvidence): number => {
  const logMax = collect(tree, evidence, true, true)
  if (logMax === -Infinity) return -Infinity
  const { order, parent, work, message, incoming, upWalk, downWalk, messageTotal, kernels } = tree
  const r = work[order[0]!]!
  const top = rootTotal[0]!
  for (let k = 0; k < r.length; k++) r[k] = r[k]! / top
  for (let i = 1; i < order.length; i++) {
    const c = order[i]!
    const fresh = incoming[c]!
    const old = message[c]!
    const scale = messageTotal[c]!
    projectMax(work[parent[c]!]!, downWalk[c]!, fresh)
    // What c sent is divided out (0/0 = 0) and its scale undone, as in the sum distribution.
    for (let k = 0; k < fresh.length; k++) fresh[k] = old[k] === 0 ? 0 : fresh[k]! / old[k]! / scale
    kernels.multiplyBy(work[c]!, upWalk[c]!, fresh)
  }
  return logMax
}

/**
 * After {@link maxCalibrate}: the max-marginal of input table t's scope
 * (max of P(x, e) over every other variable, peak 1), laid out like the table
 * itself, written into `out`.
 */
export const readTableMax = (tree: CompiledTree, t: number, out: Float64Array): void => {
  projectMax(tree.work[tree.tableHome[t]!]!, tree.tableWalk[t]!, out)
  let peak = 0
  for (let k = 0; k < out.length; k++) peak = out[k]! > peak ? out[k]! : peak
  if (peak > 0) for (let k = 0; k < out.length; k++) out[k] = out[k]! / peak
}

const decode = (entry: number, vars: readonly number[], cards: Int32Array, into: Int32Array): void => {
  let rest = entry
  for (let k = vars.length - 1; k >= 0; k--) {
    const card = cards[k]!
    into[vars[k]!] = rest % card
    rest = (rest - (rest % card)) / card
  }
}

/**
 * P(scope of input table t | e) after {@link propagate}, laid out like the
 * table itself (its scope order, last variable fastest), written into `out`.
 * For a CPT this is the family posterior P(child, parents | e): the expected
 * counts of one data row, as EM needs them.
 */
export const readTablePosterior = (tree: CompiledTree, t: number, out: Float64Array): void => {
  const h = tree.tableHome[t]!
  projectSum(tree.work[h]!, tree.tableWalk[t]!, out)
  const sum = total(out)
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum
}
