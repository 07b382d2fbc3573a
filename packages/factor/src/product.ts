/**
 * Products of factors, aligned by strides: `product`, `productOfMany` (one pass, no intermediates)
 * and `sumProduct` (multiply and sum out in the same pass, the step of variable elimination).
 * Factors passed here must agree on the cardinality of shared variables (factors built against one
 * `Domain` do); a mismatch is a broken invariant and throws a `RangeError`.
 */
import { contract, unionScope } from './contract.js'
import type { Factor, VarId } from './factor.js'

/**
 * The product of two factors: (a * b)(x) = a(x_a) * b(x_b). The result's scope is `a.scope` followed
 * by the variables of `b` that are not in `a`.
 *
 * @example
 * ```ts
 * import { fromFlat, product, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const pa = fromFlat([a], [2], [0.4, 0.6])
 * const pba = fromFlat([a, b], [2, 2], [0.9, 0.1, 0.2, 0.8]) // P(b | a)
 * if (E.isRight(pa) && E.isRight(pba)) product(pa.right, pba.right).values // ~> Float64Array.of(0.36, 0.04, 0.12, 0.48)
 * ```
 */
export const product = (a: Factor, b: Factor): Factor => {
  const scope = unionScope([a, b])
  return contract([a, b], scope, scope)
}

/**
 * The product of any number of factors in one pass over the result (no intermediate tables).
 * `scope` orders the result (it must list exactly the variables of the factors); by default it is the
 * variables in first-seen order. The product of no factors is the scalar 1.
 *
 * @example
 * ```ts
 * import { productOfMany, tableOf, type VarId } from '@chainrule/factor'
 * const [a, b, c] = [0, 1, 2] as VarId[]
 * const fab = tableOf([a!, b!], [2, 2], Float64Array.of(1, 2, 3, 4))
 * const fbc = tableOf([b!, c!], [2, 2], Float64Array.of(1, 0, 0, 1))
 * const fc = tableOf([c!], [2], Float64Array.of(0.5, 2))
 * productOfMany([fab, fbc, fc], [c!, b!, a!]).values // => Float64Array.of(0.5, 1.5, 0, 0, 0, 0, 4, 8)
 * ```
 */
export const productOfMany = (factors: readonly Factor[], scope?: readonly VarId[]): Factor => {
  const union = unionScope(factors)
  if (scope !== undefined && (scope.length !== union.length || !union.every((v) => scope.includes(v))))
    throw new RangeError(`productOfMany: scope [${scope.join(', ')}] is not the factors' variables [${union.join(', ')}]`)
  const order = scope ?? union
  return contract(factors, order, order)
}

/**
 * Multiply factors and sum out `eliminate` in one pass: sum over `eliminate` of the product.
 * The result's scope is the factors' variables minus `eliminate`, in first-seen order; the full
 * product table is never built. Variables of `eliminate` that are in no factor are ignored.
 *
 * @example
 * ```ts
 * import { fromFlat, sumProduct, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const pa = fromFlat([a], [2], [0.4, 0.6])
 * const pba = fromFlat([a, b], [2, 2], [0.9, 0.1, 0.2, 0.8])
 * // P(b) = sum_a P(a) P(b | a)
 * if (E.isRight(pa) && E.isRight(pba)) sumProduct([pa.right, pba.right], [a]).values // ~> Float64Array.of(0.48, 0.52)
 * ```
 */
export const sumProduct = (factors: readonly Factor[], eliminate: readonly VarId[]): Factor => {
  const space = unionScope(factors)
  return contract(factors, space, space.filter((v) => !eliminate.includes(v)))
}
