/**
 * Models as named plain data, built structurally (nothing imported from
 * `@chainrule/models`): a Bayesian model as an object of the `NetworkSpec`
 * shape, a Markov model as one of the `MarkovSpec` shape, and dense evidence
 * as records by name. Variable v is named `v{v}`, state s of any variable
 * `s{s}`; a Bayesian spec declares its variables in id order, so the
 * network's ids are the model's. Back the other way, any network spec (one a
 * library wrote, say) is a model: ids in declaration order, compact tables
 * expanded by their definitions.
 */
import { expandCompact } from './compact-tables.js'
import type { CompactTableData, Model, RandomModel } from './model.js'

/** The name of variable `v`. */
export const variableName = (v: number): string => `v${v}`

/** The name of state `s`. */
export const stateName = (s: number): string => `s${s}`

const stateNames = (card: number): string[] => Array.from({ length: card }, (_, s) => stateName(s))

/** A variable of a {@link NetworkSpecData}: the shape of `@chainrule/models`' `VariableSpec`. */
export interface VariableSpecData {
  readonly name: string
  readonly states: readonly string[]
  readonly parents: readonly string[]
  readonly table: ArrayLike<number> | CompactTableData
}

/** The shape of `@chainrule/models`' `NetworkSpec`. */
export interface NetworkSpecData {
  readonly name?: string
  readonly variables: readonly VariableSpecData[]
}

/** The shape of `@chainrule/models`' `MarkovSpec`. */
export interface MarkovSpecData {
  readonly name?: string
  readonly variables: readonly { readonly name: string; readonly states: readonly string[] }[]
  readonly factors: readonly { readonly scope: readonly string[]; readonly values: ArrayLike<number> }[]
}

/**
 * A Bayesian model as a network spec (its compact tables where it has them,
 * its full tables otherwise). `tables[v]` must be v's conditional table, child
 * last.
 */
export const networkSpecOf = (model: Pick<RandomModel, 'cards' | 'tables'> & { readonly compact?: RandomModel['compact'] }, name?: string): NetworkSpecData => ({
  ...(name === undefined ? {} : { name }),
  variables: model.cards.map((card, v) => {
    const table = model.tables[v]!
    if (table.scope[table.scope.length - 1] !== v) throw new Error(`networkSpecOf: table ${v} is not variable ${v}'s conditional table`)
    return { name: variableName(v), states: stateNames(card), parents: table.scope.slice(0, -1).map(variableName), table: model.compact?.[v] ?? table.values }
  }),
})

/** Any model as a Markov spec: its tables as potentials. */
export const markovSpecOf = (model: Model, name?: string): MarkovSpecData => ({
  ...(name === undefined ? {} : { name }),
  variables: model.cards.map((card, v) => ({ name: variableName(v), states: stateNames(card) })),
  factors: model.tables.map((t) => ({ scope: t.scope.map(variableName), values: t.values })),
})

/** Hard evidence by name (`{ v0: 's1' }`) from dense states (-1: unobserved). */
export const namedEvidence = (states: ArrayLike<number>): Record<string, string> =>
  Object.fromEntries(Array.from(states).flatMap((s, v) => (s >= 0 ? [[variableName(v), stateName(s)]] : [])))

/** Soft evidence by name (`{ v0: [0.2, 1] }`) from likelihoods by id (undefined: none). */
export const namedSoft = (soft: readonly (ArrayLike<number> | undefined)[]): Record<string, number[]> =>
  Object.fromEntries(soft.flatMap((l, v) => (l === undefined ? [] : [[variableName(v), Array.from(l)]])))

/**
 * A network spec as a model: variable i is the spec's i-th, `tables[i]` its
 * table over `[...parents, i]` (a compact table expanded by its definition).
 */
export const modelOfSpec = (spec: NetworkSpecData): Model => {
  const index = new Map(spec.variables.map((v, i) => [v.name, i]))
  const cards = spec.variables.map((v) => v.states.length)
  const tables = spec.variables.map((v, i) => {
    const parents = v.parents.map((name) => {
      const p = index.get(name)
      if (p === undefined) throw new Error(`modelOfSpec: unknown parent ${name} of ${v.name}`)
      return p
    })
    const values = 'kind' in v.table ? expandCompact(v.table, cards[i]!, parents.map((p) => cards[p]!)) : v.table
    return { scope: [...parents, i], values }
  })
  return { cards, tables }
}

/** The variables of a spec (either shape), in declaration order. */
interface Declared {
  readonly variables: readonly { readonly name: string; readonly states: readonly string[] }[]
}

/** Named hard evidence as dense states over a spec's variables (declaration order), -1 where unobserved. */
export const statesOf = (spec: Declared, evidence: Readonly<Record<string, string>>): Int32Array =>
  Int32Array.from(spec.variables, (v) => (evidence[v.name] === undefined ? -1 : v.states.indexOf(evidence[v.name]!)))

/** Named soft evidence as likelihoods by declaration index (undefined where none). */
export const likelihoodsOf = (spec: Declared, soft: Readonly<Record<string, readonly number[]>>): (Float64Array | undefined)[] =>
  spec.variables.map((v) => (soft[v.name] === undefined ? undefined : Float64Array.from(soft[v.name]!)))
