/**
 * A network compiled once into flat typed arrays for the sampling and scoring
 * kernels: cardinalities, a topological order, each CPT's values, its
 * cumulative rows, and each parent's stride into the CPT (scope
 * `[...parents, child]`, so the child has stride 1 and a parent assignment
 * selects one contiguous row).
 *
 * Compiled forms are cached per network object (networks are immutable), so
 * repeated sampling calls do not redo the work.
 */
import type { BayesianNetwork } from './network.js'

/** The flat form the kernels read. Internal to the package. */
export interface CompiledNetwork {
  readonly n: number
  readonly cards: Int32Array
  readonly topological: Int32Array
  /** `parents[v]` and `parentStrides[v]`: parent ids of v and their strides in v's CPT. */
  readonly parents: readonly Int32Array[]
  readonly parentStrides: readonly Int32Array[]
  readonly tables: readonly Float64Array[]
  /** Running sums within each row: `cdf[v][row * card + s] = sum_{t <= s} P(t | row)`. */
  readonly cdfs: readonly Float64Array[]
  /** For each v, its children and v's stride in each child's CPT. */
  readonly children: readonly Int32Array[]
  readonly strideInChild: readonly Int32Array[]
}

const cache = new WeakMap<BayesianNetwork, CompiledNetwork>()

/**
 * Compile (or fetch from the cache) the flat form of a network.
 *
 * For the sprinkler network (rain, sprinkler, wet, all binary), `compile(bn).cards` is `Int32Array [2, 2, 2]`.
 */
export const compile = (bn: BayesianNetwork): CompiledNetwork => {
  const cached = cache.get(bn)
  if (cached !== undefined) return cached
  const n = bn.dag.nodes.length
  const cards = Int32Array.from(bn.domain.variables, (v) => v.states.length)
  const parents = bn.dag.parentIds.map((ps) => Int32Array.from(ps))
  const parentStrides = bn.cpts.map((f) => Int32Array.from(f.strides.slice(0, -1)))
  const tables = bn.cpts.map((f) => f.values)
  const cdfs = tables.map((values, v) => {
    const card = cards[v]!
    const cdf = new Float64Array(values.length)
    for (let row = 0; row < values.length; row += card) {
      let acc = 0
      for (let s = 0; s < card; s++) {
        acc += values[row + s]!
        cdf[row + s] = acc
      }
    }
    return cdf
  })
  const children = bn.dag.childIds.map((cs) => Int32Array.from(cs))
  const strideInChild = bn.dag.childIds.map((cs, v) =>
    Int32Array.from(cs, (c) => parentStrides[c]![bn.dag.parentIds[c]!.indexOf(v)]!),
  )
  const compiled: CompiledNetwork = {
    n,
    cards,
    topological: Int32Array.from(bn.dag.topologicalIds),
    parents,
    parentStrides,
    tables,
    cdfs,
    children,
    strideInChild,
  }
  cache.set(bn, compiled)
  return compiled
}

/**
 * Draw a state from one cumulative row `cdf[offset .. offset + card)`: the
 * first state whose running sum exceeds `u * total`. States of probability 0
 * are never drawn (their running sum equals the previous one).
 */
export const drawFromRow = (cdf: Float64Array, offset: number, card: number, u: number): number => {
  const x = u * cdf[offset + card - 1]!
  let s = 0
  while (s < card - 1 && cdf[offset + s]! <= x) s++
  return s
}
