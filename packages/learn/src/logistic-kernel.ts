/**
 * The training kernel of every logistic image model (FVSBN and the mixed
 * context models): per-position logistic regressions
 *
 *   logit_p = b_p + sum_g a_{g,p} s_g(p) + sum_{q < p} W[q, p] x_q
 *
 * trained by minibatch Adam (Kingma & Ba, 2015) on the exact log-likelihood,
 * which decomposes over positions: each position is an independent
 * regression, so a range of positions [lo, hi) trains on its own (a worker
 * thread takes one range) and stops early on its own validation score: each
 * position keeps the parameters of its best validation epoch.
 *
 * Sparsity: only the 'on' pixels of an image touch W (forward: add row q of W;
 * backward: add the error vector to row q of the gradient), and rows are
 * contiguous in p, so an image costs O(on pixels * (hi - lo)).
 *
 * The scalar features s_g are log-odds of smoothed context tables; on training
 * images they are leave-one-out log-odds (the image's own count removed), so
 * the weights a learn how far to trust a table on data it has not seen.
 *
 * All inputs are plain typed arrays so that the same function runs in a worker.
 */
import { createRng, shuffleInPlace } from '@chainrule/models'

/** Images in position order: bits (count x n) and the sorted 'on' positions of each (CSR). */
export interface PositionData {
  readonly count: number
  readonly bits: Uint8Array
  readonly offsets: Int32Array
  readonly on: Int32Array
}

/** A context feature: a group's parents and three log-odds tables (n * 2^k). */
export interface ContextFeature {
  readonly k: number
  readonly counts: Uint8Array
  readonly parents: Int32Array
  /** Log-odds on held-out data (full training counts). */
  readonly logits: Float64Array
  /** Leave-one-out log-odds for a training image whose pixel is on / off. */
  readonly looOn: Float64Array
  readonly looOff: Float64Array
}

/** Hyper-parameters of the kernel. */
export interface KernelOptions {
  readonly epochs: number
  readonly batchSize: number
  readonly learningRate: number
  /** Multiply the learning rate by this after every epoch. */
  readonly decay: number
  /** L2 penalty on W (per image, i.e. the objective is mean log-likelihood - l2/2 |W|^2). */
  readonly l2: number
  /** Stop after this many epochs without a validation improvement of the range. */
  readonly patience: number
  readonly seed: number
  /** Whether the model has the dense full-history part. */
  readonly dense: boolean
}

/** What a range returns: parameters of its positions (others left zero) and its validation history. */
export interface KernelResult {
  readonly lo: number
  readonly hi: number
  readonly bias: Float64Array
  readonly dense: Float64Array | undefined
  /** a[g * n + p]. */
  readonly featureWeights: Float64Array
  /** Validation log-likelihood summed over images and the range's positions, after each epoch. */
  readonly history: Float64Array
  /** Best-per-position validation log-likelihood of the range (summed over images). */
  readonly bestValidation: number
}

/** The context index of position p in feature f, from bits in position order starting at `base`. */
export const contextOf = (f: ContextFeature, p: number, bits: Uint8Array, base: number): number => {
  const c = f.counts[p]!
  const row = p * f.k
  let index = 0
  for (let j = 0; j < c; j++) index = (index << 1) | bits[base + f.parents[row + j]!]!
  return index
}

/** Images in position order from row-major pixels. */
export const toPositionData = (pixels: Uint8Array, count: number, ordering: Int32Array): PositionData => {
  const n = ordering.length
  const bits = new Uint8Array(count * n)
  const offsets = new Int32Array(count + 1)
  let total = 0
  for (let i = 0; i < pixels.length; i++) total += pixels[i]!
  const on = new Int32Array(total)
  let k = 0
  for (let r = 0; r < count; r++) {
    offsets[r] = k
    for (let p = 0; p < n; p++) {
      const bit = pixels[r * n + ordering[p]!]!
      bits[r * n + p] = bit
      if (bit !== 0) on[k++] = p
    }
  }
  offsets[count] = k
  return { count, bits, offsets, on }
}

/**
 * Train positions [lo, hi) of a logistic chain with n positions.
 * `initialBias` (length n) starts the biases (e.g. at the marginal log-odds).
 */
export const trainRange = (
  n: number,
  lo: number,
  hi: number,
  train: PositionData,
  validation: PositionData,
  features: readonly ContextFeature[],
  initialBias: Float64Array,
  options: KernelOptions,
  progress?: (epoch: number, batch: number, batches: number) => void,
): KernelResult => {
  const G = features.length
  const useDense = options.dense
  const bias = Float64Array.from(initialBias)
  const W = useDense ? new Float64Array(n * n) : new Float64Array(0)
  const a = new Float64Array(G * n).fill(G > 0 ? 1 / G : 0)
  const mb = new Float64Array(n), vb = new Float64Array(n), gb = new Float64Array(n)
  const mW = new Float64Array(W.length), vW = new Float64Array(W.length), gW = new Float64Array(W.length)
  const ma = new Float64Array(G * n), va = new Float64Array(G * n), ga = new Float64Array(G * n)
  const bestBias = Float64Array.from(bias)
  const bestW = new Float64Array(W.length)
  const bestA = Float64Array.from(a)
  const bestLL = new Float64Array(n).fill(-Infinity)
  const logits = new Float64Array(n)
  const errors = new Float64Array(n)
  const s = new Float64Array(G * n)
  const order = new Int32Array(train.count)
  for (let i = 0; i < order.length; i++) order[i] = i
  const rng = createRng(options.seed)
  const { beta1, beta2, eps } = { beta1: 0.9, beta2: 0.999, eps: 1e-8 }
  let step = 0
  let lr = options.learningRate
  const history: number[] = []
  let sinceBest = 0
  let bestTotal = -Infinity

  const forward = (data: PositionData, r: number, training: boolean): void => {
    const base = r * n
    for (let p = lo; p < hi; p++) logits[p] = bias[p]!
    if (useDense) {
      const end = data.offsets[r + 1]!
      for (let i = data.offsets[r]!; i < end; i++) {
        const q = data.on[i]!
        if (q >= hi - 1) break
        const row = q * n
        for (let p = q + 1 > lo ? q + 1 : lo; p < hi; p++) logits[p]! += W[row + p]!
      }
    }
    for (let g = 0; g < G; g++) {
      const f = features[g]!
      const rows = 1 << f.k
      const table = training ? null : f.logits
      for (let p = lo; p < hi; p++) {
        const cell = p * rows + contextOf(f, p, data.bits, base)
        const value = table !== null ? table[cell]! : data.bits[base + p] === 1 ? f.looOn[cell]! : f.looOff[cell]!
        s[g * n + p] = value
        logits[p]! += a[g * n + p]! * value
      }
    }
  }

  const validate = (): number => {
    const perPosition = new Float64Array(n)
    for (let r = 0; r < validation.count; r++) {
      forward(validation, r, false)
      const base = r * n
      for (let p = lo; p < hi; p++) {
        const l = logits[p]!
        const z = validation.bits[base + p] === 1 ? -l : l
        perPosition[p]! -= z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
      }
    }
    let total = 0
    let bestSum = 0
    for (let p = lo; p < hi; p++) {
      total += perPosition[p]!
      if (perPosition[p]! > bestLL[p]!) {
        bestLL[p] = perPosition[p]!
        bestBias[p] = bias[p]!
        for (let g = 0; g < G; g++) bestA[g * n + p] = a[g * n + p]!
        if (useDense) for (let q = 0; q < p; q++) bestW[q * n + p] = W[q * n + p]!
      }
      bestSum += bestLL[p]!
    }
    history.push(total)
    if (bestSum > bestTotal + 1e-6 * validation.count) {
      bestTotal = bestSum
      sinceBest = 0
    } else sinceBest++
    return total
  }

  const batches = Math.ceil(train.count / options.batchSize)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rng)
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * options.batchSize
      const end = Math.min(order.length, start + options.batchSize)
      gb.fill(0, lo, hi)
      ga.fill(0)
      if (useDense) for (let q = 0; q < hi - 1; q++) gW.fill(0, q * n + Math.max(q + 1, lo), q * n + hi)
      for (let b = start; b < end; b++) {
        const r = order[b]!
        forward(train, r, true)
        const base = r * n
        for (let p = lo; p < hi; p++) {
          const l = logits[p]!
          const prob = l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l))
          const e = train.bits[base + p]! - prob
          errors[p] = e
          gb[p]! += e
          for (let g = 0; g < G; g++) ga[g * n + p]! += e * s[g * n + p]!
        }
        if (useDense) {
          const stop = train.offsets[r + 1]!
          for (let i = train.offsets[r]!; i < stop; i++) {
            const q = train.on[i]!
            if (q >= hi - 1) break
            const row = q * n
            for (let p = q + 1 > lo ? q + 1 : lo; p < hi; p++) gW[row + p]! += errors[p]!
          }
        }
      }
      // Adam ascent on the mean log-likelihood of the batch.
      step++
      const size = end - start
      const c1 = 1 - beta1 ** step
      const c2 = 1 - beta2 ** step
      const rate = (lr * Math.sqrt(c2)) / c1
      for (let p = lo; p < hi; p++) {
        const g = gb[p]! / size
        mb[p] = beta1 * mb[p]! + (1 - beta1) * g
        vb[p] = beta2 * vb[p]! + (1 - beta2) * g * g
        bias[p]! += (rate * mb[p]!) / (Math.sqrt(vb[p]!) + eps)
        for (let f = 0; f < G; f++) {
          const i = f * n + p
          const gf = ga[i]! / size
          ma[i] = beta1 * ma[i]! + (1 - beta1) * gf
          va[i] = beta2 * va[i]! + (1 - beta2) * gf * gf
          a[i]! += (rate * ma[i]!) / (Math.sqrt(va[i]!) + eps)
        }
      }
      if (useDense) {
        const l2 = options.l2
        for (let q = 0; q < hi - 1; q++) {
          const row = q * n
          for (let i = row + (q + 1 > lo ? q + 1 : lo); i < row + hi; i++) {
            const g = gW[i]! / size - l2 * W[i]!
            const m = (mW[i] = beta1 * mW[i]! + (1 - beta1) * g)
            const v = (vW[i] = beta2 * vW[i]! + (1 - beta2) * g * g)
            W[i]! += (rate * m) / (Math.sqrt(v) + eps)
          }
        }
      }
      if (progress !== undefined) progress(epoch, batch + 1, batches)
    }
    lr *= options.decay
    validate()
    if (sinceBest >= options.patience) break
  }
  let bestValidation = 0
  for (let p = lo; p < hi; p++) bestValidation += bestLL[p]!
  return {
    lo,
    hi,
    bias: bestBias,
    dense: useDense ? bestW : undefined,
    featureWeights: bestA,
    history: Float64Array.from(history),
    bestValidation,
  }
}
