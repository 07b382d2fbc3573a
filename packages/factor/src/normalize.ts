/** Total mass and normalisation of a factor. */
import * as E from 'fp-ts/lib/Either.js'
import type { FactorError } from './errors.js'
import { type Factor, tableOf } from './factor.js'

/**
 * Sum of all entries of a factor.
 *
 * @example
 * ```ts
 * import { scalarFactor, total } from '@chainrule/factor'
 * total(scalarFactor(0.25)) // => 0.25
 * ```
 */
export const total = (f: Factor): number => {
  let sum = 0
  const v = f.values
  for (let i = 0; i < v.length; i++) sum += v[i]!
  return sum
}

/**
 * Scale a factor so its entries sum to 1. A total of zero, NaN or Infinity is `NotNormalizable`
 * (never a NaN table or a uniform guess).
 *
 * @example
 * ```ts
 * import { fromFlat, normalize, type VarId } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(fromFlat([0 as VarId], [2], [1, 3]), E.chain(normalize), E.map((f) => f.values)) // => E.right(Float64Array.of(0.25, 0.75))
 * ```
 */
export const normalize = (f: Factor): E.Either<FactorError, Factor> => {
  const sum = total(f)
  if (!(sum > 0 && sum < Infinity)) return E.left({ _tag: 'NotNormalizable', total: sum })
  const out = new Float64Array(f.values.length)
  for (let i = 0; i < out.length; i++) out[i] = f.values[i]! / sum
  return E.right(tableOf(f.scope, f.cards, out))
}
