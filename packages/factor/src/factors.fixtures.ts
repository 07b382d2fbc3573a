/**
 * Test fixtures: the oracle's random models (`@chainrule/testing`) as factors,
 * and its enumeration asked in factor terms. An oracle table is a factor's
 * scope and values as they are; `factorOf` adds the cards and strides.
 */
import { arbitraryModel, enumerateJoint, tableOver, type Table } from '@chainrule/testing'
import type fc from 'fast-check'
import { tableOf, type Factor, type VarId } from './factor.js'

/** An oracle table as a factor over variables of cardinalities `cards` (by id). */
export const factorOf = (table: Table, cards: readonly number[]): Factor =>
  tableOf(table.scope as readonly VarId[], table.scope.map((v) => cards[v]!), Float64Array.from(table.values))

/** A random Bayesian network as factors: `cpts[v]` over `[...parents[v], v]`. */
export interface FactorNetwork {
  readonly cards: readonly number[]
  readonly cpts: readonly Factor[]
  readonly parents: readonly (readonly VarId[])[]
}

/** Random Bayesian networks of up to `maxVariables` variables with up to `maxParents` parents each. */
export const arbitraryNetwork = (maxVariables: number, maxParents: number): fc.Arbitrary<FactorNetwork> =>
  arbitraryModel({ variables: { max: maxVariables }, parents: { max: maxParents } }).map((m) => ({
    cards: m.cards,
    cpts: m.tables.map((t) => factorOf(t, m.cards)),
    parents: m.parents as readonly (readonly VarId[])[],
  }))

/** `count` random non-negative factors over a universe of up to `maxVariables` variables (`u.cards`). */
export const arbitraryFactors = (count: number, maxVariables = 5): fc.Arbitrary<{ readonly u: { readonly cards: readonly number[] }; readonly factors: Factor[] }> =>
  arbitraryModel({ kind: 'markov', variables: { max: maxVariables }, factors: { min: count, max: count } }).map((m) => ({
    u: { cards: m.cards },
    factors: m.tables.map((t) => factorOf(t, m.cards)),
  }))

/**
 * The oracle's sum over every assignment of the `cards` variables of the
 * product of `factors`, restricted to `evidence`, tabulated over `targets`
 * (unnormalised, the last target fastest), and its total.
 */
export const bruteForce = (
  cards: readonly number[],
  factors: readonly Factor[],
  targets: readonly VarId[],
  evidence: ReadonlyMap<VarId, number> = new Map(),
): { readonly table: Float64Array; readonly total: number } => {
  const states = new Int32Array(cards.length).fill(-1)
  for (const [v, s] of evidence) states[v] = s
  return tableOver(enumerateJoint({ cards, tables: factors }, { evidence: states }), targets)
}
