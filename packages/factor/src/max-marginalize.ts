/**
 * Max-marginalisation with argmax kept for decoding (max-product / MAP traceback, Koller & Friedman
 * 2009, section 13.3): out(x) = max over v of f(x, v), and for each output entry the joint index of the
 * maximising states of the eliminated variables. Ties keep the maximiser with the smallest row-major index.
 */
import { type Factor, type VarId, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk, stridesAlong } from './strided-walk.js'

/** A max-marginal and, per output entry, which states of the eliminated variables attained it. */
export interface MaxMarginal {
  readonly factor: Factor
  /** The variables maxed out (those of the request that were in the scope), in scope order. */
  readonly eliminated: readonly VarId[]
  readonly eliminatedCards: readonly number[]
  /** `argmax[i]`: row-major index (last eliminated variable fastest) of the maximiser for output entry i. */
  readonly argmax: Int32Array
}

/**
 * Max out `vars` (ignoring those not in the scope), keeping the argmax.
 *
 * @example
 * ```ts
 * import { fromFlat, maxMarginalize, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const joint = fromFlat([a, b], [2, 2], [0.36, 0.04, 0.12, 0.48])
 * if (E.isRight(joint)) {
 *   const m = maxMarginalize(joint.right, [a])
 *   m.factor.values // => Float64Array.of(0.36, 0.48)
 *   // a=0 maximises b=0, a=1 maximises b=1
 *   m.argmax // => Int32Array.of(0, 1)
 * }
 * ```
 */
export const maxMarginalize = (f: Factor, vars: readonly VarId[]): MaxMarginal => {
  const keep: VarId[] = []
  const keepCards: number[] = []
  const eliminated: VarId[] = []
  const eliminatedCards: number[] = []
  f.scope.forEach((v, i) => {
    if (vars.includes(v)) {
      eliminated.push(v)
      eliminatedCards.push(f.cards[i]!)
    } else {
      keep.push(v)
      keepCards.push(f.cards[i]!)
    }
  })
  const size = sizeOf(keepCards)
  const best = new Float64Array(size).fill(-Infinity)
  const argmax = new Int32Array(size)
  const plan = planWalk(f.cards, [
    stridesAlong(keep, stridesOf(keepCards), f.scope),
    f.strides,
    stridesAlong(eliminated, stridesOf(eliminatedCards), f.scope),
  ])
  const [so, si, sj] = plan.innerStrides as [number, number, number]
  const [ro, ri, rj] = plan.blockStrides as [number, number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const input = f.values
  runWalk(plan, (off) => {
    for (let m = 0, o0 = off[0]!, i0 = off[1]!, j0 = off[2]!; m < rows; m++, o0 += ro, i0 += ri, j0 += rj)
      for (let k = 0, o = o0, i = i0, j = j0; k < n; k++, o += so, i += si, j += sj) {
        const x = input[i]!
        // Ties go to the smallest joint index whatever order the walk visits them in.
        if (x > best[o]! || (x === best[o]! && j < argmax[o]!)) {
          best[o] = x
          argmax[o] = j
        }
      }
  })
  return { factor: tableOf(keep, keepCards, best), eliminated, eliminatedCards, argmax }
}

/**
 * Decode the maximising states of the eliminated variables for one output assignment
 * (states in `m.factor.scope` order); the result lists one state per `m.eliminated` variable.
 *
 * @example
 * ```ts
 * import { argmaxStates, fromFlat, maxMarginalize, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const joint = fromFlat([0 as VarId, 1 as VarId], [2, 2], [0.36, 0.04, 0.12, 0.48])
 * if (E.isRight(joint)) argmaxStates(maxMarginalize(joint.right, [0 as VarId]), [1]) // => [1]
 * ```
 */
export const argmaxStates = (m: MaxMarginal, assignment: ArrayLike<number>): number[] => {
  let index = 0
  for (let i = 0; i < m.factor.strides.length; i++) index += assignment[i]! * m.factor.strides[i]!
  let joint = m.argmax[index]!
  const states = new Array<number>(m.eliminated.length)
  for (let d = m.eliminated.length - 1; d >= 0; d--) {
    const c = m.eliminatedCards[d]!
    states[d] = joint % c
    joint = Math.floor(joint / c)
  }
  return states
}
