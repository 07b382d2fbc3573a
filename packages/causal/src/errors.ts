/**
 * Errors of causal questions: a closed union tagged by `_tag`, each with the
 * facts a caller needs, errors of the packages below nested as data, and one
 * line per error from {@link describeError}.
 *
 * A non-identifiable effect is not an error: `identify` answers it with a
 * hedge. These are the questions that cannot be asked at all.
 */
import { describeError as describeDataError, type DataError } from '@chainrule/data'
import { describeError as describeInferError, type InferError } from '@chainrule/infer'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'

/** The part a variable plays in a causal question. */
export type Role = 'treatment' | 'outcome' | 'given' | 'hidden' | 'adjustment' | 'front-door' | 'exogenous' | 'intervened'

/** Everything that can go wrong when asking a causal question. */
export type CausalError =
  | { readonly _tag: 'UnknownVariable'; readonly variable: string }
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string; readonly states: readonly string[] }
  /** A hidden (latent) variable named where only observed ones may stand. */
  | { readonly _tag: 'HiddenVariable'; readonly variable: string; readonly role: Role }
  /** One variable given two parts (treatment and outcome, say). */
  | { readonly _tag: 'OverlappingRoles'; readonly variable: string; readonly roles: readonly [Role, Role] }
  /** A set that must not be empty (the treatment, the outcome). */
  | { readonly _tag: 'EmptySet'; readonly role: Role }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly reason: string }
  /** A structural causal model whose tables are not what the twin-network method needs. */
  | { readonly _tag: 'NotStructural'; readonly variable: string; readonly reason: string }
  /** The Tian–Pearl bounds are for a binary treatment. */
  | { readonly _tag: 'NotBinary'; readonly variable: string; readonly states: number }
  /** Inputs that are not probabilities, or that no distribution could have produced. */
  | { readonly _tag: 'InvalidProbabilities'; readonly reason: string }
  /** A data source whose columns do not carry a variable of the estimand, or carry other states. */
  | { readonly _tag: 'DataMismatch'; readonly variable: string; readonly reason: string }
  | { readonly _tag: 'Network'; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'Infer'; readonly error: InferError }
  | { readonly _tag: 'Data'; readonly error: DataError }

/**
 * One line describing an error.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/causal'
 * describeError({ _tag: 'HiddenVariable', variable: 'U', role: 'treatment' }) // => 'the treatment "U" is a hidden variable'
 * ```
 */
export const describeError = (e: CausalError): string => {
  switch (e._tag) {
    case 'UnknownVariable':
      return `unknown variable "${e.variable}"`
    case 'UnknownState':
      return `unknown state "${e.state}" of variable "${e.variable}" (states: ${e.states.join(', ')})`
    case 'HiddenVariable':
      return `the ${e.role} "${e.variable}" is a hidden variable`
    case 'OverlappingRoles':
      return `"${e.variable}" is both ${e.roles[0]} and ${e.roles[1]}`
    case 'EmptySet':
      return `no ${e.role} given`
    case 'InvalidOption':
      return `invalid ${e.option}: ${e.reason}`
    case 'NotStructural':
      return `"${e.variable}" does not fit a structural causal model: ${e.reason}`
    case 'NotBinary':
      return `the bounds on the probabilities of causation need a binary treatment; "${e.variable}" has ${e.states} states`
    case 'InvalidProbabilities':
      return `invalid probabilities: ${e.reason}`
    case 'DataMismatch':
      return `the data do not fit "${e.variable}": ${e.reason}`
    case 'Network':
      return e.errors.map(describeNetworkError).join('; ')
    case 'Infer':
      return describeInferError(e.error)
    case 'Data':
      return describeDataError(e.error)
  }
}
