/**
 * The closed union of errors of `@chainrule/structure`, and one renderer.
 * Problems found by the data source or by table learning are carried whole
 * (`DataError`, `Learn`), like zod's nested issues.
 */
import { describeError as describeDataError, type DataError } from '@chainrule/data'
import { describeError as describeGraphError, type GraphError } from '@chainrule/graph'
import { describeError as describeLearnError, type LearnError } from '@chainrule/learn'

/** Every problem structure learning reports. Switch on `_tag`. */
export type StructureError =
  /** The data source failed (unreadable rows, a bad family). */
  | { readonly _tag: 'DataError'; readonly error: DataError }
  /** Estimating the tables of the learned graph failed. */
  | { readonly _tag: 'Learn'; readonly error: LearnError }
  /** Building a graph failed (a broken invariant of the search, or a bad starting graph). */
  | { readonly _tag: 'Graph'; readonly error: GraphError }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  /** A variable name that is not a column of the data; `where` says which option named it. */
  | { readonly _tag: 'UnknownVariable'; readonly variable: string; readonly where: string }
  /** The same arc is both required and forbidden. */
  | { readonly _tag: 'RequiredAndForbidden'; readonly from: string; readonly to: string }
  /** The required arcs close a directed cycle (listed in edge order). */
  | { readonly _tag: 'RequiredCycle'; readonly nodes: readonly string[] }
  /** A required arc goes from a later tier to an earlier one. */
  | { readonly _tag: 'RequiredAgainstTiers'; readonly from: string; readonly to: string; readonly fromTier: number; readonly toTier: number }
  /** A variable is required to have more parents than the maximum allows. */
  | { readonly _tag: 'TooManyRequiredParents'; readonly variable: string; readonly required: number; readonly maxParents: number }
  /** The starting graph breaks a constraint: a forbidden arc (by the list or the tiers), too many parents, or a cycle once the required arcs are added. */
  | { readonly _tag: 'StartViolates'; readonly from: string; readonly to: string; readonly constraint: 'forbidden' | 'maxParents' | 'cycle' }
  /** No row is complete (complete-case analysis has nothing to count). */
  | { readonly _tag: 'NoCompleteRows'; readonly rows: number }
  /** A partially directed graph has no DAG with the same skeleton and v-structures (Dor & Tarsi). */
  | { readonly _tag: 'NoConsistentExtension'; readonly undirected: number }
  /** Two graphs to compare are not over the same variables. */
  | { readonly _tag: 'VariablesDiffer'; readonly left: readonly string[]; readonly right: readonly string[] }
  /** A worker thread of the parallel scorer failed. */
  | { readonly _tag: 'WorkerFailed'; readonly reason: string }

const quoted = (s: string): string => JSON.stringify(s)

/**
 * Render any {@link StructureError} as one line.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/structure'
 * describeError({ _tag: 'RequiredAndForbidden', from: 'smoke', to: 'lung' }) // => 'the arc smoke -> lung is both required and forbidden'
 * ```
 */
export const describeError = (e: StructureError): string => {
  switch (e._tag) {
    case 'DataError':
      return describeDataError(e.error)
    case 'Learn':
      return describeLearnError(e.error)
    case 'Graph':
      return describeGraphError(e.error)
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'UnknownVariable':
      return `${e.where} names ${quoted(e.variable)}, which is not a column of the data`
    case 'RequiredAndForbidden':
      return `the arc ${e.from} -> ${e.to} is both required and forbidden`
    case 'RequiredCycle':
      return `the required arcs close a cycle: ${[...e.nodes, e.nodes[0] ?? ''].join(' -> ')}`
    case 'RequiredAgainstTiers':
      return `the required arc ${e.from} -> ${e.to} goes from tier ${e.fromTier + 1} back to tier ${e.toTier + 1}`
    case 'TooManyRequiredParents':
      return `${quoted(e.variable)} is required to have ${e.required} parents, more than the maximum of ${e.maxParents}`
    case 'StartViolates':
      return `the starting graph's arc ${e.from} -> ${e.to} breaks the ${
        e.constraint === 'forbidden' ? 'forbidden arcs (or the tiers)' : e.constraint === 'cycle' ? 'acyclicity (with the required arcs)' : 'maximum number of parents'
      }`
    case 'NoCompleteRows':
      return `none of the ${e.rows} rows is complete: complete-case learning has nothing to count`
    case 'NoConsistentExtension':
      return `the partially directed graph (${e.undirected} undirected edges) has no consistent extension to a DAG`
    case 'VariablesDiffer':
      return `the graphs are over different variables (${e.left.length} and ${e.right.length})`
    case 'WorkerFailed':
      return `a scoring worker failed: ${e.reason}`
  }
}
