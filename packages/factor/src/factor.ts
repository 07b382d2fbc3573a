/**
 * The `Factor` value and its constructors.
 *
 * Memory layout (the one convention every kernel in this package follows): a factor over the ordered
 * scope (X_0, ..., X_{k-1}) with cardinalities (c_0, ..., c_{k-1}) stores its entries row-major in one
 * `Float64Array`, the LAST scope variable varying fastest. The strides are
 * `strides[k-1] = 1, strides[i] = strides[i+1] * c_{i+1}`, and the entry of assignment (a_0, ..., a_{k-1})
 * is `values[a_0 * strides[0] + ... + a_{k-1} * strides[k-1]]`. Scopes are kept in the order the caller
 * gave (they are NOT sorted by id): a conditional table keeps `[...parents, child]` so that each
 * conditional distribution is one contiguous row, and every binary kernel aligns two scopes by strides.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { FactorError } from './errors.js'

/** A variable identifier: a dense non-negative integer, branded so it is not mixed up with states or sizes. */
export type VarId = number & { readonly VarId: unique symbol }

/**
 * A state's position among its variable's states (0-based), as a name resolves to it once
 * (`stateOf`); a plain number is easy to mix up with a `VarId` or an entry index.
 */
export type StateIndex = number & { readonly StateIndex: unique symbol }

/** A discrete factor: ordered scope, cardinalities, row-major strides (last variable fastest) and values. */
export interface Factor {
  readonly scope: readonly VarId[]
  readonly cards: readonly number[]
  readonly strides: readonly number[]
  readonly values: Float64Array
}

/**
 * Validate a number as a {@link VarId} (a non-negative safe integer).
 *
 * @example
 * ```ts
 * import { varId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * varId(3) // => E.right(3)
 * varId(-1) // => E.left({ _tag: 'InvalidVarId', value: -1 })
 * ```
 */
export const varId = (value: number): E.Either<FactorError, VarId> =>
  Number.isSafeInteger(value) && value >= 0 ? E.right(value as VarId) : E.left({ _tag: 'InvalidVarId', value })

/**
 * Validate several numbers as {@link VarId}s, failing on the first bad one.
 *
 * @example
 * ```ts
 * import { varIds } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * varIds([0, 1, 2]) // => E.right([0, 1, 2])
 * ```
 */
export const varIds = (values: readonly number[]): E.Either<FactorError, VarId[]> => {
  const out: VarId[] = []
  for (const v of values) {
    const id = varId(v)
    if (E.isLeft(id)) return id
    out.push(id.right)
  }
  return E.right(out)
}

/**
 * Number of entries of a table with these cardinalities (1 for the empty scope).
 *
 * @example
 * ```ts
 * import { sizeOf } from '@chainrule/factor'
 * sizeOf([2, 3, 4]) // => 24
 * ```
 */
export const sizeOf = (cards: readonly number[]): number => {
  let n = 1
  for (const c of cards) n *= c
  return n
}

/**
 * Row-major strides for these cardinalities: the last variable has stride 1.
 *
 * @example
 * ```ts
 * import { stridesOf } from '@chainrule/factor'
 * stridesOf([2, 3, 4]) // => [12, 4, 1]
 * ```
 */
export const stridesOf = (cards: readonly number[]): number[] => {
  const strides = new Array<number>(cards.length)
  let s = 1
  for (let i = cards.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= cards[i]!
  }
  return strides
}

/**
 * Build a factor without validation. Kernels use it for their fresh outputs; callers must guarantee
 * distinct scope variables, positive integer cardinalities and `values.length === sizeOf(cards)`.
 *
 * @example
 * ```ts
 * import { tableOf, type VarId } from '@chainrule/factor'
 * const f = tableOf([0 as VarId], [2], new Float64Array([0.3, 0.7]))
 * f.strides // => [1]
 * ```
 */
export const tableOf = (scope: readonly VarId[], cards: readonly number[], values: Float64Array): Factor => ({
  scope: [...scope],
  cards: [...cards],
  strides: stridesOf(cards),
  values,
})

/**
 * The factor over no variables holding one number (the multiplicative identity for `value = 1`).
 *
 * @example
 * ```ts
 * import { scalarFactor } from '@chainrule/factor'
 * scalarFactor(1).values // => Float64Array.of(1)
 * ```
 */
export const scalarFactor = (value: number): Factor => tableOf([], [], new Float64Array([value]))

/** Check scope and cardinalities; shared by the constructors. */
export const checkScope = (
  scope: readonly VarId[],
  cards: readonly number[],
  where: string,
): E.Either<FactorError, void> => {
  if (scope.length !== cards.length)
    return E.left({ _tag: 'ShapeMismatch', expected: scope.length, got: cards.length, where: `${where} cards` })
  const seen = new Set<number>()
  for (let i = 0; i < scope.length; i++) {
    const v = scope[i]!
    if (!Number.isSafeInteger(v) || v < 0) return E.left({ _tag: 'InvalidVarId', value: v })
    if (seen.has(v)) return E.left({ _tag: 'DuplicateVariable', variable: `#${v}`, where: `${where} scope` })
    seen.add(v)
    const c = cards[i]!
    if (!Number.isSafeInteger(c) || c < 1) return E.left({ _tag: 'InvalidCardinality', variable: `#${v}`, card: c })
  }
  return E.right(undefined)
}

/** Check that every entry is finite and non-negative. */
export const checkEntries = (values: ArrayLike<number>, where: string): E.Either<FactorError, void> => {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!
    if (!(x >= 0 && x < Infinity)) return E.left({ _tag: 'InvalidEntry', index: i, value: x, where })
  }
  return E.right(undefined)
}

/**
 * A validated factor from a flat row-major array (last scope variable fastest).
 * Entries must be finite and non-negative.
 *
 * @example
 * ```ts
 * import { fromFlat, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b] = [0 as VarId, 1 as VarId]
 * // f(a, b): rows are a, columns are b
 * const f = fromFlat([a, b], [2, 2], [0.1, 0.2, 0.3, 0.4])
 * E.map((x: { strides: readonly number[] }) => x.strides)(f) // => E.right([2, 1])
 * ```
 */
export const fromFlat = (
  scope: readonly VarId[],
  cards: readonly number[],
  values: ArrayLike<number>,
): E.Either<FactorError, Factor> => {
  const shape = checkScope(scope, cards, 'fromFlat')
  if (E.isLeft(shape)) return shape
  const size = sizeOf(cards)
  if (values.length !== size) return E.left({ _tag: 'ShapeMismatch', expected: size, got: values.length, where: 'fromFlat' })
  const entries = checkEntries(values, 'fromFlat')
  if (E.isLeft(entries)) return entries
  return E.right(tableOf(scope, cards, Float64Array.from(values)))
}

/** Nested arrays: one level of nesting per scope variable, innermost = last variable. */
export type Nested = number | readonly Nested[]

/**
 * A validated factor from nested arrays, outermost level = first scope variable; cardinalities are
 * read from the nesting. Ragged arrays are a `ShapeMismatch`.
 *
 * @example
 * ```ts
 * import { fromNested, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const f = fromNested([0 as VarId, 1 as VarId], [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
 * E.map((x: { cards: readonly number[] }) => x.cards)(f) // => E.right([2, 3])
 * ```
 */
export const fromNested = (scope: readonly VarId[], nested: Nested): E.Either<FactorError, Factor> => {
  const cards: number[] = []
  let level: Nested = nested
  for (let d = 0; d < scope.length; d++) {
    if (typeof level === 'number')
      return E.left({ _tag: 'ShapeMismatch', expected: scope.length, got: d, where: 'fromNested depth' })
    cards.push(level.length)
    level = level[0] ?? 0
  }
  const shape = checkScope(scope, cards, 'fromNested')
  if (E.isLeft(shape)) return shape
  const flat: number[] = []
  const walk = (node: Nested, depth: number): FactorError | undefined => {
    if (depth === scope.length) {
      if (typeof node !== 'number')
        return { _tag: 'ShapeMismatch', expected: scope.length, got: depth + 1, where: 'fromNested depth' }
      flat.push(node)
      return undefined
    }
    if (typeof node === 'number' || node.length !== cards[depth])
      return {
        _tag: 'ShapeMismatch',
        expected: cards[depth]!,
        got: typeof node === 'number' ? 0 : node.length,
        where: `fromNested level ${depth}`,
      }
    for (const child of node) {
      const err = walk(child, depth + 1)
      if (err !== undefined) return err
    }
    return undefined
  }
  const err = walk(nested, 0)
  if (err !== undefined) return E.left(err)
  return fromFlat(scope, cards, flat)
}

/**
 * A validated factor whose entry at each assignment is `fn(assignment)`; the assignment array lists
 * one state index per scope variable and is reused between calls (copy it to keep it).
 *
 * @example
 * ```ts
 * import { fromFunction, type VarId } from '@chainrule/factor'
 * // f(a, b) = 1 when a === b (an equality constraint)
 * const f = fromFunction([0 as VarId, 1 as VarId], [3, 3], ([a, b]) => (a === b ? 1 : 0))
 * ```
 */
export const fromFunction = (
  scope: readonly VarId[],
  cards: readonly number[],
  fn: (assignment: readonly number[]) => number,
): E.Either<FactorError, Factor> => {
  const shape = checkScope(scope, cards, 'fromFunction')
  if (E.isLeft(shape)) return shape
  const size = sizeOf(cards)
  const values = new Float64Array(size)
  const assignment = new Array<number>(cards.length).fill(0)
  for (let i = 0; i < size; i++) {
    values[i] = fn(assignment)
    for (let d = cards.length - 1; d >= 0; d--) {
      if (++assignment[d]! < cards[d]!) break
      assignment[d] = 0
    }
  }
  const entries = checkEntries(values, 'fromFunction')
  if (E.isLeft(entries)) return entries
  return E.right(tableOf(scope, cards, values))
}

/**
 * Flat index of an assignment (one state per scope variable, in scope order).
 *
 * @example
 * ```ts
 * import { fromFlat, indexOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const f = fromFlat([0 as VarId, 1 as VarId], [2, 3], [0, 1, 2, 3, 4, 5])
 * if (E.isRight(f)) indexOf(f.right, [1, 2]) // => 5
 * ```
 */
export const indexOf = (f: Factor, assignment: ArrayLike<number>): number => {
  let index = 0
  for (let i = 0; i < f.strides.length; i++) index += assignment[i]! * f.strides[i]!
  return index
}

/**
 * The assignment (one state per scope variable) stored at a flat index.
 *
 * @example
 * ```ts
 * import { assignmentAt, scalarFactor } from '@chainrule/factor'
 * assignmentAt(scalarFactor(1), 0) // => []
 * ```
 */
export const assignmentAt = (f: Factor, index: number): number[] =>
  f.cards.map((c, i) => Math.floor(index / f.strides[i]!) % c)

/**
 * Position of a variable in a factor's scope, or -1.
 *
 * @example
 * ```ts
 * import { positionOf, scalarFactor, type VarId } from '@chainrule/factor'
 * positionOf(scalarFactor(1), 0 as VarId) // => -1
 * ```
 */
export const positionOf = (f: Factor, v: VarId): number => f.scope.indexOf(v)
