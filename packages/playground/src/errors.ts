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
  | { readonly _tag: 'Unreadable'; readonly error: IoError }
  | { readonly _tag: 'InvalidNetwork'; readonly file: string; readonly errors: readonly NetworkError[] }
  | { readonly _tag: 'TooManyVariables'; readonly file: string; readonly count: number; readonly limit: number }
  /** A Markov network (a UAI MARKOV file): the page draws a Bayesian network's arcs. */
  | { readonly _tag: 'NotBayesian'; readonly command: string; readonly file: string }
  | { readonly _tag: 'NotGzip'; readonly file: string; readonly reason: string }
  | { readonly _tag: 'FetchFailed'; readonly file: string; readonly reason: string }
  | { readonly _tag: 'Infer'; readonly error: InferError }
  | { readonly _tag: 'Graph'; readonly error: GraphError }
  | { readonly _tag: 'NoNetwork' }
  | { readonly _tag: 'UnreadableWeight'; readonly variable: string; readonly state: string; readonly text: string; readonly reason: string }
  | { readonly _tag: 'AllWeightsZero'; readonly variable: string }
  | { readonly _tag: 'ModelFileInvalid'; readonly reason: string }
  | { readonly _tag: 'NoModel' }
  /** A CSV file that does not read as data (line and column inside). */
  | { readonly _tag: 'DataFile'; readonly file: string; readonly error: DataError }
  /** Structure learning refused the data or the options. */
  | { readonly _tag: 'Structure'; readonly error: StructureError }
  /** A Learn tab action that needs data (or a learned graph) before it. */
  | { readonly _tag: 'NothingToLearn'; readonly needs: 'data' | 'a learned graph' }

/**
 * A network file that did not load, as the page reports it: an invalid
 * network as its own kind, any reader's error (syntax, format) wrapped.
 *
 * @example
 * loadFailure({ _tag: 'FileUnreadable', file: 'a.bif', reason: 'empty' })
 * // => { _tag: 'Unreadable', error: { _tag: 'FileUnreadable', file: 'a.bif', reason: 'empty' } }
 */
export const loadFailure = (e: IoError): PlaygroundError => (e._tag === 'InvalidNetwork' ? e : { _tag: 'Unreadable', error: e })

/**
 * One line describing a playground error; parser errors keep their
 * `file:line:column:` prefix.
 *
 * @example
 * describeError({ _tag: 'TooManyVariables', file: 'munin.bif', count: 1041, limit: 250 })
 * // => 'munin.bif: 1041 variables is more than the playground draws (at most 250); use the CLI for larger networks'
 */
export const describeError = (e: PlaygroundError): string => {
  switch (e._tag) {
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
      return `${e.file} is a Markov network; ${e.command} needs a Bayesian network (the CLI answers queries on either)`
    case 'NotGzip':
      return `${e.file}: could not decompress: ${e.reason}`
    case 'FetchFailed':
      return `${e.file}: could not fetch: ${e.reason}`
    case 'Infer':
      return describeInferError(e.error)
    case 'Graph':
      return describeGraphError(e.error)
    case 'NoNetwork':
      return 'no network is open'
    case 'UnreadableWeight':
      return `likelihood of ${e.variable}=${e.state}: "${e.text}" ${e.reason}`
    case 'AllWeightsZero':
      return `likelihood of ${e.variable}: at least one weight must be positive`
    case 'ModelFileInvalid':
      return `digits model file: ${e.reason}`
    case 'NoModel':
      return 'the digits model is not loaded yet'
    case 'DataFile':
      return `${e.file}: ${describeDataError(e.error)}`
    case 'Structure':
      return describeStructureError(e.error)
    case 'NothingToLearn':
      return `load ${e.needs === 'data' ? 'data (drop a CSV or sample from a network)' : 'data and learn a graph'} first`
  }
}
