/**
 * Division of factors with the 0/0 = 0 convention that junction-tree message passing needs
 * (Koller & Friedman 2009, section 10.3.1: a zero in the denominator only ever meets a zero numerator).
 */
import { cardsAlong, unionScope } from './contract.js'
import { type Factor, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk, stridesAlong } from './strided-walk.js'

/**
 * (a / b)(x) = a(x_a) / b(x_b), with 0/0 = 0 (and x/0 = Infinity for x > 0, which consistent
 * junction-tree beliefs never produce). The result's scope is that of `product(a, b)`.
 *
 * @example
 * ```ts
 * import { divide, fromFlat, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const joint = fromFlat([a, b], [2, 2], [0.3, 0.1, 0, 0])
 * const pa = fromFlat([a], [2], [0.4, 0])
 * if (E.isRight(joint) && E.isRight(pa)) divide(joint.right, pa.right).values // ~> Float64Array.of(0.75, 0.25, 0, 0)
 * ```
 */
export const divide = (a: Factor, b: Factor): Factor => {
  const space = unionScope([a, b])
  const cards = cardsAlong([a, b], space)
  const out = new Float64Array(sizeOf(cards))
  const plan = planWalk(cards, [
    stridesOf(cards),
    stridesAlong(a.scope, a.strides, space),
    stridesAlong(b.scope, b.strides, space),
  ])
  const [so, sa, sb] = plan.innerStrides as [number, number, number]
  const [ro, ra, rb] = plan.blockStrides as [number, number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const x = a.values
  const y = b.values
  runWalk(plan, (off) => {
    for (let m = 0, o0 = off[0]!, i0 = off[1]!, j0 = off[2]!; m < rows; m++, o0 += ro, i0 += ra, j0 += rb)
      for (let k = 0, o = o0, i = i0, j = j0; k < n; k++, o += so, i += sa, j += sb) {
        const num = x[i]!
        out[o] = num === 0 ? 0 : num / y[j]!
      }
  })
  return tableOf(space, cards, out)
}
