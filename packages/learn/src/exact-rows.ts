/**
 * Rows with missing cells, scored exactly in process: log P(observed cells)
 * with the missing cells summed out by junction-tree propagation. This is the
 * one module of source scoring that calls `@chainrule/infer` (its public
 * `compile` and `logLikelihoods`), so that a change of infer's query API
 * touches one place. The network is compiled on first use only: a source
 * with no incomplete row never pays for it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { compile, logLikelihoods, type Engine, type InferError } from '@chainrule/infer'
import type { BayesianNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'

/** Scores of rows given as columns of state indices in the network's variable order (255 = missing). */
export type ExactRowScorer = (columns: readonly Uint8Array[], rows: number) => E.Either<LearnError, Float64Array>

/**
 * A scorer for `bn`'s rows with missing cells (compiled lazily, once).
 *
 * @example
 * // const score = exactRowScorer(asia)
 * // score([asiaColumn, ..., dyspColumn], 100) -> Right(Float64Array(100)), log P(observed cells) per row
 */
export const exactRowScorer = (bn: BayesianNetwork): ExactRowScorer => {
  let engine: E.Either<LearnError, Engine> | undefined
  return (columns, rows) => {
    engine ??= E.mapLeft((error: InferError): LearnError => ({ _tag: 'Infer', error }))(
      compile(bn, { keepPriorCollection: false }),
    )
    if (E.isLeft(engine)) return engine
    return E.mapLeft((error: InferError): LearnError => ({ _tag: 'Infer', error }))(
      logLikelihoods(engine.right, columns, rows),
    )
  }
}
