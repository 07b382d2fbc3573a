/**
 * The exact pass of a latent tree model over complete rows: log p(x), the
 * posterior of every hidden variable, and EM's expected counts.
 *
 * Per row, lambda_h(k) = sum over the observed children i of h of
 * log p(x_i | x_parents(i), h = k) (one table read per cell and state). Then,
 * children before parents, each hidden variable v with e_v(k) =
 * exp(lambda_v(k) - M_v) (M_v = max_k lambda_v, so max_k e_v = 1) sends its
 * parent p the message u_v(j) = sum_k T_v[j, k] e_v(k), added in logs:
 * lambda_p(j) += M_v + log u_v(j). At a root, log p(x) gains
 * M_r + log sum_k p(k) e_r(k). Messages are added in logs, never multiplied,
 * so no product of many small messages can underflow. Parents before
 * children, q_root(k) = p(k) e(k) / sum and q(v = k, p = j) =
 * q_p(j) T_v[j, k] e_v(k) / u_v(j): the exact posterior marginals and
 * pairwise posteriors (Pearl 1988; Lauritzen 1995 for EM on such trees).
 *
 * Most cells of most rows hold their variable's mode (the background of an
 * image), and most tables have no zero there: lambda starts from the sum over
 * the variables of their mode cells' log entries (computed once per
 * iteration), and a row adds the difference for the few variables whose cell
 * differs (`PreparedRows`). Expected counts follow the same split: the mode
 * cell's count is the hidden state's total minus the rows that differ. A
 * variable whose mode-cell entry is zero for some hidden state is summed in
 * full on every row instead (a log of zero cannot be subtracted).
 */
import type { RowData } from './row-data.js'
import { exceptionsOf } from './row-data.js'
import type { LatentLayout, LatentTree } from './latent-tree.js'
import type { Rng } from '@chainrule/models'

/** Rows prepared for a skeleton: each row's cells that differ from their variable's default (mode) cell. */
export interface PreparedRows {
  readonly data: RowData
  /** The cell (context * card + state) of each observed variable when it and its parents hold their modes. */
  readonly defaultCell: Int32Array
  /** Row r's differing variables and their cells: entries changedOffsets[r] .. changedOffsets[r + 1] - 1. */
  readonly changedOffsets: Int32Array
  readonly changedVariable: Int32Array
  readonly changedCell: Int32Array
}

/** The numbers of a model, laid out for the pass (rebuilt after every M-step). */
export interface PassTables {
  /** Per observed variable: log p(cell | hidden state), cell-major (`[cell * K + k]`). */
  readonly logCell: readonly Float64Array[]
  /** Per hidden variable: p(k | parent j) at `[j * K + k]` (a root: p(k)). */
  readonly transition: readonly Float64Array[]
  /** Sum of the mode cells' log entries per hidden state, and (last entry) over variables without a hidden parent. */
  readonly base: Float64Array
  /** Observed variables summed in full on every row (a zero at their mode cell). */
  readonly full: Int32Array
  readonly isFull: Uint8Array
}

/** Expected counts, in the pass's layouts (observed: cell-major like `logCell`). */
export interface PassCounts {
  readonly observed: Float64Array[]
  readonly hidden: Float64Array[]
  /** Per hidden state (and last: per row), the sum of posteriors: the mode cells' counts before the differing rows are taken out. */
  readonly total: Float64Array
}

/** The cell of observed variable i in row r (context of its observed parents, then its own state). */
export const cellOf = (model: LatentTree, values: Uint8Array, base: number, i: number): number => {
  const parents = model.observedParents[i]!
  let ctx = 0
  for (let k = 0; k < parents.length; k++) ctx = ctx * model.observedCards[parents[k]!]! + values[base + parents[k]!]!
  return ctx * model.observedCards[i]! + values[base + i]!
}

/**
 * Prepare rows for a skeleton: per row, the observed variables whose cell is
 * not their default (they or an observed parent are off their modes).
 */
export const prepareRows = (model: Pick<LatentTree, 'observedParents' | 'observedCards'>, data: RowData): PreparedRows => {
  const n = model.observedCards.length
  const x = exceptionsOf(data)
  const children: number[][] = Array.from({ length: n }, () => [])
  model.observedParents.forEach((ps, i) => ps.forEach((p) => children[p]!.push(i)))
  const defaultCell = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let ctx = 0
    for (const p of model.observedParents[i]!) ctx = ctx * model.observedCards[p]! + x.mode[p]!
    defaultCell[i] = ctx * model.observedCards[i]! + x.mode[i]!
  }
  const mark = new Int32Array(n).fill(-1)
  const offsets = new Int32Array(data.rows + 1)
  let changedVariable = new Int32Array(Math.max(16, x.variable.length * 2))
  let changedCell = new Int32Array(changedVariable.length)
  let size = 0
  const add = (i: number, r: number): void => {
    if (mark[i] === r) return
    mark[i] = r
    if (size === changedVariable.length) {
      const grownVariable = new Int32Array(size * 2)
      grownVariable.set(changedVariable)
      changedVariable = grownVariable
      const grownCell = new Int32Array(size * 2)
      grownCell.set(changedCell)
      changedCell = grownCell
    }
    changedVariable[size] = i
    changedCell[size++] = cellOf(model as LatentTree, data.values, r * n, i)
  }
  for (let r = 0; r < data.rows; r++) {
    offsets[r] = size
    for (let a = x.offsets[r]!; a < x.offsets[r + 1]!; a++) {
      const v = x.variable[a]!
      add(v, r)
      const cs = children[v]!
      for (let c = 0; c < cs.length; c++) add(cs[c]!, r)
    }
  }
  offsets[data.rows] = size
  return { data, defaultCell, changedOffsets: offsets, changedVariable: changedVariable.slice(0, size), changedCell: changedCell.slice(0, size) }
}

/** Lay a model's tables out for the pass. */
export const passTables = (model: LatentTree, layout: LatentLayout, prepared: PreparedRows): PassTables => {
  const n = model.observedNames.length
  const S = layout.states
  const base = new Float64Array(S + 1)
  const isFull = new Uint8Array(n)
  const full: number[] = []
  const logCell = model.observedTables.map((table, i) => {
    const K = layout.hiddenStates[i]!
    const cells = table.length / K
    const out = new Float64Array(table.length)
    for (let k = 0; k < K; k++) for (let c = 0; c < cells; c++) out[c * K + k] = Math.log(table[k * cells + c]!)
    const h = model.observedHidden[i]!
    const at = h < 0 ? S : layout.stateOffset[h]!
    const d = prepared.defaultCell[i]! * K
    let finite = true
    for (let k = 0; k < K; k++) if (out[d + k] === -Infinity) finite = false
    if (finite) for (let k = 0; k < K; k++) base[at + k]! += out[d + k]!
    else {
      isFull[i] = 1
      full.push(i)
    }
    return out
  })
  const transition = model.hiddenTables.map((t) => Float64Array.from(t))
  return { logCell, transition, base, full: Int32Array.from(full), isFull }
}

/** Fresh zero counts for a model. */
export const zeroCounts = (model: LatentTree, layout: LatentLayout): PassCounts => ({
  observed: model.observedTables.map((t) => new Float64Array(t.length)),
  hidden: model.hiddenTables.map((t) => new Float64Array(t.length)),
  total: new Float64Array(layout.states + 1),
})

/** What one pass over rows [lo, hi) should produce besides log-likelihoods. */
export interface PassOutputs {
  /** log p(row), written at [r - lo]. */
  readonly logLikelihood: Float64Array
  /** Hidden posteriors, `states` per row, written at [(r - lo) * states]. */
  readonly posteriors?: Float32Array | Float64Array
  /** Expected counts, added to. */
  readonly counts?: PassCounts
  /**
   * Draw the hidden variables from their exact joint posterior instead of reading marginals (root from
   * q(root), then each variable given its parent's draw): one state per hidden variable per row, written at
   * [(r - lo) * hidden + v].
   */
  readonly draws?: { readonly rng: Rng; readonly states: Int32Array }
}

/** Scratch buffers of a pass (allocated once per call). */
const scratch = (layout: LatentLayout, model: LatentTree) => {
  const H = model.hiddenNames.length
  const edgeOffset = new Int32Array(H + 1)
  for (let v = 0; v < H; v++) edgeOffset[v + 1] = edgeOffset[v]! + (model.hiddenParent[v]! < 0 ? 0 : model.hiddenCards[model.hiddenParent[v]!]!)
  return {
    lambda: new Float64Array(layout.states + 1),
    e: new Float64Array(layout.states),
    q: new Float64Array(layout.states + 1),
    up: new Float64Array(edgeOffset[H]!),
    edgeOffset,
    rootSum: new Float64Array(H),
  }
}

/**
 * One exact pass over rows [lo, hi): log-likelihoods, and optionally the
 * hidden posteriors and EM's expected counts (added into `outputs.counts`;
 * finish them with {@link finishCounts}). A row of probability zero gets
 * -Infinity and contributes nothing else.
 */
export const latentPass = (
  model: LatentTree,
  layout: LatentLayout,
  prepared: PreparedRows,
  tables: PassTables,
  lo: number,
  hi: number,
  outputs: PassOutputs,
): void => {
  const n = model.observedNames.length
  const S = layout.states
  const { hiddenOrder, stateOffset, hiddenStates } = layout
  const { hiddenParent, hiddenCards, observedHidden } = model
  const { logCell, transition, base, full, isFull } = tables
  const { changedOffsets, changedVariable, changedCell, defaultCell, data } = prepared
  const { lambda, e, q, up, edgeOffset, rootSum } = scratch(layout, model)
  const H = hiddenOrder.length
  const counts = outputs.counts
  const posteriors = outputs.posteriors
  const draws = outputs.draws
  const needPosterior = counts !== undefined || posteriors !== undefined
  for (let r = lo; r < hi; r++) {
    lambda.set(base)
    const from = changedOffsets[r]!
    const to = changedOffsets[r + 1]!
    for (let a = from; a < to; a++) {
      const i = changedVariable[a]!
      if (isFull[i] === 1) continue
      const K = hiddenStates[i]!
      const h = observedHidden[i]!
      const at = h < 0 ? S : stateOffset[h]!
      const L = logCell[i]!
      const c = changedCell[a]! * K
      const d = defaultCell[i]! * K
      for (let k = 0; k < K; k++) lambda[at + k]! += L[c + k]! - L[d + k]!
    }
    for (let f = 0; f < full.length; f++) {
      const i = full[f]!
      const K = hiddenStates[i]!
      const h = observedHidden[i]!
      const at = h < 0 ? S : stateOffset[h]!
      const L = logCell[i]!
      const c = cellOf(model, data.values, r * n, i) * K
      for (let k = 0; k < K; k++) lambda[at + k]! += L[c + k]!
    }
    // Upward: children before parents.
    let ll = lambda[S]!
    for (let t = H - 1; t >= 0 && ll > -Infinity; t--) {
      const v = hiddenOrder[t]!
      const K = hiddenCards[v]!
      const off = stateOffset[v]!
      let M = -Infinity
      for (let k = 0; k < K; k++) if (lambda[off + k]! > M) M = lambda[off + k]!
      if (M === -Infinity) {
        ll = -Infinity
        break
      }
      for (let k = 0; k < K; k++) e[off + k] = Math.exp(lambda[off + k]! - M)
      const T = transition[v]!
      const p = hiddenParent[v]!
      if (p < 0) {
        let z = 0
        for (let k = 0; k < K; k++) z += T[k]! * e[off + k]!
        rootSum[v] = z
        ll += M + Math.log(z)
        continue
      }
      const Kp = hiddenCards[p]!
      const poff = stateOffset[p]!
      const uoff = edgeOffset[v]!
      for (let j = 0; j < Kp; j++) {
        let u = 0
        const row = j * K
        for (let k = 0; k < K; k++) u += T[row + k]! * e[off + k]!
        up[uoff + j] = u
        lambda[poff + j]! += M + Math.log(u)
      }
    }
    outputs.logLikelihood[r - lo] = ll
    if (draws !== undefined && ll > -Infinity) drawHidden(model, layout, e, up, edgeOffset, draws, (r - lo) * H)
    if (!needPosterior || ll === -Infinity) continue
    // Downward: parents before children.
    q[S] = 1
    for (let t = 0; t < H; t++) {
      const v = hiddenOrder[t]!
      const K = hiddenCards[v]!
      const off = stateOffset[v]!
      const T = transition[v]!
      const p = hiddenParent[v]!
      if (p < 0) {
        const z = rootSum[v]!
        for (let k = 0; k < K; k++) q[off + k] = (T[k]! * e[off + k]!) / z
        if (counts !== undefined) {
          const into = counts.hidden[v]!
          for (let k = 0; k < K; k++) into[k]! += q[off + k]!
        }
        continue
      }
      const Kp = hiddenCards[p]!
      const poff = stateOffset[p]!
      const uoff = edgeOffset[v]!
      for (let k = 0; k < K; k++) q[off + k] = 0
      const pair = counts?.hidden[v]
      for (let j = 0; j < Kp; j++) {
        const u = up[uoff + j]!
        const f = u > 0 ? q[poff + j]! / u : 0
        const row = j * K
        for (let k = 0; k < K; k++) {
          const w = f * T[row + k]! * e[off + k]!
          q[off + k]! += w
          if (pair !== undefined) pair[row + k]! += w
        }
      }
    }
    if (posteriors !== undefined) {
      const at = (r - lo) * S
      for (let s = 0; s < S; s++) posteriors[at + s] = q[s]!
    }
    if (counts === undefined) continue
    const total = counts.total
    for (let s = 0; s <= S; s++) total[s]! += q[s]!
    for (let a = from; a < to; a++) {
      const i = changedVariable[a]!
      if (isFull[i] === 1) continue
      const K = hiddenStates[i]!
      const h = observedHidden[i]!
      const at = h < 0 ? S : stateOffset[h]!
      const into = counts.observed[i]!
      const c = changedCell[a]! * K
      const d = defaultCell[i]! * K
      for (let k = 0; k < K; k++) {
        into[c + k]! += q[at + k]!
        into[d + k]! -= q[at + k]!
      }
    }
    for (let f = 0; f < full.length; f++) {
      const i = full[f]!
      const K = hiddenStates[i]!
      const h = observedHidden[i]!
      const at = h < 0 ? S : stateOffset[h]!
      const into = counts.observed[i]!
      const c = cellOf(model, data.values, r * n, i) * K
      for (let k = 0; k < K; k++) into[c + k]! += q[at + k]!
    }
  }
}

/** Draw one joint hidden state from the posterior whose upward quantities are in e and up. */
const drawHidden = (
  model: LatentTree,
  layout: LatentLayout,
  e: Float64Array,
  up: Float64Array,
  edgeOffset: Int32Array,
  draws: { readonly rng: Rng; readonly states: Int32Array },
  at: number,
): void => {
  const { hiddenOrder, stateOffset } = layout
  for (let t = 0; t < hiddenOrder.length; t++) {
    const v = hiddenOrder[t]!
    const K = model.hiddenCards[v]!
    const off = stateOffset[v]!
    const T = model.hiddenTables[v]!
    const p = model.hiddenParent[v]!
    // p(v = k | parent = j, rows) is T[j, k] e_v(k) / u_v(j); a root uses p(k) e(k) / sum.
    const row = p < 0 ? 0 : draws.states[at + p]! * K
    const total = p < 0 ? T.reduce((s, x, k) => s + x * e[off + k]!, 0) : up[edgeOffset[v]! + draws.states[at + p]!]!
    let u = draws.rng.float() * total
    let k = 0
    for (; k < K - 1; k++) {
      u -= T[row + k]! * e[off + k]!
      if (u < 0) break
    }
    draws.states[at + v] = k
  }
}

/**
 * Turn pass counts into expected counts in the CPT layout (`[hidden state][cell]`):
 * each mode cell receives its hidden state's total (minus the differing rows
 * already taken out). Rounding in that difference may leave -1e-12; it is clamped at 0.
 */
export const finishCounts = (model: LatentTree, layout: LatentLayout, prepared: PreparedRows, tables: PassTables, counts: PassCounts): { observed: Float64Array[]; hidden: Float64Array[] } => {
  const S = layout.states
  const observed = counts.observed.map((cellMajor, i) => {
    const K = layout.hiddenStates[i]!
    const h = model.observedHidden[i]!
    const at = h < 0 ? S : layout.stateOffset[h]!
    const cells = cellMajor.length / K
    const out = new Float64Array(cellMajor.length)
    const d = prepared.defaultCell[i]!
    for (let k = 0; k < K; k++)
      for (let c = 0; c < cells; c++) {
        let value = cellMajor[c * K + k]!
        if (c === d && tables.isFull[i] === 0) value += counts.total[at + k]!
        out[k * cells + c] = value < 0 ? 0 : value
      }
    return out
  })
  return { observed, hidden: counts.hidden }
}
