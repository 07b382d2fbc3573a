/**
 * The hidden units' share of a block of logits (`score-chain.ts`), in
 * WebAssembly where the runtime has it: a chain's units are copied once
 * into a memory of their own (rows padded to a multiple of 8 units, the
 * extra units all zeros), beside room for a block's bits and shares, and
 * cached with the chain's `HiddenUnits`. The kernel sums in the order of
 * `image-chain.ts`'s `reluDot`, so the logits are the bits of the
 * typed-array loop, which a nested call (the memory busy) and a runtime
 * without WebAssembly keep.
 */
import type { HiddenUnits } from './image-chain.js'
import { addHidden } from './image-chain.js'
import type { UnitPasses } from './hidden-kernel.js'
import { sharedMemory } from '@chainrule/infer/internal'
import { strideOf, unitPasses } from './hidden-kernel.js'

interface HiddenBlock {
  readonly passes: UnitPasses
  readonly f64: Float64Array
  readonly u8: Uint8Array
  /** Offsets in doubles of the padded bias, input and output rows, the units' scratch and the block's shares; `xs` in bytes. */
  readonly bias: number
  readonly input: number
  readonly output: number
  readonly units: number
  readonly shares: number
  readonly xs: number
  readonly block: number
  busy: boolean
}

const blocks = new WeakMap<HiddenUnits, HiddenBlock | null>()

const blockOf = (hidden: HiddenUnits, n: number, block: number): HiddenBlock | null => {
  const cached = blocks.get(hidden)
  if (cached !== undefined && (cached === null || cached.block >= block)) return cached
  const { units: H } = hidden
  const stride = strideOf(H)
  const bias = 0
  const input = stride
  const output = input + n * stride
  const units = output + n * stride
  const shares = units + stride
  const xs = 8 * (shares + block * n)
  // Without WebAssembly a block would only copy what the typed-array loop reads in place.
  const memory = sharedMemory(xs + block * n)
  if (memory === undefined) {
    blocks.set(hidden, null)
    return null
  }
  const buffer = memory.buffer
  const f64 = new Float64Array(buffer)
  f64.set(hidden.bias, bias)
  for (let r = 0; r < n; r++) {
    f64.set(hidden.input.subarray(r * H, (r + 1) * H), input + r * stride)
    f64.set(hidden.output.subarray(r * H, (r + 1) * H), output + r * stride)
  }
  const made: HiddenBlock = { passes: unitPasses(memory, n, stride), f64, u8: new Uint8Array(buffer), bias, input, output, units, shares, xs, block, busy: false }
  blocks.set(hidden, made)
  return made
}

/**
 * Add the hidden units' share to the logits of `count` images: bits `xs[j * n + p]`, logits `logits[j * n + p]`;
 * `units` is scratch of length `hidden.units` for the typed-array loop (which `webAssembly: false` asks for).
 */
export const addHiddenBlock = (hidden: HiddenUnits, n: number, xs: Uint8Array, count: number, logits: Float64Array, units: Float64Array, webAssembly = true): void => {
  const kernel = webAssembly ? blockOf(hidden, n, count) : null
  if (kernel === null || kernel.busy) {
    for (let j = 0; j < count; j++) addHidden(hidden, n, xs, j * n, logits, j * n, units)
    return
  }
  kernel.busy = true
  try {
    const { f64, u8 } = kernel
    u8.set(xs.subarray(0, count * n), kernel.xs)
    f64.fill(0, kernel.shares, kernel.shares + count * n)
    for (let j = 0; j < count; j++) kernel.passes.forward(kernel.xs + j * n, kernel.bias, kernel.input, kernel.output, kernel.units, 0, kernel.shares + j * n, false)
    for (let i = 0; i < count * n; i++) logits[i]! += f64[kernel.shares + i]!
  } finally {
    kernel.busy = false
  }
}
