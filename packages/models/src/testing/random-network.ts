/**
 * Test support: random small network specs (fast-check) and brute-force
 * oracles written straight from the definitions, independent of the
 * package's kernels: the joint by enumerating every assignment and
 * multiplying spec table entries, marginals and posteriors by summing it.
 * (Test support only: nothing in `index.ts` imports this file.)
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkSpec, TableSpec, VariableSpec } from '../network-spec.js'
import type { CompactTable, NoisyMaxTable } from '../compact-table.js'

/** Unwrap a Right or fail the test with the Left. */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`)
  return e.right
}

/** The tag of a Left (or 'Right'). */
export const tagOf = (e: E.Either<readonly { _tag: string }[] | { _tag: string }, unknown>): string | readonly string[] =>
  E.isRight(e) ? 'Right' : Array.isArray(e.left) ? e.left.map((x: { _tag: string }) => x._tag) : (e.left as { _tag: string })._tag

export interface ArbitrarySpecOptions {
  readonly maxVariables?: number
  readonly maxCard?: number
  /** Allow zero entries in tables (deterministic relations). */
  readonly zeros?: boolean
}

/**
 * A random network spec: a hidden topological order, each earlier variable a
 * parent with probability `density`, declared in a shuffled order, tables of
 * random positive weights normalised per row.
 */
export const arbitrarySpec = ({ maxVariables = 5, maxCard = 3, zeros = false }: ArbitrarySpecOptions = {}): fc.Arbitrary<NetworkSpec> =>
  fc.integer({ min: 1, max: maxVariables }).chain((n) =>
    fc
      .record({
        cards: fc.array(fc.integer({ min: 1, max: maxCard }), { minLength: n, maxLength: n }),
        edges: fc.array(fc.boolean(), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        declared: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
        weights: fc.array(fc.integer({ min: zeros ? 0 : 1, max: 20 }), { minLength: 2000, maxLength: 2000 }),
      })
      .map(({ cards, edges, declared, weights }) => {
        let e = 0
        const parents: number[][] = Array.from({ length: n }, () => [])
        for (let v = 0; v < n; v++) for (let p = 0; p < v; p++) if (edges[e++]) parents[v]!.push(p)
        let w = 0
        const variables: VariableSpec[] = declared.map((v) => {
          const card = cards[v]!
          const rows = parents[v]!.reduce((a, p) => a * cards[p]!, 1)
          const table: number[] = []
          for (let r = 0; r < rows; r++) {
            const row: number[] = Array.from({ length: card }, () => weights[w++ % weights.length]!)
            if (Math.max(...row) === 0) row[0] = 1
            const sum = row.reduce((a, b) => a + b, 0)
            table.push(...row.map((x) => x / sum))
          }
          return {
            name: `v${v}`,
            states: Array.from({ length: card }, (_, s) => `s${s}`),
            parents: parents[v]!.map((p) => `v${p}`),
            table,
          }
        })
        return { variables }
      }),
  )

/** Every complete assignment (state indices in spec order) with its probability, by enumeration. */
export const enumerateJoint = (spec: NetworkSpec): { states: number[]; p: number }[] => {
  const vars = spec.variables
  const index = new Map(vars.map((v, i) => [v.name, i]))
  const out: { states: number[]; p: number }[] = []
  const states = new Array<number>(vars.length).fill(0)
  const total = vars.reduce((a, v) => a * v.states.length, 1)
  const dense = vars.map((v) => denseOf(spec, v.table, v.states.length, v.parents))
  for (let k = 0; k < total; k++) {
    let rest = k
    for (let i = vars.length - 1; i >= 0; i--) {
      states[i] = rest % vars[i]!.states.length
      rest = Math.floor(rest / vars[i]!.states.length)
    }
    let p = 1
    for (let i = 0; i < vars.length; i++) {
      const v = vars[i]!
      let row = 0
      for (const parent of v.parents) {
        const j = index.get(parent)!
        row = row * vars[j]!.states.length + states[j]!
      }
      p *= dense[i]![row * v.states.length + states[i]!]!
    }
    out.push({ states: [...states], p })
  }
  return out
}

/** P(variable | evidence) by summing the enumerated joint; evidence by spec index -> state index. */
export const enumeratePosterior = (spec: NetworkSpec, variable: number, evidence: ReadonlyMap<number, number> = new Map()): number[] => {
  const out = new Array<number>(spec.variables[variable]!.states.length).fill(0)
  let mass = 0
  for (const { states, p } of enumerateJoint(spec)) {
    if ([...evidence].some(([v, s]) => states[v] !== s)) continue
    out[states[variable]!] = out[states[variable]!]! + p
    mass += p
  }
  return out.map((x) => x / mass)
}

/**
 * The full table of a compact table straight from its definition: for every
 * parent assignment, enumerate every combination of the contributions (leak
 * and one per parent) and add its probability to the state of their maximum
 * in the ranking. Exponential, and independent of the package's expansion.
 */
export const bruteForceNoisy = (table: NoisyMaxTable, childCard: number, parentCards: readonly number[]): Float64Array => {
  const m = childCard
  const order = table.order ?? Array.from({ length: m }, (_, s) => s)
  const rank = new Array<number>(m)
  order.forEach((s, r) => (rank[s] = r))
  const rows = parentCards.reduce((a, c) => a * c, 1)
  const out = new Float64Array(rows * m)
  const n = parentCards.length
  /** P(contribution j = y | parent state x): a point mass on the lowest state when x is distinguished. */
  const contribution = (j: number, x: number, y: number): number => {
    const parent = table.parents[j]!
    if (x === parent.distinguished) return y === order[0] ? 1 : 0
    const row = x < parent.distinguished ? x : x - 1
    return parent.probabilities[row * m + y]!
  }
  for (let r = 0; r < rows; r++) {
    const x = new Array<number>(n)
    let rest = r
    for (let j = n - 1; j >= 0; j--) {
      x[j] = rest % parentCards[j]!
      rest = Math.floor(rest / parentCards[j]!)
    }
    const combos = m ** (n + 1)
    for (let c = 0; c < combos; c++) {
      let code = c
      let p = table.leak[code % m]!
      let top = code % m
      code = Math.floor(code / m)
      for (let j = 0; j < n; j++) {
        const y = code % m
        code = Math.floor(code / m)
        p *= contribution(j, x[j]!, y)
        if (rank[y]! > rank[top]!) top = y
      }
      out[r * m + top] = out[r * m + top]! + p
    }
  }
  return out
}

/** The full table of a deterministic table straight from its definition (a one in the named state of each row). */
export const bruteForceTable = (table: CompactTable, childCard: number, parentCards: readonly number[]): Float64Array => {
  if (table.kind === 'noisyMax') return bruteForceNoisy(table, childCard, parentCards)
  const out = new Float64Array(table.states.length * childCard)
  for (let r = 0; r < table.states.length; r++) out[r * childCard + table.states[r]!] = 1
  return out
}

/** A spec variable's table as flat rows (compact tables expanded by brute force). */
export const denseOf = (spec: NetworkSpec, table: TableSpec, card: number, parents: readonly string[]): ArrayLike<number> => {
  if (!('kind' in table)) return table
  const cards = parents.map((p) => spec.variables.find((v) => v.name === p)!.states.length)
  return bruteForceTable(table, card, cards)
}

/** A random distribution over `card` states from integer weights (some zero when `zeros`). */
const arbitraryDistribution = (card: number, zeros: boolean): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: zeros ? 0 : 1, max: 20 }), { minLength: card, maxLength: card }).map((w) => {
    if (Math.max(...w) === 0) w[0] = 1
    const sum = w.reduce((a, b) => a + b, 0)
    return w.map((x) => x / sum)
  })

/** A random noisy-MAX table for a child with `card` states and parents with `parentCards` states. */
export const arbitraryNoisy = (card: number, parentCards: readonly number[], zeros = true): fc.Arbitrary<NoisyMaxTable> =>
  fc.record({
    order: fc.shuffledSubarray(Array.from({ length: card }, (_, s) => s), { minLength: card, maxLength: card }),
    leak: arbitraryDistribution(card, zeros),
    parents: fc.tuple(
      ...parentCards.map((k) =>
        fc.record({
          distinguished: fc.integer({ min: 0, max: k - 1 }),
          probabilities: fc.array(arbitraryDistribution(card, zeros), { minLength: k - 1, maxLength: k - 1 }).map((rows) => rows.flat()),
        }),
      ),
    ),
  }).map(({ order, leak, parents }) => ({ kind: 'noisyMax' as const, order, leak, parents }))

/** A random deterministic table for a child with `card` states and `rows` parent assignments. */
export const arbitraryDeterministic = (card: number, rows: number): fc.Arbitrary<CompactTable> =>
  fc.array(fc.integer({ min: 0, max: card - 1 }), { minLength: rows, maxLength: rows }).map((states) => ({ kind: 'deterministic' as const, states }))

/**
 * A random spec in which every variable with parents has, at random, a full,
 * noisy-MAX or deterministic table (noisy the likeliest), with between
 * `minParents` (as many as there are earlier variables) and `maxParents`
 * parents; variables are declared in topological order.
 */
export const arbitraryCompactSpec = ({ maxVariables = 6, maxCard = 3, maxParents = 4, minParents = 0 } = {}): fc.Arbitrary<NetworkSpec> =>
  fc.array(fc.integer({ min: 1, max: maxCard }), { minLength: 1, maxLength: maxVariables }).chain((cards) =>
    fc
      .tuple(...cards.map((_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { minLength: Math.min(v, minParents), maxLength: Math.min(v, maxParents) })))
      .chain((parents) =>
        fc
          .tuple(
            ...cards.map((card, v) => {
              const parentCards = parents[v]!.map((p) => cards[p]!)
              const rows = parentCards.reduce((a, c) => a * c, 1)
              const full = fc.array(arbitraryDistribution(card, true), { minLength: rows, maxLength: rows }).map((r): TableSpec => r.flat())
              if (parentCards.length === 0) return full
              return fc.oneof(
                { arbitrary: full, weight: 1 },
                { arbitrary: arbitraryNoisy(card, parentCards), weight: 3 },
                { arbitrary: arbitraryDeterministic(card, rows), weight: 1 },
              )
            }),
          )
          .map(
            (tables): NetworkSpec => ({
              variables: cards.map((card, v) => ({
                name: `v${v}`,
                states: Array.from({ length: card }, (_, s) => `s${s}`),
                parents: parents[v]!.map((p) => `v${p}`),
                table: tables[v]!,
              })),
            }),
          ),
      ),
  )
