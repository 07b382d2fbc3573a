/**
 * Exact samples from P(x | e) on a calibrated junction tree (forward sampling
 * over the tree): draw the root cluster from its posterior, then each cluster,
 * parents first, from its posterior conditioned on the separator states already
 * drawn. Because calibrated clusters hold P(cluster | e), every draw is exact:
 * no rejection, no weights, whatever the probability of the evidence.
 * Reference: Dawid (1992), "Applications of a general propagation algorithm".
 */
import type { CompiledTree } from './compile-tables.js'

/** A source of uniform floats in [0, 1) (the `Rng` of @chainrule/models fits). */
export interface UniformSource {
  /** A uniform draw from [0, 1). */
  readonly float: () => number
}

/**
 * Draw `rows` joint samples after {@link propagate}; `columns[v][r]` receives
 * the state of variable v in row r. Observed variables come out at their
 * observed states (their posterior is a point mass).
 */
export const drawFromTree = (
  tree: CompiledTree,
  rows: number,
  rng: UniformSource,
  columns: readonly { [index: number]: number }[],
): void => {
  const { order, work, clusterVars, clusterCards, upStrides } = tree
  const assignment = new Int32Array(tree.cards.length)
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < order.length; i++) {
      const c = order[i]!
      const vars = clusterVars[c]!
      const cards = clusterCards[c]!
      const values = work[c]!
      // Separator variables lead the layout, so the entries consistent with
      // them form one contiguous block: [target * block, (target + 1) * block).
      const strides = upStrides[c]!
      let sepEntries = 1
      let target = 0
      for (let k = 0; k < vars.length; k++) {
        if (strides[k] === 0) continue
        target += strides[k]! * assignment[vars[k]!]!
        sepEntries *= cards[k]!
      }
      const block = values.length / sepEntries
      const start = target * block
      let mass = 0
      for (let k = 0; k < block; k++) mass += values[start + k]!
      let u = rng.float() * mass
      let pick = block - 1
      for (let k = 0; k < block; k++) {
        u -= values[start + k]!
        if (u < 0) {
          pick = k
          break
        }
      }
      // Walk back from the last chosen entry to its last positive one, so
      // rounding can never select a zero-probability entry.
      while (values[start + pick]! === 0 && pick > 0) pick--
      let rest = start + pick
      for (let k = vars.length - 1; k >= 0; k--) {
        const card = cards[k]!
        assignment[vars[k]!] = rest % card
        rest = (rest - (rest % card)) / card
      }
    }
    for (let v = 0; v < assignment.length; v++) columns[v]![r] = assignment[v]!
  }
}
