/**
 * Errors of compiled inference: a closed union tagged by `_tag`, each with the
 * facts a caller needs, and one-line messages from {@link describeError}.
 */
import { describeError as describeFactorError, formatBytes as bytes, type FactorError, type ImpossibleEvidence } from '@chainrule/factor'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'
import type { CompilePlan } from './compile-tables.js'

/** Everything that can go wrong when compiling or asking a question. */
export type InferError =
  | { readonly _tag: 'OverBudget'; readonly plan: CompilePlan; readonly budgetBytes: number }
  | ImpossibleEvidence
  | { readonly _tag: 'UnknownVariable'; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string; readonly states: readonly string[] }
  | { readonly _tag: 'InvalidLikelihood'; readonly variable: string; readonly reason: string }
  | { readonly _tag: 'InvalidIntervention'; readonly variable: string; readonly reason: string }
  /** Evidence on a variable forced by `do` to another state: impossible in the intervened model. */
  | { readonly _tag: 'ContradictsIntervention'; readonly variable: string; readonly observed: string; readonly forced: string }
  /** `do` on a Markov network: interventions need a Bayesian network's conditional tables. */
  | { readonly _tag: 'NotCausal'; readonly variable: string }
  | { readonly _tag: 'InvalidEliminationOrder'; readonly reason: string }
  | { readonly _tag: 'InvalidRowCount'; readonly rows: number }
  | { readonly _tag: 'RowsOverBudget'; readonly rows: number; readonly bytes: number; readonly budgetBytes: number }
  | { readonly _tag: 'ShapeMismatch'; readonly what: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'DuplicateTarget'; readonly variable: string }
  /** A model given to `retable` whose variables, states or table scopes differ from the compiled one. */
  | { readonly _tag: 'ModelMismatch'; readonly reason: string }
  /** Variable elimination (joint posteriors, log-space answers) refused the question. */
  | { readonly _tag: 'Elimination'; readonly error: FactorError }
  /** Kept for callers that name it; no question is refused for want of the whole tree any more. */
  | { readonly _tag: 'TreeNotBuilt' }
  /** The model could not be prepared for compiling (its compact tables refused to decompose). */
  | { readonly _tag: 'Model'; readonly errors: readonly NetworkError[] }
  /** An option out of its range (loopy belief propagation's damping, iterations, tolerance, schedule). */
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  /** Marginal MAP's constrained elimination order would need tables past the memory budget. */
  | { readonly _tag: 'MarginalMapOverBudget'; readonly inducedWidth: number; readonly entries: number; readonly bytes: number; readonly budgetBytes: number }
  /** A worker thread crashed, exited without answering, or ran out of memory. */
  | { readonly _tag: 'WorkerFailed'; readonly reason: string }

/**
 * One line describing an error.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/infer'
 * describeError({ _tag: 'UnknownVariable', variable: 'wet' }) // => 'unknown variable "wet"'
 * ```
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
      return e.evidence.length === 0 ? 'the model has zero total mass' : `the evidence has probability zero: ${e.evidence.join(', ')}`
    case 'UnknownVariable':
      return `unknown variable "${e.variable}"`
    case 'UnknownState':
      return `unknown state "${e.state}" of variable "${e.variable}" (states: ${e.states.join(', ')})`
    case 'InvalidLikelihood':
      return `invalid likelihood for "${e.variable}": ${e.reason}`
    case 'InvalidIntervention':
      return `invalid intervention on "${e.variable}": ${e.reason}`
    case 'ContradictsIntervention':
      return `"${e.variable}" is observed as "${e.observed}" but forced to "${e.forced}" by do(): impossible in the intervened model`
    case 'NotCausal':
      return `cannot intervene on "${e.variable}": do() needs a Bayesian network (a Markov network has no causal direction)`
    case 'InvalidEliminationOrder':
      return `invalid elimination order: ${e.reason}`
    case 'DuplicateTarget':
      return `"${e.variable}" is asked for twice`
    case 'ModelMismatch':
      return `the new model does not fit the compiled one: ${e.reason}`
    case 'Elimination':
      return `variable elimination: ${describeFactorError(e.error)}`
    case 'Model':
      return e.errors.map(describeNetworkError).join('; ')
    case 'TreeNotBuilt':
      return "this engine was compiled with method 'elimination'; MPE and posterior sampling need its junction tree (method 'auto' or 'tree')"
    case 'InvalidOption':
      return `option ${e.option} = ${e.value}: ${e.reason}`
    case 'MarginalMapOverBudget':
      return (
        `marginal MAP would need ${bytes(e.bytes)} (constrained induced width ${e.inducedWidth}, largest table ${e.entries.toExponential(2)} entries), ` +
        `over the memory budget of ${bytes(e.budgetBytes)}: summing out the other variables before maximising makes its tables larger than the junction tree's`
      )
    case 'WorkerFailed':
      return `a worker thread failed: ${e.reason}`
    case 'RowsOverBudget':
      return `${e.rows} rows would need ${bytes(e.bytes)}, over the memory budget of ${bytes(e.budgetBytes)}; work in batches`
    case 'ShapeMismatch':
      return `${e.what}: expected ${e.expected}, got ${e.got}`
    case 'InvalidRowCount':
      return `the number of rows must be a non-negative integer, got ${e.rows}`
  }
}

/** The error of a question whose evidence has probability zero. */
export const impossible = (description: readonly string[]): InferError => ({ _tag: 'ImpossibleEvidence', evidence: description })
