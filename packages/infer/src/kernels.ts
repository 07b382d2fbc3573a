/**
 * Strided kernels over dense tables. A table with `cards` is row-major (the
 * last variable varies fastest). Every kernel walks the table's entries in
 * order while keeping the matching index into a second, smaller table whose
 * stride for each of the walked table's variables is given (0 when the second
 * table does not have that variable). The innermost variable is looped
 * directly; the others advance by an odometer, so the cost per entry is one
 * load, one multiply-add and, once per innermost run, a counter update.
 */

// Tables have at most a few dozen variables (a cluster of 64 binary
// variables would already hold 2^64 entries), so one scratch odometer serves all.
const counter = new Int32Array(64)

/**
 * A walk over a table's entries in order, with the index into a second table:
 * the table's variables with their cards and their strides in the second
 * table. Adjacent variables that step through the second table as one
 * (inner stride x inner card = outer stride, or both 0) are merged, and
 * variables of one state dropped, so that inner loops run as long as possible:
 * projecting a cluster onto a separator that leads its layout becomes one
 * contiguous sum per separator entry.
 */
export interface Walk {
  readonly cards: Int32Array
  readonly strides: Int32Array
}

/**
 * The merged walk of a table with `cards` against `strides` (see {@link Walk}):
 * for cards `[2, 3, 4]` and strides `[12, 0, 0]` the last two dimensions
 * merge into one of 12 entries with stride 0.
 */
export const walkOf = (cards: ArrayLike<number>, strides: ArrayLike<number>): Walk => {
  // The merged dimensions, innermost first, in scratch; then copied out outermost first.
  if (mergedCards.length < cards.length) {
    mergedCards = new Int32Array(2 * cards.length)
    mergedStrides = new Int32Array(2 * cards.length)
  }
  let n = 0
  for (let k = cards.length - 1; k >= 0; k--) {
    const card = cards[k]!
    const stride = strides[k]!
    if (card === 1) continue
    if (n > 0 && (stride === 0 ? mergedStrides[n - 1] === 0 : stride === mergedStrides[n - 1]! * mergedCards[n - 1]!)) {
      mergedCards[n - 1]! *= card
      continue
    }
    mergedCards[n] = card
    mergedStrides[n] = stride
    n++
  }
  const walkCards = new Int32Array(n)
  const walkStrides = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    walkCards[i] = mergedCards[n - 1 - i]!
    walkStrides[i] = mergedStrides[n - 1 - i]!
  }
  return { cards: walkCards, strides: walkStrides }
}
let mergedCards = new Int32Array(64)
let mergedStrides = new Int32Array(64)

const advance = (cards: Int32Array, strides: Int32Array, last: number, j: number): number => {
  for (let k = last - 1; k >= 0; k--) {
    const c = counter[k]! + 1
    if (c < cards[k]!) {
      counter[k] = c
      return j + strides[k]!
    }
    counter[k] = 0
    j -= strides[k]! * (cards[k]! - 1)
  }
  return j
}

/** out[index(a)] += values[a] for every entry a; `out` is overwritten. */
export const projectSum = (values: Float64Array, walk: Walk, out: Float64Array): void => {
  out.fill(0)
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) {
    out[0] = values[0]!
    return
  }
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  counter.fill(0, 0, d)
  const n = values.length
  let j = 0
  for (let i = 0; i < n; i += inner) {
    const end = i + inner
    if (step === 0) {
      // Two running sums halve the chain of dependent additions.
      let even = 0
      let odd = 0
      let k = i
      for (; k + 1 < end; k += 2) {
        even += values[k]!
        odd += values[k + 1]!
      }
      if (k < end) even += values[k]!
      out[j] = out[j]! + (even + odd)
    } else {
      for (let k = i, at = j; k < end; k++, at += step) out[at] = out[at]! + values[k]!
    }
    j = advance(cards, strides, last, j)
  }
}

/** out[index(a)] = max over a of values[a]; `out` is overwritten. */
export const projectMax = (values: Float64Array, walk: Walk, out: Float64Array): void => {
  out.fill(0)
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) {
    out[0] = values[0]!
    return
  }
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  counter.fill(0, 0, d)
  const n = values.length
  let j = 0
  for (let i = 0; i < n; i += inner) {
    for (let k = 0; k < inner; k++) {
      const v = values[i + k]!
      const at = j + k * step
      if (v > out[at]!) out[at] = v
    }
    j = advance(cards, strides, last, j)
  }
}

/** out[a] = values[a] * factor[index(a)] for every entry a; `out` defaults to `values` (in place). */
export const multiplyBy = (values: Float64Array, walk: Walk, factor: Float64Array, out: Float64Array = values): void => {
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) {
    out[0] = values[0]! * factor[0]!
    return
  }
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  counter.fill(0, 0, d)
  const n = values.length
  let j = 0
  for (let i = 0; i < n; i += inner) {
    const end = i + inner
    if (step === 0) {
      const f = factor[j]!
      for (let k = i; k < end; k++) out[k] = values[k]! * f
    } else {
      for (let k = i, at = j; k < end; k++, at += step) out[k] = values[k]! * factor[at]!
    }
    j = advance(cards, strides, last, j)
  }
}

/**
 * The entry of `values` with the largest value among those whose index into
 * the second table equals `target` (first such entry on ties); -1 if none.
 */
export const argmaxWhere = (values: Float64Array, walk: Walk, target: number): number => {
  const { cards, strides } = walk
  const d = cards.length
  if (d === 0) return 0
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  counter.fill(0, 0, d)
  const n = values.length
  let j = 0
  let best = -1
  let bestValue = -Infinity
  for (let i = 0; i < n; i += inner) {
    for (let k = 0; k < inner; k++) {
      if (j + k * step === target && values[i + k]! > bestValue) {
        bestValue = values[i + k]!
        best = i + k
      }
    }
    j = advance(cards, strides, last, j)
  }
  return best
}

/** The smallest positive entry (1 when there is none: an all-zero table bounds nothing). */
export const leastPositive = (values: ArrayLike<number>): number => {
  let least = Infinity
  for (let k = 0; k < values.length; k++) if (values[k]! > 0 && values[k]! < least) least = values[k]!
  return least === Infinity ? 1 : least
}

/** Sum of all entries. */
export const total = (values: Float64Array): number => {
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i]!
  return s
}

/**
 * Strides into a table over `inner` (row-major, each variable's card in `cards`, indexed by variable) for
 * each variable of `outer`: the inner stride where the variable is shared, else 0. Written into `out` (its
 * first `outer.length` entries) when given.
 */
export const stridesInto = (outer: readonly number[], inner: readonly number[], cards: ArrayLike<number>, out = new Int32Array(outer.length)): Int32Array => {
  for (let k = 0; k < outer.length; k++) {
    // v's stride in the inner table (the product of the cards after it), or 0 without v.
    const v = outer[k]!
    let stride = 1
    let i = inner.length - 1
    for (; i >= 0 && inner[i] !== v; i--) stride *= cards[inner[i]!]!
    out[k] = i < 0 ? 0 : stride
  }
  return out
}

/** The walk from a table over `outer` (cards `outerCards`) onto a table over `inner`: `walkOf(outerCards, stridesInto(outer, inner, cards))` with the strides in scratch. */
export const walkInto = (outer: readonly number[], outerCards: ArrayLike<number>, inner: readonly number[], cards: ArrayLike<number>): Walk => {
  if (intoStrides.length < outer.length) intoStrides = new Int32Array(2 * outer.length)
  return walkOf(outerCards, stridesInto(outer, inner, cards, intoStrides))
}
let intoStrides = new Int32Array(64)

/** The walk from a table over `outer` (cards `outerCards`) onto one of its variables, `v`: `walkInto(outer, outerCards, [v], cards)`. */
export const walkOnto = (outer: readonly number[], outerCards: ArrayLike<number>, v: number): Walk => {
  if (intoStrides.length < outer.length) intoStrides = new Int32Array(2 * outer.length)
  for (let k = 0; k < outer.length; k++) intoStrides[k] = outer[k] === v ? 1 : 0
  return walkOf(outerCards, intoStrides)
}
