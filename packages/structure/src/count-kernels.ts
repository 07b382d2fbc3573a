/**
 * Counting kernels over typed columns (the in-memory fast path): contingency
 * tables of families as flat `Int32Array`s with mixed-radix keys, no per-row
 * objects, and incremental counting for the batches a search asks for.
 *
 * A search step asks for the families of one child that differ from its
 * current parent set by one variable: `Pa + x` for every candidate x, and
 * `Pa - p` for every current parent p. Counting each from scratch reads
 * |Pa| + 2 columns per row. Here the key of `Pa` and the child is built once
 * per batch (`base[r] = key(Pa)[r] * card(child) + child[r]`), and each
 * `Pa + x` is then one pass that reads two arrays: `table[x[r] * B + base[r]]++`
 * (the extra parent is the slowest-varying column; the child stays fastest,
 * which is all a score needs). A pair table (one parent) is also the table of
 * the reversed pair, so `y | x` is scored from the table counted for `x | y`.
 *
 * This file has no Node or DOM dependency: the worker threads of
 * `@chainrule/structure/node` run the same kernels.
 */
import { familyScore, type Score } from './scores.js'
import type { Family } from './score-cache.js'

/** Work done by the kernels: count tables built and the cells (rows x columns of each family) they summarise. */
export interface CountingWork {
  tables: number
  cells: number
}

/** Columns of complete rows and their cardinalities. */
export interface Columns {
  readonly columns: readonly Uint8Array[]
  readonly cards: readonly number[]
  readonly rows: number
}

/** Scratch buffers reused across a batch. */
export interface Scratch {
  /** Four zeroed tables for the families counted in one pass; slot 0 also serves single families. */
  readonly tables: Int32Array[]
  index: Int32Array
  base: Int32Array
  /** The base key when it fits 16 bits: a quarter of the memory traffic of `base`, mostly within L1. */
  narrow: Uint16Array
}

export const newScratch = (rows: number): Scratch => ({
  tables: [0, 1, 2, 3].map(() => new Int32Array(64)),
  index: new Int32Array(rows),
  base: new Int32Array(rows),
  narrow: new Uint16Array(rows),
})

const tableOf = (scratch: Scratch, size: number, slot = 0): Int32Array => {
  const table = scratch.tables[slot]!
  if (table.length < size) return (scratch.tables[slot] = new Int32Array(Math.max(size, 2 * table.length)))
  table.fill(0, 0, size)
  return table
}

/** Entries of the table over `parents` and `child`, or Infinity past 2^31. */
export const entriesOf = (cards: readonly number[], parents: readonly number[], child: number): number => {
  let size = cards[child]!
  for (const p of parents) size *= cards[p]!
  return size > 2 ** 31 ? Infinity : size
}

/**
 * Count a family from scratch into a zeroed `table` (layout: parents in the
 * given order, child fastest). Up to two parents in one fused loop.
 */
export const countFamilyInto = (data: Columns, parents: readonly number[], child: number, table: Int32Array, scratch: Scratch): void => {
  const { columns, cards, rows } = data
  const x = columns[child]!
  const cx = cards[child]!
  if (parents.length === 0) {
    for (let r = 0; r < rows; r++) table[x[r]!]!++
    return
  }
  if (parents.length === 1) {
    const a = columns[parents[0]!]!
    for (let r = 0; r < rows; r++) table[a[r]! * cx + x[r]!]!++
    return
  }
  if (parents.length === 2) {
    const a = columns[parents[0]!]!
    const b = columns[parents[1]!]!
    const cb = cards[parents[1]!]!
    for (let r = 0; r < rows; r++) table[(a[r]! * cb + b[r]!) * cx + x[r]!]!++
    return
  }
  const index = scratch.index
  const first = columns[parents[0]!]!
  for (let r = 0; r < rows; r++) index[r] = first[r]!
  for (let j = 1; j < parents.length; j++) {
    const c = columns[parents[j]!]!
    const k = cards[parents[j]!]!
    for (let r = 0; r < rows; r++) index[r] = index[r]! * k + c[r]!
  }
  for (let r = 0; r < rows; r++) table[index[r]! * cx + x[r]!]!++
}

/** `base[r] = key(parents)[r] * card(child) + child[r]`; returns the number of base keys. */
const buildBase = (data: Columns, parents: readonly number[], child: number, base: Int32Array | Uint16Array): number => {
  const { columns, cards, rows } = data
  const x = columns[child]!
  const cx = cards[child]!
  if (parents.length === 0) {
    for (let r = 0; r < rows; r++) base[r] = x[r]!
    return cx
  }
  let size = 1
  const first = columns[parents[0]!]!
  for (let r = 0; r < rows; r++) base[r] = first[r]!
  size = cards[parents[0]!]!
  for (let j = 1; j < parents.length; j++) {
    const c = columns[parents[j]!]!
    const k = cards[parents[j]!]!
    for (let r = 0; r < rows; r++) base[r] = base[r]! * k + c[r]!
    size *= k
  }
  for (let r = 0; r < rows; r++) base[r] = base[r]! * cx + x[r]!
  return size * cx
}

/**
 * `table[x[r] * baseSize + base[r]]++` over the rows: one family `Pa + x` from
 * the shared key of `Pa` and the child. A function of its own so that the
 * engine optimises this loop after a few calls rather than on stack
 * replacement inside the long batch loop.
 */
const countExtended = (x: Uint8Array, base: Int32Array, rows: number, baseSize: number, table: Int32Array): void => {
  for (let r = 0; r < rows; r++) table[x[r]! * baseSize + base[r]!]!++
}

/** {@link countExtended} over a 16-bit key (a copy, so that each loop sees one array type). */
const countExtendedNarrow = (x: Uint8Array, base: Uint16Array, rows: number, baseSize: number, table: Int32Array): void => {
  for (let r = 0; r < rows; r++) table[x[r]! * baseSize + base[r]!]!++
}

/** {@link countExtended4} over a 16-bit key. */
const countExtended4Narrow = (
  x0: Uint8Array,
  x1: Uint8Array,
  x2: Uint8Array,
  x3: Uint8Array,
  base: Uint16Array,
  rows: number,
  baseSize: number,
  t0: Int32Array,
  t1: Int32Array,
  t2: Int32Array,
  t3: Int32Array,
): void => {
  for (let r = 0; r < rows; r++) {
    const b = base[r]!
    t0[x0[r]! * baseSize + b]!++
    t1[x1[r]! * baseSize + b]!++
    t2[x2[r]! * baseSize + b]!++
    t3[x3[r]! * baseSize + b]!++
  }
}

/** Four families `Pa + x` in one pass: the shared key is read once per row for all four. */
const countExtended4 = (
  x0: Uint8Array,
  x1: Uint8Array,
  x2: Uint8Array,
  x3: Uint8Array,
  base: Int32Array,
  rows: number,
  baseSize: number,
  t0: Int32Array,
  t1: Int32Array,
  t2: Int32Array,
  t3: Int32Array,
): void => {
  for (let r = 0; r < rows; r++) {
    const b = base[r]!
    t0[x0[r]! * baseSize + b]!++
    t1[x1[r]! * baseSize + b]!++
    t2[x2[r]! * baseSize + b]!++
    t3[x3[r]! * baseSize + b]!++
  }
}

/** The parent set most families of a child's group extend by one (parents in more than half of them). */
const commonBase = (group: readonly Family[], seen: Int32Array): number[] => {
  const touched: number[] = []
  for (const f of group)
    for (const p of f.parents) {
      if (seen[p] === 0) touched.push(p)
      seen[p]!++
    }
  const base = touched.filter((p) => 2 * seen[p]! > group.length).sort((a, b) => a - b)
  for (const p of touched) seen[p] = 0
  return base
}

/** Transpose a pair table [x slow, y fast] into [y slow, x fast]. */
const transposeInto = (table: Int32Array, cx: number, cy: number, out: Int32Array): void => {
  for (let i = 0; i < cx; i++) for (let j = 0; j < cy; j++) out[j * cx + i] = table[i * cy + j]!
}

/**
 * Score a batch of families over in-memory columns, writing `out[i]` for
 * `families[i]`. Families whose table would exceed `maxEntries` score
 * -Infinity (the search never picks them). Families of one child that
 * extend a common parent set by one variable are counted incrementally.
 */
export const scoreFamiliesInto = (
  data: Columns,
  families: readonly Family[],
  score: Score,
  maxEntries: number,
  out: Float64Array,
  work: CountingWork,
  scratch: Scratch,
): void => {
  const { cards, rows } = data
  const n = cards.length
  const byChild = new Map<number, number[]>()
  families.forEach((f, i) => {
    const list = byChild.get(f.child)
    if (list === undefined) byChild.set(f.child, [i])
    else list.push(i)
  })
  // Pair families (one parent) requested in this batch, to score `y | x` from the table of `x | y`.
  const pairWanted = new Map<number, number>()
  families.forEach((f, i) => {
    if (f.parents.length === 1) pairWanted.set(f.parents[0]! * n + f.child, i)
  })
  const done = new Uint8Array(families.length)
  const seen = new Int32Array(n)
  let transposed = new Int32Array(64)

  /** Score family i from its table; a pair table also scores the reversed pair when asked for. */
  const finish = (i: number, table: Int32Array, size: number): void => {
    const f = families[i]!
    const cx = cards[f.child]!
    work.tables++
    work.cells += rows * (f.parents.length + 1)
    out[i] = familyScore(score, table, size, cx, rows)
    done[i] = 1
    if (f.parents.length !== 1) return
    // The same joint table, read the other way round, is the family `parent | child`.
    const p = f.parents[0]!
    const j = pairWanted.get(f.child * n + p)
    if (j === undefined || done[j] === 1) return
    const cp = cards[p]!
    if (transposed.length < size) transposed = new Int32Array(size)
    transposeInto(table, cp, cx, transposed)
    out[j] = familyScore(score, transposed, size, cp, rows)
    done[j] = 1
  }

  for (const [child, indices] of byChild) {
    const base = commonBase(
      indices.map((i) => families[i]!),
      seen,
    )
    const baseSet = new Set(base)
    const extensions: { i: number; x: Uint8Array; size: number }[] = []
    for (const i of indices) {
      if (done[i] === 1) continue
      const f = families[i]!
      const size = entriesOf(cards, f.parents, child)
      if (size > maxEntries) {
        out[i] = Number.NEGATIVE_INFINITY
        done[i] = 1
        continue
      }
      const extra = f.parents.filter((p) => !baseSet.has(p))
      if (extra.length === 1 && f.parents.length === base.length + 1) {
        extensions.push({ i, x: data.columns[extra[0]!]!, size })
        continue
      }
      const table = tableOf(scratch, size)
      countFamilyInto(data, f.parents, child, table, scratch)
      finish(i, table, size)
    }
    if (extensions.length === 0) continue
    // Incremental: the key of the common parents and the child is built once for the whole group.
    const narrow = entriesOf(cards, base, child) <= 65_536
    const baseSize = buildBase(data, base, child, narrow ? scratch.narrow : scratch.base)
    let k = 0
    for (; k + 3 < extensions.length; k += 4) {
      const [e0, e1, e2, e3] = [extensions[k]!, extensions[k + 1]!, extensions[k + 2]!, extensions[k + 3]!]
      const tables = [e0, e1, e2, e3].map((e, slot) => tableOf(scratch, e.size, slot))
      if (narrow) countExtended4Narrow(e0.x, e1.x, e2.x, e3.x, scratch.narrow, rows, baseSize, tables[0]!, tables[1]!, tables[2]!, tables[3]!)
      else countExtended4(e0.x, e1.x, e2.x, e3.x, scratch.base, rows, baseSize, tables[0]!, tables[1]!, tables[2]!, tables[3]!)
      ;[e0, e1, e2, e3].forEach((e, slot) => {
        if (done[e.i] === 0) finish(e.i, tables[slot]!, e.size)
      })
    }
    for (; k < extensions.length; k++) {
      const e = extensions[k]!
      if (done[e.i] === 1) continue
      const table = tableOf(scratch, e.size)
      if (narrow) countExtendedNarrow(e.x, scratch.narrow, rows, baseSize, table)
      else countExtended(e.x, scratch.base, rows, baseSize, table)
      finish(e.i, table, e.size)
    }
  }
}

/**
 * Count tables over column lists (last column fastest), as `Float64Array`s.
 */
export const countTables = (data: Columns, sets: readonly (readonly number[])[], work: CountingWork, scratch: Scratch): Float64Array[] =>
  sets.map((set) => {
    if (set.length === 0) return Float64Array.of(data.rows)
    const child = set[set.length - 1]!
    const parents = set.slice(0, -1)
    const size = entriesOf(data.cards, parents, child)
    const table = tableOf(scratch, size)
    countFamilyInto(data, parents, child, table, scratch)
    work.tables++
    work.cells += data.rows * set.length
    return Float64Array.from(table.subarray(0, size))
  })
