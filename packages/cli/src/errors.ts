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
import { describeError as describeIoError, describeLoadError, type IoError, type LoadError } from '@chainrule/io'
import { describeError as describeLearnError, type LearnError } from '@chainrule/learn'
import { describeError as describeNetworkError, type NetworkError } from '@chainrule/models'
import { describeError as describeStructureError, type StructureError } from '@chainrule/structure'

/** Everything the CLI can report. */
export type CliError =
  | { readonly _tag: 'Usage'; readonly message: string }
  | { readonly _tag: 'Load'; readonly error: LoadError }
  | { readonly _tag: 'Io'; readonly error: IoError }
  | { readonly _tag: 'Infer'; readonly error: InferError }
  | { readonly _tag: 'Network'; readonly error: NetworkError }
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
 * One line describing any CLI error.
 *
 * @example
 * describeCliError({ _tag: 'Usage', message: 'unknown option --jsn' }) // 'unknown option --jsn (see chainrule --help)'
 */
export const describeCliError = (e: CliError): string => {
  switch (e._tag) {
    case 'Usage':
      return `${e.message} (see chainrule --help)`
    case 'Load':
      return describeLoadError(e.error)
    case 'Io':
      return describeIoError(e.error)
    case 'Infer':
      return describeInferError(e.error)
    case 'Network':
      return describeNetworkError(e.error)
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
