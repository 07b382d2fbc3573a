/**
 * The trained ranges of positions put together as one logistic image chain:
 * biases, full-history weights and context weights by position, the
 * validation history (a range that stopped early keeps its last score), and
 * each context table's log-odds scaled by its learned weight, nested tables
 * folded into one for scoring; and the same for the parameters trained
 * together with hidden units.
 */
import { foldContexts } from './context-fold.js'
import type { BinaryChain, ContextGroup } from './image-chain.js'
import type { HiddenTrained } from './hidden-training.js'
import type { ContextFeature, KernelResult } from './logistic-kernel.js'

/** The chain's shape: what the ranges do not carry. */
export interface ChainShape {
  readonly width: number
  readonly height: number
  readonly ordering: Int32Array
  /** Whether the full-history weights were trained. */
  readonly dense: boolean
  /** Validation images (the history is per image). */
  readonly validationRows: number
}

/** The chain of trained ranges, its validation history after each epoch and its validation NLL (nats per image). */
export const assembleChain = (
  results: readonly KernelResult[],
  features: readonly ContextFeature[],
  shape: ChainShape,
): { readonly chain: BinaryChain; readonly validationHistory: number[]; readonly validationNll: number } => {
  const { width, height, ordering, dense } = shape
  const n = ordering.length
  const finalBias = new Float64Array(n)
  const finalDense = dense ? new Float64Array(n * n) : undefined
  const weights = new Float64Array(features.length * n)
  let longest = 0
  let best = 0
  for (const r of results) {
    for (let p = r.lo; p < r.hi; p++) {
      finalBias[p] = r.bias[p]!
      for (let g = 0; g < features.length; g++) weights[g * n + p] = r.featureWeights[g * n + p]!
      if (finalDense !== undefined && r.dense !== undefined) for (let q = 0; q < p; q++) finalDense[q * n + p] = r.dense[q * n + p]!
    }
    longest = Math.max(longest, r.history.length)
    best += r.bestValidation
  }
  // A range that stopped early keeps its last score in the later epochs of the history.
  const history: number[] = []
  for (let e = 0; e < longest; e++) {
    let total = 0
    for (const r of results) total += r.history[Math.min(e, r.history.length - 1)]!
    history.push(-total / shape.validationRows)
  }
  const chain: BinaryChain = {
    width,
    height,
    n,
    ordering,
    bias: finalBias,
    ...(finalDense === undefined ? {} : { dense: finalDense }),
    contexts: weightedContexts(features, weights, n),
  }
  return { chain: foldContexts(chain), validationHistory: history, validationNll: -best / shape.validationRows }
}

/** Each context table's log-odds scaled by its learned weight at each position (`weights[g * n + p]`). */
const weightedContexts = (features: readonly ContextFeature[], weights: Float64Array, n: number): ContextGroup[] =>
  features.map((f, g) => {
    const rows = 1 << f.k
    const logits = new Float64Array(f.logits.length)
    for (let p = 0; p < n; p++) {
      const a = weights[g * n + p]!
      for (let c = 0; c < rows; c++) logits[p * rows + c] = a * f.logits[p * rows + c]!
    }
    return { k: f.k, counts: f.counts, parents: f.parents, logits }
  })

/** The chain of parameters trained with hidden units (`hidden-training.ts`), with its validation history and NLL. */
export const assembleHiddenChain = (
  trained: HiddenTrained,
  features: readonly ContextFeature[],
  shape: ChainShape,
): { readonly chain: BinaryChain; readonly validationHistory: number[]; readonly validationNll: number } => {
  const { layout, parameters: theta } = trained
  const { n, units, stride } = layout
  const part = (at: number, length: number): Float64Array => theta.slice(at, at + length)
  // Rows of units are `stride` wide in training (an even number); the chain keeps `units` per row.
  const rows = (at: number): Float64Array => {
    const out = new Float64Array(n * units)
    for (let r = 0; r < n; r++) out.set(theta.subarray(at + r * stride, at + r * stride + units), r * units)
    return out
  }
  const chain: BinaryChain = {
    width: shape.width,
    height: shape.height,
    n,
    ordering: shape.ordering,
    bias: part(layout.bias, n),
    ...(layout.dense ? { dense: part(layout.denseAt, n * n) } : {}),
    contexts: weightedContexts(features, part(layout.featureWeights, features.length * n), n),
    hidden: { units, bias: part(layout.hiddenBias, units), input: rows(layout.input), output: rows(layout.output) },
  }
  return {
    chain: foldContexts(chain),
    validationHistory: Array.from(trained.history, (ll) => -ll / shape.validationRows),
    validationNll: -trained.bestValidation / shape.validationRows,
  }
}
