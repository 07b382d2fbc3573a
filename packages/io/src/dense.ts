/**
 * The full table of a spec variable, for writers of formats that only carry
 * full tables (BIF, UAI): flat rows as they are, a compact table expanded
 * exactly (`expandTable` of `@chainrule/models`).
 */
import { expandTable, isCompact, type NetworkSpec, type VariableSpec } from '@chainrule/models'

/** The flat rows of `variable` (a variable of `spec`); a noisy-OR of one cause with p = 0.9 gives [1, 0, 0.1, 0.9]. */
export const denseTable = (spec: NetworkSpec, variable: VariableSpec): ArrayLike<number> => {
  const table = variable.table
  if (!isCompact(table)) return table
  const cards = variable.parents.map((p) => spec.variables.find((v) => v.name === p)?.states.length ?? 0)
  return expandTable(table, variable.states.length, cards)
}
