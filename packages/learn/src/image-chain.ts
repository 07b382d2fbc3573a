/**
 * `BinaryChain`: the compiled form every autoregressive image model of this
 * package shares. Variables are visited in an ordering; at position p
 *
 *   logit_p = bias_p + sum_g T_g[p][context_g(p)] + sum_{q < p} W[q, p] x_q
 *   p(x_p = 1 | x_<p) = sigmoid(logit_p)
 *
 * where each context group g is a table over a few earlier positions (a
 * neighbourhood, the last k pixels) holding log-odds, and W is the dense
 * upper-triangular weight matrix of a logistic (FVSBN-style) CPD, and
 * `hidden` adds rectified units shared by the positions (NADE-style, see
 * {@link HiddenUnits}). An
 * independent-pixel model has only biases, a table model one context group,
 * FVSBN biases and W, the mixed models all three. One scorer and one sampler
 * serve them all; `toMixedNetwork` turns any chain into a network of named
 * table and logistic CPDs.
 *
 * Everything lives in position space (position p = the p-th variable of the
 * ordering): W's row q is contiguous over the later positions it feeds, so
 * adding the contribution of an 'on' pixel is one contiguous loop.
 */

/** A table of log-odds per position over the states of up to `k` earlier positions. */
export interface ContextGroup {
  /** Parents per position at most; each position's table has 2^k rows. */
  readonly k: number
  /** Number of parents of each position (at most k); rows past 2^count are never read. */
  readonly counts: Uint8Array
  /** `parents[p * k + j]`: the j-th parent of position p (a position before p). */
  readonly parents: Int32Array
  /**
   * `logits[p * 2^k + c]`: log-odds of x_p = 1 in context c. The context index follows the
   * CPT layout of `@chainrule/factor`: c = sum_j x_{parent j} 2^(count - 1 - j) (last parent fastest).
   */
  readonly logits: Float64Array
}

/**
 * Rectified hidden units shared by every position, as in NADE (Larochelle &
 * Murray, 2011): before position p the units hold h(p) = bias + sum of
 * `input` row q over the earlier positions q that are on, and position p's
 * logit gains sum_j output[p, j] max(h_j(p), 0). One pass over the positions
 * updates the units, so an image costs O(n units).
 */
export interface HiddenUnits {
  /** Number of units. */
  readonly units: number
  /** The units' values before any pixel (length `units`). */
  readonly bias: Float64Array
  /** `input[q * units + j]`: what position q adds to unit j when it is on. */
  readonly input: Float64Array
  /** `output[p * units + j]`: the weight of unit j in position p's logit. */
  readonly output: Float64Array
}

/** A binary autoregressive chain in compiled form (see the module comment). */
export interface BinaryChain {
  readonly width: number
  readonly height: number
  /** Number of variables (width * height). */
  readonly n: number
  /** position -> variable (pixel index y * width + x). */
  readonly ordering: Int32Array
  /** Per position. */
  readonly bias: Float64Array
  /** `dense[q * n + p]` for q < p, or undefined when the chain has no full-history logistic part. */
  readonly dense?: Float64Array
  readonly contexts: readonly ContextGroup[]
  /** Hidden units shared by the positions, or undefined. */
  readonly hidden?: HiddenUnits
}

/**
 * log(1 + e^x) without overflow.
 *
 * @example
 * ```ts
 * import { softplus } from '@chainrule/learn'
 * softplus(0) // => Math.LN2
 * softplus(800) // => 800
 * ```
 */
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)))

/**
 * 1 / (1 + e^-x), stable for large |x|.
 *
 * @example
 * ```ts
 * import { sigmoid } from '@chainrule/learn'
 * sigmoid(0) // => 0.5
 * sigmoid(-800) // => 0
 * ```
 */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))

/**
 * Gather image r of a row-major pixel matrix into position order.
 * Writes bits into `xs` (length n) and the 'on' positions, ascending, into `on`; returns how many are on.
 */
export const gatherPositions = (
  pixels: Uint8Array,
  offset: number,
  ordering: Int32Array,
  xs: Uint8Array,
  on: Int32Array,
): number => {
  let count = 0
  for (let p = 0; p < ordering.length; p++) {
    const bit = pixels[offset + ordering[p]!]!
    xs[p] = bit
    if (bit !== 0) on[count++] = p
  }
  return count
}

/** Add the dense part: logits[p] += sum over on positions q < p of W[q, p]. */
export const addDense = (dense: Float64Array, n: number, on: Int32Array, onCount: number, logits: Float64Array): void => {
  for (let i = 0; i < onCount; i++) {
    const q = on[i]!
    const row = q * n
    for (let p = q + 1; p < n; p++) logits[p]! += dense[row + p]!
  }
}

/**
 * sum_j out[outAt + j] max(units[unitsAt + j], 0) over j < count, summed in
 * eight lanes (unit j in lane j mod 8) that end as ((s0 + s2) + (s4 + s6)) +
 * ((s1 + s3) + (s5 + s7)): the order of the WebAssembly kernel
 * (`hidden-units.wat` of `@chainrule/infer`, four f64x2 accumulators), so
 * that both give the same bits.
 */
export const reluDot = (units: Float64Array, unitsAt: number, out: Float64Array, outAt: number, count: number): number => {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let s4 = 0
  let s5 = 0
  let s6 = 0
  let s7 = 0
  let j = 0
  const relu = (x: number): number => (x > 0 ? x : 0)
  for (; j + 7 < count; j += 8) {
    const u = unitsAt + j
    const o = outAt + j
    s0 += relu(units[u]!) * out[o]!
    s1 += relu(units[u + 1]!) * out[o + 1]!
    s2 += relu(units[u + 2]!) * out[o + 2]!
    s3 += relu(units[u + 3]!) * out[o + 3]!
    s4 += relu(units[u + 4]!) * out[o + 4]!
    s5 += relu(units[u + 5]!) * out[o + 5]!
    s6 += relu(units[u + 6]!) * out[o + 6]!
    s7 += relu(units[u + 7]!) * out[o + 7]!
  }
  // The last count mod 8 units, in lanes 0 .. 6 (as if padded with units of zero weights).
  if (j < count) s0 += relu(units[unitsAt + j]!) * out[outAt + j]!
  if (j + 1 < count) s1 += relu(units[unitsAt + j + 1]!) * out[outAt + j + 1]!
  if (j + 2 < count) s2 += relu(units[unitsAt + j + 2]!) * out[outAt + j + 2]!
  if (j + 3 < count) s3 += relu(units[unitsAt + j + 3]!) * out[outAt + j + 3]!
  if (j + 4 < count) s4 += relu(units[unitsAt + j + 4]!) * out[outAt + j + 4]!
  if (j + 5 < count) s5 += relu(units[unitsAt + j + 5]!) * out[outAt + j + 5]!
  if (j + 6 < count) s6 += relu(units[unitsAt + j + 6]!) * out[outAt + j + 6]!
  return s0 + s2 + (s4 + s6) + (s1 + s3 + (s5 + s7))
}

/** Position p's share of the hidden units: sum_j output[p, j] max(units_j, 0) (see {@link reluDot}). */
export const hiddenLogit = (hidden: HiddenUnits, p: number, units: Float64Array): number => reluDot(units, 0, hidden.output, p * hidden.units, hidden.units)

/** Position q is on: add its input row to the units. */
export const addInputRow = (hidden: HiddenUnits, q: number, units: Float64Array): void => {
  const H = hidden.units
  const input = hidden.input
  const row = q * H
  for (let j = 0; j < H; j++) units[j]! += input[row + j]!
}

/**
 * Add the hidden units' share to the logits of one image: `xs[base + p]` its bits in
 * position order, `logits[at + p]` its logits; `units` is scratch of length `hidden.units`.
 */
export const addHidden = (hidden: HiddenUnits, n: number, xs: Uint8Array, base: number, logits: Float64Array, at: number, units: Float64Array): void => {
  units.set(hidden.bias)
  for (let p = 0; p < n; p++) {
    logits[at + p]! += hiddenLogit(hidden, p, units)
    if (xs[base + p] !== 0) addInputRow(hidden, p, units)
  }
}

/** The context index of position p in group g, from position-ordered bits. */
export const contextIndex = (group: ContextGroup, p: number, xs: Uint8Array): number => {
  const k = group.k
  const base = p * k
  const c = group.counts[p]!
  let index = 0
  for (let j = 0; j < c; j++) index = (index << 1) | xs[group.parents[base + j]!]!
  return index
}

/** Add every context group's log-odds: logits[p] += T_g[p][context]. */
export const addContexts = (contexts: readonly ContextGroup[], n: number, xs: Uint8Array, logits: Float64Array): void => {
  for (const group of contexts) {
    const rows = 1 << group.k
    for (let p = 0; p < n; p++) logits[p]! += group.logits[p * rows + contextIndex(group, p, xs)]!
  }
}

/**
 * Free parameters of a chain: one per bias, per used dense weight (q < p),
 * per reachable table row (2^count at each position), and per hidden unit
 * 2n + 1 (its bias, input and output weights).
 *
 * @example
 * ```ts
 * import { imageMatrix, chainParameterCount, learnTableChain } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     // 4 biases, and one table row per reachable context: 1 at the first pixel, 2 at the others
 *     chainParameterCount(fit.right.chain) // => 4 + (1 + 2 + 2 + 2)
 *   }
 * }
 * ```
 */
export const chainParameterCount = (chain: BinaryChain): number => {
  const n = chain.n
  let total = n
  if (chain.dense !== undefined) total += (n * (n - 1)) / 2
  if (chain.hidden !== undefined) total += chain.hidden.units * (2 * n + 1)
  for (const g of chain.contexts) for (let p = 0; p < n; p++) total += 2 ** g.counts[p]!
  return total
}

/**
 * Stored numbers (bias + dense matrix + tables + hidden units), a size measure for reports.
 *
 * @example
 * ```ts
 * import { imageMatrix, chainStoredNumbers, learnTableChain } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     // 4 biases, and a table of 2^1 log-odds at each of the 4 positions
 *     chainStoredNumbers(fit.right.chain) // => 4 + 4 * 2
 *   }
 * }
 * ```
 */
export const chainStoredNumbers = (chain: BinaryChain): number =>
  chain.bias.length +
  (chain.dense?.length ?? 0) +
  chain.contexts.reduce((s, g) => s + g.logits.length, 0) +
  (chain.hidden === undefined ? 0 : chain.hidden.bias.length + chain.hidden.input.length + chain.hidden.output.length)

/** The inverse permutation: variable -> position. */
export const positionsOfOrdering = (ordering: Int32Array): Int32Array => {
  const position = new Int32Array(ordering.length)
  for (let p = 0; p < ordering.length; p++) position[ordering[p]!] = p
  return position
}
