/** Checks shared by the questions that return one answer per row. */
import * as E from 'fp-ts/lib/Either.js'
import type { InferError } from './errors.js'

/** Rows must be a non-negative integer, and their output (`bytesPerRow` each) must fit the budget. */
export const checkRowCount = (rows: number, bytesPerRow: number, budgetBytes: number): E.Either<InferError, number> => {
  if (!Number.isSafeInteger(rows) || rows < 0) return E.left({ _tag: 'InvalidRowCount', rows })
  const bytes = rows * bytesPerRow
  return bytes > budgetBytes ? E.left({ _tag: 'RowsOverBudget', rows, bytes, budgetBytes }) : E.right(rows)
}
