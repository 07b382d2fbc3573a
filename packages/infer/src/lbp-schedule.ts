/**
 * The update schedules of loopy belief propagation over a `FactorGraph`:
 * which factor's messages are recomputed when, damping, and when to stop.
 * - `'parallel'`: every factor from the previous sweep's messages, all
 *   committed after the sweep;
 * - `'sequential'`: factors in order, each from the latest messages;
 * - `'residual'`: always the factor whose messages would change most
 *   (Elidan, McGraw & Koller 2006, "Residual belief propagation"), from an
 *   indexed max-heap of residuals.
 * A residual is the largest change of one message entry; a run has converged
 * when none exceeds the tolerance.
 */
import { computeToVariables, updateToFactor, type FactorGraph } from './factor-graph.js'

/** How loopy belief propagation orders its updates. */
export type Schedule = 'parallel' | 'sequential' | 'residual'

/** Messages until convergence or the sweep limit; the last residual, or 'impossible' on an all-zero message. */
export const propagateLoopy = (
  g: FactorGraph,
  schedule: Schedule,
  damping: number,
  maxIterations: number,
  tolerance: number,
): { readonly iterations: number; readonly residual: number } | 'impossible' => {
  const factors = g.values.length
  if (factors === 0) return { iterations: 0, residual: 0 }
  const pending = new Float64Array(g.toVariable.length)
  /** Recompute factor f's incoming messages, then its outgoing ones into `pending`; its residual, or -1 when impossible. */
  const candidate = (f: number): number => {
    for (let e = g.edgeStart[f]!; e < g.edgeStart[f + 1]!; e++) if (!updateToFactor(g, e)) return -1
    if (!computeToVariables(g, f, pending)) return -1
    let change = 0
    for (let k = g.offset[g.edgeStart[f]!]!; k < g.offset[g.edgeStart[f + 1]!]!; k++) change = Math.max(change, Math.abs(pending[k]! - g.toVariable[k]!))
    return change
  }
  const commit = (f: number): void => {
    const to = g.toVariable
    for (let e = g.edgeStart[f]!; e < g.edgeStart[f + 1]!; e++) {
      const from = g.offset[e]!
      const end = g.offset[e + 1]!
      if (damping === 0) {
        to.set(pending.subarray(from, end), from)
        continue
      }
      // A state a table rules out stays out (damping must not bring it back), then the mix is renormalised.
      let sum = 0
      for (let k = from; k < end; k++) sum += to[k] = pending[k] === 0 ? 0 : (1 - damping) * pending[k]! + damping * to[k]!
      for (let k = from; k < end; k++) to[k] = to[k]! / sum
    }
  }
  if (schedule === 'residual') return residualSchedule(g, candidate, commit, maxIterations, tolerance)
  let residual = Infinity
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    residual = 0
    for (let f = 0; f < factors; f++) {
      const change = candidate(f)
      if (change < 0) return 'impossible'
      residual = Math.max(residual, change)
      // Sequential: every factor reads the latest messages. Parallel: all commit after the sweep.
      if (schedule === 'sequential') commit(f)
    }
    if (schedule === 'parallel') for (let f = 0; f < factors; f++) commit(f)
    if (residual <= tolerance) return { iterations: iteration, residual }
  }
  // Out of sweeps: the residual says how far from a fixed point the messages were.
  return { iterations: maxIterations, residual }
}

/** Residual belief propagation: always update the factor whose messages would change most (an indexed max-heap). */
const residualSchedule = (
  g: FactorGraph,
  candidate: (f: number) => number,
  commit: (f: number) => void,
  maxIterations: number,
  tolerance: number,
): { readonly iterations: number; readonly residual: number } | 'impossible' => {
  const factors = g.values.length
  const heap = maxHeap(factors)
  const neighbours = factorNeighbours(g)
  for (let f = 0; f < factors; f++) {
    const change = candidate(f)
    if (change < 0) return 'impossible'
    setKey(heap, f, change)
  }
  const limit = maxIterations * factors
  for (let updates = 0; updates < limit; updates++) {
    const f = heap.items[0]!
    const largest = heap.keys[f]!
    if (largest <= tolerance) return { iterations: Math.ceil(updates / factors), residual: largest }
    // Pending messages share one buffer, so f's are recomputed (from the latest messages) before they are committed.
    if (candidate(f) < 0) return 'impossible'
    commit(f)
    for (const h of neighbours[f]!) {
      const change = candidate(h)
      if (change < 0) return 'impossible'
      setKey(heap, h, change)
    }
  }
  return { iterations: maxIterations, residual: heap.keys[heap.items[0]!]! }
}

/** Factors sharing a variable with each factor, itself included (with damping its own residual stays positive). */
const factorNeighbours = (g: FactorGraph): Int32Array[] => {
  const factors = g.values.length
  const factorOfEdge = new Int32Array(g.edgeVariable.length)
  for (let f = 0; f < factors; f++) for (let e = g.edgeStart[f]!; e < g.edgeStart[f + 1]!; e++) factorOfEdge[e] = f
  return Array.from({ length: factors }, (_, f) => {
    const set = new Set<number>([f])
    for (let e = g.edgeStart[f]!; e < g.edgeStart[f + 1]!; e++) {
      const v = g.edgeVariable[e]!
      for (let i = g.variableEdgeStart[v]!; i < g.variableEdgeStart[v + 1]!; i++) set.add(factorOfEdge[g.variableEdges[i]!]!)
    }
    return Int32Array.from(set)
  })
}

/** A max-heap of factors by residual: `items` in heap order, each factor's `position` in it, its key. */
interface MaxHeap {
  readonly keys: Float64Array
  readonly items: Int32Array
  readonly position: Int32Array
}

const maxHeap = (size: number): MaxHeap => ({
  keys: new Float64Array(size),
  items: Int32Array.from({ length: size }, (_, i) => i),
  position: Int32Array.from({ length: size }, (_, i) => i),
})

const swap = (h: MaxHeap, i: number, j: number): void => {
  const a = h.items[i]!
  const b = h.items[j]!
  h.items[i] = b
  h.items[j] = a
  h.position[b] = i
  h.position[a] = j
}

/** Change an item's key and restore the heap order around it. */
const setKey = (h: MaxHeap, item: number, key: number): void => {
  h.keys[item] = key
  let i = h.position[item]!
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (h.keys[h.items[parent]!]! >= key) break
    swap(h, i, parent)
    i = parent
  }
  const n = h.items.length
  for (;;) {
    const l = 2 * i + 1
    let best = i
    if (l < n && h.keys[h.items[l]!]! > h.keys[h.items[best]!]!) best = l
    if (l + 1 < n && h.keys[h.items[l + 1]!]! > h.keys[h.items[best]!]!) best = l + 1
    if (best === i) return
    swap(h, i, best)
    i = best
  }
}
