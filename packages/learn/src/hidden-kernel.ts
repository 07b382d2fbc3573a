/**
 * The training kernel of logistic image chains with hidden units: at
 * position p
 *
 *   logit_p = b_p + sum_g a_{g,p} s_g(p) + sum_{q < p} D[q, p] x_q + sum_j V[p, j] relu(h_j(p))
 *   h(p) = c + sum_{q < p} x_q U[q]
 *
 * the logistic chain of `logistic-kernel.ts` plus rectified hidden units
 * shared by every position, as in NADE (Larochelle & Murray, 2011; rectified
 * units as in Uria et al., 2016): one pass over an image's positions adds
 * each 'on' pixel's row U[q] to the units, so an image costs O(n H), and the
 * log-likelihood stays exact (each conditional is a Bernoulli).
 *
 * The units tie the positions together, so the positions cannot train apart
 * as in `logistic-kernel.ts`. The images of a minibatch are split instead into
 * a fixed number of shards, each summing its gradient into a buffer of its
 * own; after a barrier, each thread sums the shards (in shard order) over its
 * range of parameters and takes an Adam step there. With the shards fixed,
 * one thread and two give the same parameters, bit for bit.
 *
 * All state lives in one memory block ({@link HiddenArena}): a shared
 * WebAssembly memory when the runtime has one (the units' passes then run in
 * `hidden-units.wat` of `@chainrule/infer`, two units at a time in eight
 * partial sums), else a (shared) array buffer and the typed-array twin of
 * those passes, which sums in the same order. The same function trains in the calling thread or in a
 * worker, over the block it was handed.
 */
import type { HiddenUnitsKernel, SharedMemory } from '@chainrule/infer/internal'
import { hiddenUnitsKernel, sharedMemory } from '@chainrule/infer/internal'
import { createRng, shuffleInPlace } from '@chainrule/models'
import type { ContextFeature, KernelOptions, PositionData } from './logistic-kernel.js'
import { contextOf } from './logistic-kernel.js'
import { reluDot, sigmoid, softplus } from './image-chain.js'
import { barrierOn, failingTogether } from './thread-barrier.js'
import { equalBounds } from './thread-split.js'

/**
 * Where each part of a parameter vector starts (see the module comment for the names). Rows of units are
 * `stride` wide: the number of units rounded up to a multiple of 8 (the kernel's lanes), the extra units'
 * weights all zero.
 */
export interface HiddenLayout {
  readonly n: number
  readonly units: number
  readonly stride: number
  readonly features: number
  readonly dense: boolean
  /** b: n. */
  readonly bias: number
  /** a: features * n, feature-major. */
  readonly featureWeights: number
  /** c: stride. */
  readonly hiddenBias: number
  /** U: n * stride, row q = what position q adds to the units when it is on. */
  readonly input: number
  /** V: n * stride, row p = the units' weights in position p's logit. */
  readonly output: number
  /** D: n * n (q < p used), or empty. */
  readonly denseAt: number
  /** Length of the parameter vector. */
  readonly size: number
}

/** Units per row in a block: `units` rounded up to a multiple of 8. */
export const strideOf = (units: number): number => Math.ceil(units / 8) * 8

/** The parameter layout of a chain with `units` hidden units. */
export const hiddenLayout = (n: number, units: number, features: number, dense: boolean): HiddenLayout => {
  const stride = strideOf(units)
  const bias = 0
  const featureWeights = n
  const hiddenBias = featureWeights + features * n
  const input = hiddenBias + stride
  const output = input + n * stride
  const denseAt = output + n * stride
  return { n, units, stride, features, dense, bias, featureWeights, hiddenBias, input, output, denseAt, size: denseAt + (dense ? n * n : 0) }
}

/** One thread's scratch in the block: doubles at `units` (stride), `active` (n * stride), `logits`, `errors` (n each), `back` (stride); bits at byte `xs` (n). */
export interface ThreadScratch {
  readonly units: number
  readonly active: number
  readonly logits: number
  readonly errors: number
  readonly back: number
  readonly xs: number
}

/** Offsets (in doubles) of everything in the block: parameters, best parameters, Adam moments, shard gradients, validation scores, scratch per thread. */
export interface HiddenArena {
  readonly layout: HiddenLayout
  readonly theta: number
  readonly best: number
  readonly firstMoment: number
  readonly secondMoment: number
  /** Shard s's gradient at gradients + s * size. */
  readonly gradients: number
  /** Log-likelihood of each validation image after the latest epoch. */
  readonly validation: number
  readonly scratch: readonly ThreadScratch[]
  readonly bytes: number
}

/** The arena of a training run. */
export const hiddenArena = (layout: HiddenLayout, validationRows: number, shards: number, threads: number): HiddenArena => {
  const { n, stride, size } = layout
  let at = 0
  const take = (doubles: number): number => {
    const start = at
    at += doubles
    return start
  }
  const theta = take(size)
  const best = take(size)
  const firstMoment = take(size)
  const secondMoment = take(size)
  const gradients = take(shards * size)
  const validation = take(validationRows)
  const scratch: ThreadScratch[] = []
  for (let t = 0; t < threads; t++) {
    const units = take(stride)
    const active = take(n * stride)
    const logits = take(n)
    const errors = take(n)
    const back = take(stride)
    scratch.push({ units, active, logits, errors, back, xs: 8 * take(Math.ceil(n / 8)) })
  }
  return { layout, theta, best, firstMoment, secondMoment, gradients, validation, scratch, bytes: 8 * at }
}

/** The block: a shared WebAssembly memory, or an array buffer (shared when threads run) where the runtime has none. */
export type HiddenMemory = SharedMemory | SharedArrayBuffer | ArrayBuffer

/** A block of `bytes`: WebAssembly's where it can (and `webAssembly` is not false), else a `SharedArrayBuffer` when `shared`, else an `ArrayBuffer`. */
export const hiddenMemory = (bytes: number, shared: boolean, webAssembly = true): HiddenMemory =>
  (webAssembly ? sharedMemory(bytes) : undefined) ?? (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))

/** The bytes of a block (a WebAssembly memory has a `buffer`; array buffers are their own). */
export const bufferOf = (memory: HiddenMemory): ArrayBufferLike => ('buffer' in memory ? memory.buffer : memory)

/** The units' two passes over a block (offsets in doubles, `xs` in bytes): the WebAssembly kernel's, or their typed-array twin. */
export interface UnitPasses {
  /** Add each position's share of the units to logits[logits + p]; with `store`, keep max(units, 0) per position at `active`. */
  readonly forward: (xs: number, bias: number, input: number, output: number, units: number, active: number, logits: number, store: boolean) => void
  /** Add the gradient of the units' weights for the errors at `errors` (after a forward pass with `store`). */
  readonly backward: (xs: number, errors: number, output: number, active: number, back: number, gradInput: number, gradOutput: number, gradBias: number) => void
}

const wasmPasses = (kernel: HiddenUnitsKernel, n: number, stride: number): UnitPasses => ({
  forward: (xs, bias, input, output, units, active, logits, store) => kernel.forward(xs, n, stride, 8 * bias, 8 * input, 8 * output, 8 * units, 8 * active, 8 * logits, store ? 1 : 0),
  backward: (xs, errors, output, active, back, gradInput, gradOutput, gradBias) =>
    kernel.backward(xs, 8 * errors, n, stride, 8 * output, 8 * active, 8 * back, 8 * gradInput, 8 * gradOutput, 8 * gradBias),
})

/** The typed-array twin of `hidden-units.wat`: the same sums in the same order (`reluDot`'s eight lanes), so the same bits. */
const typedPasses = (f64: Float64Array, u8: Uint8Array, n: number, stride: number): UnitPasses => ({
  forward: (xs, bias, input, output, units, active, logits, store) => {
    f64.copyWithin(units, bias, bias + stride)
    for (let p = 0; p < n; p++) {
      if (store) for (let j = 0; j < stride; j++) f64[active + p * stride + j] = f64[units + j]! > 0 ? f64[units + j]! : 0
      f64[logits + p]! += reluDot(f64, units, f64, output + p * stride, stride)
      if (u8[xs + p] !== 0) {
        const row = input + p * stride
        for (let j = 0; j < stride; j++) f64[units + j]! += f64[row + j]!
      }
    }
  },
  backward: (xs, errors, output, active, back, gradInput, gradOutput, gradBias) => {
    f64.fill(0, back, back + stride)
    for (let p = n - 1; p >= 0; p--) {
      const row = p * stride
      if (u8[xs + p] !== 0) for (let j = 0; j < stride; j++) f64[gradInput + row + j]! += f64[back + j]!
      const e = f64[errors + p]!
      for (let j = 0; j < stride; j++) {
        const h = f64[active + row + j]!
        f64[gradOutput + row + j]! += e * h
        f64[back + j]! += h > 0 ? e * f64[output + row + j]! : 0
      }
    }
    for (let j = 0; j < stride; j++) f64[gradBias + j]! += f64[back + j]!
  },
})

/** The passes over `memory`: WebAssembly's when it is a WebAssembly memory (and `webAssembly` is not false), else the twin. */
export const unitPasses = (memory: HiddenMemory, n: number, stride: number, webAssembly = true): UnitPasses => {
  const buffer = bufferOf(memory)
  // Only a WebAssembly memory is not its own buffer.
  const kernel = webAssembly && buffer !== memory ? hiddenUnitsKernel(memory as SharedMemory) : undefined
  return kernel !== undefined ? wasmPasses(kernel, n, stride) : typedPasses(new Float64Array(buffer), new Uint8Array(buffer), n, stride)
}

/** One thread's part of a training run. */
export interface HiddenShardJob {
  readonly arena: HiddenArena
  readonly memory: HiddenMemory
  readonly train: PositionData
  readonly validation: PositionData
  readonly features: readonly ContextFeature[]
  readonly options: KernelOptions
  readonly shards: number
  readonly thread: number
  readonly threads: number
  /** The threads' barrier (`thread-barrier.ts`): [arrived, generation, failed]. */
  readonly sync: Int32Array
}

/** What thread 0 returns: the validation log-likelihood (summed over images) after each epoch, and the best. */
export interface HiddenShardResult {
  readonly history: Float64Array
  readonly bestValidation: number
}

/** Start values at `theta`: biases given, feature weights 1/G, small random hidden weights (pre-activations of spread about 0.5), dense part 0. */
export const initialParameters = (layout: HiddenLayout, bias: Float64Array, meanOn: number, seed: number, f64: Float64Array, theta: number): void => {
  const { n, units, stride, features } = layout
  f64.fill(0, theta, theta + layout.size)
  f64.set(bias, theta + layout.bias)
  f64.fill(features > 0 ? 1 / features : 0, theta + layout.featureWeights, theta + layout.featureWeights + features * n)
  const rng = createRng(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float())
  const inputSpread = 0.5 / Math.sqrt(Math.max(1, meanOn))
  for (let q = 0; q < n; q++) for (let j = 0; j < units; j++) f64[theta + layout.input + q * stride + j] = inputSpread * normal()
  for (let p = 0; p < n; p++) for (let j = 0; j < units; j++) f64[theta + layout.output + p * stride + j] = 0.01 * normal()
}

/** The forward and backward passes of one image over the block, with thread scratch `scratch` and feature values of its own. */
export const imagePasses = (arena: HiddenArena, memory: HiddenMemory, features: readonly ContextFeature[], scratch: ThreadScratch, webAssembly = true) => {
  const { layout } = arena
  const { n, stride, dense } = layout
  const G = features.length
  const buffer = bufferOf(memory)
  const f64 = new Float64Array(buffer)
  const u8 = new Uint8Array(buffer)
  const units = unitPasses(memory, n, stride, webAssembly)
  const values = new Float64Array(n * G)
  const { logits, errors } = scratch

  /** Log-likelihood of image r under the parameters at `theta`; leaves the logits, feature values and active units for `backward`. */
  const forward = (theta: number, data: PositionData, r: number, training: boolean): number => {
    const base = r * n
    u8.set(data.bits.subarray(base, base + n), scratch.xs)
    for (let p = 0; p < n; p++) f64[logits + p] = f64[theta + layout.bias + p]!
    for (let g = 0; g < G; g++) {
      const f = features[g]!
      const rows = 1 << f.k
      const weights = theta + layout.featureWeights + g * n
      for (let p = 0; p < n; p++) {
        const cell = p * rows + contextOf(f, p, data.bits, base)
        const value = !training ? f.logits[cell]! : data.bits[base + p] === 1 ? f.looOn[cell]! : f.looOff[cell]!
        values[p * G + g] = value
        f64[logits + p]! += f64[weights + p]! * value
      }
    }
    if (dense) {
      const end = data.offsets[r + 1]!
      for (let i = data.offsets[r]!; i < end; i++) {
        const q = data.on[i]!
        const row = theta + layout.denseAt + q * n
        for (let p = q + 1; p < n; p++) f64[logits + p]! += f64[row + p]!
      }
    }
    units.forward(scratch.xs, theta + layout.hiddenBias, theta + layout.input, theta + layout.output, scratch.units, scratch.active, logits, true)
    let ll = 0
    for (let p = 0; p < n; p++) {
      const l = f64[logits + p]!
      ll -= data.bits[base + p] === 1 ? softplus(-l) : softplus(l)
    }
    return ll
  }

  /** Add the gradient of minus the log-likelihood of image r (after `forward`) at `grad`. */
  const backward = (theta: number, data: PositionData, r: number, grad: number): void => {
    const base = r * n
    for (let p = 0; p < n; p++) {
      const l = f64[logits + p]!
      const e = sigmoid(l) - data.bits[base + p]!
      f64[errors + p] = e
      f64[grad + layout.bias + p]! += e
      for (let g = 0; g < G; g++) f64[grad + layout.featureWeights + g * n + p]! += e * values[p * G + g]!
    }
    if (dense) {
      const end = data.offsets[r + 1]!
      for (let i = data.offsets[r]!; i < end; i++) {
        const q = data.on[i]!
        const row = grad + layout.denseAt + q * n
        for (let p = q + 1; p < n; p++) f64[row + p]! += f64[errors + p]!
      }
    }
    units.backward(scratch.xs, errors, theta + layout.output, scratch.active, scratch.back, grad + layout.input, grad + layout.output, grad + layout.hiddenBias)
  }

  return { forward, backward, f64 }
}

/**
 * Train (one thread's part): every thread runs this with the same job but its
 * own `thread`; thread 0's result carries the history. The best parameters
 * (by validation log-likelihood) end at `arena.best`. A thread that throws
 * marks the barrier failed, so the others stop waiting for it and throw too.
 */
export const trainHiddenShard = (job: HiddenShardJob, progress?: (epoch: number, batch: number, batches: number) => void): HiddenShardResult =>
  failingTogether(job.sync, () => trainShard(job, progress))

const trainShard = (job: HiddenShardJob, progress?: (epoch: number, batch: number, batches: number) => void): HiddenShardResult => {
  const { arena, memory, train, validation, features, options, shards, thread, threads } = job
  const { theta, best, firstMoment: m, secondMoment: v, gradients } = arena
  const P = arena.layout.size
  const meet = barrierOn(job.sync, threads)
  const passes = imagePasses(arena, memory, features, arena.scratch[thread]!)
  const f64 = passes.f64
  const params = equalBounds(P, threads)
  const [paramLo, paramHi] = [params[thread]!, params[thread + 1]!]
  const validations = equalBounds(validation.count, threads)
  const [validationLo, validationHi] = [validations[thread]!, validations[thread + 1]!]
  const order = new Int32Array(train.count)
  for (let i = 0; i < order.length; i++) order[i] = i
  // Every thread draws the same permutation, so all agree on each batch.
  const rng = createRng(options.seed)
  const { beta1, beta2, eps } = { beta1: 0.9, beta2: 0.999, eps: 1e-8 }
  const l2 = options.l2
  const denseLo = arena.layout.dense ? arena.layout.denseAt : P
  const history: number[] = []
  let bestTotal = -Infinity
  let sinceBest = 0
  let step = 0
  let lr = options.learningRate
  const batches = Math.ceil(train.count / options.batchSize)
  f64.copyWithin(best + paramLo, theta + paramLo, theta + paramHi)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rng)
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * options.batchSize
      const end = Math.min(order.length, start + options.batchSize)
      const inBatch = equalBounds(end - start, shards)
      for (let s = thread; s < shards; s += threads) {
        for (let b = start + inBatch[s]!; b < start + inBatch[s + 1]!; b++) {
          passes.forward(theta, train, order[b]!, true)
          passes.backward(theta, train, order[b]!, gradients + s * P)
        }
      }
      meet()
      // Adam descent on the mean negative log-likelihood of the batch, over this thread's parameters.
      step++
      const size = end - start
      const rate = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step)
      for (let i = paramLo; i < paramHi; i++) {
        let g = 0
        for (let s = 0; s < shards; s++) {
          g += f64[gradients + s * P + i]!
          f64[gradients + s * P + i] = 0
        }
        g /= size
        if (i >= denseLo) g += l2 * f64[theta + i]!
        const first = (f64[m + i] = beta1 * f64[m + i]! + (1 - beta1) * g)
        const second = (f64[v + i] = beta2 * f64[v + i]! + (1 - beta2) * g * g)
        f64[theta + i]! -= (rate * first) / (Math.sqrt(second) + eps)
      }
      meet()
      if (progress !== undefined) progress(epoch, batch + 1, batches)
    }
    lr *= options.decay
    for (let r = validationLo; r < validationHi; r++) f64[arena.validation + r] = passes.forward(theta, validation, r, false)
    meet()
    // Every thread sums the same numbers in the same order, so all take the same decisions.
    let total = 0
    for (let r = 0; r < validation.count; r++) total += f64[arena.validation + r]!
    history.push(total)
    if (total > bestTotal + 1e-6 * validation.count) {
      bestTotal = total
      sinceBest = 0
      f64.copyWithin(best + paramLo, theta + paramLo, theta + paramHi)
    } else sinceBest++
    if (sinceBest >= options.patience) break
  }
  return { history: Float64Array.from(history), bestValidation: bestTotal }
}
