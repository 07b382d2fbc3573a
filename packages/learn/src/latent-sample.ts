/**
 * Drawing from a latent tree model and looking at what it learned:
 * ancestral samples (hidden variables from the top, then observed ones in an
 * order with their observed parents first), samples with one hidden variable
 * clamped to a state (what that state generates), reconstructions (hidden
 * variables drawn from their exact posterior given a row, then a new row drawn
 * from them), and prototypes: E[x_i | h = k] for every state k of a hidden
 * variable, exact, by junction-tree inference on the model as a network.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Rng } from '@chainrule/models'
import { compile, marginals, type InferError } from '@chainrule/infer'
import type { LearnError } from './errors.js'
import type { RowData } from './row-data.js'
import { latentLayout, latentNetwork, hiddenStateNames, type LatentLayout, type LatentTree } from './latent-tree.js'
import { latentPass, passTables, prepareRows } from './latent-pass.js'

/** Rows drawn from a model, with the hidden states that generated them. */
export interface LatentSamples {
  readonly rows: RowData
  /** `hidden[r * H + v]`: the state of hidden variable v behind row r. */
  readonly hidden: Int32Array
}

/** A state drawn from row `at` of a table: k with probability table[at + k], k < card. */
export const draw = (table: ArrayLike<number>, at: number, card: number, rng: Rng): number => {
  let u = rng.float()
  for (let k = 0; k < card - 1; k++) {
    u -= table[at + k]!
    if (u < 0) return k
  }
  return card - 1
}

/** Observed values of row r given its hidden states (observed parents first). */
const drawObserved = (model: LatentTree, layout: LatentLayout, hidden: Int32Array, hat: number, values: Uint8Array, base: number, rng: Rng): void => {
  for (let t = 0; t < layout.observedOrder.length; t++) {
    const i = layout.observedOrder[t]!
    const h = model.observedHidden[i]!
    let row = h < 0 ? 0 : hidden[hat + h]!
    const parents = model.observedParents[i]!
    for (let k = 0; k < parents.length; k++) row = row * model.observedCards[parents[k]!]! + values[base + parents[k]!]!
    const card = model.observedCards[i]!
    values[base + i] = draw(model.observedTables[i]!, row * card, card, rng)
  }
}

const layoutOf = (model: LatentTree): E.Either<LearnError, LatentLayout> => latentLayout(model)

/**
 * `count` rows drawn from the model (seeded). With `clamp`, that hidden
 * variable is fixed to the given state and everything below it and around
 * it is drawn given that (its ancestors are drawn from their prior; use a root to see what a
 * state generates on its own).
 *
 * @example
 * ```ts
 * import { sampleLatentTree } from '@chainrule/learn'
 * import { createRng } from '@chainrule/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(1, 0, 0, 1)],
 * }
 * const s = sampleLatentTree(model, 4, createRng(1), { hidden: 'z', state: 1 })
 * E.isRight(s) && Array.from(s.right.rows.values) // => [1, 1, 1, 1]
 * ```
 */
export const sampleLatentTree = (
  model: LatentTree,
  count: number,
  rng: Rng,
  clamp?: { readonly hidden: string; readonly state: number },
): E.Either<LearnError, LatentSamples> => {
  const layout = layoutOf(model)
  if (E.isLeft(layout)) return layout
  if (!(Number.isSafeInteger(count) && count >= 0)) return E.left({ _tag: 'InvalidOption', option: 'count', value: String(count), reason: 'expected an integer >= 0' })
  const fixed = clamp === undefined ? -1 : model.hiddenNames.indexOf(clamp.hidden)
  if (clamp !== undefined && fixed < 0) return E.left({ _tag: 'InvalidOption', option: 'clamp.hidden', value: clamp.hidden, reason: 'not a hidden variable of the model' })
  if (clamp !== undefined && !(Number.isInteger(clamp.state) && clamp.state >= 0 && clamp.state < model.hiddenCards[fixed]!))
    return E.left({ _tag: 'InvalidOption', option: 'clamp.state', value: String(clamp.state), reason: `expected 0..${model.hiddenCards[fixed]! - 1}` })
  const n = model.observedNames.length
  const H = model.hiddenNames.length
  const values = new Uint8Array(count * n)
  const hidden = new Int32Array(count * H)
  for (let r = 0; r < count; r++) {
    for (let t = 0; t < H; t++) {
      const v = layout.right.hiddenOrder[t]!
      const p = model.hiddenParent[v]!
      const K = model.hiddenCards[v]!
      hidden[r * H + v] = v === fixed ? clamp!.state : draw(model.hiddenTables[v]!, (p < 0 ? 0 : hidden[r * H + p]!) * K, K, rng)
    }
    drawObserved(model, layout.right, hidden, r * H, values, r * n, rng)
  }
  return E.right({ rows: { rows: count, cards: model.observedCards, values }, hidden })
}

/**
 * Reconstructions: for each row, the hidden variables drawn from their exact
 * joint posterior given the row, then a new row drawn from them.
 *
 * @example
 * ```ts
 * import { reconstructLatentTree } from '@chainrule/learn'
 * import { createRng } from '@chainrule/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * // z copies itself into two pixels: a row's reconstruction repeats the row.
 * const model = {
 *   observedNames: ['a', 'b'], observedCards: Int32Array.of(2, 2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0, 0), observedParents: [Int32Array.of(), Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(1, 0, 0, 1), Float64Array.of(1, 0, 0, 1)],
 * }
 * const r = reconstructLatentTree(model, { rows: 2, cards: Int32Array.of(2, 2), values: Uint8Array.of(0, 0, 1, 1) }, createRng(3))
 * E.isRight(r) && Array.from(r.right.rows.values) // => [0, 0, 1, 1]
 * ```
 */
export const reconstructLatentTree = (model: LatentTree, data: RowData, rng: Rng): E.Either<LearnError, LatentSamples> => {
  const layout = layoutOf(model)
  if (E.isLeft(layout)) return layout
  const n = model.observedNames.length
  if (data.cards.length !== n) return E.left({ _tag: 'ShapeMismatch', what: 'observed variables per row', expected: n, got: data.cards.length })
  const H = model.hiddenNames.length
  const prepared = prepareRows(model, data)
  const hidden = new Int32Array(data.rows * H)
  const logLikelihood = new Float64Array(data.rows)
  latentPass(model, layout.right, prepared, passTables(model, layout.right, prepared), 0, data.rows, { logLikelihood, draws: { rng, states: hidden } })
  const impossible = logLikelihood.indexOf(-Infinity)
  if (impossible >= 0) return E.left({ _tag: 'ImpossibleRow', row: impossible, iteration: 0 })
  const values = new Uint8Array(data.rows * n)
  for (let r = 0; r < data.rows; r++) drawObserved(model, layout.right, hidden, r * H, values, r * n, rng)
  return E.right({ rows: { rows: data.rows, cards: model.observedCards, values }, hidden })
}

/**
 * Prototypes of a hidden variable's states: for each state k, E[x_i | h = k]
 * for every observed variable i (the expected state index; for binary pixels,
 * the probability of 1: the state's expected image). Exact: the model is
 * compiled as a network and asked one question per state.
 *
 * @example
 * ```ts
 * import { latentPrototypes } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const model = {
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.3, 0.7)],
 * }
 * const p = latentPrototypes(model, 'z')
 * E.isRight(p) && p.right.map((m) => m[0]) // ~> [0.1, 0.7]
 * ```
 */
export const latentPrototypes = (model: LatentTree, hidden: string): E.Either<LearnError, Float64Array[]> => {
  const v = model.hiddenNames.indexOf(hidden)
  if (v < 0) return E.left({ _tag: 'InvalidOption', option: 'hidden', value: hidden, reason: 'not a hidden variable of the model' })
  const network = latentNetwork(model)
  if (E.isLeft(network)) return network
  const toLearn = (error: InferError): LearnError => ({ _tag: 'Infer', error })
  const engine = compile(network.right)
  if (E.isLeft(engine)) return E.left(toLearn(engine.left))
  const states = hiddenStateNames(model.hiddenCards[v]!)
  const n = model.observedNames.length
  const H = model.hiddenNames.length
  const out: Float64Array[] = []
  for (const state of states) {
    const posterior = marginals(engine.right, { evidence: { [hidden]: state } })
    if (E.isLeft(posterior)) return E.left(toLearn(posterior.left))
    const mean = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const p = posterior.right.probabilities[H + i]!
      let m = 0
      for (let s = 1; s < p.length; s++) m += s * p[s]!
      mean[i] = m
    }
    out.push(mean)
  }
  return E.right(out)
}
