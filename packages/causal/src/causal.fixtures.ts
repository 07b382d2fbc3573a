/**
 * Test fixtures: random causal models (a DAG declared in shuffled order,
 * positive tables, some variables hidden, a treatment and an outcome among
 * the observed ones) and brute-force oracles written from the definitions,
 * independent of the package and of infer: the joint by enumerating every
 * assignment and multiplying table entries, interventions by replacing the
 * intervened tables (the truncated factorisation), conditionals by summing.
 */
import { domain as makeDomain, tableOf, type VarId } from '@chainrule/factor'
import { fromParents, type Dag } from '@chainrule/graph'
import { networkFromSpec, type BayesianNetwork, type NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { causalDiagram, type CausalDiagram } from './diagram.js'
import type { ProbabilitySource } from './evaluate.js'

/** A random causal model and a question on it. */
export interface CausalCase {
  readonly spec: NetworkSpec
  readonly network: BayesianNetwork
  readonly diagram: CausalDiagram
  readonly hidden: readonly string[]
  readonly treatment: readonly string[]
  readonly outcome: readonly string[]
}

export const unwrap = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

/** Random models of up to `maxVariables` variables with 2 or 3 states, about `hiddenPercent`% hidden; table entries at least 1/60 of their row (positivity). */
export const arbCausalCase = ({ maxVariables = 7, maxTreatments = 2, maxOutcomes = 2, hiddenPercent = 30 } = {}): fc.Arbitrary<CausalCase> =>
  fc
    .noBias(fc.integer({ min: 3, max: maxVariables }))
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        cards: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: n, maxLength: n }),
        density: fc.noBias(fc.integer({ min: 25, max: 75 })),
        coins: fc.array(fc.noBias(fc.integer({ min: 0, max: 99 })), { minLength: n * n, maxLength: n * n }),
        declared: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
        hiddenCoins: fc.array(fc.noBias(fc.integer({ min: 0, max: 99 })), { minLength: n, maxLength: n }),
        weights: fc.array(fc.noBias(fc.integer({ min: 1, max: 20 })), { minLength: 400, maxLength: 400 }),
        picks: fc.array(fc.noBias(fc.nat({ max: 1000 })), { minLength: 8, maxLength: 8 }),
      }),
    )
    .filter(({ hiddenCoins }) => hiddenCoins.filter((c) => c >= hiddenPercent).length >= 2)
    .map(({ n, cards, density, coins, declared, hiddenCoins, weights, picks }) => {
      // Variable i comes i-th in the causal order; its parents are earlier ones.
      const parents: number[][] = Array.from({ length: n }, (_, v) => Array.from({ length: v }, (_, u) => u).filter((u) => coins[v * n + u]! < density))
      let w = 0
      const spec: NetworkSpec = {
        variables: declared.map((v) => {
          const rows = parents[v]!.reduce((a, p) => a * cards[p]!, 1)
          const table: number[] = []
          for (let r = 0; r < rows; r++) {
            const row = Array.from({ length: cards[v]! }, () => weights[w++ % weights.length]!)
            const sum = row.reduce((a, b) => a + b, 0)
            table.push(...row.map((x) => x / sum))
          }
          return { name: `v${v}`, states: Array.from({ length: cards[v]! }, (_, s) => `s${s}`), parents: parents[v]!.map((p) => `v${p}`), table }
        }),
      }
      const network = unwrap(networkFromSpec(spec)).network
      const hiddenIds = Array.from({ length: n }, (_, v) => v).filter((v) => hiddenCoins[v]! < hiddenPercent)
      const observed = Array.from({ length: n }, (_, v) => v).filter((v) => !hiddenIds.includes(v))
      const take = (from: number[], count: number, offset: number): number[] => {
        const pool = [...from]
        const out: number[] = []
        for (let i = 0; i < count && pool.length > 0; i++) out.push(pool.splice(picks[(offset + i) % picks.length]! % pool.length, 1)[0]!)
        return out
      }
      // Treatments mostly early and outcomes after the first of them, so that effects are not all trivial.
      const treatment = take(observed.length >= 3 && picks[4]! % 4 !== 0 ? observed.slice(1, -1) : observed.slice(0, -1), 1 + (picks[6]! % maxTreatments), 0)
      const first = Math.min(...treatment)
      const outcome = take(
        observed.filter((v) => !treatment.includes(v) && (v > first || picks[5]! % 5 === 0)),
        1 + (picks[7]! % maxOutcomes),
        3,
      )
      const hidden = hiddenIds.map((v) => `v${v}`)
      return {
        spec,
        network,
        diagram: unwrap(causalDiagram(network, { hidden })),
        hidden,
        treatment: treatment.map((v) => `v${v}`),
        outcome: outcome.map((v) => `v${v}`),
      }
    })
    .filter((c) => c.outcome.length > 0)

/** Every joint assignment (states by spec variable order) with its weight; `forced` replaces tables by point masses. */
export const enumerateSpec = (spec: NetworkSpec, forced: ReadonlyMap<string, number> = new Map()): { readonly states: Int32Array[]; readonly weights: number[] } => {
  const vars = spec.variables
  const index = new Map(vars.map((v, i) => [v.name, i]))
  const states: Int32Array[] = []
  const weights: number[] = []
  const a = new Int32Array(vars.length)
  const visit = (i: number): void => {
    if (i === vars.length) {
      let p = 1
      vars.forEach((v, j) => {
        const f = forced.get(v.name)
        if (f !== undefined) {
          p *= a[j] === f ? 1 : 0
          return
        }
        let row = 0
        for (const parent of v.parents) {
          const k = index.get(parent)!
          row = row * vars[k]!.states.length + a[k]!
        }
        // Fixture specs hold flat tables.
        p *= (v.table as ArrayLike<number>)[row * v.states.length + a[j]!]!
      })
      states.push(Int32Array.from(a))
      weights.push(p)
      return
    }
    for (let s = 0; s < vars[i]!.states.length; s++) {
      a[i] = s
      visit(i + 1)
    }
  }
  visit(0)
  return { states, weights }
}

/**
 * P(targets | do(forced), evidence) by enumeration, as a flat table over the
 * targets (first target slowest), states by index; undefined when P(evidence | do) = 0.
 */
export const bruteForce = (
  spec: NetworkSpec,
  targets: readonly string[],
  forced: ReadonlyMap<string, number> = new Map(),
  evidence: ReadonlyMap<string, number> = new Map(),
): Float64Array | undefined => {
  const index = new Map(spec.variables.map((v, i) => [v.name, i]))
  const cards = targets.map((t) => spec.variables[index.get(t)!]!.states.length)
  const out = new Float64Array(cards.reduce((a, b) => a * b, 1))
  const { states, weights } = enumerateSpec(spec, forced)
  let total = 0
  states.forEach((a, k) => {
    for (const [name, s] of evidence) if (a[index.get(name)!] !== s) return
    let at = 0
    targets.forEach((t, i) => (at = at * cards[i]! + a[index.get(t)!]!))
    out[at]! += weights[k]!
    total += weights[k]!
  })
  if (total === 0) return undefined
  return out.map((x) => x / total)
}

/** The observational probabilities of a spec by enumeration, as a source for `evaluate` (names and states of the spec). */
export const bruteForceSource = (spec: NetworkSpec): ProbabilitySource => {
  const domain = unwrap(makeDomain(spec.variables.map((v) => ({ name: v.name, states: v.states }))))
  const { states, weights } = enumerateSpec(spec)
  return {
    domain,
    kind: 'model',
    conditional: (of, given) => {
      const family = [...given, ...of]
      const cards = family.map((v) => spec.variables[v]!.states.length)
      const values = new Float64Array(cards.reduce((a, b) => a * b, 1))
      states.forEach((a, k) => {
        let at = 0
        family.forEach((v, i) => (at = at * cards[i]! + a[v]!))
        values[at]! += weights[k]!
      })
      const block = of.reduce((n, v) => n * spec.variables[v]!.states.length, 1)
      let zeroRows = 0
      for (let at = 0; at < values.length; at += block) {
        let sum = 0
        for (let j = 0; j < block; j++) sum += values[at + j]!
        if (sum === 0) zeroRows++
        else for (let j = 0; j < block; j++) values[at + j] = values[at + j]! / sum
      }
      return E.right({ table: tableOf(family as VarId[], cards, values), zeroRows })
    },
  }
}

/** A DAG from edges over named nodes (declaration order: first appearance), failing the test on error. */
export const dagOf = (edges: readonly (readonly [string, string])[], extra: readonly string[] = []): Dag => {
  const parents = new Map<string, string[]>()
  for (const name of [...edges.flat(), ...extra]) if (!parents.has(name)) parents.set(name, [])
  for (const [from, to] of edges) parents.get(to)!.push(from)
  return unwrap(fromParents(parents))
}

/**
 * Random models around the front-door pattern: a hidden u confounding x and
 * y, one or two mediators from x to y, and up to three more observed
 * variables with random arcs (respecting the order e1, x, m1, m2, y, e2, e3),
 * which may or may not spoil the front door.
 */
export const arbFrontdoorCase = (): fc.Arbitrary<CausalCase> =>
  fc
    .record({
      mediators: fc.integer({ min: 1, max: 2 }),
      arcs: fc.array(fc.noBias(fc.integer({ min: 0, max: 99 })), { minLength: 64, maxLength: 64 }),
      density: fc.noBias(fc.integer({ min: 0, max: 30 })),
      weights: fc.array(fc.noBias(fc.integer({ min: 1, max: 20 })), { minLength: 200, maxLength: 200 }),
      cards: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 8, maxLength: 8 }),
    })
    .map(({ mediators, arcs, density, weights, cards }) => {
      const order = ['u', 'e1', 'x', 'm1', ...(mediators === 2 ? ['m2'] : []), 'y', 'e2', 'e3']
      const parents = new Map<string, string[]>(order.map((v) => [v, []]))
      const add = (from: string, to: string): void => {
        if (!parents.get(to)!.includes(from)) parents.get(to)!.push(from)
      }
      add('u', 'x')
      add('u', 'y')
      for (const m of order.filter((v) => v.startsWith('m'))) {
        add('x', m)
        add(m, 'y')
      }
      let k = 0
      for (let j = 1; j < order.length; j++) for (let i = 1; i < j; i++) if (arcs[k++ % arcs.length]! < density) add(order[i]!, order[j]!)
      let w = 0
      const spec: NetworkSpec = {
        variables: order.map((name, i) => {
          const ps = parents.get(name)!
          const card = cards[i]!
          const rows = ps.reduce((a, p) => a * cards[order.indexOf(p)]!, 1)
          const table: number[] = []
          for (let r = 0; r < rows; r++) {
            const row = Array.from({ length: card }, () => weights[w++ % weights.length]!)
            const sum = row.reduce((a, b) => a + b, 0)
            table.push(...row.map((x) => x / sum))
          }
          return { name, states: Array.from({ length: card }, (_, s) => `s${s}`), parents: ps, table }
        }),
      }
      const network = unwrap(networkFromSpec(spec)).network
      return { spec, network, diagram: unwrap(causalDiagram(network, { hidden: ['u'] })), hidden: ['u'], treatment: ['x'], outcome: ['y'] }
    })
