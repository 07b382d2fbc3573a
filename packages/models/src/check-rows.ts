/**
 * The row check every table shares, full or compact: entries finite and
 * non-negative, each row summing to 1 within {@link ROW_TOLERANCE}, or
 * rescaled when the caller allows it.
 */
import { ROW_TOLERANCE } from '@chainrule/factor'
import type { NamedAssignment, NetworkError } from './errors.js'

/** What a table's rows are checked against. */
export interface TableContext {
  readonly variable: string
  readonly states: readonly string[]
  readonly parentNames: readonly string[]
  readonly parentStates: readonly (readonly string[])[]
}

/** Where a row of probabilities sits, for error messages: a parent assignment, and in a compact table its part. */
export interface RowPlace {
  readonly parents: NamedAssignment
  readonly part?: 'leak' | 'cause'
}

/**
 * Check `rows` rows of `ctx.states.length` entries in `values`: entries finite
 * and non-negative, each row summing to 1 within {@link ROW_TOLERANCE}, or
 * rescaled in place when within `tolerance` (the `renormalize` option).
 * Problems are pushed to `errors`; returns how many rows were rescaled.
 */
export const checkRows = (
  ctx: TableContext,
  values: Float64Array,
  rows: number,
  place: (row: number) => RowPlace,
  tolerance: number | undefined,
  errors: NetworkError[],
): { rescaled: number; largestDeviation: number } => {
  const card = ctx.states.length
  let rescaled = 0
  let largestDeviation = 0
  for (let r = 0; r < rows; r++) {
    let sum = 0
    let valid = true
    for (let s = 0; s < card; s++) {
      const x = values[r * card + s]!
      if (!Number.isFinite(x) || x < 0) {
        errors.push({ _tag: 'InvalidProbability', variable: ctx.variable, ...place(r), state: ctx.states[s]!, value: x })
        valid = false
      }
      sum += x
    }
    if (!valid) continue
    const deviation = Math.abs(sum - 1)
    // Under `renormalize`, every row is divided by its sum, including those within
    // ROW_TOLERANCE: otherwise the network's total mass is 1 +- n * 1e-9, and
    // answers that prune barren variables would differ from those that do not.
    // Only rows beyond ROW_TOLERANCE are reported as rescaled.
    const rescale = tolerance !== undefined && sum > 0 && deviation <= tolerance + ROW_TOLERANCE
    if (rescale && sum !== 1) for (let s = 0; s < card; s++) values[r * card + s] = values[r * card + s]! / sum
    if (deviation <= ROW_TOLERANCE) continue
    // ROW_TOLERANCE of slack: 0.33 + 0.66 is 0.99 minus a rounding error, and should pass a 1e-2 tolerance.
    if (rescale) {
      rescaled++
      largestDeviation = Math.max(largestDeviation, deviation)
    } else errors.push({ _tag: 'RowNotNormalized', variable: ctx.variable, ...place(r), sum })
  }
  return { rescaled, largestDeviation }
}

