/**
 * Everything the playground can report to its user: a closed union tagged by
 * `_tag`, wrapping the libraries' own errors, and one renderer. The page shows
 * `describeError(e)` in its message bar and keeps its previous state.
 */
import type { GraphError } from '@chainrule/graph'
import { describeError as describeGraphError } from '@chainrule/graph'
import type { InferError } from '@chainrule/infer'
import { describeError as describeInferError } from '@chainrule/infer'
import type { IoError } from '@chainrule/io'
import { describeError as describeIoError } from '@chainrule/io'
import type { DataError } from '@chainrule/data'
import { describeError as describeDataError } from '@chainrule/data'
import type { NetworkError } from '@chainrule/models'
import type { StructureError } from '@chainrule/structure'
import { describeError as describeStructureError } from '@chainrule/structure'
import { describeError as describeNetworkError } from '@chainrule/models'

/** Every problem the playground reports. */
export type PlaygroundError =
  | { readonly _tag: 'UnknownFormat'; readonly file: string }
  | { readonly _tag: 'Unreadable'; readonly error: IoError }
  | { readonly _tag: 'InvalidNetwork'; readonly file: string; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'TooManyVariables'; readonly file: string; readonly count: number; readonly limit: number }
  /** A Markov network (a UAI MARKOV file): the page draws a Bayesian network's arcs. */
  | { readonly _tag: 'NotBayesian'; readonly file: string }
  | { readonly _tag: 'NotGzip'; readonly file: string; readonly reason: string }
  | { readonly _tag: 'FetchFailed'; readonly file: string; readonly reason: string }
  | { readonly _tag: 'Inference'; readonly error: InferError }
  | { readonly _tag: 'Structure'; readonly error: GraphError }
  | { readonly _tag: 'NoNetwork' }
  | { readonly _tag: 'InvalidWeight'; readonly variable: string; readonly state: string; readonly text: string; readonly reason: string }
  | { readonly _tag: 'AllWeightsZero'; readonly variable: string }
  | { readonly _tag: 'ModelFileInvalid'; readonly reason: string }
  | { readonly _tag: 'NoModel' }
  /** A CSV file that does not read as data (line and column inside). */
  | { readonly _tag: 'Data'; readonly file: string; readonly error: DataError }
  /** Structure learning refused the data or the options. */
  | { readonly _tag: 'Learning'; readonly error: StructureError }
  /** A Learn tab action that needs data (or a learned graph) before it. */
  | { readonly _tag: 'NothingToLearn'; readonly needs: 'data' | 'a learned graph' }

/**
 * One line describing a playground error; parser errors keep their
 * `file:line:column:` prefix.
 *
 * @example
 * describeError({ _tag: 'UnknownFormat', file: 'model.txt' })
 * // => 'model.txt: unknown network format (expected .bif, .xml, .xmlbif, .uai, .net or .json, optionally .gz)'
 */
export const describeError = (e: PlaygroundError): string => {
  switch (e._tag) {
    case 'UnknownFormat':
      return `${e.file}: unknown network format (expected .bif, .xml, .xmlbif, .uai, .net or .json, optionally .gz)`
    case 'Unreadable':
      return describeIoError(e.error)
    case 'InvalidNetwork': {
      const [first, ...rest] = e.errors
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`
      return `${e.file}: ${first === undefined ? 'invalid network' : describeNetworkError(first)}${more}`
    }
    case 'TooManyVariables':
      return `${e.file}: ${e.count} variables is more than the playground draws (at most ${e.limit}); use the CLI for larger networks`
    case 'NotBayesian':
      return `${e.file}: a Markov network; the playground shows Bayesian networks (the CLI answers queries on either)`
    case 'NotGzip':
      return `${e.file}: could not decompress: ${e.reason}`
    case 'FetchFailed':
      return `${e.file}: could not fetch: ${e.reason}`
    case 'Inference':
      return describeInferError(e.error)
    case 'Structure':
      return describeGraphError(e.error)
    case 'NoNetwork':
      return 'no network is open'
    case 'InvalidWeight':
      return `likelihood of ${e.variable}=${e.state}: "${e.text}" ${e.reason}`
    case 'AllWeightsZero':
      return `likelihood of ${e.variable}: at least one weight must be positive`
    case 'ModelFileInvalid':
      return `digits model file: ${e.reason}`
    case 'NoModel':
      return 'the digits model is not loaded yet'
    case 'Data':
      return `${e.file}: ${describeDataError(e.error)}`
    case 'Learning':
      return describeStructureError(e.error)
    case 'NothingToLearn':
      return `load ${e.needs === 'data' ? 'data (drop a CSV or sample from a network)' : 'data and learn a graph'} first`
  }
}
