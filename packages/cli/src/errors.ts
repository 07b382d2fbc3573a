/**
 * Errors of the command line. Every failure of every package is carried here
 * and rendered as one line; `main` prints it on stderr and exits with status 2.
 */
import { describeError as describeCausalError, type CausalError } from '@chainrule/causal'
import { describeError as describeDataError, type DataError } from '@chainrule/data'
import { describeError as describeDecisionError, type DecisionError } from '@chainrule/decision'
import { describeError as describeDynamicError, type DynamicError } from '@chainrule/dynamic'
import { describeError as describeGraphError, type GraphError } from '@chainrule/graph'
import { describeError as describeInferError, type InferError } from '@chainrule/infer'
import { describeError as describeIoError, type IoError } from '@chainrule/io'
import { describeError as describeLearnError, type LearnError } from '@chainrule/learn'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'
import { describeError as describeStructureError, type StructureError } from '@chainrule/structure'

/** Everything the CLI can report. */
export type CliError =
  | { readonly _tag: 'Usage'; readonly message: string }
  | { readonly _tag: 'Io'; readonly error: IoError }
  | { readonly _tag: 'Infer'; readonly error: InferError }
  | { readonly _tag: 'Network'; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'Graph'; readonly error: GraphError }
  | { readonly _tag: 'Causal'; readonly error: CausalError }
  | { readonly _tag: 'Data'; readonly error: DataError }
  | { readonly _tag: 'Dynamic'; readonly error: DynamicError }
  | { readonly _tag: 'Decision'; readonly error: DecisionError }
  | { readonly _tag: 'Structure'; readonly error: StructureError }
  | { readonly _tag: 'Learn'; readonly error: LearnError }
  /** A command that needs a Bayesian network (its arcs or conditional tables) was given a Markov network. */
  | { readonly _tag: 'NotBayesian'; readonly command: string; readonly file: string }

/**
 * One line describing any CLI error: the failing package's own `describeError`
 * for a wrapped error.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/cli'
 *
 * describeError({ _tag: 'Usage', message: 'unknown option --jsn' }) // => 'unknown option --jsn (see chainrule --help)'
 * describeError({ _tag: 'Io', error: { _tag: 'FileUnreadable', file: 'x.bif', reason: 'no such file' } }) // => 'x.bif: cannot read: no such file'
 * ```
 */
export const describeError = (e: CliError): string => {
  switch (e._tag) {
    case 'Usage':
      return `${e.message} (see chainrule --help)`
    case 'Io':
      return describeIoError(e.error)
    case 'Infer':
      return describeInferError(e.error)
    case 'Network':
      return e.errors.map(describeNetworkError).join('; ')
    case 'Graph':
      return describeGraphError(e.error)
    case 'Causal':
      return describeCausalError(e.error)
    case 'Data':
      return describeDataError(e.error)
    case 'Dynamic':
      return describeDynamicError(e.error)
    case 'Decision':
      return describeDecisionError(e.error)
    case 'Structure':
      return describeStructureError(e.error)
    case 'Learn':
      return describeLearnError(e.error)
    case 'NotBayesian':
      return `${e.file} is a Markov network; ${e.command} needs a Bayesian network (query, mpe and info take either)`
  }
}
