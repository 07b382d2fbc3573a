/**
 * The plain-data form of a Bayesian network, shared by code (`defineNetwork`)
 * and files (`@chainrule/io`). Nothing here is validated: `defineNetwork`
 * checks a spec and turns it into a `BayesianNetwork`.
 */
import type { CompactTable } from './compact-table.js'

/**
 * A variable's table in plain data: flat rows (the full table), or a compact
 * table (noisy-MAX family, deterministic) that stands for one.
 */
export type TableSpec = ArrayLike<number> | CompactTable

/** One variable of a {@link NetworkSpec}: its states, its parents and its table. */
export interface VariableSpec {
  readonly name: string
  readonly states: readonly string[]
  /** Parent names; their order fixes the table's row order. */
  readonly parents: readonly string[]
  /**
   * P(variable | parents) as flat rows: one row per parent assignment, the
   * last parent varying fastest; within a row, one entry per state in order.
   * Length = product of parent cardinalities x number of states. Or a
   * compact table (see `CompactTable`).
   */
  readonly table: TableSpec
}

/**
 * One piece of a file that chainrule keeps without interpreting it, so that a
 * writer of the same format can put it back (GeNIe's layout block, a node's
 * custom properties, ...). `key` says where it belongs, in the format's own
 * terms; `variable` names the variable it belongs to, if any.
 */
export interface PreservedPart {
  readonly variable?: string
  readonly key: string
  readonly text: string
}

/** The parts of a file in `format` kept as they were read. */
export interface Preserved {
  readonly format: string
  readonly parts: readonly PreservedPart[]
}

/** A whole network as plain data. */
export interface NetworkSpec {
  readonly name?: string
  readonly variables: readonly VariableSpec[]
  /** What a reader kept uninterpreted, for its format's writer (other writers ignore it). */
  readonly preserved?: Preserved
}
