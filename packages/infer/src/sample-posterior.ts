/**
 * Exact samples from the posterior: one propagation, then forward sampling
 * over the calibrated tree (`draw-from-tree.ts`): no rejection, no weights,
 * whatever the probability of the evidence.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { overBudget } from './covers.js'
import { drawFromTree, type UniformSource } from './draw-from-tree.js'
import { engineState, questionContext, type Engine } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { propagate } from './propagate.js'
import { resolveQuestion, type Question } from './question.js'
import { checkRowCount } from './rows.js'

/** Samples drawn exactly from the posterior: one typed column per variable. */
export interface PosteriorSamples {
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
  /** `columns[v][r]` is the state index of variable v in row r. */
  readonly columns: readonly Int32Array[]
  readonly rows: number
  /** log P(e) of the evidence the samples are conditioned on. */
  readonly logPEvidence: number
}

/**
 * Draw `rows` exact samples from P(x | question): every variable, observed
 * ones at their observed states, intervened ones as the intervention sets them.
 *
 * @example
 * ```ts
 * import { compile, samplePosterior } from '@chainrule/infer'
 * import { createRng, defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [1, 0], yes: [0, 1] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * const draws = engine !== undefined && E.isRight(engine) ? samplePosterior(engine.right, 100, createRng(7), { evidence: { wet: 'yes' } }) : undefined
 * draws !== undefined && E.isRight(draws) && draws.right.columns[0]!.every((s) => s === 1) // => true
 * ```
 */
export const samplePosterior = <A extends Assignment>(
  engine: Engine<A>,
  rows: number,
  rng: UniformSource,
  question: Question<A> = {},
): E.Either<InferError, PosteriorSamples> => {
  const state = engineState(engine)
  const n = engine.domain.variables.length
  const counted = checkRowCount(rows, 4 * n, engine.memoryBudgetBytes)
  if (E.isLeft(counted)) return counted
  const resolved = resolveQuestion(questionContext(engine, state), question as Question)
  if (E.isLeft(resolved)) return resolved
  if (state.tree === undefined) return E.left(overBudget(engine))
  const logPEvidence = propagate(state.tree, resolved.right)
  if (logPEvidence === -Infinity) return E.left(impossible(resolved.right.description))
  // Every compiled variable is drawn; only the model's own are returned (auxiliary ones follow them).
  const columns = state.cards.map(() => new Int32Array(rows))
  drawFromTree(state.tree, rows, rng, columns)
  columns.length = engine.domain.variables.length
  return E.right({
    variables: engine.domain.variables.map((v) => v.name),
    states: engine.domain.variables.map((v) => v.states),
    columns,
    rows,
    logPEvidence,
  })
}
