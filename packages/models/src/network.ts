/**
 * The `BayesianNetwork` value (docs/architecture.md): a `Dag` from
 * `@chainrule/graph`, a `Domain` from `@chainrule/factor` whose ids are the
 * DAG's node ids, and one conditional table per variable with scope
 * `[...parents, child]`.
 *
 * Networks are immutable: the object, its arrays and its factors are frozen.
 * (A `Float64Array` cannot be frozen by JavaScript; no function of chainrule
 * writes into a network's tables, and `withTable` copies.)
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import { fromParents } from '@chainrule/graph'
import type { Domain, Factor, StateIndex, VarId } from '@chainrule/factor'
import { domain as makeDomain, tableOf } from '@chainrule/factor'
import type { NetworkError } from './errors.js'
import type { CheckedSpec } from './check-spec.js'
import type { CompactTable } from './compact-table.js'
import type { Preserved } from './network-spec.js'

/** An assignment of states to variables, by name. */
export type Assignment = Readonly<Record<string, string>>

/**
 * A discrete Bayesian network. `A` is the type of a complete assignment by
 * name; networks declared in code carry their literal names there, networks
 * read from files the plain `Record<string, string>`.
 */
export interface BayesianNetwork<A extends Assignment = Assignment> {
  readonly name?: string
  readonly dag: Dag
  readonly domain: Domain
  readonly cpts: readonly Factor[]
  /**
   * Present when some variable has a compact table: `compact[i]` is the
   * compact table of variable i (and `cpts[i]` its exact expansion), or
   * undefined for a full table. Inference can exploit it (`decompose`).
   */
  readonly compact?: readonly (CompactTable | undefined)[]
  /** What a file reader kept without interpreting it, for a writer of the same format. */
  readonly preserved?: Preserved
  /** Type-level only (never present at runtime): the names and states of the network. */
  readonly __assignment?: A
}


/** Freeze a factor and its arrays (not its Float64Array, which JavaScript cannot freeze). */
export const freezeFactor = (f: Factor): Factor =>
  Object.freeze({
    scope: Object.freeze([...f.scope]),
    cards: Object.freeze([...f.cards]),
    strides: Object.freeze([...f.strides]),
    values: f.values,
  })

/** Build the network value from a checked spec (trusted: every check passed). */
export const assemble = (checked: CheckedSpec, preserved?: Preserved): E.Either<NetworkError, BayesianNetwork> => {
  const parents = new Map<string, readonly string[]>()
  checked.names.forEach((name, i) => parents.set(name, checked.parentIds[i]!.map((p) => checked.names[p]!)))
  const dag = fromParents(parents)
  if (E.isLeft(dag)) return E.left({ _tag: 'Graph', error: dag.left })
  const domain = makeDomain(checked.names.map((name, i) => ({ name, states: checked.states[i]! })))
  if (E.isLeft(domain)) return E.left({ _tag: 'Factor', error: domain.left })
  const cpts = checked.names.map((_, i) => {
    const scope = [...checked.parentIds[i]!, i] as VarId[]
    const cards = scope.map((v) => checked.states[v]!.length)
    return freezeFactor(tableOf(scope, cards, checked.tables[i]!))
  })
  return E.right(networkOf(dag.right, domain.right, cpts, { name: checked.name, compact: checked.compact, preserved }))
}

/** The optional parts of a network. */
export interface NetworkExtras {
  readonly name?: string | undefined
  readonly compact?: readonly (CompactTable | undefined)[] | undefined
  readonly preserved?: Preserved | undefined
}

const freezePreserved = (p: Preserved): Preserved =>
  Object.isFrozen(p) ? p : Object.freeze({ format: p.format, parts: Object.freeze(p.parts.map((part) => Object.freeze({ ...part }))) })

/** Put the parts together, frozen; `compact` is kept only when some variable has a compact table. */
export const networkOf = (dag: Dag, domain: Domain, cpts: readonly Factor[], extras: NetworkExtras = {}): BayesianNetwork => {
  const { name, compact, preserved } = extras
  return Object.freeze({
    ...(name === undefined ? {} : { name }),
    dag,
    domain,
    cpts: Object.freeze([...cpts]),
    ...(compact === undefined || compact.every((t) => t === undefined) ? {} : { compact: Object.freeze([...compact]) }),
    ...(preserved === undefined ? {} : { preserved: freezePreserved(preserved) }),
  })
}

/**
 * The cardinality of every variable, by id.
 *
 * @example
 * // for the sprinkler network: cardinalities(bn) => [2, 2, 2, 2]
 */
export const cardinalities = (bn: BayesianNetwork): readonly number[] => bn.domain.variables.map((v) => v.states.length)

/**
 * The id of a variable by name, or a typed error.
 *
 * @example
 * // variableId(bn, 'rain') => Right(0); variableId(bn, 'snow') => Left(UnknownVariable)
 */
export const variableId = (bn: BayesianNetwork, name: string): E.Either<NetworkError, VarId> => {
  const id = bn.domain.byName.get(name)
  return id === undefined ? E.left({ _tag: 'UnknownVariable', variable: name }) : E.right(id)
}

/**
 * The index of a state of a variable, both by name, or a typed error.
 *
 * @example
 * // stateIndex(bn, 'rain', 'yes') => Right(1) when rain's states are ['no', 'yes']
 */
export const stateIndex = (bn: BayesianNetwork, variable: string, state: string): E.Either<NetworkError, StateIndex> => {
  const id = bn.domain.byName.get(variable)
  if (id === undefined) return E.left({ _tag: 'UnknownVariable', variable })
  const s = bn.domain.variables[id]!.states.indexOf(state)
  return s < 0 ? E.left({ _tag: 'UnknownState', variable, state }) : E.right(s as StateIndex)
}

/**
 * Evidence by name to a map from variable id to state index, checking every name.
 *
 * @example
 * // evidenceIds(bn, { wet: 'yes' }) => Right(Map { 3 => 1 })
 */
export const evidenceIds = (bn: BayesianNetwork, evidence: Partial<Assignment>): E.Either<NetworkError, Map<number, number>> => {
  const out = new Map<number, number>()
  for (const [variable, state] of Object.entries(evidence)) {
    if (state === undefined) continue
    const v = variableId(bn, variable)
    if (E.isLeft(v)) return v
    const s = stateIndex(bn, variable, state)
    if (E.isLeft(s)) return s
    out.set(v.right, s.right)
  }
  return E.right(out)
}
