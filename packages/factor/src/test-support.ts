/**
 * Test-only support (not exported from the package index): fast-check arbitraries for factors and
 * small Bayesian networks, and a brute-force oracle that enumerates full assignments and reads each
 * factor entry straight from the documented layout (`values[sum a_i * strides_i]`), independently of
 * the kernels under test.
 */
import fc from 'fast-check'
import type { Factor, VarId } from './factor.js'
import { sizeOf, stridesOf } from './factor.js'

/** A set of variables with fixed cardinalities; ids are 0..cards.length-1. */
export interface Universe {
  readonly cards: readonly number[]
}

/** A small Bayesian network: one CPT per variable, scope [...parents, child]. */
export interface TestNetwork {
  readonly cards: readonly number[]
  readonly cpts: readonly Factor[]
  readonly parents: readonly (readonly VarId[])[]
}

const make = (scope: readonly VarId[], cards: readonly number[], values: readonly number[]): Factor => ({
  scope: [...scope],
  cards: [...cards],
  strides: stridesOf(cards),
  values: Float64Array.from(values),
})

/** Cardinalities of up to `maxVars` variables, each 1..maxCard. */
export const arbUniverse = (maxVars: number, maxCard = 3, minVars = 1): fc.Arbitrary<Universe> =>
  fc.array(fc.integer({ min: 1, max: maxCard }), { minLength: minVars, maxLength: maxVars }).map((cards) => ({ cards }))

/** A random scope over the universe: a random subsequence in random order. */
export const arbScope = (u: Universe, maxLength = u.cards.length): fc.Arbitrary<VarId[]> =>
  fc
    .shuffledSubarray(
      u.cards.map((_, i) => i as VarId),
      { minLength: 0, maxLength: Math.min(maxLength, u.cards.length) },
    )

/** Entries: non-negative doubles of varied magnitude, with exact zeros sometimes. */
export const arbEntry: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.double({ min: 0.01, max: 10, noNaN: true }) },
)

/** A random factor over a random scope of the universe. */
export const arbFactorIn = (u: Universe, maxLength?: number): fc.Arbitrary<Factor> =>
  arbScope(u, maxLength).chain((scope) => {
    const cards = scope.map((v) => u.cards[v]!)
    return fc
      .array(arbEntry, { minLength: sizeOf(cards), maxLength: sizeOf(cards) })
      .map((values) => make(scope, cards, values))
  })

/** A universe and `count` factors over it. */
export const arbFactors = (count: number, maxVars = 5): fc.Arbitrary<{ u: Universe; factors: Factor[] }> =>
  arbUniverse(maxVars).chain((u) =>
    fc.tuple(...Array.from({ length: count }, () => arbFactorIn(u))).map((factors) => ({ u, factors })),
  )

/** A random row of a conditional distribution: positive integers (zeros sometimes) normalised. */
const arbRow = (card: number): fc.Arbitrary<number[]> =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: card, maxLength: card })
    .map((xs) => (xs.some((x) => x > 0) ? xs : xs.map((_, i) => (i === 0 ? 1 : 0))))
    .map((xs) => {
      const s = xs.reduce((a, b) => a + b, 0)
      return xs.map((x) => x / s)
    })

/**
 * A random Bayesian network over up to `maxVars` variables: a random topological order of the ids,
 * each variable with up to `maxParents` parents among earlier ones, in random parent order.
 */
export const arbNetwork = (maxVars = 6, maxParents = 3, maxCard = 3): fc.Arbitrary<TestNetwork> =>
  arbUniverse(maxVars, maxCard).chain((u) => {
    const n = u.cards.length
    return fc
      .tuple(
        fc.shuffledSubarray(u.cards.map((_, i) => i as VarId), { minLength: n, maxLength: n }),
        fc.array(fc.array(fc.nat(), { maxLength: maxParents }), { minLength: n, maxLength: n }),
      )
      .chain(([topo, picks]) => {
        const parents: VarId[][] = []
        for (let k = 0; k < n; k++) {
          const earlier = topo.slice(0, k)
          const chosen: VarId[] = []
          for (const p of picks[k]!) {
            if (earlier.length === 0) break
            const v = earlier[p % earlier.length]!
            if (!chosen.includes(v)) chosen.push(v)
          }
          parents[topo[k]!] = chosen
        }
        const tables = u.cards.map((card, v) => {
          const rows = sizeOf(parents[v]!.map((p) => u.cards[p]!))
          return fc.array(arbRow(card), { minLength: rows, maxLength: rows })
        })
        return fc.tuple(...tables).map((rowsPerVar) => ({
          cards: u.cards,
          parents,
          cpts: rowsPerVar.map((rows, v) => {
            const scope = [...parents[v]!, v as VarId]
            return make(
              scope,
              scope.map((x) => u.cards[x]!),
              rows.flat(),
            )
          }),
        }))
      })
  })

/** Entry of `f` at a full assignment given per variable id (the layout contract, read directly). */
export const entryAt = (f: Factor, byVar: ArrayLike<number>): number => {
  let index = 0
  for (let i = 0; i < f.scope.length; i++) index += byVar[f.scope[i]!]! * f.strides[i]!
  return f.values[index]!
}

/**
 * Brute force: sum over all assignments of all `cards` variables of the product of the factors,
 * keeping assignments consistent with the evidence, tabulated over `targets` (row-major, last target
 * fastest). Returns the table and its total.
 */
export const bruteForce = (
  cards: readonly number[],
  factors: readonly Factor[],
  targets: readonly VarId[],
  evidence: ReadonlyMap<VarId, number> = new Map(),
): { table: Float64Array; total: number } => {
  const n = cards.length
  const table = new Float64Array(sizeOf(targets.map((t) => cards[t]!)))
  const tStrides = stridesOf(targets.map((t) => cards[t]!))
  const a = new Array<number>(n).fill(0)
  let sum = 0
  const size = sizeOf(cards)
  for (let k = 0; k < size; k++) {
    let ok = true
    for (const [v, s] of evidence) if (a[v] !== s) ok = false
    if (ok) {
      let p = 1
      for (const f of factors) p *= entryAt(f, a)
      let idx = 0
      targets.forEach((t, i) => (idx += a[t]! * tStrides[i]!))
      table[idx]! += p
      sum += p
    }
    for (let d = n - 1; d >= 0; d--) {
      if (++a[d]! < cards[d]!) break
      a[d] = 0
    }
  }
  return { table, total: sum }
}

/** The factor's values laid out over `order` (a permutation of its scope), by direct lookup. */
export const valuesOver = (f: Factor, order: readonly VarId[], cards: readonly number[]): number[] => {
  const out: number[] = []
  const a = new Array<number>(cards.length).fill(0)
  const size = sizeOf(order.map((v) => cards[v]!))
  for (let k = 0; k < size; k++) {
    let rest = k
    for (let i = order.length - 1; i >= 0; i--) {
      const c = cards[order[i]!]!
      a[order[i]!] = rest % c
      rest = Math.floor(rest / c)
    }
    out.push(entryAt(f, a))
  }
  return out
}

/** |a - b| <= tol * max(|a|, |b|) for every entry (exact zeros must match exactly). */
export const closeRelative = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (Math.abs(x - y) > tol * Math.max(Math.abs(x), Math.abs(y))) return false
  }
  return true
}

/** Largest relative difference (for failure messages). */
export const maxRelativeDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? NaN
    const y = b[i] ?? NaN
    const d = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y))
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d)
  }
  return worst
}

/** A deterministic shuffle from a seed (Park-Miller), for random elimination orders. */
export const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = [...xs]
  let s = (seed % 2147483646) + 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
