/**
 * The plain-data form of a Bayesian network, shared by code (`defineNetwork`)
 * and files (`@chainrule/io`). Nothing here is validated: `defineNetwork`
 * checks a spec and turns it into a `BayesianNetwork`.
 */

/** One variable of a {@link NetworkSpec}: its states, its parents and its table. */
export interface VariableSpec {
  readonly name: string
  readonly states: readonly string[]
  /** Parent names; their order fixes the table's row order. */
  readonly parents: readonly string[]
  /**
   * P(variable | parents) as flat rows: one row per parent assignment, the
   * last parent varying fastest; within a row, one entry per state in order.
   * Length = product of parent cardinalities x number of states.
   */
  readonly table: ArrayLike<number>
}

/** A whole network as plain data. */
export interface NetworkSpec {
  readonly name?: string
  readonly variables: readonly VariableSpec[]
}
