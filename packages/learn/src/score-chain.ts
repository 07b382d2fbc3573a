/**
 * Exact log-likelihood of binary images under a {@link BinaryChain}, in nats,
 * one number per image. Images are scored in blocks of 1,024, position by
 * position, so that each position's context table (up to 32 KB) is read for
 * the whole block while it sits in cache instead of once per image (scattered
 * reads into tens of megabytes were the cost; blocks of 512 scored 10,000
 * MNIST images about a fifth faster than blocks of 64, and blocks of 1,024 a
 * little faster again). A context index is built from the parents' words of
 * on-bits, touching only the images that have a parent on. The dense part
 * adds, for every group of 4 consecutive positions with some pixel on, one
 * precomputed row (the sum of those pixels' rows of W, for each of the 16
 * patterns), which halves the additions on MNIST-like images; the patterns are
 * computed once per weight matrix and cached. Hidden units add their share
 * image by image, in WebAssembly where it runs (`hidden-block.ts`). Scratch
 * buffers are allocated once per call.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ImageMatrix } from './image-data.js'
import type { LearnError } from './errors.js'
import type { BinaryChain } from './image-chain.js'
import { addHiddenBlock } from './hidden-block.js'
import type { ProgressCallback } from './image-progress.js'
import type { Threads } from './threads.js'
import { imageRange, splitOnThreads } from './thread-split.js'
import { patternRowsKernel, type PatternRowsKernel } from '@chainrule/infer/internal'

/**
 * Images per block: each position's tables are read for all of them at once; the block's bits and logits
 * take about 7 MB for 784 pixels. Exported for the tests, which span several blocks.
 */
export const SCORE_BLOCK = 1024
const GROUP = 4

/**
 * Pattern rows of a dense matrix: for group k (positions 4k..4k+3) and
 * pattern m, row[(k * 16 + m) * n + p] = sum over set bits j of W[4k + j, p]
 * for 4k + j < p (zero elsewhere). Kept in a WebAssembly memory with the kernel
 * that adds them to a block (`pattern-rows.ts`) where the runtime allows.
 */
interface PatternRows {
  readonly rows: Float64Array
  readonly kernel: PatternRowsKernel | undefined
}
const patternCache = new WeakMap<Float64Array, PatternRows>()
const patternsOf = (dense: Float64Array, n: number): PatternRows => {
  const cached = patternCache.get(dense)
  if (cached !== undefined) return cached
  const groups = Math.ceil(n / GROUP)
  const kernel = patternRowsKernel(n, groups, SCORE_BLOCK)
  const rows = kernel?.patterns ?? new Float64Array(groups * 16 * n)
  for (let k = 0; k < groups; k++)
    for (let m = 1; m < 16; m++) {
      const out = (k * 16 + m) * n
      for (let j = 0; j < GROUP; j++) {
        const q = k * GROUP + j
        if (((m >> j) & 1) === 0 || q >= n) continue
        for (let p = q + 1; p < n; p++) rows[out + p]! += dense[q * n + p]!
      }
    }
  const patterns = { rows, kernel }
  patternCache.set(dense, patterns)
  return patterns
}

/**
 * The typed-array twin of the WebAssembly kernel (`pattern-rows.wat` of `@chainrule/infer`): for image
 * j < count and group k with pattern m = masks[j * groups + k] > 0, row (k * 16 + m) of `patterns` is added
 * to positions 4k + 1 .. n - 1 of image j's logits, four positions at a time (about a tenth faster than one).
 */
const addPatternRows = (logits: Float64Array, patterns: Float64Array, masks: Uint8Array, count: number, groups: number, n: number): void => {
  for (let j = 0; j < count; j++)
    for (let k = 0; k < groups; k++) {
      const m = masks[j * groups + k]!
      if (m === 0) continue
      const end = (j + 1) * n
      let at = j * n + k * GROUP + 1
      let from = (k * 16 + m) * n + k * GROUP + 1
      for (; at + 3 < end; at += 4, from += 4) {
        logits[at]! += patterns[from]!
        logits[at + 1]! += patterns[from + 1]!
        logits[at + 2]! += patterns[from + 2]!
        logits[at + 3]! += patterns[from + 3]!
      }
      for (; at < end; at++, from++) logits[at]! += patterns[from]!
    }
}

/** Options of {@link chainLogLikelihoods}. */
export interface ScoreOptions {
  /** Write the results here (length >= images.rows) instead of a fresh array. */
  readonly out?: Float64Array
  /** Called now and then with (images done, total). */
  readonly progress?: ProgressCallback
  /** Run the dense part and the hidden units in WebAssembly where the runtime has it (default true; false: the typed-array loops, the same numbers). */
  readonly webAssembly?: boolean
}

/**
 * Walk the images in blocks of up to {@link SCORE_BLOCK} and hand each block's bits
 * (image-major, position order: `xs[j * n + p]`) and logits
 * (`logits[j * n + p]`, the log-odds of x_p = 1 given the earlier pixels) to `visit`.
 */
export const forEachLogitBlock = (
  chain: BinaryChain,
  images: ImageMatrix,
  visit: (first: number, count: number, xs: Uint8Array, logits: Float64Array) => void,
  options: { readonly webAssembly?: boolean } = {},
): void => {
  const n = chain.n
  const { bias, dense, contexts, ordering, hidden } = chain
  const densePart = dense === undefined ? undefined : patternsOf(dense, n)
  const patterns = densePart?.rows
  // The WebAssembly kernel's memory holds one block's logits: a nested call (or webAssembly: false) adds in typed arrays.
  const kernel = options.webAssembly !== false && densePart?.kernel?.busy === false ? densePart.kernel : undefined
  const groups = Math.ceil(n / GROUP)
  // Blocks of SCORE_BLOCK images, smaller when there are fewer images (a whole number of mask words).
  const block = Math.min(SCORE_BLOCK, 32 * Math.max(1, Math.ceil(images.rows / 32)))
  const words = block / 32
  // Bits image-major (xs[j * n + p]) for the dense part and the Bernoulli terms, and per position p which
  // images of the block have the pixel on: image j is bit j % 32 of word on[p * words + j / 32].
  const xs = new Uint8Array(block * n)
  const on = new Int32Array(n * words)
  const index = new Int32Array(block)
  const units = new Float64Array(hidden?.units ?? 0)
  const logits = kernel === undefined ? new Float64Array(block * n) : kernel.logits.subarray(0, block * n)
  const masks = kernel === undefined ? new Uint8Array(patterns === undefined ? 0 : block * groups) : kernel.masks
  if (kernel !== undefined) kernel.busy = true
  try {
    for (let r0 = 0; r0 < images.rows; r0 += block) {
      const b = Math.min(block, images.rows - r0)
      on.fill(0)
      for (let j = 0; j < b; j++) {
        const source = (r0 + j) * n
        const base = j * n
        for (let p = 0; p < n; p++) {
          const bit = images.pixels[source + ordering[p]!]!
          xs[base + p] = bit
          if (bit !== 0) on[p * words + (j >> 5)]! |= 1 << (j & 31)
        }
        logits.set(bias, base)
      }
      if (patterns !== undefined) {
        // Each image's pattern per group, then the rows they name: in the kernel's memory, or here.
        for (let j = 0; j < b; j++)
          for (let k = 0; k < groups; k++) {
            const q = k * GROUP
            let m = 0
            for (let i = 0; i < GROUP && q + i < n; i++) m |= xs[j * n + q + i]! << i
            masks[j * groups + k] = m
          }
        if (kernel !== undefined) kernel.add(b)
        else addPatternRows(logits, patterns, masks, b, groups, n)
      }
      // A context index has parent i (of c) at bit c - 1 - i. Most pixels are off (the background), so each
      // parent sets its bit only in the images that have it on, read off its words of on-bits.
      for (const g of contexts) {
        const rows = 1 << g.k
        for (let p = 0; p < n; p++) {
          const c = g.counts[p]!
          const at = p * g.k
          const table = p * rows
          index.fill(0)
          for (let i = 0; i < c; i++) {
            const first = g.parents[at + i]! * words
            const bit = 1 << (c - 1 - i)
            for (let w = 0; w < words; w++)
              for (let bits = on[first + w]!; bits !== 0; bits &= bits - 1) index[w * 32 + 31 - Math.clz32(bits & -bits)]! |= bit
          }
          for (let j = 0; j < b; j++) logits[j * n + p]! += g.logits[table + index[j]!]!
        }
      }
      if (hidden !== undefined) addHiddenBlock(hidden, n, xs, b, logits, units, options.webAssembly !== false)
      visit(r0, b, xs, logits)
    }
  } finally {
    if (kernel !== undefined) kernel.busy = false
  }
}

/**
 * log p(x_p | x_<p) summed over positions, from the log-odds: -softplus(z)
 * with z = -l for x = 1, l for x = 0, and softplus(z) = max(z, 0) + log(1 + e^-|z|).
 * The second terms are summed as the log of a product of factors in (1, 2],
 * one log per 512 positions (2^512 cannot overflow).
 */
export const bernoulliLogLikelihood = (xs: Uint8Array, logits: Float64Array, base: number, n: number, offsets?: Float64Array, at = 0): number => {
  let ll = 0
  let product = 1
  for (let p = 0; p < n; p++) {
    const l = offsets === undefined ? logits[base + p]! : logits[base + p]! + offsets[at + p]!
    const z = xs[base + p] === 1 ? -l : l
    if (z > 0) {
      ll -= z
      product *= 1 + Math.exp(-z)
    } else product *= 1 + Math.exp(z)
    if ((p & 511) === 511) {
      ll -= Math.log(product)
      product = 1
    }
  }
  return ll - Math.log(product)
}

const checkImages = (chain: BinaryChain, images: ImageMatrix): E.Either<LearnError, ImageMatrix> =>
  images.width * images.height === chain.n
    ? E.right(images)
    : E.left({ _tag: 'ShapeMismatch', what: 'pixels per image', expected: chain.n, got: images.width * images.height })

/**
 * log p(x) in nats for every image (row) of `images`.
 * Errors: images whose size differs from the chain's, an `out` array that is too short.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainLogLikelihoods } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     // Every one of the 16 possible images scored: their probabilities sum to 1
 *     const every = imageMatrix(Uint8Array.from({ length: 64 }, (_, i) => (Math.floor(i / 4) >> (i % 4)) & 1), 2, 2)
 *     const ll = E.isRight(every) ? chainLogLikelihoods(fit.right.chain, every.right) : every
 *     E.isRight(ll) && Array.from(ll.right, Math.exp).reduce((a, b) => a + b, 0) // ~> 1
 *   }
 * }
 * ```
 */
export const chainLogLikelihoods = (
  chain: BinaryChain,
  images: ImageMatrix,
  options: ScoreOptions = {},
): E.Either<LearnError, Float64Array> => {
  const checked = checkImages(chain, images)
  if (E.isLeft(checked)) return checked
  const n = chain.n
  const out = options.out ?? new Float64Array(images.rows)
  if (out.length < images.rows) return E.left({ _tag: 'ShapeMismatch', what: 'out length', expected: images.rows, got: out.length })
  const every = Math.max(1, Math.floor(images.rows / 100))
  forEachLogitBlock(
    chain,
    images,
    (r0, b, xs, logits) => {
      for (let j = 0; j < b; j++) {
        out[r0 + j] = bernoulliLogLikelihood(xs, logits, j * n, n)
        if (options.progress !== undefined && (r0 + j + 1) % every === 0) options.progress(r0 + j + 1, images.rows)
      }
    },
    { webAssembly: options.webAssembly !== false },
  )
  return E.right(out)
}

/** One thread's share of {@link chainLogLikelihoodsOnThreads}: a chain and a range of images. */
export interface ChainScoreJob {
  readonly chain: BinaryChain
  readonly images: ImageMatrix
}

/**
 * The log-likelihoods of a job's images (the worker side of
 * {@link chainLogLikelihoodsOnThreads}; images were checked by the caller).
 *
 * Used as (package-internal, not exported): `finishJob(scoreChainJob(workerData))` in `score-worker.ts`.
 */
export const scoreChainJob = (job: ChainScoreJob): Float64Array => {
  const scored = chainLogLikelihoods(job.chain, job.images)
  if (E.isLeft(scored)) throw new Error(`chainScore: ${scored.left._tag}`)
  return scored.right
}

/**
 * {@link chainLogLikelihoods} split over `threads` (for instance `workerThreads(2)` of
 * `@chainrule/learn/node`): the images are cut into `threads.count` ranges of equal size; the
 * first is scored on this thread while the threads score the others, each with its own copy of
 * the chain. Every image's number is computed by the same code as in one thread, so the results
 * are the same. A thread that fails is a `WorkerFailed` error.
 *
 * @example
 * ```ts
 * import { chainLogLikelihoods, chainLogLikelihoodsOnThreads, imageMatrix, learnTableChain } from '@chainrule/learn'
 * import { workerThreads } from '@chainrule/learn/node'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     // Half the images on this thread, half on a worker thread: the same numbers as one thread
 *     const split = await chainLogLikelihoodsOnThreads(fit.right.chain, images.right, workerThreads(2))
 *     const one = chainLogLikelihoods(fit.right.chain, images.right)
 *     E.isRight(split) && E.isRight(one) && split.right.every((x, i) => x === one.right[i]) // => true
 *   }
 * }
 * ```
 */
export const chainLogLikelihoodsOnThreads = async (chain: BinaryChain, images: ImageMatrix, threads: Threads): Promise<E.Either<LearnError, Float64Array>> => {
  const checked = checkImages(chain, images)
  if (E.isLeft(checked)) return checked
  const out = new Float64Array(images.rows)
  try {
    const split = await splitOnThreads<E.Either<LearnError, Float64Array>, Float64Array>(
      images.rows,
      threads,
      'chainScore',
      (lo, hi): ChainScoreJob => ({ chain, images: imageRange(images, lo, hi) }),
      (lo, hi) => chainLogLikelihoods(chain, imageRange(images, lo, hi), { out }),
    )
    if (E.isLeft(split.here)) return split.here
    split.elsewhere.forEach((r, k) => out.set(r, split.bounds[k + 1]!))
  } catch (e) {
    return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
  }
  return E.right(out)
}

/**
 * Every image's bits and log-odds in the chain's position order: `bits[r * n + p]` is the pixel at
 * position p of image r and `logits[r * n + p]` the log-odds of it being 1 given the earlier ones.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainLogits } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * if (E.isRight(images) && E.isRight(s)) {
 *   const fit = learnTableChain(images.right, s.right, { validation: images.right })
 *   if (E.isRight(fit)) {
 *     const out = chainLogits(fit.right.chain, images.right)
 *     // One bit and one log-odds per image and position
 *     E.isRight(out) && [out.right.bits.length, out.right.logits.length] // => [16, 16]
 *   }
 * }
 * ```
 */
export const chainLogits = (chain: BinaryChain, images: ImageMatrix): E.Either<LearnError, { readonly bits: Uint8Array; readonly logits: Float64Array }> => {
  const checked = checkImages(chain, images)
  if (E.isLeft(checked)) return checked
  const n = chain.n
  const bits = new Uint8Array(images.rows * n)
  const logits = new Float64Array(images.rows * n)
  forEachLogitBlock(chain, images, (r0, b, xs, block) => {
    bits.set(xs.subarray(0, b * n), r0 * n)
    logits.set(block.subarray(0, b * n), r0 * n)
  })
  return E.right({ bits, logits })
}

/** Summary of a scored set: mean negative log-likelihood (nats per image) and bits per dimension. */
export interface NllSummary {
  readonly meanNll: number
  readonly bitsPerDimension: number
  /** Standard error of the mean NLL. */
  readonly standardError: number
}

/**
 * Mean NLL in nats per image, its standard error, and bits per dimension
 * (meanNll / (dimensions * ln 2)).
 *
 * @example
 * ```ts
 * import { nllSummary } from '@chainrule/learn'
 * const summary = nllSummary(Float64Array.of(-90, -100), 784)
 * const figures = [summary.meanNll, summary.standardError] // => [95, 5]
 * summary.bitsPerDimension // ~> 95 / 784 / Math.LN2
 * ```
 */
export const nllSummary = (logLikelihoods: Float64Array, dimensions: number): NllSummary => {
  const m = logLikelihoods.length
  let sum = 0
  for (let i = 0; i < m; i++) sum -= logLikelihoods[i]!
  const mean = sum / m
  let squares = 0
  for (let i = 0; i < m; i++) squares += (-logLikelihoods[i]! - mean) ** 2
  const standardError = m > 1 ? Math.sqrt(squares / (m - 1) / m) : 0
  return { meanNll: mean, bitsPerDimension: mean / (dimensions * Math.LN2), standardError }
}
