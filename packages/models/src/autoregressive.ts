/**
 * Autoregressive chains: p(x) = prod_i p(x_{o_i} | parents(o_i)) for an
 * ordering `o` of the variables (the pixels of an image) and a parent policy
 * (full history = the chain rule; last k = Markov; a causal window on the
 * grid; or a user function). The structure and its exact parameter count come
 * first; tables are filled afterwards (by hand here, by learning elsewhere) and
 * refused, with their exact size, when too big to store.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import { fromParents } from '@chainrule/graph'
import type { VarId } from '@chainrule/factor'
import { domain as makeDomain, tableOf } from '@chainrule/factor'
import type { NetworkError } from './errors.js'
import type { Ordering } from './orderings.js'
import { explicitOrder, hilbertOrder, randomOrder, rasterOrder, snakeOrder } from './orderings.js'
import type { Grid, ParentPolicy } from './parent-policies.js'
import { parentsFromPolicy } from './parent-policies.js'
import { familyTableEntries, parameterCountOf, tableEntryCountOf } from './parameter-counts.js'
import type { BayesianNetwork } from './network.js'
import { freezeFactor, networkOf } from './network.js'
import { checkTable } from './check-spec.js'

/** How to order the variables: an explicit permutation, or a named ordering. */
export type OrderingChoice =
  | Ordering
  | { readonly kind: 'raster' }
  | { readonly kind: 'snake' }
  | { readonly kind: 'hilbert' }
  | { readonly kind: 'random'; readonly seed: number }

/** What {@link autoregressive} builds from. Give `variables` or `grid`. */
export interface AutoregressiveOptions {
  /** Variable names (any ordering except raster/snake/hilbert, which need a grid). */
  readonly variables?: readonly string[]
  /** A `width x height` image: variable `y * width + x` is named `x{x}_y{y}`. */
  readonly grid?: Grid
  /** States of every variable (default `['0', '1']`: binary pixels). */
  readonly states?: readonly string[]
  readonly ordering: OrderingChoice
  readonly parents: ParentPolicy
}

/** The structure of an autoregressive chain, before any table exists. */
export interface AutoregressiveStructure {
  readonly names: readonly string[]
  readonly states: readonly string[]
  readonly grid?: Grid
  /** position -> variable. */
  readonly ordering: Ordering
  /** variable -> parent variables (earlier in the ordering). */
  readonly parentIds: readonly (readonly number[])[]
  readonly dag: Dag
  /** Free parameters, exact: sum over variables of (card - 1) * card^|parents|. */
  readonly parameterCount: bigint
  /** Table entries (storage), exact. */
  readonly tableEntryCount: bigint
  /** The most parents any variable has. */
  readonly maxParents: number
}

/** The name of grid cell (x, y). */
export const cellName = (x: number, y: number): string => `x${x}_y${y}`

const resolveOrdering = (choice: OrderingChoice, n: number, grid: Grid | undefined): E.Either<NetworkError, Ordering> => {
  if (Array.isArray(choice)) return explicitOrder(choice as Ordering, n)
  const named = choice as Exclude<OrderingChoice, Ordering>
  if (named.kind === 'random') return randomOrder(n, named.seed)
  if (grid === undefined)
    return E.left({ _tag: 'InvalidOption', option: 'ordering', value: named.kind, reason: 'this ordering needs a grid' })
  switch (named.kind) {
    case 'raster':
      return rasterOrder(grid.width, grid.height)
    case 'snake':
      return snakeOrder(grid.width, grid.height)
    case 'hilbert':
      return hilbertOrder(grid.width, grid.height)
  }
}

/**
 * Build the structure of an autoregressive chain and count its parameters.
 *
 * @example
 * const s = autoregressive({
 *   grid: { width: 28, height: 28 },
 *   ordering: { kind: 'raster' },
 *   parents: { kind: 'window', radius: 1, max: 3 },
 * })
 * // Right({ parameterCount: 5995n, maxParents: 3, dag, ... })
 */
export const autoregressive = (options: AutoregressiveOptions): E.Either<NetworkError, AutoregressiveStructure> => {
  const { grid } = options
  let names: string[]
  if (grid !== undefined) {
    if (options.variables !== undefined)
      return E.left({ _tag: 'InvalidOption', option: 'variables', value: `${options.variables.length} names`, reason: 'give variables or grid, not both' })
    for (const [option, value] of [['grid.width', grid.width], ['grid.height', grid.height]] as const)
      if (!Number.isSafeInteger(value) || value < 1)
        return E.left({ _tag: 'InvalidOption', option, value: String(value), reason: 'expected a positive integer' })
    names = []
    for (let y = 0; y < grid.height; y++) for (let x = 0; x < grid.width; x++) names.push(cellName(x, y))
  } else if (options.variables !== undefined) names = [...options.variables]
  else return E.left({ _tag: 'InvalidOption', option: 'variables', value: 'undefined', reason: 'give variables or grid' })
  if (names.length === 0) return E.left({ _tag: 'EmptyNetwork' })
  const states = options.states ?? ['0', '1']
  if (states.length === 0) return E.left({ _tag: 'NoStates', variable: '(every variable)' })
  if (new Set(states).size !== states.length)
    return E.left({ _tag: 'DuplicateState', variable: '(every variable)', state: states.find((s, i) => states.indexOf(s) !== i)! })

  const ordering = resolveOrdering(options.ordering, names.length, grid)
  if (E.isLeft(ordering)) return ordering
  const parentIds = parentsFromPolicy(ordering.right, options.parents, grid)
  if (E.isLeft(parentIds)) {
    const e = parentIds.left
    return E.left(
      e._tag === 'ParentNotEarlier' ? { ...e, variable: names[Number(e.variable)]!, parent: names[Number(e.parent)]! } : e,
    )
  }
  const byName = new Map<string, readonly string[]>()
  names.forEach((name, v) => byName.set(name, parentIds.right[v]!.map((p) => names[p]!)))
  const dag = fromParents(byName)
  if (E.isLeft(dag)) return E.left({ _tag: 'Graph', error: dag.left })
  const cards = names.map(() => states.length)
  return E.right({
    names,
    states: [...states],
    ...(grid === undefined ? {} : { grid }),
    ordering: ordering.right,
    parentIds: parentIds.right,
    dag: dag.right,
    parameterCount: parameterCountOf(parentIds.right, cards),
    tableEntryCount: tableEntryCountOf(parentIds.right, cards),
    maxParents: parentIds.right.reduce((m, ps) => Math.max(m, ps.length), 0),
  })
}

/** A row of P(variable | parents) from the parents' state indices (in the variable's parent order). */
export type RowFunction = (variable: number, parentStates: ArrayLike<number>, parents: readonly number[]) => ArrayLike<number>

/** Options of {@link withTables}. */
export interface TablesOptions {
  /** Refuse any single table with more entries than this (default 2^20). */
  readonly maxTableEntries?: number
}

/**
 * Fill every table of an autoregressive structure from a function of the
 * parent states, giving a Bayesian network. Tables past `maxTableEntries`
 * are refused with their exact size (full history on 784 pixels would need
 * 2^784 entries for the last one).
 *
 * @example
 * // A pixel copies its left neighbour with probability 0.9:
 * const bn = withTables(structure, (_v, ps) => (ps.length === 0 ? [0.5, 0.5] : ps[ps.length - 1] === 1 ? [0.1, 0.9] : [0.9, 0.1]))
 */
export const withTables = (
  structure: AutoregressiveStructure,
  row: RowFunction,
  options: TablesOptions = {},
): E.Either<NetworkError[], BayesianNetwork> => {
  const limit = options.maxTableEntries ?? 2 ** 20
  if (!Number.isSafeInteger(limit) || limit < 1)
    return E.left([{ _tag: 'InvalidOption', option: 'maxTableEntries', value: String(limit), reason: 'expected a positive integer' }])
  const card = structure.states.length
  const errors: NetworkError[] = []
  for (let v = 0; v < structure.names.length; v++) {
    const entries = familyTableEntries(card, structure.parentIds[v]!.map(() => card))
    if (entries > BigInt(limit)) {
      errors.push({ _tag: 'TableTooLarge', variable: structure.names[v]!, entries, limit })
      return E.left(errors)
    }
  }
  const domain = makeDomain(structure.names.map((name) => ({ name, states: structure.states })))
  if (E.isLeft(domain)) return E.left([{ _tag: 'Factor', error: domain.left }])
  const cpts = structure.names.map((name, v) => {
    const parents = structure.parentIds[v]!
    const k = parents.length
    const rows = card ** k
    const flat = new Float64Array(rows * card)
    const parentStates = new Int32Array(k)
    const scope = [...parents, v] as VarId[]
    for (let r = 0; r < rows; r++) {
      const values = row(v, parentStates, parents)
      if (values.length !== card) {
        const named: Record<string, string> = {}
        parents.forEach((p, j) => (named[structure.names[p]!] = structure.states[parentStates[j]!]!))
        errors.push({ _tag: 'WrongRowLength', variable: name, parents: named, expected: card, got: values.length })
        return freezeFactor(tableOf(scope, scope.map(() => card), flat))
      }
      for (let s = 0; s < card; s++) flat[r * card + s] = values[s]!
      for (let j = k - 1; j >= 0; j--) {
        if (++parentStates[j]! < card) break
        parentStates[j] = 0
      }
    }
    const ctx = {
      variable: name,
      states: structure.states,
      parentNames: parents.map((p) => structure.names[p]!),
      parentStates: parents.map(() => structure.states),
    }
    const checked = checkTable(ctx, flat, {}, errors)
    return freezeFactor(tableOf(scope, scope.map(() => card), checked.values))
  })
  if (errors.length > 0) return E.left(errors)
  return E.right(networkOf(structure.dag, domain.right, cpts))
}
