/**
 * Errors of `@chainrule/decision`: a closed union tagged by `_tag`, each with
 * the facts a caller needs, and one-line messages from {@link describeError}.
 */
import { describeError as describeInferError, type InferError } from '@chainrule/infer'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'

/** Every problem `@chainrule/decision` reports. */
export type DecisionError =
  // declaring a diagram
  /** The chance and decision variables do not form a valid network (cycles, tables, names). */
  | { readonly _tag: 'Network'; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'DuplicateUtility'; readonly utility: string }
  /** A utility node (`variable`) names a parent that is not a variable or decision. */
  | { readonly _tag: 'UnknownParent'; readonly variable: string; readonly parent: string }
  /** A utility node (`variable`) lists a parent twice. */
  | { readonly _tag: 'DuplicateParent'; readonly variable: string; readonly parent: string }
  /** A utility table of the wrong length, or a nested table that does not fit its parents. */
  | { readonly _tag: 'UtilityTableShape'; readonly utility: string; readonly reason: string }
  /** A utility that is not a finite number. */
  | { readonly _tag: 'InvalidUtility'; readonly utility: string; readonly entry: number; readonly value: number }
  // solving
  /**
   * Two decisions with no directed path between them: exact solving with
   * perfect recall needs the decisions in one temporal order (solve the
   * diagram as a LIMID with single policy updating instead).
   */
  | { readonly _tag: 'DecisionsNotOrdered'; readonly decisions: readonly [string, string] }
  | { readonly _tag: 'UnknownVariable'; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string; readonly states: readonly string[] }
  /** Evidence on a chance variable that a decision not yet fixed influences: it cannot be known before that decision. */
  | { readonly _tag: 'EvidenceAfterDecision'; readonly variable: string; readonly decision: string }
  /** Value of information of a variable that cannot be observed before the decision (it is the decision, or depends on it). */
  | { readonly _tag: 'NotObservableBefore'; readonly variable: string; readonly decision: string; readonly reason: string }
  | { readonly _tag: 'NotADecision'; readonly variable: string }
  | { readonly _tag: 'NotAChanceVariable'; readonly variable: string }
  /** The evidence has probability zero. */
  | { readonly _tag: 'ImpossibleEvidence'; readonly evidence: readonly string[] }
  /** A table the elimination would build is larger than the memory budget. */
  | { readonly _tag: 'EliminationOverBudget'; readonly entries: number; readonly budgetBytes: number }
  /** A strategy that does not fit the diagram (a missing decision, a choice out of range). */
  | { readonly _tag: 'InvalidStrategy'; readonly reason: string }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  /** Inference on a plain network (mutual information, reachability) refused the question. */
  | { readonly _tag: 'Infer'; readonly error: InferError }

/**
 * One line describing any {@link DecisionError}.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/decision'
 * describeError({ _tag: 'NotADecision', variable: 'oil' }) // => '"oil" is not a decision'
 * ```
 */
export const describeError = (e: DecisionError): string => {
  switch (e._tag) {
    case 'Network': {
      const [first, ...rest] = e.errors
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`
      return `${first === undefined ? 'invalid diagram' : describeNetworkError(first)}${more}`
    }
    case 'DuplicateUtility':
      return `utility "${e.utility}" is declared twice, or shares its name with a variable`
    case 'UnknownParent':
      return `utility "${e.variable}" names unknown parent "${e.parent}"`
    case 'DuplicateParent':
      return `utility "${e.variable}" lists parent "${e.parent}" twice`
    case 'UtilityTableShape':
      return `utility table of "${e.utility}": ${e.reason}`
    case 'InvalidUtility':
      return `entry ${e.entry} of utility "${e.utility}" is ${e.value}, not a finite number`
    case 'DecisionsNotOrdered':
      return `decisions "${e.decisions[0]}" and "${e.decisions[1]}" have no directed path between them: exact solving needs one temporal order of decisions (use single policy updating for a LIMID)`
    case 'UnknownVariable':
      return `unknown variable "${e.variable}"`
    case 'UnknownState':
      return `unknown state "${e.state}" of variable "${e.variable}" (states: ${e.states.join(', ')})`
    case 'EvidenceAfterDecision':
      return `"${e.variable}" depends on decision "${e.decision}", so it cannot be known before deciding; fix "${e.decision}" in the evidence too`
    case 'NotObservableBefore':
      return `"${e.variable}" cannot be observed before "${e.decision}": ${e.reason}`
    case 'NotADecision':
      return `"${e.variable}" is not a decision`
    case 'NotAChanceVariable':
      return `"${e.variable}" is not a chance variable`
    case 'ImpossibleEvidence':
      return `the evidence has probability zero: ${e.evidence.join(', ')}`
    case 'EliminationOverBudget':
      return `a table of ${e.entries.toExponential(2)} entries would exceed the memory budget of ${e.budgetBytes} bytes`
    case 'InvalidStrategy':
      return `invalid strategy: ${e.reason}`
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'Infer':
      return describeInferError(e.error)
  }
}
