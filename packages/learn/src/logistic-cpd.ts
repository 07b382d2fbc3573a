/**
 * Logistic CPDs for a binary variable with many binary parents:
 *
 *   p(x = 1 | parents) = sigmoid(bias + sum_j w_j x_{parent_j} + sum_g T_g[context_g])
 *
 * stored compactly: the linear parents as an `Int32Array` of variable ids with
 * their weights in a `Float64Array`, and optional context tables (log-odds
 * offsets indexed by the states of a few parents, in CPT row order) for
 * models that mix tables and logistic terms. Memory is linear in the number of
 * parents, where a table would need 2^parents rows; `logisticToTable` expands
 * one when the parents are few enough (so that compiled exact inference works).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Factor, VarId } from '@chainrule/factor'
import { tableOf } from '@chainrule/factor'
import type { LearnError } from './errors.js'
import { sigmoid, softplus } from './image-chain.js'

/**
 * A table of log-odds offsets over a few parents, rows in the CPT order of
 * `@chainrule/factor` (first parent most significant, last parent fastest).
 */
export interface LogisticContext {
  readonly parents: Int32Array
  readonly logits: Float64Array
}

/** A logistic CPD of binary `variable` (see the module comment). */
export interface LogisticCpd {
  readonly kind: 'logistic'
  readonly variable: number
  readonly bias: number
  readonly parents: Int32Array
  readonly weights: Float64Array
  readonly contexts: readonly LogisticContext[]
}

/** What {@link logisticCpd} takes: plain arrays are fine. */
export interface LogisticCpdInput {
  readonly variable: number
  readonly bias: number
  readonly parents: ArrayLike<number>
  readonly weights: ArrayLike<number>
  readonly contexts?: readonly { readonly parents: ArrayLike<number>; readonly logits: ArrayLike<number> }[]
}

/** Most parents {@link logisticToTable} expands by default (2^16 rows). */
export const DEFAULT_TABLE_PARENTS = 16

/**
 * Check and store a logistic CPD. Errors: weights and parents of different
 * lengths, a context table whose length is not 2^(its parents), a non-finite
 * number, a variable among its own parents, a parent listed twice.
 *
 * @example
 * ```ts
 * import { logisticCpd } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * E.isRight(cpd) && cpd.right.bias // => -1
 * E.isLeft(logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2] })) // => true
 * ```
 */
export const logisticCpd = (input: LogisticCpdInput): E.Either<LearnError, LogisticCpd> => {
  const name = String(input.variable)
  if (!Number.isSafeInteger(input.variable) || input.variable < 0)
    return E.left({ _tag: 'InvalidOption', option: 'variable', value: name, reason: 'expected a variable id' })
  if (input.parents.length !== input.weights.length)
    return E.left({ _tag: 'ShapeMismatch', what: `weights of ${name}`, expected: input.parents.length, got: input.weights.length })
  if (!Number.isFinite(input.bias)) return E.left({ _tag: 'InvalidWeight', variable: name, index: -1, value: input.bias })
  for (let j = 0; j < input.weights.length; j++)
    if (!Number.isFinite(input.weights[j]!)) return E.left({ _tag: 'InvalidWeight', variable: name, index: j, value: input.weights[j]! })
  const contexts = (input.contexts ?? []).map((c) => ({ parents: Int32Array.from(c.parents), logits: Float64Array.from(c.logits) }))
  for (const c of contexts) {
    if (c.parents.length > 30) return E.left({ _tag: 'TooManyParents', variable: name, parents: c.parents.length, limit: 30 })
    if (c.logits.length !== 2 ** c.parents.length)
      return E.left({ _tag: 'ShapeMismatch', what: `context table of ${name}`, expected: 2 ** c.parents.length, got: c.logits.length })
    for (let i = 0; i < c.logits.length; i++)
      if (!Number.isFinite(c.logits[i]!)) return E.left({ _tag: 'InvalidWeight', variable: name, index: i, value: c.logits[i]! })
  }
  for (const ps of [Array.from(input.parents), ...contexts.map((c) => Array.from(c.parents))]) {
    const seen = new Set<number>()
    for (const p of ps) {
      if (!Number.isSafeInteger(p) || p < 0 || p === input.variable) return E.left({ _tag: 'ParentOutOfRange', variable: name, parent: p })
      if (seen.has(p)) return E.left({ _tag: 'CpdMismatch', variable: name, reason: `parent ${p} listed twice in one term` })
      seen.add(p)
    }
  }
  return E.right({
    kind: 'logistic',
    variable: input.variable,
    bias: input.bias,
    parents: Int32Array.from(input.parents),
    weights: Float64Array.from(input.weights),
    contexts,
  })
}

/**
 * The log-odds of x = 1 given a full assignment (`row[v]` = state of variable v, 0 or 1).
 *
 * @example
 * ```ts
 * import { logisticCpd, logisticLogit } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * if (E.isRight(cpd)) {
 *   logisticLogit(cpd.right, [1, 1, 0]) // => -1 + 2 + 0.5
 * }
 * ```
 */
export const logisticLogit = (cpd: LogisticCpd, row: ArrayLike<number>, offset = 0): number => {
  let l = cpd.bias
  for (let j = 0; j < cpd.parents.length; j++) if (row[offset + cpd.parents[j]!] === 1) l += cpd.weights[j]!
  for (const c of cpd.contexts) {
    let index = 0
    for (let j = 0; j < c.parents.length; j++) index = (index << 1) | (row[offset + c.parents[j]!] === 1 ? 1 : 0)
    l += c.logits[index]!
  }
  return l
}

/**
 * p(x = 1 | parents) from a full assignment.
 *
 * @example
 * ```ts
 * import { logisticCpd, logisticProbability } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * if (E.isRight(cpd)) {
 *   // x0 = 1, x1 = 0: sigmoid(1)
 *   logisticProbability(cpd.right, [1, 0, 0]) // ~> 0.7310585786300049
 * }
 * ```
 */
export const logisticProbability = (cpd: LogisticCpd, row: ArrayLike<number>, offset = 0): number =>
  sigmoid(logisticLogit(cpd, row, offset))

/**
 * log p(x = row[variable] | parents) in nats.
 *
 * @example
 * ```ts
 * import { logisticCpd, logisticLogProb } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * if (E.isRight(cpd)) {
 *   logisticLogProb(cpd.right, [1, 0, 1]) // ~> -Math.log1p(Math.exp(-1))
 * }
 * ```
 */
export const logisticLogProb = (cpd: LogisticCpd, row: ArrayLike<number>, offset = 0): number => {
  const l = logisticLogit(cpd, row, offset)
  return -softplus(row[offset + cpd.variable] === 1 ? -l : l)
}

/**
 * Every parent of a CPD once: linear parents first, then context parents not already listed.
 *
 * @example
 * ```ts
 * import { logisticCpd, logisticParents } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * if (E.isRight(cpd)) {
 *   logisticParents(cpd.right) // => [0, 1]
 * }
 * ```
 */
export const logisticParents = (cpd: LogisticCpd): number[] => {
  const all = Array.from(cpd.parents)
  const seen = new Set(all)
  for (const c of cpd.contexts) for (const p of c.parents) if (!seen.has(p)) (seen.add(p), all.push(p))
  return all
}

/**
 * Expand a logistic CPD into a conditional table (scope `[...parents, variable]`,
 * last parent fastest, as in `@chainrule/factor`), with the parents in the
 * given order (default {@link logisticParents}). Error `TooManyParents` past
 * `maxParents` (default 16), `CpdMismatch` when `order` is not a permutation of its parents.
 *
 * @example
 * ```ts
 * import { logisticCpd, logisticToTable } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // p(x2 = 1 | x0, x1) = sigmoid(-1 + 2 x0 + 0.5 x1)
 * const cpd = logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] })
 * if (E.isRight(cpd)) {
 *   const table = logisticToTable(cpd.right)
 *   // rows by (x0, x1), x2 last: P(x2 = 1) = sigmoid(-1), sigmoid(-0.5), sigmoid(1), sigmoid(1.5)
 *   const s = (x: number) => 1 / (1 + Math.exp(-x))
 *   E.isRight(table) && Array.from(table.right.values) // ~> [1 - s(-1), s(-1), 1 - s(-0.5), s(-0.5), 1 - s(1), s(1), 1 - s(1.5), s(1.5)]
 * }
 * ```
 */
export const logisticToTable = (
  cpd: LogisticCpd,
  options: { readonly order?: readonly number[]; readonly maxParents?: number } = {},
): E.Either<LearnError, Factor> => {
  const parents = logisticParents(cpd)
  const order = options.order ?? parents
  const limit = options.maxParents ?? DEFAULT_TABLE_PARENTS
  const name = String(cpd.variable)
  if (order.length !== parents.length || !parents.every((p) => order.includes(p)))
    return E.left({ _tag: 'CpdMismatch', variable: name, reason: `parent order [${order.join(', ')}] is not a permutation of [${parents.join(', ')}]` })
  if (order.length > limit) return E.left({ _tag: 'TooManyParents', variable: name, parents: order.length, limit })
  const k = order.length
  const size = 2 ** k
  const values = new Float64Array(2 * size)
  const row = new Uint8Array(Math.max(cpd.variable, ...order, 0) + 1)
  for (let r = 0; r < size; r++) {
    // Row r: parent j has state bit (k - 1 - j) of r (the last parent varies fastest).
    for (let j = 0; j < k; j++) row[order[j]!] = (r >> (k - 1 - j)) & 1
    const p1 = logisticProbability(cpd, row)
    values[2 * r] = 1 - p1
    values[2 * r + 1] = p1
  }
  const scope = [...order, cpd.variable] as VarId[]
  return E.right(tableOf(scope, scope.map(() => 2), values))
}
