/**
 * Exact samples from the posterior: one propagation, then forward sampling
 * over the calibrated tree (`draw-from-tree.ts`): no rejection, no weights,
 * whatever the probability of the evidence. Without a whole tree, the tree is
 * the question's evidence-reduced tree over the ancestral closure of what is
 * observed, and the other variables of a network are drawn forward from their
 * tables afterwards. When a product may have left the range of doubles (the
 * range check of marginals), or no tree fits the memory budget, the samples
 * come from elimination in log space.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { drawFromTree, type UniformSource } from './draw-from-tree.js'
import { engineState, questionContext, type Engine, type EngineState } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { logSpaceSamples } from './log-space.js'
import { answeredInRange, propagate } from './propagate.js'
import type { QuestionTables } from './question-tables.js'
import { resolveQuestion, type Question, type ResolvedQuestion } from './question.js'
import { reducedTree } from './reduced-question.js'
import { partEvidence } from './relevant-trees.js'
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
  /** Where the samples were drawn: the whole tree, the question's evidence-reduced tree, or buckets of elimination in log space. */
  readonly method: 'tree' | 'reduced-tree' | 'log-space'
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
  const counted = checkRowCount(rows, 4 * state.cards.length, engine.memoryBudgetBytes)
  if (E.isLeft(counted)) return counted
  const resolved = resolveQuestion(questionContext(engine, state), question as Question)
  if (E.isLeft(resolved)) return resolved
  // Every compiled variable is drawn; only the model's own are returned (auxiliary ones follow them).
  const columns = state.cards.map(() => new Int32Array(rows))
  const drawn = draw(engine, state, resolved.right, rows, rng, columns)
  if (E.isLeft(drawn)) return drawn
  if (drawn.right.logPEvidence === -Infinity) return E.left(impossible(resolved.right.description))
  columns.length = engine.domain.variables.length
  return E.right({
    variables: engine.domain.variables.map((v) => v.name),
    states: engine.domain.variables.map((v) => v.states),
    columns,
    rows,
    ...drawn.right,
  })
}

type Drawn = { readonly logPEvidence: number; readonly method: PosteriorSamples['method'] }

const draw = (engine: Engine, state: EngineState, q: ResolvedQuestion, rows: number, rng: UniformSource, columns: readonly Int32Array[]): E.Either<InferError, Drawn> => {
  const inLogs = (): E.Either<InferError, Drawn> =>
    E.map((logPEvidence: number): Drawn => ({ logPEvidence, method: 'log-space' }))(logSpaceSamples(state, engine.kind, q, engine.memoryBudgetBytes, rows, () => rng.float(), columns))
  if (state.whole !== undefined) {
    const tree = state.tree!
    const logPEvidence = propagate(tree, q)
    // Out of range, the tree's calibrated clusters (even P(e) = 0) cannot be trusted.
    if (!answeredInRange(tree)) return inLogs()
    if (logPEvidence > -Infinity) drawFromTree(tree, rows, rng, columns)
    return E.right({ logPEvidence, method: 'tree' })
  }
  const reduced = reducedTree(engine, state, q, 'closure')
  if (E.isLeft(reduced)) return reduced
  if (reduced.right === undefined) return inLogs()
  const { part, question } = reduced.right
  const logTotal = propagate(part.tree, partEvidence(part, question))
  if (!answeredInRange(part.tree)) return inLogs()
  if (logTotal === -Infinity) return E.right({ logPEvidence: -Infinity, method: 'reduced-tree' })
  // Observed variables at their states, the closure's from its tree, the rest forward from their tables.
  columns.forEach((column, v) => column.fill(Math.max(question.observed[v]!, 0)))
  drawFromTree(part.tree, rows, rng, Array.from(part.globalOf, (v) => columns[v]!))
  drawForward(state, question, part.globalOf, rows, rng, columns)
  // A network, or an intervened one, with nothing observed (no evidence, no soft finding): P(e) = 1 exactly.
  const anythingObserved = q.likelihoods !== undefined || q.states.some((st) => st >= 0)
  return E.right({ logPEvidence: engine.kind === 'bayesian' && !anythingObserved ? 0 : logTotal + question.logConstant, method: 'reduced-tree' })
}

/**
 * Draw, in an order where parents come first, every variable of a network
 * outside the tree (not an ancestor of anything observed) from its table
 * given its parents' drawn states: exact, since nothing below them is observed.
 */
const drawForward = (state: EngineState, question: QuestionTables, inTree: Int32Array, rows: number, rng: UniformSource, columns: readonly Int32Array[]): void => {
  const done = new Uint8Array(state.cards.length)
  for (const v of inTree) done[v] = 1
  question.observed.forEach((s, v) => {
    if (s >= 0) done[v] = 1
  })
  const order = state.cards.map((_, v) => v).filter((v) => done[v] === 0).sort((a, b) => state.depth[a]! - state.depth[b]!)
  for (const v of order) {
    const { scope, values } = question.tables[v]!
    const card = state.cards[v]!
    const parents = scope.slice(0, -1)
    for (let r = 0; r < rows; r++) {
      let row = 0
      for (const p of parents) row = row * state.cards[p]! + columns[p]![r]!
      let u = rng.float()
      let pick = -1
      for (let s = 0; s < card; s++) {
        const w = values[row * card + s]!
        if (w === 0) continue
        pick = s
        u -= w
        if (u < 0) break
      }
      columns[v]![r] = pick
    }
  }
}
