/**
 * The structural checks every reader shares: from the declarations and tables
 * a reader collected (with source offsets), build a `NetworkSpec` or the first
 * error. Checked here: each variable declared once with distinct states and at
 * least one state; each table's child and parents declared, parents distinct
 * and not the child; one table per variable; table length = product of parent
 * cardinalities x own cardinality. Row sums and acyclicity are left to
 * `defineNetwork` in `@chainrule/models`.
 */
import type { CompactTable, NetworkSpec, Preserved, VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { IoError, Location } from './errors.js'

/** A declared variable, with the offset of its name in the source. */
export interface VariableDraft {
  readonly name: string
  readonly states: readonly string[]
  readonly at: number
}

/** What a table builder may ask about the variables in its header. */
export interface TableContext {
  /** States of the child. */
  readonly childStates: readonly string[]
  /** States of each parent, in header order. */
  readonly parentStates: readonly (readonly string[])[]
  /** Total entries: product of parent cardinalities x child cardinality. */
  readonly entries: number
  readonly locate: (offset: number) => Location
}

/** A table as read, before its header is resolved against the declarations. */
export interface TableDraft {
  readonly child: string
  readonly childAt: number
  readonly parents: readonly string[]
  readonly parentsAt: readonly number[]
  /**
   * Builds the values in NetworkSpec layout (length checked afterwards), or a
   * compact table (its shape checked by the builder, its numbers by `defineNetwork`).
   */
  readonly build: (context: TableContext) => E.Either<IoError, Float64Array | CompactTable>
  /** A compact table: no full table is allocated, so the entry limit does not apply. */
  readonly compact?: boolean
}

/** Options shared by every reader. */
export interface ReadOptions {
  /** Name used in error locations (default `<input>`). */
  readonly file?: string
  /** Refuse any table with more entries than this (default 2^26, 512 MiB of doubles). */
  readonly maxTableEntries?: number
}

/** Rows of a file may sum to 1 +- this and are rescaled (files print rounded numbers). */
export const FILE_RENORMALIZE_TOLERANCE = 1e-2

/** Default for {@link ReadOptions.maxTableEntries}. */
export const DEFAULT_MAX_TABLE_ENTRIES = 2 ** 26

/** Check drafts and build the spec, variables in declaration order. */
export const assemble = (
  name: string | undefined,
  variables: readonly VariableDraft[],
  tables: readonly TableDraft[],
  locate: (offset: number) => Location,
  maxEntries: number,
  preserved?: Preserved,
): E.Either<IoError, NetworkSpec> => {
  const index = new Map<string, number>()
  for (let i = 0; i < variables.length; i++) {
    const v = variables[i]!
    if (index.has(v.name)) return E.left({ _tag: 'DuplicateVariable', ...locate(v.at), name: v.name })
    if (v.states.length === 0)
      return E.left({ _tag: 'StateCountMismatch', ...locate(v.at), variable: v.name, declared: 0, listed: 0 })
    const seen = new Set<string>()
    for (const s of v.states) {
      if (seen.has(s)) return E.left({ _tag: 'DuplicateState', ...locate(v.at), variable: v.name, state: s })
      seen.add(s)
    }
    index.set(v.name, i)
  }
  const built: (VariableSpec | undefined)[] = variables.map(() => undefined)
  for (const t of tables) {
    const child = index.get(t.child)
    if (child === undefined) return E.left({ _tag: 'UnknownVariable', ...locate(t.childAt), name: t.child })
    if (built[child] !== undefined) return E.left({ _tag: 'DuplicateTable', ...locate(t.childAt), variable: t.child })
    const childStates = variables[child]!.states
    const parentStates: (readonly string[])[] = []
    const seen = new Set<string>([t.child])
    let entries = childStates.length
    for (let k = 0; k < t.parents.length; k++) {
      const p = t.parents[k]!
      const where = (): Location => locate(t.parentsAt[k] ?? t.childAt)
      const pi = index.get(p)
      if (pi === undefined) return E.left({ _tag: 'UnknownVariable', ...where(), name: p })
      if (seen.has(p)) return E.left({ _tag: 'DuplicateParent', ...where(), variable: t.child, parent: p })
      seen.add(p)
      const states = variables[pi]!.states
      parentStates.push(states)
      entries *= states.length
    }
    if (entries > maxEntries && t.compact !== true)
      return E.left({ _tag: 'TableTooLarge', ...locate(t.childAt), variable: t.child, entries, limit: maxEntries })
    const values = t.build({ childStates, parentStates, entries, locate })
    if (E.isLeft(values)) return values
    if (values.right instanceof Float64Array && values.right.length !== entries)
      return E.left({
        _tag: 'TableSizeMismatch',
        ...locate(t.childAt),
        variable: t.child,
        expected: entries,
        got: values.right.length,
      })
    built[child] = { name: t.child, states: childStates, parents: t.parents, table: values.right }
  }
  const out: VariableSpec[] = []
  for (let i = 0; i < variables.length; i++) {
    const v = built[i]
    if (v === undefined) {
      const d = variables[i]!
      return E.left({ _tag: 'MissingTable', ...locate(d.at), variable: d.name })
    }
    out.push(v)
  }
  return E.right({ ...(name === undefined ? {} : { name }), variables: out, ...(preserved === undefined ? {} : { preserved }) })
}

/** A builder for formats whose values are already in NetworkSpec layout. */
export const fixedTable =
  (values: Float64Array, child: string, at: number) =>
  (context: TableContext): E.Either<IoError, Float64Array> =>
    values.length === context.entries
      ? E.right(values)
      : E.left({
          _tag: 'TableSizeMismatch',
          ...context.locate(at),
          variable: child,
          expected: context.entries,
          got: values.length,
        })
