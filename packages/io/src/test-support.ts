/** Test support: a spec table as flat rows (a compact table where flat rows are expected fails the test). */
import { isCompact, type TableSpec } from '@chainrule/models'

export const flatTable = (table: TableSpec): ArrayLike<number> => {
  if (isCompact(table)) throw new Error(`expected flat rows, got a ${table.kind} table`)
  return table
}
