/**
 * Summing variables out of a factor. The walk follows the input's own memory order, so the input is
 * streamed once and each output entry accumulates its terms (for a trailing summed variable the inner
 * loop is a plain reduction).
 */
import { contract } from './contract.js'
import type { Factor, VarId } from './factor.js'

/**
 * Sum out `vars`: (sum_V f)(x) = sum over v of f(x, v). Variables not in the scope are ignored; the
 * remaining variables keep their order.
 *
 * @example
 * ```ts
 * import { fromFlat, marginalize, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const joint = fromFlat([a, b], [2, 2], [0.36, 0.04, 0.12, 0.48])
 * if (E.isRight(joint)) marginalize(joint.right, [a]).values // ~> Float64Array.of(0.48, 0.52)
 * ```
 */
export const marginalize = (f: Factor, vars: readonly VarId[]): Factor =>
  contract([f], f.scope, f.scope.filter((v) => !vars.includes(v)))

/**
 * Sum out every variable except `keep`; the result's scope is `keep` in the order given
 * (`keep` must be a subset of the scope; others throw a `RangeError`).
 *
 * @example
 * ```ts
 * import { fromFlat, marginalizeOnto, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const joint = fromFlat([a, b], [2, 2], [0.36, 0.04, 0.12, 0.48])
 * if (E.isRight(joint)) marginalizeOnto(joint.right, [b]).values // ~> Float64Array.of(0.48, 0.52)
 * ```
 */
export const marginalizeOnto = (f: Factor, keep: readonly VarId[]): Factor => {
  for (const v of keep) if (!f.scope.includes(v)) throw new RangeError(`marginalizeOnto: #${v} is not in the scope`)
  return contract([f], f.scope, keep)
}
