/**
 * How many numbers a modelling assumption costs, exactly, as `bigint`.
 *
 * A variable with `c` states and parents with cardinalities `p_1..p_m` needs a
 * conditional table of `c * prod(p_j)` entries, of which `(c - 1) * prod(p_j)`
 * are free (each row sums to 1). A network costs the sum over its variables.
 * The seed's closed forms follow: the full joint over cards `c_i` costs
 * `prod(c_i) - 1`, full independence `sum(c_i - 1)`, the chain rule over any
 * ordering telescopes to the full joint, and a k-th order Markov chain costs
 * `sum_i (c_i - 1) * prod_{j = i-k}^{i-1} c_j`.
 *
 * No floating point is used anywhere: `2^784 - 1` is printed to the last digit.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'

/** The structural part of a DAG these counts read (a `@chainrule/graph` `Dag` fits). */
export interface ParentStructure {
  readonly nodes: readonly string[]
  readonly parentIds: readonly (readonly number[])[]
}

/** Check that every cardinality is a positive safe integer. */
export const validateCards = (cards: readonly number[]): E.Either<NetworkError, readonly number[]> => {
  for (let i = 0; i < cards.length; i++) {
    const card = cards[i]!
    if (!Number.isSafeInteger(card) || card < 1) return E.left({ _tag: 'InvalidCardinality', index: i, card })
  }
  return E.right(cards)
}

/**
 * Free parameters of one conditional table: `(card - 1) * prod(parentCards)`.
 *
 * @example
 * ```ts
 * import { familyParameterCount } from '@chainrule/models'
 * familyParameterCount(2, [2, 2]) // => 4n
 * ```
 */
export const familyParameterCount = (card: number, parentCards: readonly number[]): bigint => {
  let rows = 1n
  for (const p of parentCards) rows *= BigInt(p)
  return BigInt(card - 1) * rows
}

/**
 * Entries of one conditional table (storage): `card * prod(parentCards)`.
 *
 * @example
 * ```ts
 * import { familyTableEntries } from '@chainrule/models'
 * familyTableEntries(2, [2, 2]) // => 8n
 * ```
 */
export const familyTableEntries = (card: number, parentCards: readonly number[]): bigint => {
  let rows = 1n
  for (const p of parentCards) rows *= BigInt(p)
  return BigInt(card) * rows
}

const sumFamilies = (
  parentIds: readonly (readonly number[])[],
  cards: readonly number[],
  family: (card: number, parentCards: readonly number[]) => bigint,
): bigint => {
  let total = 0n
  for (let v = 0; v < parentIds.length; v++) total += family(cards[v]!, parentIds[v]!.map((p) => cards[p]!))
  return total
}

/**
 * Free parameters of a structure given as parent-id lists and cardinalities by id.
 * The inputs are trusted (ids in range, positive integer cards).
 *
 * @example
 * ```ts
 * import { parameterCountOf } from '@chainrule/models'
 * // a -> b, both binary: 1 + 2
 * parameterCountOf([[], [0]], [2, 2]) // => 3n
 * ```
 */
export const parameterCountOf = (parentIds: readonly (readonly number[])[], cards: readonly number[]): bigint =>
  sumFamilies(parentIds, cards, familyParameterCount)

/**
 * Table entries (storage, no minus one) of a structure given as parent-id lists.
 *
 * @example
 * ```ts
 * import { tableEntryCountOf } from '@chainrule/models'
 * tableEntryCountOf([[], [0]], [2, 2]) // => 6n
 * ```
 */
export const tableEntryCountOf = (parentIds: readonly (readonly number[])[], cards: readonly number[]): bigint =>
  sumFamilies(parentIds, cards, familyTableEntries)

const cardsByName = (
  dag: ParentStructure,
  cards: readonly number[] | Readonly<Record<string, number>>,
): E.Either<NetworkError, readonly number[]> => {
  if (Array.isArray(cards)) {
    const list = cards as readonly number[]
    if (list.length !== dag.nodes.length)
      return E.left({
        _tag: 'InvalidOption',
        option: 'cards',
        value: `${list.length} cardinalities`,
        reason: `the DAG has ${dag.nodes.length} nodes`,
      })
    return validateCards(list)
  }
  const record = cards as Readonly<Record<string, number>>
  const list: number[] = []
  for (const name of dag.nodes) {
    const card = record[name]
    if (card === undefined) return E.left({ _tag: 'MissingValue', variable: name })
    list.push(card)
  }
  for (const name of Object.keys(record)) if (!dag.nodes.includes(name)) return E.left({ _tag: 'UnknownVariable', variable: name })
  return validateCards(list)
}

/**
 * Free parameters of a DAG whose variables have the given cardinalities
 * (an array by node id, or a record by name).
 *
 * @example
 * ```ts
 * import { fromParents } from '@chainrule/graph'
 * import { dagParameterCount } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const dag = fromParents({ a: [], b: ['a'] })
 * E.isRight(dag) && dagParameterCount(dag.right, { a: 3, b: 2 }) // => E.right(2n + 3n)
 * ```
 */
export const dagParameterCount = (
  dag: ParentStructure,
  cards: readonly number[] | Readonly<Record<string, number>>,
): E.Either<NetworkError, bigint> => E.map((cs: readonly number[]) => parameterCountOf(dag.parentIds, cs))(cardsByName(dag, cards))

/**
 * Table entries of a DAG whose variables have the given cardinalities.
 *
 * @example
 * ```ts
 * import { fromParents } from '@chainrule/graph'
 * import { dagTableEntryCount } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const dag = fromParents({ a: [], b: ['a'] })
 * E.isRight(dag) && dagTableEntryCount(dag.right, { a: 3, b: 2 }) // => E.right(3n + 6n)
 * ```
 */
export const dagTableEntryCount = (
  dag: ParentStructure,
  cards: readonly number[] | Readonly<Record<string, number>>,
): E.Either<NetworkError, bigint> => E.map((cs: readonly number[]) => tableEntryCountOf(dag.parentIds, cs))(cardsByName(dag, cards))

/**
 * The full joint over variables with these cardinalities: `prod(cards) - 1`.
 *
 * @example
 * ```ts
 * import { fullJointParameters } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * fullJointParameters([256, 256, 256]) // => E.right(16777215n)
 * fullJointParameters(Array(784).fill(2)) // => E.right(2n ** 784n - 1n)
 * ```
 */
export const fullJointParameters = (cards: readonly number[]): E.Either<NetworkError, bigint> =>
  E.map((cs: readonly number[]) => cs.reduce((acc, c) => acc * BigInt(c), 1n) - 1n)(validateCards(cards))

/**
 * Full independence: `sum(card - 1)` (n for n binary variables).
 *
 * @example
 * ```ts
 * import { independentParameters } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * independentParameters([2, 2, 2]) // => E.right(3n)
 * ```
 */
export const independentParameters = (cards: readonly number[]): E.Either<NetworkError, bigint> =>
  E.map((cs: readonly number[]) => cs.reduce((acc, c) => acc + BigInt(c - 1), 0n))(validateCards(cards))

/** Check that `order` is a permutation of 0..n-1. */
export const validatePermutation = (order: readonly number[], n: number): E.Either<NetworkError, readonly number[]> => {
  if (order.length !== n)
    return E.left({ _tag: 'InvalidOrdering', reason: `has ${order.length} entries for ${n} variables` })
  const seen = new Uint8Array(n)
  for (const v of order) {
    if (!Number.isInteger(v) || v < 0 || v >= n) return E.left({ _tag: 'InvalidOrdering', reason: `${v} is not a variable index in 0..${n - 1}` })
    if (seen[v] === 1) return E.left({ _tag: 'InvalidOrdering', reason: `${v} appears twice` })
    seen[v] = 1
  }
  return E.right(order)
}

/**
 * The chain rule p(x) = prod_i p(x_{o_i} | x_{o_1}, ..., x_{o_{i-1}}) over the
 * ordering `order` (indices into `cards`): `sum_i (c_{o_i} - 1) * prod_{j<i} c_{o_j}`,
 * summed term by term. It telescopes to {@link fullJointParameters} for every ordering.
 *
 * @example
 * ```ts
 * import { chainRuleParameters } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 * 3 * 4 - 1 in any ordering: the chain rule loses nothing
 * chainRuleParameters([2, 0, 1], [2, 3, 4]) // => E.right(23n)
 * ```
 */
export const chainRuleParameters = (order: readonly number[], cards: readonly number[]): E.Either<NetworkError, bigint> => {
  const checked = validateCards(cards)
  if (E.isLeft(checked)) return checked
  const perm = validatePermutation(order, cards.length)
  if (E.isLeft(perm)) return perm
  let total = 0n
  let history = 1n
  for (const v of order) {
    const c = BigInt(cards[v]!)
    total += (c - 1n) * history
    history *= c
  }
  return E.right(total)
}

/**
 * k-th order Markov chain in the order of `cards`: each variable conditioned on
 * the k before it. `sum_i (c_i - 1) * prod_{j=max(0,i-k)}^{i-1} c_j`; for n binary
 * variables and k = 1 this is 2n - 1.
 *
 * @example
 * ```ts
 * import { markovParameters } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * markovParameters([2, 2, 2, 2], 1) // => E.right(7n)
 * ```
 */
export const markovParameters = (cards: readonly number[], k: number): E.Either<NetworkError, bigint> => {
  if (!Number.isSafeInteger(k) || k < 0)
    return E.left({ _tag: 'InvalidOption', option: 'k', value: String(k), reason: 'expected a non-negative integer' })
  const checked = validateCards(cards)
  if (E.isLeft(checked)) return checked
  let total = 0n
  for (let i = 0; i < cards.length; i++) {
    let rows = 1n
    for (let j = Math.max(0, i - k); j < i; j++) rows *= BigInt(cards[j]!)
    total += BigInt(cards[i]! - 1) * rows
  }
  return E.right(total)
}
