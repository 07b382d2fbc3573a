/**
 * Propagation on a compiled tree (Hugin architecture): collect messages from
 * the leaves to the root, then distribute back. Every message is scaled to sum
 * (or, for max-propagation, to peak) at 1 and the log of the scale is
 * accumulated, so log P(evidence) stays finite however small P(evidence) is,
 * and no cluster underflows however many variables are observed.
 */
import type { CompiledTree } from './compile-tables.js'
import { argmaxWhere, multiplyBy, projectMax, projectSum, total } from './kernels.js'

/**
 * Evidence on dense ids. `states[v]` is the observed state of v or -1;
 * `likelihoods[v]` (optional) multiplies v's distribution entrywise (soft evidence).
 */
export interface DenseEvidence {
  readonly states: ArrayLike<number>
  readonly likelihoods?: readonly (Float64Array | undefined)[]
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

/** Copy the initial tables into the working buffers and multiply the evidence in. */
const enterEvidence = (tree: CompiledTree, evidence: DenseEvidence): void => {
  const { work, initial, home, homeWalk, cards } = tree
  for (let c = 0; c < work.length; c++) work[c]!.set(initial[c]!)
  const { states, likelihoods } = evidence
  for (let v = 0; v < cards.length; v++) {
    const s = states[v]!
    const h = home[v]!
    if (s >= 0) multiplyBy(work[h]!, homeWalk[v]!, indicator(cards[v]!, s))
    const l = likelihoods?.[v]
    if (l !== undefined) multiplyBy(work[h]!, homeWalk[v]!, l)
  }
}

/**
 * Collect towards the root with sums or maxima. Returns log of the product of
 * all message scales, or -Infinity when a message is all zero (P(e) = 0).
 */
const collect = (tree: CompiledTree, max: boolean): number => {
  const { order, parent, work, message, upWalk, downWalk, messageTotal } = tree
  let logScale = 0
  for (let i = order.length - 1; i >= 1; i--) {
    const c = order[i]!
    const m = message[c]!
    if (max) projectMax(work[c]!, upWalk[c]!, m)
    else projectSum(work[c]!, upWalk[c]!, m)
    let scale = 0
    if (max) for (let k = 0; k < m.length; k++) scale = m[k]! > scale ? m[k]! : scale
    else scale = total(m)
    if (!(scale > 0)) return -Infinity
    // Divide rather than multiply by 1 / scale: a subnormal scale has no finite inverse.
    for (let k = 0; k < m.length; k++) m[k] = m[k]! / scale
    messageTotal[c] = scale
    logScale += Math.log(scale)
    const p = parent[c]!
    multiplyBy(work[p]!, downWalk[c]!, m)
  }
  return logScale
}

/**
 * Sum-propagate `evidence` through the tree. On success every working cluster
 * holds P(cluster | e) (up to rounding, summing to 1) and the result is
 * log P(e); -Infinity when P(e) = 0.
 */
export const propagate = (tree: CompiledTree, evidence: DenseEvidence): number => {
  enterEvidence(tree, evidence)
  const logScale = collect(tree, false)
  if (logScale === -Infinity) return -Infinity
  const { order, parent, work, message, incoming, upWalk, downWalk, messageTotal } = tree
  const root = order[0]!
  const rootTotal = total(work[root]!)
  if (!(rootTotal > 0)) return -Infinity
  const r = work[root]!
  for (let k = 0; k < r.length; k++) r[k] = r[k]! / rootTotal
  for (let i = 1; i < order.length; i++) {
    const c = order[i]!
    const p = parent[c]!
    const fresh = incoming[c]!
    const old = message[c]!
    projectSum(work[p]!, downWalk[c]!, fresh)
    // Divide out what c sent (0/0 = 0) and undo its scale, so c sums to 1.
    const scale = messageTotal[c]!
    for (let k = 0; k < fresh.length; k++) fresh[k] = old[k] === 0 ? 0 : fresh[k]! / old[k]! / scale
    multiplyBy(work[c]!, upWalk[c]!, fresh)
  }
  return logScale + Math.log(rootTotal)
}

/**
 * log P(e) only: the collect pass without distribution (half the work of
 * {@link propagate}). -Infinity when P(e) = 0.
 */
export const logEvidence = (tree: CompiledTree, evidence: DenseEvidence): number => {
  enterEvidence(tree, evidence)
  const logScale = collect(tree, false)
  if (logScale === -Infinity) return -Infinity
  const rootTotal = total(tree.work[tree.order[0]!]!)
  return rootTotal > 0 ? logScale + Math.log(rootTotal) : -Infinity
}

/** P(v | e) from v's home cluster after {@link propagate}; written into `out` (length card(v)). */
export const readMarginal = (tree: CompiledTree, v: number, out: Float64Array): void => {
  const h = tree.home[v]!
  projectSum(tree.work[h]!, tree.homeWalk[v]!, out)
  const sum = total(out)
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum
}

/**
 * Max-propagate and trace back the most probable assignment of all variables
 * given the evidence (observed variables keep their states). Returns
 * log max_x P(x, e) and writes the assignment into `assignment`; -Infinity
 * when P(e) = 0. Ties go to the first entry in layout order.
 */
export const maxPropagate = (tree: CompiledTree, evidence: DenseEvidence, assignment: Int32Array): number => {
  enterEvidence(tree, evidence)
  const logScale = collect(tree, true)
  if (logScale === -Infinity) return -Infinity
  const { order, work, clusterVars, clusterCards, upStrides, upWalk } = tree
  const root = order[0]!
  let best = 0
  const r = work[root]!
  for (let k = 1; k < r.length; k++) if (r[k]! > r[best]!) best = k
  const peak = r[best]!
  if (!(peak > 0)) return -Infinity
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
  return logScale + Math.log(peak)
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
