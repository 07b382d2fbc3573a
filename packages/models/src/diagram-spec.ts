/**
 * The plain-data form of an influence diagram (a LIMID: Lauritzen & Nilsson
 * 2001), shared by code (`@chainrule/decision`'s `defineInfluenceDiagram`)
 * and files (`@chainrule/io`'s Hugin NET reader), as `NetworkSpec` is for
 * networks. Nothing here is validated: `diagramFromSpec` in
 * `@chainrule/decision` checks a spec and builds the diagram.
 */
import type { VariableSpec } from './network-spec.js'

/** A chance variable: its states, parents and conditional table, as in a network. */
export interface ChanceSpec extends VariableSpec {
  readonly kind: 'chance'
}

/** A decision: its options (states) and its information arcs (what is known when deciding). */
export interface DecisionSpec {
  readonly kind: 'decision'
  readonly name: string
  readonly states: readonly string[]
  /** Chance variables and decisions observed before this decision is made. */
  readonly parents: readonly string[]
}

/** A utility node: an additive term of the utility, a number per assignment of its parents. */
export interface UtilitySpec {
  readonly name: string
  /** Chance variables and decisions; their order fixes the table's order. */
  readonly parents: readonly string[]
  /** One utility per parent assignment, the last parent varying fastest. */
  readonly table: ArrayLike<number>
}

/** A whole influence diagram as plain data: chance and decision variables in declaration order, and utilities. */
export interface DiagramSpec {
  readonly name?: string
  readonly variables: readonly (ChanceSpec | DecisionSpec)[]
  readonly utilities: readonly UtilitySpec[]
}
