/**
 * A binary chain's dense pattern rows (`@chainrule/learn`'s image chains) in one
 * WebAssembly memory, beside room for a block of logits and its pattern bytes,
 * with the kernel that adds the rows (`wasm/pattern-rows.wat`: two positions at
 * a time, f64x2, so every logit gets the same additions in the same order as
 * the typed-array loop of learn's `score-chain.ts`, and the same numbers). It
 * lives here with the other WebAssembly modules and their assembler. Undefined
 * where `instantiate` is (no WebAssembly, or a refused module or memory):
 * scoring then keeps the typed-array loop.
 */
import { patternRowsWasm } from './wasm/pattern-rows-wasm.js'
import { instantiate } from './wasm-instance.js'

/** Views into the memory, and the kernel over them. */
export interface PatternRowsKernel {
  /** The pattern rows (to be filled by the caller): row (k * 16 + m), n entries each. */
  readonly patterns: Float64Array
  /** Logits of a block of up to `block` images, `logits[j * n + p]`. */
  readonly logits: Float64Array
  /** The pattern of image j's group k, `masks[j * groups + k]` (0: no position of the group is on). */
  readonly masks: Uint8Array
  /** Add to the first `count` images' logits the rows their masks name. */
  readonly add: (count: number) => void
  /** Set while a block uses the logits (a nested call keeps the typed-array loop). */
  busy: boolean
}

interface PatternRowsExports {
  readonly addPatternRows: (logits: number, patterns: number, masks: number, count: number, groups: number, n: number) => void
}

/** A memory for `groups * 16` rows of n doubles and a block of `block` images, or undefined (see the module comment). */
export const patternRowsKernel = (n: number, groups: number, block: number): PatternRowsKernel | undefined => {
  const patternBytes = 8 * groups * 16 * n
  const logitBytes = 8 * block * n
  const instance = instantiate<PatternRowsExports>(patternRowsWasm, patternBytes + logitBytes + block * groups)
  if (instance === undefined) return undefined
  const { exports, buffer } = instance
  const masksAt = patternBytes + logitBytes
  return {
    patterns: new Float64Array(buffer, 0, groups * 16 * n),
    logits: new Float64Array(buffer, patternBytes, block * n),
    masks: new Uint8Array(buffer, masksAt, block * groups),
    add: (count) => exports.addPatternRows(patternBytes, 0, masksAt, count, groups, n),
    busy: false,
  }
}
