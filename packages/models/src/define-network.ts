/**
 * `defineNetwork`: the front door. A network declared in code (typed from the
 * declaration) or given as a plain {@link NetworkSpec} (from a file) is
 * checked in full, every problem listed at once, and turned into an immutable
 * {@link BayesianNetwork}. `withTable` returns a new network with one table
 * replaced; `toSpec` goes back to plain data.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { VarId } from '@chainrule/factor'
import { tableOf } from '@chainrule/factor'
import type { NetworkError } from './errors.js'
import type { NetworkSpec } from './network-spec.js'
import type { Renormalization, SpecOptions } from './check-spec.js'
import { checkSpec, checkTable } from './check-spec.js'
import type { TableContext } from './check-rows.js'
import { checkCompact } from './compact-check.js'
import { isCompact, type CompactTable } from './compact-table.js'
import type { AnyDeclaration, AssignmentOf, NestedTable, NetworkDeclaration, RowDeclaration, StateMap } from './declaration.js'
import { compactFromDeclaration, declarationToSpec, flattenTable } from './declaration.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { assemble, freezeFactor, networkOf } from './network.js'

/** Options of {@link defineNetwork}. */
export interface DefineOptions extends SpecOptions {
  /** A name for the network (a spec's own `name` wins). */
  readonly name?: string
}

/** A network read from a spec, with the rows that were rescaled under `renormalize`. */
export interface SpecNetwork {
  readonly network: BayesianNetwork
  readonly renormalized: readonly Renormalization[]
}

const isSpec = (input: unknown): input is NetworkSpec =>
  typeof input === 'object' && input !== null && Array.isArray((input as { variables?: unknown }).variables)

/**
 * Check a plain {@link NetworkSpec} and build the network, reporting which
 * variables had rows rescaled when `renormalize` is on.
 *
 * @example
 * const read = networkFromSpec(
 *   { variables: [{ name: 'coin', states: ['h', 't'], parents: [], table: [0.33, 0.66] }] },
 *   { renormalize: { tolerance: 1e-2 } },
 * )
 * // => Right({ network, renormalized: [{ variable: 'coin', rows: 1, largestDeviation: 0.01 }] })
 */
export const networkFromSpec = (spec: NetworkSpec, options: DefineOptions = {}): E.Either<NetworkError[], SpecNetwork> =>
  build(spec, options, new Set(), [])

const build = (
  spec: NetworkSpec,
  options: DefineOptions,
  unreadable: ReadonlySet<string>,
  earlier: readonly NetworkError[],
): E.Either<NetworkError[], SpecNetwork> => {
  const { errors, checked } = checkSpec(spec, options, unreadable)
  const all = [...earlier, ...errors]
  if (all.length > 0) return E.left(all)
  const named = checked.name === undefined && options.name !== undefined ? { ...checked, name: options.name } : checked
  const network = assemble(named, spec.preserved)
  return E.isLeft(network) ? E.left([network.left]) : E.right({ network: network.right, renormalized: checked.renormalized })
}

/**
 * Declare a Bayesian network in code, or build one from a plain
 * {@link NetworkSpec}. Every problem is listed at once: cycles (with the
 * cycle), unknown or repeated parents, missing tables, wrong lengths, rows not
 * summing to 1 (naming the parent assignment), negative or NaN entries,
 * duplicate states.
 *
 * In code, names are typed from the declaration: parents must be declared
 * variables, a table function receives its parents' states as literal unions,
 * and the result is a `BayesianNetwork` whose queries reject unknown names and
 * states at compile time.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : { no: 0.1, yes: 0.9 }),
 *   },
 * })
 * if (E.isRight(sprinkler)) logProb(sprinkler.right, { rain: 'no', sprinkler: 'on', wet: 'yes' })
 */
export function defineNetwork<
  const S extends StateMap,
  const P extends { readonly [K in keyof S]?: readonly (keyof S & string)[] } = Record<never, never>,
>(declaration: NetworkDeclaration<S, P>, options?: DefineOptions): E.Either<NetworkError[], BayesianNetwork<AssignmentOf<S>>>
export function defineNetwork(spec: NetworkSpec, options?: DefineOptions): E.Either<NetworkError[], BayesianNetwork>
export function defineNetwork(
  input: NetworkSpec | AnyDeclaration,
  options: DefineOptions = {},
): E.Either<NetworkError[], BayesianNetwork> {
  if (isSpec(input)) return E.map((r: SpecNetwork) => r.network)(networkFromSpec(input, options))
  const { spec, errors, unreadable } = declarationToSpec(input as AnyDeclaration)
  return E.map((r: SpecNetwork) => r.network)(build(spec, options, unreadable, errors))
}

/** A table for {@link withTable}: flat rows, nested by parent state, a function of the parent states, or a compact table. */
export type TableInput =
  | ArrayLike<number>
  | NestedTable
  | ((parents: Readonly<Record<string, string>>) => RowDeclaration)
  | CompactTable
  | {
      readonly kind: 'deterministic'
      /** The child's state, by name, for the parent states given by name. */
      readonly states: (parents: Readonly<Record<string, string>>) => string
    }

/**
 * A new network with the table of `variable` replaced (same parents). The
 * original is untouched; the other tables are shared, not copied.
 *
 * @example
 * // const fairer = withTable(bn, 'rain', [0.5, 0.5]) // Right(new network), bn unchanged
 */
export const withTable = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  variable: keyof A & string,
  table: TableInput,
  options: SpecOptions = {},
): E.Either<NetworkError[], BayesianNetwork<A>> => {
  const id = bn.domain.byName.get(variable)
  if (id === undefined) return E.left([{ _tag: 'UnknownVariable', variable }])
  const parentIds = bn.dag.parentIds[id]!
  const ctx = {
    variable,
    states: bn.domain.variables[id]!.states,
    parentNames: parentIds.map((p) => bn.dag.nodes[p]!),
    parentStates: parentIds.map((p) => bn.domain.variables[p]!.states),
  }
  const errors: NetworkError[] = []
  const checked = checkAnyTable(ctx, table, options, errors)
  if (checked === undefined || errors.length > 0) return E.left(errors)
  const old = bn.cpts[id]!
  const cpts = [...bn.cpts]
  cpts[id] = freezeFactor(tableOf(old.scope as VarId[], old.cards, checked.values))
  const compact = bn.compact === undefined ? bn.dag.nodes.map((): CompactTable | undefined => undefined) : [...bn.compact]
  compact[id] = 'compact' in checked ? checked.compact : undefined
  return E.right(networkOf(bn.dag, bn.domain, cpts, { name: bn.name, compact, preserved: bn.preserved }) as BayesianNetwork<A>)
}

/** A table of any input form, checked (and expanded when compact). */
const checkAnyTable = (
  ctx: TableContext,
  table: TableInput,
  options: SpecOptions,
  errors: NetworkError[],
): { values: Float64Array; compact?: CompactTable } | undefined => {
  if (isCompact(table)) {
    const spec = compactFromDeclaration(ctx, table, errors)
    return spec === undefined ? undefined : checkCompact(ctx, spec, options, errors)
  }
  const flat = flattenTable(ctx, table, errors)
  return flat === undefined ? undefined : checkTable(ctx, flat, options, errors)
}

/**
 * The network as plain data (tables copied), e.g. to write it to a file.
 *
 * @example
 * // toSpec(bn).variables[0] => { name: 'rain', states: ['no', 'yes'], parents: [], table: [0.8, 0.2] }
 */
export const toSpec = (bn: BayesianNetwork): NetworkSpec => ({
  ...(bn.name === undefined ? {} : { name: bn.name }),
  variables: bn.dag.nodes.map((name, i) => ({
    name,
    states: [...bn.domain.variables[i]!.states],
    parents: bn.dag.parentIds[i]!.map((p) => bn.dag.nodes[p]!),
    table: bn.compact?.[i] ?? Array.from(bn.cpts[i]!.values),
  })),
  ...(bn.preserved === undefined ? {} : { preserved: bn.preserved }),
})
