/**
 * The one strided walk behind every kernel in this package.
 *
 * A kernel describes an iteration space (a list of cardinalities) and, for each operand array
 * (output and inputs), the stride that operand moves by along each dimension (0 when the operand does
 * not depend on it). `planWalk` drops unit dimensions and fuses adjacent dimensions that are contiguous
 * in every operand (the classic "dimension coalescing" of strided array libraries such as NumPy's
 * nditer), so the innermost run is as long as possible. The two innermost remaining dimensions form
 * a 2-D block that the kernel's body loops over itself (outer loop `blockLength` times stepping by
 * `blockStrides`, inner loop `innerLength` times stepping by `innerStrides`); `runWalk` runs an
 * odometer over the other dimensions and calls the body once per block with every operand's start
 * offset. Blocks keep the per-call cost negligible even when the innermost dimension is short (summing
 * out a trailing binary variable is blocks of 2 x many, in memory order). Nothing is allocated per
 * entry or per block, and no keys are built.
 */

/** A precomputed walk: outer odometer dimensions around 2-D blocks. */
export interface WalkPlan {
  readonly operands: number
  /** Cardinalities of the outer (odometer) dimensions, outermost first. */
  readonly outerCards: readonly number[]
  /** `outerSteps[d * operands + op]`: stride of operand `op` along outer dimension `d`. */
  readonly outerSteps: readonly number[]
  /** Rows per block (1 when there is no second dimension). */
  readonly blockLength: number
  /** Per operand stride between rows of a block. */
  readonly blockStrides: readonly number[]
  /** Innermost run length (1 for an empty iteration space). */
  readonly innerLength: number
  /** Per operand stride along the innermost run. */
  readonly innerStrides: readonly number[]
  /** How many blocks the walk visits (body calls). */
  readonly runs: number
}

/**
 * Plan a walk over the iteration space `cards`, where `strides[op][d]` is the stride of operand `op`
 * along dimension `d`.
 *
 * @example
 * ```ts
 * import { planWalk } from '@chainrule/factor'
 * // copy a 2x3 table: both operands contiguous, so the walk is one run of 6
 * const plan = planWalk([2, 3], [[3, 1], [3, 1]])
 * plan.innerLength // => 6
 * plan.runs // => 1
 * ```
 */
export const planWalk = (cards: readonly number[], strides: readonly (readonly number[])[]): WalkPlan => {
  const operands = strides.length
  // Merged dimensions, innermost first while building.
  const mergedCards: number[] = []
  const mergedStrides: number[][] = []
  for (let d = cards.length - 1; d >= 0; d--) {
    const card = cards[d]!
    if (card === 1) continue
    const here = strides.map((s) => s[d]!)
    const last = mergedCards.length - 1
    if (last >= 0) {
      const inner = mergedStrides[last]!
      const innerCard = mergedCards[last]!
      let fusable = true
      for (let op = 0; op < operands; op++) if (here[op] !== inner[op]! * innerCard) fusable = false
      if (fusable) {
        mergedCards[last] = innerCard * card
        continue
      }
    }
    mergedCards.push(card)
    mergedStrides.push(here)
  }
  const zeros = new Array<number>(operands).fill(0)
  const innerLength = mergedCards[0] ?? 1
  const innerStrides = mergedStrides[0] ?? zeros
  const blockLength = mergedCards[1] ?? 1
  const blockStrides = mergedStrides[1] ?? zeros
  const outerCards: number[] = []
  const outerSteps: number[] = []
  let runs = 1
  for (let m = mergedCards.length - 1; m >= 2; m--) {
    outerCards.push(mergedCards[m]!)
    outerSteps.push(...mergedStrides[m]!)
    runs *= mergedCards[m]!
  }
  return { operands, outerCards, outerSteps, blockLength, blockStrides, innerLength, innerStrides, runs }
}

/**
 * Run a planned walk: `body(offsets)` is called once per block with the start offset of every
 * operand (the array is reused: read it, do not keep it). `start` gives the operands' base offsets.
 *
 * @example
 * ```ts
 * import { planWalk, runWalk } from '@chainrule/factor'
 * // transpose a 2x3 table a into b (b is 3x2): iterate over b's layout
 * const a = Float64Array.of(1, 2, 3, 4, 5, 6)
 * const b = new Float64Array(6)
 * const plan = planWalk([3, 2], [[2, 1], [1, 3]])
 * const [rb, ra] = plan.blockStrides as [number, number]
 * const [sb, sa] = plan.innerStrides as [number, number]
 * runWalk(plan, (off) => {
 *   for (let m = 0, o0 = off[0]!, i0 = off[1]!; m < plan.blockLength; m++, o0 += rb, i0 += ra)
 *     for (let k = 0, o = o0, i = i0; k < plan.innerLength; k++, o += sb, i += sa) b[o] = a[i]!
 * })
 * // b = [1, 4, 2, 5, 3, 6]
 * ```
 */
export const runWalk = (
  plan: WalkPlan,
  body: (offsets: readonly number[]) => void,
  start?: readonly number[],
): void => {
  const { operands, outerCards, outerSteps, runs } = plan
  const depth = outerCards.length
  const offsets = start === undefined ? new Array<number>(operands).fill(0) : [...start]
  const counter = new Array<number>(depth).fill(0)
  for (let r = 0; r < runs; r++) {
    body(offsets)
    for (let d = depth - 1; d >= 0; d--) {
      const base = d * operands
      const card = outerCards[d]!
      if (++counter[d]! < card) {
        for (let op = 0; op < operands; op++) offsets[op]! += outerSteps[base + op]!
        break
      }
      counter[d] = 0
      for (let op = 0; op < operands; op++) offsets[op]! -= outerSteps[base + op]! * (card - 1)
    }
  }
}

/**
 * Strides of a factor laid out along another scope: for each variable of `space`, the factor's stride
 * for it, or 0 when the factor does not depend on it.
 *
 * @example
 * ```ts
 * import { stridesAlong, type VarId } from '@chainrule/factor'
 * const [a, b, c] = [0, 1, 2] as [VarId, VarId, VarId]
 * stridesAlong([a, c], [3, 1], [a, b, c]) // => [3, 0, 1]
 * ```
 */
export const stridesAlong = <V extends number>(
  scope: readonly V[],
  strides: readonly number[],
  space: readonly V[],
): number[] =>
  space.map((v) => {
    const i = scope.indexOf(v)
    return i < 0 ? 0 : strides[i]!
  })
