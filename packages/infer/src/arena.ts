/**
 * One block of memory for a compiled tree's tables, and the kernels that run
 * over it. When WebAssembly is available (Node, browsers, workers) the block
 * is a WebAssembly memory and the propagation kernels are compiled from
 * `wasm/kernels.wat`; tables outside the block (a caller's output array, an
 * evidence vector) and engines without WebAssembly fall back to the
 * typed-array kernels of `kernels.ts`, which compute the same sums in the same
 * order. The memory never grows, so the views handed out stay valid.
 */
import { multiplyBy as multiplyByJs, projectSum as projectSumJs, type Walk } from './kernels.js'
import { kernelsWasm } from './wasm/kernels-wasm.js'
import { instantiate } from './wasm-instance.js'

/** The kernels propagation calls, bound to where its tables live. */
export interface Kernels {
  /** out[index(a)] += values[a] for every entry a; `out` is overwritten. */
  readonly projectSum: (values: Float64Array, walk: Walk, out: Float64Array) => void
  /** out[a] = values[a] * factor[index(a)] for every entry a; `out` defaults to `values`. */
  readonly multiplyBy: (values: Float64Array, walk: Walk, factor: Float64Array, out?: Float64Array) => void
}

/** The typed-array kernels (no WebAssembly). */
export const typedArrayKernels: Kernels = { projectSum: projectSumJs, multiplyBy: multiplyByJs }

/** Hands out tables, and walks whose cards and strides the kernels can read, from one block. */
export interface Arena {
  readonly float64: (length: number) => Float64Array
  readonly walk: (walk: Walk) => Walk
  readonly kernels: Kernels
  /** 'webassembly' when the block is a WebAssembly memory run by compiled kernels. */
  readonly kind: 'webassembly' | 'typed-array'
}

/** Below this many entries a call into WebAssembly costs more than the typed-array loop it replaces. */
const SMALL = 64
/** Bytes for the odometer's counters (64 dimensions at most, see kernels.ts). */
const COUNTER_BYTES = 256

/** Bytes an arena needs for walks of `dimensions` merged dimensions in all. */
export const walkBytes = (dimensions: number, walks: number): number => 8 * dimensions + 8 * walks

/**
 * An arena of at least `bytes` (tables and walks, see {@link walkBytes}):
 * WebAssembly-backed when `webAssembly` is set and the runtime has it, else
 * plain typed arrays.
 */
export const createArena = (bytes: number, webAssembly = true): Arena => {
  const instance = webAssembly ? instantiate<WasmKernels>(kernelsWasm, bytes + COUNTER_BYTES + 64) : undefined
  // Without WebAssembly (or refused): typed arrays still work.
  if (instance === undefined) return typedArrayArena(bytes)
  const { exports, buffer } = instance
  const counter = 0
  let next = COUNTER_BYTES
  const take = (byteLength: number): number => {
    const at = next
    next += Math.ceil(byteLength / 8) * 8
    if (next > buffer.byteLength) throw new RangeError(`arena of ${buffer.byteLength} bytes is full`)
    return at
  }
  const inBlock = (a: ArrayBufferView): boolean => a.buffer === buffer
  const walkInBlock = (walk: Walk): boolean => walk.cards.length > 0 && walk.cards.buffer === buffer && walk.strides.buffer === buffer
  return {
    kind: 'webassembly',
    float64: (length) => new Float64Array(buffer, take(8 * length), length),
    walk: (walk) => {
      const d = walk.cards.length
      const cards = new Int32Array(buffer, take(4 * d), d)
      const strides = new Int32Array(buffer, take(4 * d), d)
      cards.set(walk.cards)
      strides.set(walk.strides)
      return { cards, strides }
    },
    kernels: {
      projectSum: (values, walk, out) => {
        if (values.length < SMALL || !(walkInBlock(walk) && inBlock(values) && inBlock(out))) return projectSumJs(values, walk, out)
        exports.projectSum(values.byteOffset, values.length, walk.cards.byteOffset, walk.strides.byteOffset, walk.cards.length, out.byteOffset, out.length, counter)
      },
      multiplyBy: (values, walk, factor, out = values) => {
        if (values.length < SMALL || !(walkInBlock(walk) && inBlock(values) && inBlock(factor) && inBlock(out))) return multiplyByJs(values, walk, factor, out)
        exports.multiplyBy(values.byteOffset, values.length, walk.cards.byteOffset, walk.strides.byteOffset, walk.cards.length, factor.byteOffset, out.byteOffset, counter)
      },
    },
  }
}

/** Tables carved from one buffer of `bytes` (one allocation, not one per table); past it, tables of their own. */
const typedArrayArena = (bytes: number): Arena => {
  const block = new Float64Array(Math.ceil(bytes / 8))
  let next = 0
  return {
    kind: 'typed-array',
    float64: (length) => {
      if (next + length > block.length) return new Float64Array(length)
      next += length
      return block.subarray(next - length, next)
    },
    walk: (walk) => walk,
    kernels: typedArrayKernels,
  }
}

interface WasmKernels {
  readonly projectSum: (values: number, n: number, cards: number, strides: number, d: number, out: number, outLength: number, counter: number) => void
  readonly multiplyBy: (values: number, n: number, cards: number, strides: number, d: number, factor: number, out: number, counter: number) => void
}
