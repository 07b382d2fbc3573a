/**
 * Factors that do not underflow. Long products of probabilities leave the double range
 * (1e-3000 is 0 as a double), so this package offers two representations:
 *
 * - `ScaledFactor` = a factor plus a log normaliser: the represented table is
 *   `factor.values * exp(logScale)`. Rescaling keeps the largest entry at 1, so products stay in
 *   range and the scale accumulates in log space (this is what `variableElimination` uses: linear
 *   kernels at full speed, one `log` per message).
 * - `LogFactor` = natural-log entries (`-Infinity` for zero), combined by addition and log-sum-exp.
 */
import { type Factor, type VarId, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk, stridesAlong } from './strided-walk.js'
import { cardsAlong, unionScope } from './contract.js'
import { total } from './normalize.js'

/** A factor times `exp(logScale)`: the table `factor.values[i] * exp(logScale)`. */
export interface ScaledFactor {
  readonly factor: Factor
  readonly logScale: number
}

/** A factor stored as natural logs, same layout as `Factor` (last scope variable fastest). */
export interface LogFactor {
  readonly scope: readonly VarId[]
  readonly cards: readonly number[]
  readonly strides: readonly number[]
  readonly logValues: Float64Array
}

/**
 * Rescale a factor so its largest entry is 1, moving the scale into `logScale` (an all-zero factor
 * stays as it is, with its `logScale` unchanged).
 *
 * @example
 * ```ts
 * import { rescale, scalarFactor } from '@chainrule/factor'
 * const s = rescale(scalarFactor(1e-300))
 * s.factor.values // => Float64Array.of(1)
 * s.logScale // ~> Math.log(1e-300)
 * ```
 */
export const rescale = (f: Factor, logScale = 0): ScaledFactor => {
  const v = f.values
  let max = 0
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!
  if (max === 0 || max === 1) return { factor: f, logScale }
  const out = new Float64Array(v.length)
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / max
  return { factor: tableOf(f.scope, f.cards, out), logScale: logScale + Math.log(max) }
}

/**
 * Natural log of the total mass of a scaled factor: log(sum of entries) + logScale.
 *
 * @example
 * ```ts
 * import { logTotalOf, scalarFactor } from '@chainrule/factor'
 * // P = 0.5 x 1e-3000, far below the smallest double:
 * logTotalOf({ factor: scalarFactor(0.5), logScale: -6907.755 }) // ~> Math.log(0.5) - 6907.755
 * ```
 */
export const logTotalOf = (s: ScaledFactor): number => Math.log(total(s.factor)) + s.logScale

/**
 * Entry-wise natural log (zero becomes `-Infinity`).
 *
 * @example
 * ```ts
 * import { scalarFactor, toLogSpace } from '@chainrule/factor'
 * toLogSpace(scalarFactor(1)).logValues // => Float64Array.of(0)
 * ```
 */
export const toLogSpace = (f: Factor): LogFactor => {
  const out = new Float64Array(f.values.length)
  for (let i = 0; i < out.length; i++) out[i] = Math.log(f.values[i]!)
  return { scope: [...f.scope], cards: [...f.cards], strides: [...f.strides], logValues: out }
}

/**
 * Back from log space without underflow: a scaled factor whose largest entry is 1.
 *
 * @example
 * ```ts
 * import { fromLogSpace, type LogFactor } from '@chainrule/factor'
 * const lf: LogFactor = { scope: [], cards: [], strides: [], logValues: Float64Array.of(-5000) }
 * const scaled = fromLogSpace(lf)
 * scaled.factor.values // => Float64Array.of(1)
 * scaled.logScale // => -5000
 * ```
 */
export const fromLogSpace = (lf: LogFactor): ScaledFactor => {
  let max = -Infinity
  const x = lf.logValues
  for (let i = 0; i < x.length; i++) if (x[i]! > max) max = x[i]!
  const out = new Float64Array(x.length)
  if (max === -Infinity) return { factor: tableOf(lf.scope, lf.cards, out), logScale: 0 }
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]! - max)
  return { factor: tableOf(lf.scope, lf.cards, out), logScale: max }
}

/**
 * Product in log space: (a * b) as log a + log b. The scope is ordered as in `product`.
 *
 * @example
 * ```ts
 * import { logProduct, type LogFactor, type VarId } from '@chainrule/factor'
 * const a: LogFactor = { scope: [0 as VarId], cards: [2], strides: [1], logValues: Float64Array.of(-1000, -2000) }
 * logProduct(a, a).logValues // => Float64Array.of(-2000, -4000)
 * ```
 */
export const logProduct = (a: LogFactor, b: LogFactor): LogFactor => {
  const space = unionScope([a, b])
  const cards = cardsAlong([a, b], space)
  const out = new Float64Array(sizeOf(cards))
  const plan = planWalk(cards, [stridesOf(cards), stridesAlong(a.scope, a.strides, space), stridesAlong(b.scope, b.strides, space)])
  const [so, sa, sb] = plan.innerStrides as [number, number, number]
  const [ro, ra, rb] = plan.blockStrides as [number, number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const x = a.logValues
  const y = b.logValues
  runWalk(plan, (off) => {
    for (let m = 0, o0 = off[0]!, i0 = off[1]!, j0 = off[2]!; m < rows; m++, o0 += ro, i0 += ra, j0 += rb)
      for (let k = 0, o = o0, i = i0, j = j0; k < n; k++, o += so, i += sa, j += sb) out[o] = x[i]! + y[j]!
  })
  return { scope: space, cards, strides: stridesOf(cards), logValues: out }
}

/**
 * Sum out `vars` in log space: log sum_v exp(lf(x, v)), by a one-pass streaming log-sum-exp
 * (running maximum and rescaled sum per output entry), so nothing underflows.
 *
 * @example
 * ```ts
 * import { logMarginalize, type LogFactor, type VarId } from '@chainrule/factor'
 * const a: LogFactor = { scope: [0 as VarId], cards: [2], strides: [1], logValues: Float64Array.of(-5000, -5000) }
 * logMarginalize(a, [0 as VarId]).logValues // ~> Float64Array.of(-5000 + Math.log(2))
 * ```
 */
export const logMarginalize = (lf: LogFactor, vars: readonly VarId[]): LogFactor => {
  const keep = lf.scope.filter((v) => !vars.includes(v))
  const keepCards = keep.map((v) => lf.cards[lf.scope.indexOf(v)]!)
  const size = sizeOf(keepCards)
  const max = new Float64Array(size).fill(-Infinity)
  const sum = new Float64Array(size)
  const plan = planWalk(lf.cards, [stridesAlong(keep, stridesOf(keepCards), lf.scope), lf.strides])
  const [so, si] = plan.innerStrides as [number, number]
  const [ro, ri] = plan.blockStrides as [number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const x = lf.logValues
  runWalk(plan, (off) => {
    for (let r = 0, o0 = off[0]!, i0 = off[1]!; r < rows; r++, o0 += ro, i0 += ri)
      for (let k = 0, o = o0, i = i0; k < n; k++, o += so, i += si) {
        const v = x[i]!
        if (v === -Infinity) continue
        const m = max[o]!
        if (v > m) {
          sum[o] = sum[o]! * Math.exp(m - v) + 1
          max[o] = v
        } else {
          sum[o]! += Math.exp(v - m)
        }
      }
  })
  const out = new Float64Array(size)
  for (let i = 0; i < size; i++) out[i] = max[i]! === -Infinity ? -Infinity : max[i]! + Math.log(sum[i]!)
  return { scope: keep, cards: keepCards, strides: stridesOf(keepCards), logValues: out }
}
