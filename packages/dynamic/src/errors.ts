/**
 * Errors of `@chainrule/dynamic`: a closed union tagged by `_tag`, each with
 * the facts a caller needs, and one-line messages from {@link describeError}.
 * What a package below found is carried as its own error (`Network`,
 * `Infer`), never as its message.
 */
import { describeError as describeInferError, type InferError } from '@chainrule/infer'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'

/** A parent assignment spelled with names (`{ rain: 'yes' }`). */
export type ParentAssignment = Readonly<Record<string, string>>

/** Every problem `@chainrule/dynamic` reports. */
export type DynamicError =
  // declaring a 2TBN, in code or from a file in pyAgrum's naming
  /** A variable of a 2TBN file whose name ends neither in `0` (slice 0) nor in `t` (slice t). */
  | { readonly _tag: 'NotInASlice'; readonly variable: string }
  /** A base variable with only one of its two slice variables (`X0` without `Xt`, or the reverse). */
  | { readonly _tag: 'MissingSlice'; readonly variable: string; readonly missing: string }
  /** `X0` and `Xt` with different states. */
  | { readonly _tag: 'StatesDiffer'; readonly variable: string; readonly initial: readonly string[]; readonly transition: readonly string[] }
  /** A slice-0 variable with a parent in slice t. */
  | { readonly _tag: 'ArcIntoInitialSlice'; readonly variable: string; readonly parent: string }
  /** A variable name the declaration cannot use (empty, or ending in `[t-1]`). */
  | { readonly _tag: 'InvalidName'; readonly variable: string; readonly reason: string }
  /** The initial network, the transition network or the assembled 2TBN is not a valid network. */
  | { readonly _tag: 'Network'; readonly part: 'initial' | 'transition' | 'two-slice'; readonly errors: readonly NetworkError[] }
  /** Unrolled names (`X` at slice 12 is `X12`) that two variables would share. */
  | { readonly _tag: 'NameClash'; readonly name: string }
  // observations
  | { readonly _tag: 'UnknownVariable'; readonly slice: number; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly slice: number; readonly variable: string; readonly state: string; readonly states: readonly string[] }
  /** Dense observations of the wrong shape, or with a state index out of range. */
  | { readonly _tag: 'InvalidObservations'; readonly reason: string }
  /** The evidence up to and including this slice has probability zero (items as `name[slice]=state`). */
  | { readonly _tag: 'ImpossibleEvidence'; readonly evidence: readonly string[] }
  /**
   * A slice whose products may have fallen below the smallest double (its
   * belief and tables span more than ~1e308): the answer could not be
   * trusted, so none is given.
   */
  | { readonly _tag: 'OutOfRange'; readonly slice: number }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  // learning
  /** Learning from complete sequences met an unobserved cell. */
  | { readonly _tag: 'MissingValue'; readonly sequence: number; readonly slice: number; readonly variable: string }
  /** Maximum likelihood with `emptyRows: 'error'` met a parent assignment no sequence shows. */
  | { readonly _tag: 'EmptyParentRow'; readonly variable: string; readonly parents: ParentAssignment }
  /** Compiling a slice tree (e.g. over the memory budget). */
  | { readonly _tag: 'Infer'; readonly error: InferError }

const assignmentText = (a: ParentAssignment): string => {
  const keys = Object.keys(a)
  return keys.length === 0 ? '(no parents)' : keys.map((k) => `${k}=${a[k]}`).join(', ')
}

/**
 * One line describing any {@link DynamicError}.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/dynamic'
 * describeError({ _tag: 'NotInASlice', variable: 'weather' })
 * // => 'variable "weather" is in no time slice: a 2TBN names its variables X0 (slice 0) and Xt (slice t)'
 * ```
 */
export const describeError = (e: DynamicError): string => {
  switch (e._tag) {
    case 'NotInASlice':
      return `variable "${e.variable}" is in no time slice: a 2TBN names its variables X0 (slice 0) and Xt (slice t)`
    case 'MissingSlice':
      return `variable "${e.variable}" has no "${e.missing}": every variable of a 2TBN needs both slices`
    case 'StatesDiffer':
      return `"${e.variable}" has states (${e.initial.join(', ')}) in slice 0 but (${e.transition.join(', ')}) in slice t`
    case 'ArcIntoInitialSlice':
      return `"${e.variable}" is in slice 0 but has parent "${e.parent}" from slice t`
    case 'InvalidName':
      return `variable name "${e.variable}": ${e.reason}`
    case 'Network': {
      const [first, ...rest] = e.errors
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`
      return `${e.part === 'two-slice' ? 'the 2TBN' : `the ${e.part} network`}: ${first === undefined ? 'invalid' : describeNetworkError(first)}${more}`
    }
    case 'NameClash':
      return `unrolling would name two variables "${e.name}"`
    case 'UnknownVariable':
      return `slice ${e.slice}: unknown variable "${e.variable}"`
    case 'UnknownState':
      return `slice ${e.slice}: unknown state "${e.state}" of variable "${e.variable}" (states: ${e.states.join(', ')})`
    case 'InvalidObservations':
      return `invalid observations: ${e.reason}`
    case 'ImpossibleEvidence':
      return `the evidence has probability zero (given the slices before): ${e.evidence.join(', ')}`
    case 'OutOfRange':
      return `slice ${e.slice}: probabilities beyond the range of doubles; the answer could not be computed exactly`
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'MissingValue':
      return `sequence ${e.sequence}, slice ${e.slice}: "${e.variable}" is unobserved; learning from complete sequences needs every cell (use learnEm)`
    case 'EmptyParentRow':
      return `no sequence shows the parents of "${e.variable}" at ${assignmentText(e.parents)}`
    case 'Infer':
      return describeInferError(e.error)
  }
}
