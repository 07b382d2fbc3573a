/**
 * From a file's text to a validated model: parse (the format from the file
 * name), then check every table with `networkFromSpec` (a Bayesian network)
 * or `markovNetworkFromSpec` (a Markov network: UAI MARKOV files, and UAI
 * BAYES files whose tables are not conditional distributions). Files in the
 * wild print probabilities rounded, so rows within `renormalizeTolerance` of
 * summing to 1 are rescaled, and the result says which ones (callers print
 * that once); rows further off are errors. Pure: also the browser's path.
 */
import { markovNetworkFromSpec, networkFromSpec, type BayesianNetwork, type MarkovNetwork, type Renormalization } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { FILE_RENORMALIZE_TOLERANCE } from './assemble.js'
import type { IoError } from './errors.js'
import { formatOfPath, READABLE, readNetworkText } from './formats.js'
import { interpretUai, isMarkovSpec, uaiReadingNote, type ModelSpec } from './uai-model.js'
import { readUai } from './uai-read.js'

export { FILE_RENORMALIZE_TOLERANCE }

/** A loaded model (a Bayesian or a Markov network), the rows rescaled on the way, and notes on how it was read. */
export interface LoadedNetwork {
  readonly network: BayesianNetwork | MarkovNetwork
  readonly renormalized: readonly Renormalization[]
  /** One line each, for a reading a user should know of (a UAI BAYES file read with children first, or as a product). */
  readonly notes: readonly string[]
}

/** Options of {@link networkFromText} and of `loadNetwork` (`@chainrule/io/node`). */
export interface LoadOptions {
  /** Rescale rows whose sum is within this of 1 (default 1e-2); 0 rescales nothing. */
  readonly renormalizeTolerance?: number
  /** Refuse tables larger than this many entries while parsing. */
  readonly maxTableEntries?: number
}

/**
 * Parse and validate a network given as text; `file` names it in errors and
 * chooses the format by its extension (`.bif`, `.xml`, `.uai`, `.net`, `.json`).
 * A parse error is the reader's {@link IoError}; a network `networkFromSpec`
 * refuses is an `InvalidNetwork` one.
 *
 * @example
 * ```ts
 * import { networkFromText } from '@chainrule/io'
 * import { isBayesianNetwork } from '@chainrule/models'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const loaded = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.5; }', 'a.bif')
 * F.pipe(loaded, E.map(({ network, renormalized }) => [isBayesianNetwork(network) ? network.dag.nodes : [], renormalized])) // => E.right([['a'], []])
 * // Rows printed rounded are rescaled, and the result says so.
 * const rounded = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.501; }', 'a.bif')
 * F.pipe(rounded, E.map(({ renormalized }) => renormalized.map((r) => [r.variable, r.rows]))) // => E.right([['a', 1]])
 * const unnormalised = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.7; }', 'a.bif')
 * F.pipe(unnormalised, E.mapLeft((e) => e._tag)) // => E.left('InvalidNetwork')
 * // A UAI MARKOV file is a Markov network; a BAYES file listing each child first is read that way, with a note.
 * const markov = networkFromText('MARKOV 2  2 2  1  2 0 1  4 1 2 3 4', 'pair.uai')
 * F.pipe(markov, E.map(({ network }) => isBayesianNetwork(network))) // => E.right(false)
 * const first = networkFromText('BAYES 2  2 2  2  1 0  2 1 0  2 0.4 0.6  4 0.9 0.2 0.1 0.8', 'first.uai')
 * F.pipe(first, E.map(({ notes }) => notes.length)) // => E.right(1)
 * ```
 */
export const networkFromText = (text: string, file: string, options: LoadOptions = {}): E.Either<IoError, LoadedNetwork> => {
  const format = formatOfPath(file)
  if (format === undefined) return E.left({ _tag: 'UnknownFormat', file, supported: READABLE })
  const readOptions = options.maxTableEntries === undefined ? { file } : { file, maxTableEntries: options.maxTableEntries }
  const tolerance = options.renormalizeTolerance ?? FILE_RENORMALIZE_TOLERANCE
  let spec: ModelSpec
  const notes: string[] = []
  if (format === 'uai') {
    // Read here rather than through readNetworkText, to keep how the file was read.
    const model = readUai(text, readOptions)
    if (E.isLeft(model)) return model
    const interpreted = interpretUai(model.right, Math.max(tolerance, FILE_RENORMALIZE_TOLERANCE))
    const note = uaiReadingNote(interpreted.reading)
    if (note !== undefined) notes.push(note)
    spec = interpreted.spec
  } else {
    const read = readNetworkText(text, format, readOptions)
    if (E.isLeft(read)) return read
    spec = read.right
  }
  if (isMarkovSpec(spec)) {
    const built = markovNetworkFromSpec(spec)
    return E.isLeft(built) ? E.left({ _tag: 'InvalidNetwork', file, errors: built.left }) : E.right({ network: built.right, renormalized: [], notes })
  }
  const built = networkFromSpec(spec, tolerance > 0 ? { renormalize: { tolerance } } : {})
  if (E.isLeft(built)) return E.left({ _tag: 'InvalidNetwork', file, errors: built.left })
  return E.right({ ...built.right, notes })
}

/**
 * The one-line note to print when rows were rescaled, or undefined when none were.
 *
 * @example
 * ```ts
 * import { renormalizationNote } from '@chainrule/io'
 *
 * renormalizationNote([{ variable: 'a', rows: 2, largestDeviation: 0.001 }])
 * // => 'renormalised 2 rows in 1 variable whose probabilities were printed rounded (largest |sum - 1| = 0.0010)'
 * renormalizationNote([]) // => undefined
 * ```
 */
export const renormalizationNote = (renormalized: readonly Renormalization[]): string | undefined => {
  if (renormalized.length === 0) return undefined
  const rows = renormalized.reduce((s, r) => s + r.rows, 0)
  const worst = Math.max(...renormalized.map((r) => r.largestDeviation))
  return (
    `renormalised ${rows} row${rows === 1 ? '' : 's'} in ${renormalized.length} variable${renormalized.length === 1 ? '' : 's'} ` +
    `whose probabilities were printed rounded (largest |sum - 1| = ${worst.toPrecision(2)})`
  )
}
