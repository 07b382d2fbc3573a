/**
 * The in-code declaration of a network, typed from itself: variable names,
 * state names and parent names are literal types, so a typo in a parent list,
 * in a table function or in a later query is a compile error.
 *
 * The declaration has three maps, `states`, `parents` and `tables`, in that
 * order: TypeScript infers the names from the first two and then types each
 * table function's argument from them (a single map per variable cannot be
 * typed this way, as the whole object would have to be inferred first).
 *
 * A table can be given as
 * - flat rows (the {@link NetworkSpec} layout: one row per parent assignment, last parent fastest),
 * - nested by parent state, outermost = first parent, each level an array (by state
 *   index) or a record (by state name), the innermost level a row,
 * - a function from the parent states (by name) to a row.
 * A row is an array of probabilities in state order or a record by state name.
 */
import type { NamedAssignment, NetworkError } from './errors.js'
import type { NetworkSpec, VariableSpec } from './network-spec.js'
import { parentAssignmentOf } from './check-spec.js'
import { isCompact, type CompactTable } from './compact-table.js'

/** A row of P(child | one parent assignment): by state index or by state name. */
export type RowDeclaration<S extends string = string> = ArrayLike<number> | { readonly [K in S]: number }

/** A table nested by parent state (arrays by index or records by state name), rows innermost. */
export type NestedTable = readonly unknown[] | { readonly [state: string]: unknown }

/** Variable name -> its state names, in declaration order. */
export type StateMap = Readonly<Record<string, readonly string[]>>

/** The state names of variable `K` of state map `S`, as a union of literals. */
export type StatesOf<S, K> = K extends keyof S ? (S[K] extends readonly (infer X extends string)[] ? X : never) : never

/** The argument of a table function of variable `K`: each parent's state, by parent name. */
export type ParentStates<S, P, K> = K extends keyof P
  ? P[K] extends readonly (infer Q)[]
    ? { readonly [N in Q & keyof S]: StatesOf<S, N> }
    : Record<never, never>
  : Record<never, never>

/**
 * A deterministic table declared as a function from the parent states to the
 * child's state, by name (`{ kind: 'deterministic', states: ({ a, b }) => a === 'yes' ? 'on' : 'off' }`).
 */
export interface DeterministicDeclaration<S = StateMap, P = unknown, K = string> {
  readonly kind: 'deterministic'
  /** The child's state, by name, for the parent states given by name. */
  readonly states: (parents: ParentStates<S, P, K>) => StatesOf<S, K>
}

/**
 * The table of variable `K`: flat rows, nested by parent state, a function of
 * the parent states, a compact table (`noisyOr(...)`, `noisyMax(...)`,
 * `deterministic([...])`), or a deterministic function.
 */
export type TableDeclaration<S, P, K> =
  | ArrayLike<number>
  | NestedTable
  | ((parents: ParentStates<S, P, K>) => RowDeclaration<StatesOf<S, K>>)
  | CompactTable
  | DeterministicDeclaration<S, P, K>

/**
 * A network declared in code: the states of every variable, the parents of
 * those that have any, and one table per variable. Variable order (node ids)
 * is the key order of `states`.
 */
export interface NetworkDeclaration<S extends StateMap, P extends { readonly [K in keyof S]?: readonly (keyof S & string)[] }> {
  readonly name?: string
  readonly states: S
  readonly parents?: P
  readonly tables: { readonly [K in keyof S]: TableDeclaration<S, P, K> }
}

/** The untyped shape of a declaration (what the runtime checks). */
export interface AnyDeclaration {
  readonly name?: string
  readonly states: StateMap
  readonly parents?: Readonly<Record<string, readonly string[] | undefined>>
  readonly tables: Readonly<Record<string, unknown>>
}

/** A complete assignment of a declaration with states `S`: every variable to one of its states. */
export type AssignmentOf<S> = { readonly [K in keyof S & string]: StatesOf<S, K> }

const isFlat = (table: unknown): table is ArrayLike<number> => {
  if (ArrayBuffer.isView(table)) return true
  if (!Array.isArray(table)) return false
  return table.every((x) => typeof x === 'number')
}

interface FlattenContext {
  readonly variable: string
  readonly states: readonly string[]
  readonly parentNames: readonly string[]
  readonly parentStates: readonly (readonly string[])[]
}

/** One row, validated for shape only (values are checked later with the whole spec). */
const flattenRow = (
  ctx: FlattenContext,
  row: unknown,
  parents: NamedAssignment,
  out: number[],
  errors: NetworkError[],
): void => {
  const card = ctx.states.length
  if (Array.isArray(row) || ArrayBuffer.isView(row)) {
    const values = row as ArrayLike<unknown>
    if (values.length !== card) {
      errors.push({ _tag: 'WrongRowLength', variable: ctx.variable, parents, expected: card, got: values.length })
      return
    }
    for (let s = 0; s < card; s++) {
      const x = values[s]
      if (typeof x !== 'number') {
        errors.push({ _tag: 'MalformedTable', variable: ctx.variable, parents, reason: `entry ${s} is not a number` })
        return
      }
      out.push(x)
    }
    return
  }
  if (typeof row === 'object' && row !== null) {
    const record = row as Readonly<Record<string, unknown>>
    for (const key of Object.keys(record))
      if (!ctx.states.includes(key)) errors.push({ _tag: 'UnknownState', variable: ctx.variable, state: key })
    for (const state of ctx.states) {
      const x = record[state]
      if (typeof x !== 'number') {
        errors.push({ _tag: 'MalformedTable', variable: ctx.variable, parents, reason: `no probability for state '${state}'` })
        return
      }
      out.push(x)
    }
    return
  }
  errors.push({ _tag: 'MalformedTable', variable: ctx.variable, parents, reason: 'a row must be an array or a record by state name' })
}

/**
 * Flatten a declared table to the spec layout. Shape problems are pushed to
 * `errors`; the result is `undefined` when the table could not be read.
 */
export const flattenTable = (
  ctx: FlattenContext,
  table: unknown,
  errors: NetworkError[],
): ArrayLike<number> | undefined => {
  if (isFlat(table)) return table
  const rows = ctx.parentStates.reduce((a, s) => a * s.length, 1)
  const out: number[] = []
  const before = errors.length
  const indices = new Array<number>(ctx.parentNames.length).fill(0)
  for (let r = 0; r < rows; r++) {
    let rest = r
    for (let j = ctx.parentNames.length - 1; j >= 0; j--) {
      const card = ctx.parentStates[j]!.length
      indices[j] = rest % card
      rest = (rest - indices[j]!) / card
    }
    const parents = parentAssignmentOf(ctx.parentNames, ctx.parentStates, r)
    let node: unknown
    if (typeof table === 'function') node = (table as (p: NamedAssignment) => unknown)(parents)
    else {
      node = table
      for (let j = 0; j < ctx.parentNames.length && node !== undefined; j++) {
        const states = ctx.parentStates[j]!
        const s = indices[j]!
        if (Array.isArray(node)) {
          if (node.length !== states.length) {
            errors.push({
              _tag: 'MalformedTable',
              variable: ctx.variable,
              parents,
              reason: `level ${j} (parent '${ctx.parentNames[j]}') has ${node.length} entries, expected ${states.length}`,
            })
            return undefined
          }
          node = node[s]
        } else if (typeof node === 'object' && node !== null) {
          const record = node as Readonly<Record<string, unknown>>
          if (s === 0)
            for (const key of Object.keys(record))
              if (!states.includes(key)) errors.push({ _tag: 'UnknownState', variable: ctx.parentNames[j]!, state: key })
          node = record[states[s]!]
          if (node === undefined)
            errors.push({
              _tag: 'MalformedTable',
              variable: ctx.variable,
              parents,
              reason: `no entry for ${ctx.parentNames[j]}=${states[s]}`,
            })
        } else {
          errors.push({ _tag: 'MalformedTable', variable: ctx.variable, parents, reason: `level ${j} is neither an array nor a record` })
          return undefined
        }
      }
      if (node === undefined) continue
    }
    flattenRow(ctx, node, parents, out, errors)
  }
  return errors.length === before ? out : undefined
}

/**
 * A compact table of a declaration as plain data: a deterministic function
 * of the parent states (by name) becomes the state index of every row;
 * anything else passes as it is. Undefined when a function names an unknown
 * state (pushed to `errors`).
 */
export const compactFromDeclaration = (
  ctx: FlattenContext,
  table: CompactTable | { readonly kind: string; readonly states?: unknown },
  errors: NetworkError[],
): CompactTable | undefined => {
  if (table.kind !== 'deterministic' || typeof table.states !== 'function') return table as CompactTable
  const of = table.states as (parents: NamedAssignment) => unknown
  const rows = ctx.parentStates.reduce((a, s) => a * s.length, 1)
  const states = new Array<number>(rows)
  const before = errors.length
  for (let r = 0; r < rows; r++) {
    const picked = of(parentAssignmentOf(ctx.parentNames, ctx.parentStates, r))
    const s = typeof picked === 'string' ? ctx.states.indexOf(picked) : -1
    if (s < 0) errors.push({ _tag: 'UnknownState', variable: ctx.variable, state: String(picked) })
    states[r] = s
  }
  return errors.length > before ? undefined : { kind: 'deterministic', states }
}

/**
 * Turn a declaration into a plain {@link NetworkSpec}, flattening every table.
 * Variables whose table could not be read are listed in `unreadable` (their
 * problems are in `errors`), as are tables and parent lists for undeclared variables.
 */
export const declarationToSpec = (
  declaration: AnyDeclaration,
): { spec: NetworkSpec; errors: NetworkError[]; unreadable: ReadonlySet<string> } => {
  const errors: NetworkError[] = []
  const unreadable = new Set<string>()
  const states = declaration.states
  const parentMap = declaration.parents ?? {}
  // Names are user data: look them up as own properties only, so that a
  // variable called constructor or __proto__ is a variable like any other.
  const declared = (name: string): boolean => Object.hasOwn(states, name)
  for (const name of Object.keys(parentMap))
    if (!declared(name)) errors.push({ _tag: 'UnknownVariable', variable: name })
  for (const name of Object.keys(declaration.tables))
    if (!declared(name)) errors.push({ _tag: 'ExtraTable', variable: name })
  const variables: VariableSpec[] = Object.entries(states).map(([name, own]) => {
    const parents = Object.hasOwn(parentMap, name) ? (parentMap[name] ?? []) : []
    const table = Object.hasOwn(declaration.tables, name) ? declaration.tables[name] : undefined
    if (table === undefined) return { name, states: own, parents, table: undefined as unknown as ArrayLike<number> }
    const known = parents.every((p) => declared(p))
    if (!known || isFlat(table)) return { name, states: own, parents, table: table as ArrayLike<number> }
    const ctx: FlattenContext = {
      variable: name,
      states: own,
      parentNames: parents,
      parentStates: parents.map((p) => states[p]!),
    }
    if (isCompact(table)) {
      const compact = compactFromDeclaration(ctx, table, errors)
      if (compact === undefined) unreadable.add(name)
      return { name, states: own, parents, table: compact ?? [] }
    }
    const flat = flattenTable(ctx, table, errors)
    if (flat === undefined) unreadable.add(name)
    return { name, states: own, parents, table: flat ?? [] }
  })
  return { spec: declaration.name === undefined ? { variables } : { name: declaration.name, variables }, errors, unreadable }
}
