/**
 * The hidden units of a binary chain (`@chainrule/learn`'s image chains with
 * `hidden`) in WebAssembly (`wasm/hidden-units.wat`): the forward pass of an
 * image (each position's share of the units, and optionally the active units
 * for training) and the backward pass (the gradient of the units' weights),
 * two units at a time (f64x2, four accumulators). Every pointer is a byte
 * offset into one shared memory (`sharedMemory`), which training threads
 * share: each thread instantiates the module over the memory it was handed.
 * The number of units in a call is a multiple of 8 (callers pad with units of
 * zero weights). Undefined where the runtime has no WebAssembly threads: learn
 * then keeps its typed-array twin, which sums in the same order, to the same
 * bits.
 */
import { hiddenUnitsWasm } from './wasm/hidden-units-wasm.js'
import { instantiateShared, type SharedMemory } from './wasm-instance.js'

export type { SharedMemory } from './wasm-instance.js'
export { sharedMemory } from './wasm-instance.js'

/** The kernel's two passes over a shared memory (see `wasm/hidden-units.wat` for the arguments). */
export interface HiddenUnitsKernel {
  /** The memory the kernel runs over. */
  readonly memory: SharedMemory
  /** One image's forward pass: each position's share of the units added to its logit (`hiddenForward`). */
  readonly forward: (xs: number, n: number, units: number, bias: number, input: number, output: number, scratch: number, active: number, logits: number, store: number) => void
  /** One image's backward pass: the gradient of the units' weights added (`hiddenBackward`). */
  readonly backward: (xs: number, errors: number, n: number, units: number, output: number, active: number, back: number, gradInput: number, gradOutput: number, gradBias: number) => void
}

interface HiddenUnitsExports {
  readonly hiddenForward: HiddenUnitsKernel['forward']
  readonly hiddenBackward: HiddenUnitsKernel['backward']
}

/** The kernel over `memory` (made by `sharedMemory`, here or in another thread), or undefined (see the module comment). */
export const hiddenUnitsKernel = (memory: SharedMemory): HiddenUnitsKernel | undefined => {
  const exports = instantiateShared<HiddenUnitsExports>(hiddenUnitsWasm, memory)
  return exports === undefined ? undefined : { memory, forward: exports.hiddenForward, backward: exports.hiddenBackward }
}
