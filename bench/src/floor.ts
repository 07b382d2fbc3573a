/**
 * The typed-array floor for one propagation: the least work any junction-tree
 * pass must do is to touch every cluster entry once, reading its initial value,
 * multiplying a message into it, writing the working copy and adding it into an
 * outgoing marginal. `floorPass` does exactly that over flat `Float64Array`s
 * (`dst[i] = src[i] * message[i & mask]`, `sum += dst[i]`), with no index
 * arithmetic beyond a mask, so its nanoseconds per entry are what the memory
 * system and the JIT allow; the inference suite divides the engine's
 * nanoseconds per cluster entry per propagation by it.
 *
 * Past `FLOOR_MAX_ENTRIES` (2^24 entries, 2 x 128 MiB) the pass is timed on
 * that many entries and the per-entry figure is used as is: beyond the
 * last-level cache the cost per entry is flat, and allocating the full size
 * (up to GBs) beside the compiled tree would only measure page faults.
 */
import { measure } from './harness.js'

/** Largest number of entries the floor allocates (two Float64Arrays of this length). */
export const FLOOR_MAX_ENTRIES = 2 ** 24

const MESSAGE_ENTRIES = 1024

/**
 * One read-multiply-add-write pass: `dst[i] = src[i] * message[i % message.length]`,
 * returning the sum of `dst` (so that the work cannot be dropped).
 * `message.length` must be a power of two.
 *
 * @example
 * const src = new Float64Array(8).fill(0.5)
 * floorPass(src, new Float64Array(8), new Float64Array(4).fill(2)) // 8
 */
export const floorPass = (src: Float64Array, dst: Float64Array, message: Float64Array): number => {
  const mask = message.length - 1
  const n = src.length
  let sum = 0
  for (let i = 0; i < n; i++) {
    const v = src[i]! * message[i & mask]!
    dst[i] = v
    sum += v
  }
  return sum
}

/** The floor measured for a number of entries. */
export interface Floor {
  /** Entries the floor was asked for. */
  readonly entries: number
  /** Entries it was actually timed on (capped at {@link FLOOR_MAX_ENTRIES}). */
  readonly measuredEntries: number
  /** Median nanoseconds per entry of one pass. */
  readonly nsPerEntry: number
}

/**
 * Time {@link floorPass} over `entries` entries (median of repeats). Small sizes
 * run the pass in an inner loop so that each timed sample lasts about 0.1 ms,
 * far above the timer's resolution.
 *
 * @example
 * const floor = measureFloor(1_020) // alarm's tree: { entries: 1020, measuredEntries: 1020, nsPerEntry: ~0.5 }
 */
export const measureFloor = (entries: number, minTimeMs = 100): Floor => {
  const measuredEntries = Math.max(1, Math.min(Math.round(entries), FLOOR_MAX_ENTRIES))
  const src = new Float64Array(measuredEntries)
  const dst = new Float64Array(measuredEntries)
  const message = new Float64Array(MESSAGE_ENTRIES)
  for (let i = 0; i < measuredEntries; i++) src[i] = ((i * 2654435761) % 1000) / 1000
  for (let i = 0; i < MESSAGE_ENTRIES; i++) message[i] = 0.5 + ((i * 40503) % 997) / 1994
  // About 1e5 entries per timed sample: ~0.1 ms at memory speed.
  const inner = Math.max(1, Math.ceil(1e5 / measuredEntries))
  const { medianMs } = measure(
    () => {
      let s = 0
      for (let k = 0; k < inner; k++) s += floorPass(src, dst, message)
      return s
    },
    { minRepeats: 5, minTimeMs, maxRepeats: 2000, warmup: 3 },
  )
  return { entries, measuredEntries, nsPerEntry: (medianMs * 1e6) / (inner * measuredEntries) }
}
