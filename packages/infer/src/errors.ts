/**
 * Errors of compiled inference: a closed union tagged by `_tag`, each with the
 * facts a caller needs, and one-line messages from {@link describeError}.
 */
import { formatBytes as bytes } from '@chainrule/factor'
import type { CompilePlan } from './compile-tables.js'

/** Everything that can go wrong when compiling or querying. */
export type InferError =
  | { readonly _tag: 'OverBudget'; readonly plan: CompilePlan; readonly budgetBytes: number }
  | { readonly _tag: 'ImpossibleEvidence'; readonly evidence: readonly string[] }
  | { readonly _tag: 'UnknownVariable'; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string; readonly states: readonly string[] }
  | { readonly _tag: 'InvalidLikelihood'; readonly variable: string; readonly reason: string }
  | { readonly _tag: 'InvalidEliminationOrder'; readonly reason: string }
  | { readonly _tag: 'ObservedTarget'; readonly variable: string }
  | { readonly _tag: 'InvalidRowCount'; readonly rows: number }
  | { readonly _tag: 'RowsOverBudget'; readonly rows: number; readonly bytes: number; readonly budgetBytes: number }
  | { readonly _tag: 'ColumnCountMismatch'; readonly expected: number; readonly got: number }
  | { readonly _tag: 'DuplicateTarget'; readonly variable: string }
  | { readonly _tag: 'EliminationFailed'; readonly reason: string }
  | { readonly _tag: 'TreeNotBuilt' }

/**
 * One line describing an error.
 *
 * @example
 * describeError({ _tag: 'UnknownVariable', variable: 'wet' }) // 'unknown variable "wet"'
 */
export const describeError = (e: InferError): string => {
  switch (e._tag) {
    case 'OverBudget':
      return (
        `the junction tree needs ${bytes(e.plan.bytes)} (${e.plan.clusterEntries.toExponential(2)} cluster entries, ` +
        `largest cluster ${e.plan.largestCluster.entries.toExponential(2)} entries over ${e.plan.largestCluster.variables.length} variables), ` +
        `over the memory budget of ${bytes(e.budgetBytes)}`
      )
    case 'ImpossibleEvidence':
      return `the evidence has probability zero: ${e.evidence.join(', ') || '(none)'}`
    case 'UnknownVariable':
      return `unknown variable "${e.variable}"`
    case 'UnknownState':
      return `unknown state "${e.state}" of variable "${e.variable}" (states: ${e.states.join(', ')})`
    case 'InvalidLikelihood':
      return `invalid likelihood for "${e.variable}": ${e.reason}`
    case 'InvalidEliminationOrder':
      return `invalid elimination order: ${e.reason}`
    case 'DuplicateTarget':
      return `"${e.variable}" is asked for twice`
    case 'TreeNotBuilt':
      return "this engine was compiled with method 'elimination'; MPE and posterior sampling need its junction tree (method 'auto' or 'tree')"
    case 'EliminationFailed':
      return `variable elimination failed: ${e.reason}`
    case 'RowsOverBudget':
      return `${e.rows} rows would need ${bytes(e.bytes)}, over the memory budget of ${bytes(e.budgetBytes)}; work in batches`
    case 'ColumnCountMismatch':
      return `expected one column per variable (${e.expected}), got ${e.got}`
    case 'InvalidRowCount':
      return `the number of rows must be a non-negative integer, got ${e.rows}`
    case 'ObservedTarget':
      return `"${e.variable}" is observed; ask for unobserved variables or drop its evidence`
  }
}
