/**
 * The factor graph loopy belief propagation runs on, with its messages in
 * flat typed arrays: one edge per (factor, scope position), each edge owning a
 * slice of `toVariable` (factor -> variable message) and of `toFactor`
 * (variable -> factor message), both as long as the variable's states. Every
 * message is normalised to sum 1. The kernels here compute one factor's
 * outgoing messages and one variable's outgoing messages; the schedules that
 * call them are in `loopy-belief-propagation.ts`.
 *
 * Reference: Kschischang, Frey & Loeliger (2001), "Factor graphs and the
 * sum-product algorithm"; Koller & Friedman (2009), section 11.3.
 */
import type { Factor } from '@chainrule/factor'

/** A factor graph over the unobserved variables, messages included. */
export interface FactorGraph {
  /** Per factor: its values (row-major, last scope variable fastest) and the cards of its scope. */
  readonly values: readonly Float64Array[]
  readonly cards: readonly Int32Array[]
  /** The first edge of factor f is `edgeStart[f]`; its scope position j is edge `edgeStart[f] + j`. */
  readonly edgeStart: Int32Array
  /** Per edge: where its messages start in `toVariable` / `toFactor`, its variable and its number of states. */
  readonly offset: Int32Array
  readonly edgeVariable: Int32Array
  readonly edgeCard: Int32Array
  /** Per variable: its edges (`variableEdges[variableEdgeStart[v] .. variableEdgeStart[v + 1]]`). */
  readonly variableEdgeStart: Int32Array
  readonly variableEdges: Int32Array
  readonly toVariable: Float64Array
  readonly toFactor: Float64Array
}

/**
 * Build the graph of `factors` (already reduced by the evidence, with
 * non-empty scopes) over `n` variables; every message starts uniform.
 */
export const factorGraph = (factors: readonly Factor[], n: number): FactorGraph => {
  const edgeStart = new Int32Array(factors.length + 1)
  factors.forEach((f, i) => (edgeStart[i + 1] = edgeStart[i]! + f.scope.length))
  const edges = edgeStart[factors.length]!
  const offset = new Int32Array(edges + 1)
  const edgeVariable = new Int32Array(edges)
  const edgeCard = new Int32Array(edges)
  const degree = new Int32Array(n + 1)
  factors.forEach((f, i) =>
    f.scope.forEach((v, j) => {
      const e = edgeStart[i]! + j
      edgeVariable[e] = v
      edgeCard[e] = f.cards[j]!
      offset[e + 1] = offset[e]! + f.cards[j]!
      degree[v + 1]!++
    }),
  )
  const variableEdgeStart = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) variableEdgeStart[v + 1] = variableEdgeStart[v]! + degree[v + 1]!
  const fill = variableEdgeStart.slice(0, n)
  const variableEdges = new Int32Array(edges)
  for (let e = 0; e < edges; e++) variableEdges[fill[edgeVariable[e]!]!++] = e
  const toVariable = new Float64Array(offset[edges]!)
  const toFactor = new Float64Array(offset[edges]!)
  for (let e = 0; e < edges; e++) {
    const card = edgeCard[e]!
    toVariable.fill(1 / card, offset[e]!, offset[e + 1]!)
    toFactor.fill(1 / card, offset[e]!, offset[e + 1]!)
  }
  return {
    values: factors.map((f) => f.values),
    cards: factors.map((f) => Int32Array.from(f.cards)),
    edgeStart,
    offset,
    edgeVariable,
    edgeCard,
    variableEdgeStart,
    variableEdges,
    toVariable,
    toFactor,
  }
}

/** Scale `m[from, to)` to sum 1; false when it sums to 0 (no state is possible). */
const normaliseSlice = (m: Float64Array, from: number, to: number): boolean => {
  let sum = 0
  for (let k = from; k < to; k++) sum += m[k]!
  if (!(sum > 0)) return false
  for (let k = from; k < to; k++) m[k] = m[k]! / sum
  return true
}

/**
 * The variable -> factor message of edge `e`: the product of the messages
 * from v's other factors, normalised, written into `toFactor`. False when
 * that product is all zero.
 */
export const updateToFactor = (g: FactorGraph, e: number): boolean => {
  const v = g.edgeVariable[e]!
  const at = g.offset[e]!
  const card = g.edgeCard[e]!
  const out = g.toFactor
  out.fill(1, at, at + card)
  for (let i = g.variableEdgeStart[v]!; i < g.variableEdgeStart[v + 1]!; i++) {
    const other = g.variableEdges[i]!
    if (other === e) continue
    const from = g.offset[other]!
    for (let k = 0; k < card; k++) out[at + k] = out[at + k]! * g.toVariable[from + k]!
    // Rescale as we go: a variable in hundreds of factors would underflow otherwise.
    if (!normaliseSlice(out, at, at + card)) return false
  }
  return true
}

/**
 * The factor -> variable messages of factor f, computed from its incoming
 * variable -> factor messages and written into `into` (at the edges' offsets;
 * `toVariable` itself, or a buffer of pending messages). Returns false when
 * one is all zero.
 */
export const computeToVariables = (g: FactorGraph, f: number, into: Float64Array): boolean => {
  const values = g.values[f]!
  const cards = g.cards[f]!
  const k = cards.length
  const first = g.edgeStart[f]!
  const state = new Int32Array(k)
  for (let j = 0; j < k; j++) into.fill(0, g.offset[first + j]!, g.offset[first + j + 1]!)
  for (let entry = 0; entry < values.length; entry++) {
    const phi = values[entry]!
    if (phi !== 0)
      for (let j = 0; j < k; j++) {
        let w = phi
        for (let u = 0; u < k && w !== 0; u++) if (u !== j) w *= g.toFactor[g.offset[first + u]! + state[u]!]!
        into[g.offset[first + j]! + state[j]!]! += w
      }
    // Odometer over the scope, last variable fastest (the table's layout).
    for (let u = k - 1; u >= 0; u--) {
      if (++state[u]! < cards[u]!) break
      state[u] = 0
    }
  }
  for (let j = 0; j < k; j++) if (!normaliseSlice(into, g.offset[first + j]!, g.offset[first + j + 1]!)) return false
  return true
}

/** The belief of variable v (the product of all its incoming messages, normalised) into `out`; false when all zero. */
export const variableBelief = (g: FactorGraph, v: number, out: Float64Array): boolean => {
  out.fill(1)
  for (let i = g.variableEdgeStart[v]!; i < g.variableEdgeStart[v + 1]!; i++) {
    const from = g.offset[g.variableEdges[i]!]!
    for (let k = 0; k < out.length; k++) out[k] = out[k]! * g.toVariable[from + k]!
    if (!normaliseSlice(out, 0, out.length)) return false
  }
  return true
}

/**
 * The factor's contribution to the Bethe estimate of log Z:
 * sum over x of b(x) (log phi(x) - log b(x)), with b = phi times the incoming
 * messages, normalised (0 log 0 = 0).
 */
export const factorBetheTerm = (g: FactorGraph, f: number): number => {
  const values = g.values[f]!
  const cards = g.cards[f]!
  const k = cards.length
  const first = g.edgeStart[f]!
  const state = new Int32Array(k)
  const belief = new Float64Array(values.length)
  let sum = 0
  for (let entry = 0; entry < values.length; entry++) {
    let w = values[entry]!
    for (let u = 0; u < k && w !== 0; u++) w *= g.toFactor[g.offset[first + u]! + state[u]!]!
    belief[entry] = w
    sum += w
    for (let u = k - 1; u >= 0; u--) {
      if (++state[u]! < cards[u]!) break
      state[u] = 0
    }
  }
  let term = 0
  for (let entry = 0; entry < values.length; entry++) {
    const b = belief[entry]! / sum
    if (b > 0) term += b * (Math.log(values[entry]!) - Math.log(b))
  }
  return term
}
