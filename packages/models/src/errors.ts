/**
 * The closed union of errors of `@chainrule/models`, and one renderer.
 *
 * Every error holds the facts a caller needs (variable names, parent
 * assignments by state name, sizes as exact `bigint`s) so that a program can
 * `switch` on `_tag` and a person can read `describeError(e)` as one line.
 */

import { describeError as describeFactorError, type FactorError } from '@chainrule/factor'
import { describeError as describeGraphError, type GraphError } from '@chainrule/graph'

/** A parent assignment spelled with names: `{ rain: 'yes', sprinkler: 'off' }`. */
export type NamedAssignment = Readonly<Record<string, string>>

/** Every problem `@chainrule/models` reports. */
export type NetworkError =
  | { readonly _tag: 'EmptyNetwork' }
  | { readonly _tag: 'EmptyName'; readonly index: number }
  | { readonly _tag: 'DuplicateVariable'; readonly variable: string }
  | { readonly _tag: 'NoStates'; readonly variable: string }
  | { readonly _tag: 'DuplicateState'; readonly variable: string; readonly state: string }
  | { readonly _tag: 'UnknownParent'; readonly variable: string; readonly parent: string }
  | { readonly _tag: 'DuplicateParent'; readonly variable: string; readonly parent: string }
  | { readonly _tag: 'Cycle'; readonly cycle: readonly string[] }
  | { readonly _tag: 'MissingTable'; readonly variable: string }
  | { readonly _tag: 'ExtraTable'; readonly variable: string }
  | {
      readonly _tag: 'WrongTableLength'
      readonly variable: string
      readonly expected: number
      readonly got: number
      /** Which part of a compact table (`leak`, `causes of 'flu'`, `states`); absent for a full table. */
      readonly part?: string
    }
  | {
      readonly _tag: 'WrongRowLength'
      readonly variable: string
      readonly parents: NamedAssignment
      readonly expected: number
      readonly got: number
    }
  | { readonly _tag: 'MalformedTable'; readonly variable: string; readonly parents: NamedAssignment; readonly reason: string }
  | {
      readonly _tag: 'InvalidProbability'
      readonly variable: string
      readonly parents: NamedAssignment
      readonly state: string
      readonly value: number
      /** In a compact table, the part holding the row: `leak` or `cause` (then `parents` names the cause's state). */
      readonly part?: 'leak' | 'cause'
    }
  | {
      readonly _tag: 'RowNotNormalized'
      readonly variable: string
      readonly parents: NamedAssignment
      readonly sum: number
      readonly part?: 'leak' | 'cause'
    }
  | { readonly _tag: 'CompactParentCount'; readonly variable: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'InvalidStateOrder'; readonly variable: string; readonly order: readonly number[] }
  | {
      readonly _tag: 'InvalidStateIndex'
      readonly variable: string
      /** The parent whose state it should be, or absent for the variable's own state. */
      readonly parent?: string
      readonly index: number
      readonly card: number
      /** What the index was for: a parent's distinguished state, or a deterministic table's row. */
      readonly role: 'distinguished' | 'row'
    }
  | { readonly _tag: 'UnknownTableKind'; readonly variable: string; readonly kind: string }
  | { readonly _tag: 'UnknownVariable'; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string }
  | { readonly _tag: 'MissingValue'; readonly variable: string }
  | { readonly _tag: 'TableTooLarge'; readonly variable: string; readonly entries: bigint; readonly limit: number }
  | { readonly _tag: 'JointTooLarge'; readonly entries: bigint; readonly limit: number }
  | { readonly _tag: 'InvalidCardinality'; readonly index: number; readonly card: number }
  | { readonly _tag: 'InvalidOrdering'; readonly reason: string }
  | { readonly _tag: 'ParentNotEarlier'; readonly variable: string; readonly parent: string }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  /** A sampler found no sample consistent with the evidence (it may still have positive probability). */
  | { readonly _tag: 'SamplingFailed'; readonly evidence: NamedAssignment; readonly reason: string }
  // Markov networks
  | { readonly _tag: 'UnknownScopeVariable'; readonly factor: number; readonly variable: string }
  | { readonly _tag: 'DuplicateScopeVariable'; readonly factor: number; readonly variable: string }
  | { readonly _tag: 'WrongFactorLength'; readonly factor: number; readonly expected: number; readonly got: number }
  | { readonly _tag: 'InvalidPotential'; readonly factor: number; readonly entry: number; readonly value: number }
  // what the packages below found, as they reported it
  | { readonly _tag: 'Graph'; readonly error: GraphError }
  | { readonly _tag: 'Factor'; readonly error: FactorError }

const assignmentText = (a: NamedAssignment): string => {
  const keys = Object.keys(a)
  return keys.length === 0 ? '(no parents)' : keys.map((k) => `${k}=${a[k]}`).join(', ')
}

const partText = (part: 'leak' | 'cause', parents: NamedAssignment): string =>
  part === 'leak' ? 'the leak distribution' : `the distribution of cause ${assignmentText(parents)}`

/**
 * Render any {@link NetworkError} as one human-readable line.
 *
 * @example
 * describeError({ _tag: 'UnknownParent', variable: 'wet', parent: 'rian' })
 * // => "variable 'wet' names unknown parent 'rian'"
 */
export const describeError = (e: NetworkError): string => {
  switch (e._tag) {
    case 'EmptyNetwork':
      return 'a network needs at least one variable'
    case 'EmptyName':
      return `variable #${e.index} has an empty name`
    case 'DuplicateVariable':
      return `variable '${e.variable}' is declared twice`
    case 'NoStates':
      return `variable '${e.variable}' has no states`
    case 'DuplicateState':
      return `variable '${e.variable}' lists state '${e.state}' twice`
    case 'UnknownParent':
      return `variable '${e.variable}' names unknown parent '${e.parent}'`
    case 'DuplicateParent':
      return `variable '${e.variable}' lists parent '${e.parent}' twice`
    case 'Cycle':
      return `the parents form a cycle: ${e.cycle.join(' -> ')}`
    case 'MissingTable':
      return `variable '${e.variable}' has no table`
    case 'ExtraTable':
      return `a table is given for '${e.variable}', which is not a declared variable`
    case 'WrongTableLength':
      return e.part === undefined
        ? `table of '${e.variable}' has ${e.got} entries, expected ${e.expected}`
        : `${e.part} in the table of '${e.variable}' has ${e.got} entries, expected ${e.expected}`
    case 'WrongRowLength':
      return `row of '${e.variable}' given ${assignmentText(e.parents)} has ${e.got} entries, expected ${e.expected}`
    case 'MalformedTable':
      return `table of '${e.variable}' at ${assignmentText(e.parents)}: ${e.reason}`
    case 'InvalidProbability':
      return e.part === undefined
        ? `P(${e.variable}=${e.state} | ${assignmentText(e.parents)}) is ${e.value}, not a probability`
        : `${partText(e.part, e.parents)} of '${e.variable}' gives state ${e.state} ${e.value}, not a probability`
    case 'RowNotNormalized':
      return e.part === undefined
        ? `row of '${e.variable}' given ${assignmentText(e.parents)} sums to ${e.sum}, not 1`
        : `${partText(e.part, e.parents)} of '${e.variable}' sums to ${e.sum}, not 1`
    case 'CompactParentCount':
      return `the compact table of '${e.variable}' describes ${e.got} parents, the variable has ${e.expected}`
    case 'InvalidStateOrder':
      return `the state order [${e.order.join(', ')}] of '${e.variable}' is not a permutation of its state indices`
    case 'InvalidStateIndex':
      return e.role === 'distinguished'
        ? `the distinguished state ${e.index} of parent '${e.parent}' of '${e.variable}' is not one of its ${e.card} states`
        : `the deterministic table of '${e.variable}' names state ${e.index}, not one of its ${e.card} states`
    case 'UnknownTableKind':
      return `the table of '${e.variable}' has unknown kind '${e.kind}' (expected 'noisyMax' or 'deterministic')`
    case 'UnknownVariable':
      return `unknown variable '${e.variable}'`
    case 'UnknownState':
      return `variable '${e.variable}' has no state '${e.state}'`
    case 'MissingValue':
      return `the assignment gives no state for '${e.variable}'`
    case 'TableTooLarge':
      return `the table of '${e.variable}' would have ${e.entries} entries, over the limit of ${e.limit}`
    case 'JointTooLarge':
      return `the joint table would have ${e.entries} entries, over the limit of ${e.limit}`
    case 'InvalidCardinality':
      return `cardinality #${e.index} is ${e.card}, expected a positive integer`
    case 'InvalidOrdering':
      return `invalid ordering: ${e.reason}`
    case 'ParentNotEarlier':
      return `parent '${e.parent}' of '${e.variable}' does not come earlier in the ordering`
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'SamplingFailed':
      return `evidence ${assignmentText(e.evidence)} could not be sampled: ${e.reason}`
    case 'UnknownScopeVariable':
      return `factor #${e.factor} names unknown variable '${e.variable}'`
    case 'DuplicateScopeVariable':
      return `factor #${e.factor} lists variable '${e.variable}' twice`
    case 'WrongFactorLength':
      return `factor #${e.factor} has ${e.got} entries, expected ${e.expected}`
    case 'InvalidPotential':
      return `entry ${e.entry} of factor #${e.factor} is ${e.value}, not a finite non-negative number`
    case 'Graph':
      return describeGraphError(e.error)
    case 'Factor':
      return describeFactorError(e.error)
  }
}
