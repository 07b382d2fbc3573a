/**
 * The sum-product contraction kernel: out(Y) = sum over Z of prod_q f_q, where Y is the output scope
 * and Z the other variables of the iteration space. Product, productOfMany, marginalize and the fused
 * "multiply a bucket and sum out one variable" step of variable elimination are all this kernel with
 * different operands, so no intermediate product table is ever built (cf. the einsum contraction of
 * NumPy / opt_einsum). The iteration space is walked in the order given, so callers pick the order
 * that streams their largest operand (the output for products, the input for sums).
 */
import { type Factor, type VarId, sizeOf, stridesOf, tableOf } from './factor.js'
import { planWalk, runWalk, stridesAlong } from './strided-walk.js'

/** Anything with a scope and cardinalities (a `Factor`, a `LogFactor`). */
interface Scoped {
  readonly scope: readonly VarId[]
  readonly cards: readonly number[]
}

/** Cardinality of each variable of `space`, read from the factors; throws on a broken invariant. */
export const cardsAlong = (factors: readonly Scoped[], space: readonly VarId[]): number[] =>
  space.map((v) => {
    let card = -1
    for (const f of factors) {
      const i = f.scope.indexOf(v)
      if (i < 0) continue
      if (card >= 0 && f.cards[i] !== card)
        throw new RangeError(`variable #${v} has cardinality ${card} in one factor and ${f.cards[i]} in another`)
      card = f.cards[i]!
    }
    if (card < 0) throw new RangeError(`variable #${v} is in no factor`)
    return card
  })

/** Variables of the factors' scopes, each once, in first-seen order. */
export const unionScope = (factors: readonly Scoped[]): VarId[] => {
  const seen = new Set<VarId>()
  const out: VarId[] = []
  for (const f of factors)
    for (const v of f.scope)
      if (!seen.has(v)) {
        seen.add(v)
        out.push(v)
      }
  return out
}

/**
 * Contract `factors` over the iteration `space` (every variable of every factor, each once) into a
 * fresh factor over `outScope` (a subset of `space`, in the order wanted).
 */
export const contract = (factors: readonly Factor[], space: readonly VarId[], outScope: readonly VarId[]): Factor => {
  const cards = cardsAlong(factors, space)
  const outCards = outScope.map((v) => cards[space.indexOf(v)]!)
  const out = new Float64Array(sizeOf(outCards))
  const summing = outScope.length < space.length
  const plan = planWalk(cards, [
    stridesAlong(outScope, stridesOf(outCards), space),
    ...factors.map((f) => stridesAlong(f.scope, f.strides, space)),
  ])
  const n = plan.innerLength
  const rows = plan.blockLength
  const so = plan.innerStrides[0]!
  const ro = plan.blockStrides[0]!
  if (factors.length === 0) {
    out[0] = 1
  } else if (factors.length === 1) {
    const a = factors[0]!.values
    const [, sa] = plan.innerStrides as [number, number]
    const [, ra] = plan.blockStrides as [number, number]
    runWalk(plan, (off) => block1(out, a, summing, rows, n, off[0]!, off[1]!, ro, ra, so, sa))
  } else if (factors.length === 2) {
    const a = factors[0]!.values
    const b = factors[1]!.values
    const [, sa, sb] = plan.innerStrides as [number, number, number]
    const [, ra, rb] = plan.blockStrides as [number, number, number]
    runWalk(plan, (off) => block2(out, a, b, summing, rows, n, off[0]!, off[1]!, off[2]!, ro, ra, rb, so, sa, sb))
  } else {
    const q = factors.length
    const values = factors.map((f) => f.values)
    const steps = plan.innerStrides.slice(1)
    const rowSteps = plan.blockStrides.slice(1)
    const rowStart = new Array<number>(q).fill(0)
    const pos = new Array<number>(q).fill(0)
    runWalk(plan, (off) => {
      for (let p = 0; p < q; p++) rowStart[p] = off[p + 1]!
      for (let m = 0, o0 = off[0]!; m < rows; m++, o0 += ro) {
        for (let p = 0; p < q; p++) pos[p] = rowStart[p]!
        let o = o0
        for (let k = 0; k < n; k++, o += so) {
          let v = 1
          for (let p = 0; p < q; p++) {
            v *= values[p]![pos[p]!]!
            pos[p]! += steps[p]!
          }
          out[o]! += v
        }
        for (let p = 0; p < q; p++) rowStart[p]! += rowSteps[p]!
      }
    })
  }
  return tableOf(outScope, outCards, out)
}

// The one- and two-operand blocks are module-level functions taking everything as arguments: V8
// optimises them once for every caller, and values in registers beat variables captured by a closure.

/** One block of out (+)= a, or a reduction into one output entry when `so` is 0. */
const block1 = (
  out: Float64Array,
  a: Float64Array,
  summing: boolean,
  rows: number,
  n: number,
  o0: number,
  i0: number,
  ro: number,
  ra: number,
  so: number,
  sa: number,
): void => {
  for (let m = 0; m < rows; m++, o0 += ro, i0 += ra) {
    if (so === 0) {
      let acc = 0
      for (let k = 0, i = i0; k < n; k++, i += sa) acc += a[i]!
      out[o0]! += acc
    } else if (summing) {
      for (let k = 0, o = o0, i = i0; k < n; k++, o += so, i += sa) out[o]! += a[i]!
    } else {
      for (let k = 0, o = o0, i = i0; k < n; k++, o += so, i += sa) out[o] = a[i]!
    }
  }
}

/** One block of out (+)= a * b, or a reduction into one output entry when `so` is 0. */
const block2 = (
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  summing: boolean,
  rows: number,
  n: number,
  o0: number,
  i0: number,
  j0: number,
  ro: number,
  ra: number,
  rb: number,
  so: number,
  sa: number,
  sb: number,
): void => {
  for (let m = 0; m < rows; m++, o0 += ro, i0 += ra, j0 += rb) {
    if (so === 0) {
      let acc = 0
      for (let k = 0, i = i0, j = j0; k < n; k++, i += sa, j += sb) acc += a[i]! * b[j]!
      out[o0]! += acc
    } else if (summing) {
      for (let k = 0, o = o0, i = i0, j = j0; k < n; k++, o += so, i += sa, j += sb) out[o]! += a[i]! * b[j]!
    } else {
      for (let k = 0, o = o0, i = i0, j = j0; k < n; k++, o += so, i += sa, j += sb) out[o] = a[i]! * b[j]!
    }
  }
}
