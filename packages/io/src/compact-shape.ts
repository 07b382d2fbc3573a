/**
 * The shape of a compact table read from a file, checked against its
 * variable and parents with the file location: sizes, state indices, one
 * entry per parent. The numbers themselves (non-negative, rows summing to 1)
 * are left to `defineNetwork`, as for full tables.
 */
import type { CompactTable } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { TableContext } from './assemble.js'
import type { IoError } from './errors.js'

const isIndex = (x: number, card: number): boolean => Number.isInteger(x) && x >= 0 && x < card

/** The table if its shape fits `context` (a deterministic table of b: one state index below card(b) per parent assignment), else the first problem, located at `at`. */
export const checkCompactShape = (table: CompactTable, context: TableContext, child: string, at: number): E.Either<IoError, CompactTable> => {
  const m = context.childStates.length
  const where = context.locate(at)
  const mismatch = (expected: number, got: number): E.Either<IoError, never> =>
    E.left({ _tag: 'TableSizeMismatch', ...where, variable: child, expected, got })
  const unexpected = (expected: string, found: string): E.Either<IoError, never> => E.left({ _tag: 'UnexpectedInput', ...where, expected, found })
  if (table.kind === 'deterministic') {
    const rows = context.entries / m
    if (table.states.length !== rows) return mismatch(rows, table.states.length)
    for (let r = 0; r < rows; r++)
      if (!isIndex(table.states[r]!, m)) return unexpected(`a state index of ${child} below ${m}`, String(table.states[r]))
    return E.right(table)
  }
  if (table.parents.length !== context.parentStates.length)
    return unexpected(`${context.parentStates.length} entries in "parents", one per parent of ${child}`, String(table.parents.length))
  if (table.leak.length !== m) return mismatch(m, table.leak.length)
  const order = table.order
  if (order !== undefined && (order.length !== m || new Set(order.filter((s) => isIndex(s, m))).size !== m))
    return unexpected(`an order listing each of the ${m} state indices of ${child} once`, `[${order.join(', ')}]`)
  for (let j = 0; j < table.parents.length; j++) {
    const parent = table.parents[j]!
    const k = context.parentStates[j]!.length
    if (!isIndex(parent.distinguished, k)) return unexpected(`a distinguished state index below ${k} for parent ${j + 1}`, String(parent.distinguished))
    if (parent.probabilities.length !== (k - 1) * m) return mismatch((k - 1) * m, parent.probabilities.length)
  }
  return E.right(table)
}

/**
 * A deterministic table from the child's state names, one per parent
 * assignment (xdsl `resultingstates`, Netica `functable`), located at `at`.
 */
export const deterministicFromNames = (names: readonly string[], context: TableContext, child: string, at: number): E.Either<IoError, CompactTable> => {
  const rows = context.entries / context.childStates.length
  if (names.length !== rows) return E.left({ _tag: 'TableSizeMismatch', ...context.locate(at), variable: child, expected: rows, got: names.length })
  const states = new Array<number>(rows)
  for (let r = 0; r < rows; r++) {
    const s = context.childStates.indexOf(names[r]!)
    if (s < 0) return E.left({ _tag: 'UnknownState', ...context.locate(at), variable: child, state: names[r]! })
    states[r] = s
  }
  return E.right({ kind: 'deterministic', states })
}
