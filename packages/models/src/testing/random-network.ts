/**
 * Test support: random small network specs (fast-check) and brute-force
 * oracles written straight from the definitions, independent of the
 * package's kernels: the joint by enumerating every assignment and
 * multiplying spec table entries, marginals and posteriors by summing it.
 * (Test support only: nothing in `index.ts` imports this file.)
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkSpec, VariableSpec } from '../network-spec.js'

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
      p *= v.table[row * v.states.length + states[i]!]!
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
