/**
 * From a file's text to a validated `BayesianNetwork`: parse (the format from
 * the file name), then check every table with `networkFromSpec`. Files in the
 * wild print probabilities rounded, so rows within `renormalizeTolerance` of
 * summing to 1 are rescaled, and the result says which ones (callers print
 * that once); rows further off are errors. Pure: also the browser's path.
 */
import { networkFromSpec, type BayesianNetwork, type Renormalization } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { IoError } from './errors.js'
import { formatOfPath, READABLE, readNetworkText } from './formats.js'

/** Rows of a file may sum to 1 +- this and are rescaled (files print rounded numbers). */
export const FILE_RENORMALIZE_TOLERANCE = 1e-2

/** A loaded network and the rows that were rescaled on the way. */
export interface LoadedNetwork {
  readonly network: BayesianNetwork
  readonly renormalized: readonly Renormalization[]
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
 * import { either as E, function as F } from 'fp-ts'
 *
 * const loaded = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.5; }', 'a.bif')
 * F.pipe(loaded, E.map(({ network, renormalized }) => [network.dag.nodes, renormalized])) // => E.right([['a'], []])
 * // Rows printed rounded are rescaled, and the result says so.
 * const rounded = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.501; }', 'a.bif')
 * F.pipe(rounded, E.map(({ renormalized }) => renormalized.map((r) => [r.variable, r.rows]))) // => E.right([['a', 1]])
 * const unnormalised = networkFromText('variable a { type discrete [ 2 ] { x, y }; }\nprobability ( a ) { table 0.5, 0.7; }', 'a.bif')
 * F.pipe(unnormalised, E.mapLeft((e) => e._tag)) // => E.left('InvalidNetwork')
 * ```
 */
export const networkFromText = (text: string, file: string, options: LoadOptions = {}): E.Either<IoError, LoadedNetwork> => {
  const format = formatOfPath(file)
  if (format === undefined) return E.left({ _tag: 'UnknownFormat', file, supported: READABLE })
  const spec = readNetworkText(text, format, options.maxTableEntries === undefined ? { file } : { file, maxTableEntries: options.maxTableEntries })
  if (E.isLeft(spec)) return spec
  const tolerance = options.renormalizeTolerance ?? FILE_RENORMALIZE_TOLERANCE
  const built = networkFromSpec(spec.right, tolerance > 0 ? { renormalize: { tolerance } } : {})
  if (E.isLeft(built)) return E.left({ _tag: 'InvalidNetwork', file, errors: built.left })
  return E.right(built.right)
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
