/** Reordering a factor's scope (a strided transpose). */
import { type Factor, type VarId, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk, stridesAlong } from './strided-walk.js'

/**
 * The same factor with its scope in `order` (a permutation of the scope; anything else throws a
 * `RangeError`). The copy walks the output in memory order.
 *
 * @example
 * ```ts
 * import { fromFlat, permute, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const f = fromFlat([a, b], [2, 3], [1, 2, 3, 4, 5, 6])
 * if (E.isRight(f)) permute(f.right, [b, a]).values // => Float64Array.of(1, 4, 2, 5, 3, 6)
 * ```
 */
export const permute = (f: Factor, order: readonly VarId[]): Factor => {
  if (order.length !== f.scope.length || new Set(order).size !== order.length || !order.every((v) => f.scope.includes(v)))
    throw new RangeError(`permute: [${order.join(', ')}] is not a permutation of [${f.scope.join(', ')}]`)
  if (order.every((v, i) => v === f.scope[i])) return f
  const cards = order.map((v) => f.cards[f.scope.indexOf(v)]!)
  const out = new Float64Array(sizeOf(cards))
  const plan = planWalk(cards, [stridesOf(cards), stridesAlong(f.scope, f.strides, order)])
  const [so, si] = plan.innerStrides as [number, number]
  const [ro, ri] = plan.blockStrides as [number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const input = f.values
  runWalk(plan, (off) => {
    for (let m = 0, o0 = off[0]!, i0 = off[1]!; m < rows; m++, o0 += ro, i0 += ri)
      for (let k = 0, o = o0, i = i0; k < n; k++, o += so, i += si) out[o] = input[i]!
  })
  return tableOf(order, cards, out)
}
