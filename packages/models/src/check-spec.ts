/**
 * Validation of a {@link NetworkSpec}: every problem is collected, none stops
 * the others from being found (a spec from a file usually has several).
 *
 * Tables follow the layout of docs/architecture.md: one row per parent
 * assignment, the last parent varying fastest; within a row one entry per
 * state. A row must hold finite non-negative numbers summing to 1 within
 * {@link ROW_TOLERANCE}; with the `renormalize` option a row within the given
 * tolerance of 1 is rescaled (files print rounded numbers) and reported.
 */
import type { NamedAssignment, NetworkError } from './errors.js'
import type { NetworkSpec, TableSpec } from './network-spec.js'
import type { CompactTable } from './compact-table.js'
import { isCompact } from './compact-table.js'
import { checkCompact } from './compact-check.js'
import { checkRows, type TableContext } from './check-rows.js'

/** Options of `defineNetwork` for plain specs. */
export interface SpecOptions {
  /**
   * Rescale rows whose sum is within `tolerance` of 1 (e.g. `{ tolerance: 1e-2 }`
   * for files printed with two decimals). Rows further off are still errors.
   */
  readonly renormalize?: { readonly tolerance: number }
  /**
   * Refuse a compact table whose full table (which the network keeps beside
   * it) would have more entries than this (default 2^26) with `TableTooLarge`.
   */
  readonly maxExpandedEntries?: number
}

/** A variable whose rows were rescaled, and how many. */
export interface Renormalization {
  readonly variable: string
  readonly rows: number
  /** The largest |sum - 1| among the rescaled rows. */
  readonly largestDeviation: number
}

/** A spec that passed every check, in dense-id form. */
export interface CheckedSpec {
  readonly name: string | undefined
  readonly names: readonly string[]
  readonly states: readonly (readonly string[])[]
  readonly parentIds: readonly (readonly number[])[]
  readonly tables: readonly Float64Array[]
  /** The checked compact table of each variable that has one (its full table is in `tables`). */
  readonly compact: readonly (CompactTable | undefined)[]
  readonly renormalized: readonly Renormalization[]
}

/**
 * The parent assignment of row `row`, by name (last parent fastest).
 *
 * @example
 * parentAssignmentOf(['a', 'b'], [['0', '1'], ['x', 'y', 'z']], 4) // => { a: '1', b: 'y' }
 */
export const parentAssignmentOf = (
  parentNames: readonly string[],
  parentStates: readonly (readonly string[])[],
  row: number,
): NamedAssignment => {
  const picked = new Array<string>(parentNames.length)
  let rest = row
  for (let j = parentNames.length - 1; j >= 0; j--) {
    const states = parentStates[j]!
    const s = rest % states.length
    rest = (rest - s) / states.length
    picked[j] = states[s]!
  }
  // Keys in declared parent order; fromEntries makes own properties even of
  // names such as __proto__ or constructor.
  return Object.fromEntries(parentNames.map((p, j) => [p, picked[j]!]))
}

/** One cycle through the parent relation, as names `a -> b -> ... -> a`, found by DFS. */
const findCycles = (names: readonly string[], parentIds: readonly (readonly number[])[]): string[][] => {
  const n = names.length
  const colour = new Uint8Array(n) // 0 new, 1 on the stack, 2 done
  const cycles: string[][] = []
  const stack: number[] = []
  const visit = (root: number): void => {
    // Iterative DFS over parent edges (child -> parent), keeping the path.
    const frames: { node: number; next: number }[] = [{ node: root, next: 0 }]
    colour[root] = 1
    stack.push(root)
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!
      const parents = parentIds[frame.node]!
      if (frame.next < parents.length) {
        const p = parents[frame.next++]!
        if (colour[p] === 0) {
          colour[p] = 1
          stack.push(p)
          frames.push({ node: p, next: 0 })
        } else if (colour[p] === 1) {
          // Path p ... node is on the stack; edges run child -> parent, so print parent -> child.
          const from = stack.indexOf(p)
          const path = stack.slice(from).reverse().map((i) => names[i]!)
          cycles.push([...path, path[0]!])
        }
      } else {
        colour[frame.node] = 2
        stack.pop()
        frames.pop()
      }
    }
  }
  for (let v = 0; v < n; v++) if (colour[v] === 0) visit(v)
  return cycles
}

/**
 * Check a spec and turn it into dense ids and `Float64Array` tables, listing
 * every problem at once.
 *
 * @example
 * checkSpec({ variables: [{ name: 'a', states: ['0', '1'], parents: [], table: [0.3, 0.7] }] })
 * // => { errors: [], checked: { names: ['a'], parentIds: [[]], tables: [Float64Array [0.3, 0.7]], ... } }
 */
export const checkSpec = (
  spec: NetworkSpec,
  options: SpecOptions = {},
  skipTables: ReadonlySet<string> = new Set(),
): { errors: NetworkError[]; checked: CheckedSpec } => {
  const errors: NetworkError[] = []
  const variables = spec.variables
  if (variables.length === 0) errors.push({ _tag: 'EmptyNetwork' })
  const idOf = new Map<string, number>()
  variables.forEach((v, i) => {
    if (v.name.length === 0) errors.push({ _tag: 'EmptyName', index: i })
    else if (idOf.has(v.name)) errors.push({ _tag: 'DuplicateVariable', variable: v.name })
    else idOf.set(v.name, i)
  })
  const names = variables.map((v) => v.name)
  const states = variables.map((v) => {
    if (v.states.length === 0) errors.push({ _tag: 'NoStates', variable: v.name })
    const seen = new Set<string>()
    for (const s of v.states) {
      if (seen.has(s)) errors.push({ _tag: 'DuplicateState', variable: v.name, state: s })
      seen.add(s)
    }
    return [...v.states]
  })
  const parentIds = variables.map((v) => {
    const ids: number[] = []
    for (const p of v.parents) {
      const id = idOf.get(p)
      if (id === undefined) {
        errors.push({ _tag: 'UnknownParent', variable: v.name, parent: p })
      } else if (ids.includes(id)) {
        errors.push({ _tag: 'DuplicateParent', variable: v.name, parent: p })
      } else ids.push(id)
    }
    return ids
  })
  for (const cycle of findCycles(names, parentIds)) errors.push({ _tag: 'Cycle', cycle })

  const tolerance = options.renormalize?.tolerance
  if (tolerance !== undefined && !(tolerance >= 0 && tolerance < 1))
    errors.push({ _tag: 'InvalidOption', option: 'renormalize.tolerance', value: String(tolerance), reason: 'expected a number in [0, 1)' })
  const renormalized: Renormalization[] = []
  const compact: (CompactTable | undefined)[] = variables.map(() => undefined)
  const tables = variables.map((v, i) => {
    const table = v.table as TableSpec | undefined
    if (skipTables.has(v.name)) return new Float64Array(0)
    if (table === undefined || table === null) {
      errors.push({ _tag: 'MissingTable', variable: v.name })
      return new Float64Array(0)
    }
    // Without known parents the row count is unknown: report only what is certain.
    if (parentIds[i]!.length !== v.parents.length) return new Float64Array(0)
    const parentNames = parentIds[i]!.map((p) => names[p]!)
    const parentStates = parentIds[i]!.map((p) => states[p]!)
    const ctx = { variable: v.name, states: v.states, parentNames, parentStates }
    const checkedTable = isCompact(table) ? checkCompact(ctx, table, options, errors) : checkTable(ctx, table, options, errors)
    if (checkedTable === undefined) return new Float64Array(0)
    if (checkedTable.renormalized !== undefined) renormalized.push(checkedTable.renormalized)
    if ('compact' in checkedTable) compact[i] = checkedTable.compact
    return checkedTable.values
  })
  return { errors, checked: { name: spec.name, names, states, parentIds, tables, compact, renormalized } }
}


/**
 * Check one flat table: length, entries finite and non-negative, rows summing
 * to 1 (or rescaled under `renormalize`). Problems are pushed to `errors`.
 */
export const checkTable = (
  ctx: TableContext,
  table: ArrayLike<number>,
  options: SpecOptions,
  errors: NetworkError[],
): { values: Float64Array; renormalized?: Renormalization } => {
  const card = ctx.states.length
  const tolerance = options.renormalize?.tolerance
  const rows = ctx.parentStates.reduce((a, s) => a * Math.max(1, s.length), 1)
  const expected = rows * card
  if (table.length !== expected) {
    errors.push({ _tag: 'WrongTableLength', variable: ctx.variable, expected, got: table.length })
    return { values: new Float64Array(0) }
  }
  const values = Float64Array.from(table)
  // A variable without states is reported as NoStates; it has no rows to check.
  if (card === 0) return { values }
  const { rescaled, largestDeviation } = checkRows(
    ctx,
    values,
    rows,
    (r) => ({ parents: parentAssignmentOf(ctx.parentNames, ctx.parentStates, r) }),
    tolerance,
    errors,
  )
  return rescaled > 0 ? { values, renormalized: { variable: ctx.variable, rows: rescaled, largestDeviation } } : { values }
}
