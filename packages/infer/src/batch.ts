/**
 * Many evidence rows at once: the log-likelihood of each row of a data set,
 * or the posterior of one variable for each row, on one compiled tree with one
 * reused evidence buffer (no per-row objects). Rows come as columns of state
 * indices, one typed array per variable; a missing cell (unobserved) is any
 * value outside the variable's states (e.g. 255 in a Uint8Array, -1 in an
 * Int32Array).
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { engineState, type Engine, type EngineState } from './engine.js'
import type { InferError } from './errors.js'
import { logSpaceAnswer } from './log-space.js'
import { pointMass } from './marginals.js'
import { answeredInRange, logEvidence, propagate, readMarginal } from './propagate.js'
import { reducedTree } from './reduced-question.js'
import { partEvidence } from './relevant-trees.js'
import { checkRowCount } from './rows.js'
import type { ResolvedQuestion } from './question.js'

/** State indices by variable id: `columns[v][r]` is variable v's state in row r. */
export type Columns = readonly ArrayLike<number>[]

const checkColumns = (engine: Engine<Assignment>, state: EngineState, columns: Columns, rows: number, bytesPerRow: number): E.Either<InferError, void> => {
  const counted = checkRowCount(rows, bytesPerRow, engine.memoryBudgetBytes)
  if (E.isLeft(counted)) return counted
  if (columns.length !== engine.domain.variables.length)
    return E.left({ _tag: 'ShapeMismatch', what: 'columns (one per variable)', expected: engine.domain.variables.length, got: columns.length })
  for (const column of columns) if (column.length < rows) return E.left({ _tag: 'InvalidRowCount', rows: column.length })
  return E.right(undefined)
}

/** A data row as a question (its observed cells). */
const rowQuestion = (states: Int32Array): ResolvedQuestion => ({ states, targets: undefined, description: ['row'], intervened: false })

/**
 * Fill the evidence buffer from row r: in-range values are observations,
 * anything else is missing (auxiliary variables, after the model's own, stay -1).
 */
const loadRow = (engine: Engine<Assignment>, columns: Columns, r: number, states: Int32Array): void => {
  const vars = engine.domain.variables
  for (let v = 0; v < vars.length; v++) {
    const s = columns[v]![r]!
    states[v] = s >= 0 && s < vars[v]!.states.length ? s : -1
  }
}

/**
 * log P(row) for every row (nats; the observed cells' joint probability, -Infinity
 * for an impossible row), from the collect pass only (in log space for a row
 * whose products leave the range of doubles).
 *
 * @example
 * ```ts
 * import { compile, logLikelihoods } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [0.9, 0.1], yes: [0.1, 0.9] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   // Columns by variable id (rain, wet); -1 leaves a cell unobserved. Row 0: rain=yes, wet=yes; row 1: wet=no.
 *   const scores = logLikelihoods(engine.right, [Int32Array.of(1, -1), Int32Array.of(1, 0)], 2)
 *   E.isRight(scores) && Array.from(scores.right, Math.exp) // ~> [0.18, 0.74]
 * }
 * ```
 */
export const logLikelihoods = (
  engine: Engine<Assignment>,
  columns: Columns,
  rows: number,
): E.Either<InferError, Float64Array> => {
  const state = engineState(engine)
  const checked = checkColumns(engine, state, columns, rows, 8)
  if (E.isLeft(checked)) return checked
  const { tree } = state
  // Every compiled variable: auxiliary ones, after the model's own, stay unobserved.
  const states = new Int32Array(state.cards.length).fill(-1)
  const out = new Float64Array(rows)
  const evidence = { states }
  for (let r = 0; r < rows; r++) {
    loadRow(engine, columns, r, states)
    if (tree !== undefined) {
      out[r] = logEvidence(tree, evidence)
      if (answeredInRange(tree)) continue
    } else {
      // No whole tree: the row's pattern of observed cells has its own reduced tree (kept per pattern).
      const reduced = reducedTree(engine, state, rowQuestion(states), 'closure')
      if (E.isLeft(reduced)) return reduced
      if (reduced.right !== undefined) {
        const { part, question } = reduced.right
        out[r] = logEvidence(part.tree, partEvidence(part, question))
        if (answeredInRange(part.tree)) continue
      }
    }
    // Beyond the range of doubles: this row is answered in log space.
    const exact = logSpaceAnswer(state, engine.kind, evidence, [])
    if (E.isLeft(exact)) return exact
    out[r] = exact.right.logPEvidence
  }
  return E.right(out)
}

/** Predictions for many rows: P(target | row) as a rows x states matrix, and which rows are possible. */
export interface RowPredictions {
  /** Row-major: P(target = s | row r) at r * states + s; all zero where the row is impossible. */
  readonly probabilities: Float64Array
  /** possible[r] = 1 when row r has positive probability, 0 when it has probability zero. */
  readonly possible: Uint8Array
}

/**
 * P(target | row) for every row. A row that observes the target gets its
 * observed state with probability 1; a row of probability zero has no answer
 * (`possible[r] = 0`, its probabilities left at 0).
 *
 * @example
 * ```ts
 * import { compile, predictions } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [0.9, 0.1], yes: [0.1, 0.9] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   // One row: rain unobserved (-1), wet=yes. Probabilities come row by row, one per state of the target.
 *   const p = predictions(engine.right, [Int32Array.of(-1), Int32Array.of(1)], 1, 'rain')
 *   E.isRight(p) && Array.from(p.right.probabilities) // ~> [0.3077, 0.6923]
 *   E.isRight(p) && Array.from(p.right.possible) // => [1]
 * }
 * ```
 */
export const predictions = <A extends Assignment>(
  engine: Engine<A>,
  columns: Columns,
  rows: number,
  target: keyof A & string,
): E.Either<InferError, RowPredictions> => {
  const v = engine.domain.byName.get(target)
  if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: target })
  const card = engine.domain.variables[v]!.states.length
  const state = engineState(engine)
  const checked = checkColumns(engine, state, columns, rows, 8 * card + 1)
  if (E.isLeft(checked)) return checked
  const states = new Int32Array(state.cards.length).fill(-1)
  const probabilities = new Float64Array(rows * card)
  const possible = new Uint8Array(rows)
  const evidence = { states }
  const row = new Float64Array(card)
  for (let r = 0; r < rows; r++) {
    loadRow(engine, columns, r, states)
    // The whole tree, or without one the reduced tree of the row's pattern and the target.
    let tree = state.tree
    let local: number = v
    let logPe = -Infinity
    if (tree !== undefined) logPe = propagate(tree, evidence)
    else {
      const reduced = reducedTree(engine, state, rowQuestion(states), 'closure', [v])
      if (E.isLeft(reduced)) return reduced
      if (reduced.right !== undefined) {
        const { part, question } = reduced.right
        tree = part.tree
        local = part.globalOf.indexOf(v)
        logPe = propagate(tree, partEvidence(part, question))
      }
    }
    if (tree === undefined || !answeredInRange(tree)) {
      // Beyond the range of doubles: this row is answered in log space.
      const exact = logSpaceAnswer(state, engine.kind, evidence, [v])
      if (E.isLeft(exact)) return exact
      if (exact.right.logPEvidence === -Infinity) continue
      probabilities.set(exact.right.probabilities.get(v) ?? pointMass(card, states[v]!), r * card)
      possible[r] = 1
      continue
    }
    if (logPe === -Infinity) continue
    if (local >= 0) readMarginal(tree, local, row)
    probabilities.set(local >= 0 ? row : pointMass(card, states[v]!), r * card)
    possible[r] = 1
  }
  return E.right({ probabilities, possible })
}
