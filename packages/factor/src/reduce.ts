/**
 * Reduction: fix observed variables to their states and drop them from the scope
 * (Koller & Friedman 2009, definition 4.5). One strided copy from a base offset.
 */
import type { Evidence } from './domain.js'
import { type Factor, type VarId, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk } from './strided-walk.js'

/**
 * Keep only the entries consistent with `evidence` and drop the observed variables from the scope.
 * Evidence on variables outside the scope is ignored. States must be in range (validate evidence with
 * `checkEvidence`/`evidenceByName` first; an out-of-range state throws a `RangeError`).
 *
 * @example
 * ```ts
 * import { fromFlat, reduce, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * const joint = fromFlat([a, b], [2, 2], [0.36, 0.04, 0.12, 0.48])
 * // The entries with b = 1, over a:
 * if (E.isRight(joint)) reduce(joint.right, new Map([[b, 1]])).values // => Float64Array.of(0.04, 0.48)
 * ```
 */
export const reduce = (f: Factor, evidence: Evidence): Factor => {
  const keep: VarId[] = []
  const keepCards: number[] = []
  const keepStrides: number[] = []
  let base = 0
  f.scope.forEach((v, i) => {
    const s = evidence.get(v)
    if (s === undefined) {
      keep.push(v)
      keepCards.push(f.cards[i]!)
      keepStrides.push(f.strides[i]!)
    } else {
      if (!Number.isSafeInteger(s) || s < 0 || s >= f.cards[i]!)
        throw new RangeError(`reduce: state ${s} of #${v} is out of range 0..${f.cards[i]! - 1}`)
      base += s * f.strides[i]!
    }
  })
  if (keep.length === f.scope.length) return f
  const out = new Float64Array(sizeOf(keepCards))
  const plan = planWalk(keepCards, [stridesOf(keepCards), keepStrides])
  const [so, si] = plan.innerStrides as [number, number]
  const [ro, ri] = plan.blockStrides as [number, number]
  const n = plan.innerLength
  const rows = plan.blockLength
  const input = f.values
  runWalk(
    plan,
    (off) => {
      for (let m = 0, o0 = off[0]!, i0 = off[1]!; m < rows; m++, o0 += ro, i0 += ri)
        for (let k = 0, o = o0, i = i0; k < n; k++, o += so, i += si) out[o] = input[i]!
    },
    [0, base],
  )
  return tableOf(keep, keepCards, out)
}
