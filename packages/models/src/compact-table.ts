/**
 * Compact conditional tables: a variable's table given by a few parameters
 * instead of one row per parent assignment. They sit beside the full table in
 * the plain-data form: a `VariableSpec.table` is either flat rows (the full
 * table) or one of the tagged values below.
 *
 * Noisy-MAX (Díez 1993; Srinivas 1993; as GeNIe/SMILE define it). The child Y
 * has its states ranked by `order`, from the distinguished state (the lowest,
 * "absent") to the highest. Each parent X_j has a distinguished state d_j in
 * which it has no effect, and for every other state x a distribution
 * c_j(. | x) over Y's states: what X_j = x alone would produce. The leak
 * l(.) is what the causes not in the model produce. Then Y is the maximum, in
 * the ranking, of independent contributions Z_j ~ c_j(. | x_j) (Z_j = the lowest
 * state when x_j = d_j) and Z_L ~ l:
 *
 *     P(Y <= y | x) = L(y) * prod_j C_j(y | x_j),   C(y) = sum over y' <= y of c(y')
 *     P(Y = y | x)  = P(Y <= y | x) - P(Y <= y- | x)     (y- the state ranked just below y)
 *
 * These are Díez's parameters: c_j is the effect of X_j with the leak absent
 * (Henrion's parametrisation, P(Y | only X_j = x), folds the leak in).
 * Noisy-OR is the case of binary Y and parents. Noisy-MIN (noisy-AND when
 * binary) is its dual: the minimum in a ranking is the maximum in the reversed
 * ranking, so `noisyMin` and `noisyAnd` build a noisy-MAX table whose `order`
 * is reversed; one kind covers all four.
 *
 * Deterministic (functional): `states[r]` is the state the child takes for
 * parent assignment r (rows as in a full table: the last parent fastest).
 *
 * Parameters are stored by state index throughout (the child's states in
 * `leak` and in each row, parent states by index), like a full table.
 */

/** One parent of a noisy-MAX table. */
export interface NoisyParent {
  /** The parent state (index) in which this parent has no effect. */
  readonly distinguished: number
  /**
   * One distribution over the child's states for every parent state except
   * the distinguished one, in parent-state order: length (parent states - 1)
   * x child states.
   */
  readonly probabilities: ArrayLike<number>
}

/** Noisy-MAX (and, by its `order`, noisy-OR, noisy-MIN, noisy-AND) with leak. */
export interface NoisyMaxTable {
  readonly kind: 'noisyMax'
  /**
   * The child's states (indices) from the distinguished, lowest one to the
   * highest. Default: the declared order (state 0 is the distinguished one).
   */
  readonly order?: readonly number[]
  /** One entry per parent, in the variable's parent order. */
  readonly parents: readonly NoisyParent[]
  /** Distribution over the child's states produced by causes outside the model. */
  readonly leak: ArrayLike<number>
}

/** A functional table: the child's state (index) for every parent assignment, last parent fastest. */
export interface DeterministicTable {
  readonly kind: 'deterministic'
  readonly states: ArrayLike<number>
}

/** Every compact table kind. */
export type CompactTable = NoisyMaxTable | DeterministicTable

/** What a variable's table may be in plain data: flat rows (the full table) or a compact table. */
export type TableSpec = ArrayLike<number> | CompactTable

/**
 * True when a table is compact (a tagged value) rather than flat rows.
 *
 * @example
 * ```ts
 * import { isCompact, noisyOr } from '@chainrule/models'
 * isCompact([0.5, 0.5])                           // => false
 * isCompact(noisyOr({ leak: 0.01, causes: [0.9] })) // => true
 * ```
 */
export const isCompact = (table: unknown): table is CompactTable =>
  typeof table === 'object' &&
  table !== null &&
  !ArrayBuffer.isView(table) &&
  !Array.isArray(table) &&
  typeof (table as { kind?: unknown }).kind === 'string'


/** A distribution over two states as [P(state 0), P(state 1)]. */
const binary = (on: number, p: number): readonly number[] => (on === 1 ? [1 - p, p] : [p, 1 - p])

/** Options of {@link noisyOr} and {@link noisyAnd}. */
export interface BinaryGateOptions {
  /**
   * noisyOr: P(child on | every cause absent). noisyAnd: P(child off | every
   * cause present). Default 0 (no leak).
   */
  readonly leak?: number
  /**
   * One number per parent, in the variable's parent order. noisyOr: the
   * probability that this cause, present alone, turns the child on. noisyAnd:
   * the probability that this cause, absent alone, turns the child off.
   */
  readonly causes: readonly number[]
  /** The child's and the parents' "on" (true, present) state: 1 (default, as in ['no', 'yes']) or 0. */
  readonly on?: 0 | 1
}

/**
 * A binary noisy-OR table with leak: P(child off | x) = (1 - leak) * prod over
 * present causes j of (1 - causes[j]).
 *
 * @example
 * ```ts
 * import { defineNetwork, noisyOr } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 *
 * const fever = defineNetwork({
 *   states: { flu: ['no', 'yes'], cold: ['no', 'yes'], fever: ['no', 'yes'] },
 *   parents: { fever: ['flu', 'cold'] },
 *   tables: { flu: [0.9, 0.1], cold: [0.8, 0.2], fever: noisyOr({ leak: 0.01, causes: [0.8, 0.3] }) },
 * })
 * // P(fever = yes | flu = yes, cold = yes) = 1 - 0.99 * 0.2 * 0.7, the last entry of fever's full table:
 * E.map((bn: { cpts: readonly { values: Float64Array }[] }) => bn.cpts[2]!.values[7])(fever) // ~> E.right(0.8614)
 * ```
 */
export const noisyOr = ({ leak = 0, causes, on = 1 }: BinaryGateOptions): NoisyMaxTable => ({
  kind: 'noisyMax',
  order: on === 1 ? [0, 1] : [1, 0],
  parents: causes.map((p) => ({ distinguished: 1 - on, probabilities: binary(on, p) })),
  leak: binary(on, leak),
})

/**
 * A binary noisy-AND table with leak (the dual of noisy-OR): P(child on | x) =
 * (1 - leak) * prod over absent causes j of (1 - causes[j]). It is a
 * noisy-MAX table over the reversed order (off above on).
 *
 * @example
 * ```ts
 * import { noisyAnd } from '@chainrule/models'
 * noisyAnd({ leak: 0.05, causes: [0.9, 0.7] })
 * // ~> { kind: 'noisyMax', order: [1, 0], parents: [{ distinguished: 1, probabilities: [0.9, 0.1] }, { distinguished: 1, probabilities: [0.7, 0.3] }], leak: [0.05, 0.95] }
 * ```
 */
export const noisyAnd = ({ leak = 0, causes, on = 1 }: BinaryGateOptions): NoisyMaxTable => ({
  kind: 'noisyMax',
  order: on === 1 ? [1, 0] : [0, 1],
  parents: causes.map((p) => ({ distinguished: on, probabilities: binary(1 - on, p) })),
  leak: binary(1 - on, leak),
})

/** Rows given flat or nested (one array per row). */
export type Rows = ArrayLike<number> | readonly (readonly number[])[]

const flat = (rows: Rows): ArrayLike<number> =>
  Array.isArray(rows) && rows.some((r) => Array.isArray(r)) ? (rows as readonly (readonly number[])[]).flat() : (rows as ArrayLike<number>)

/** Options of {@link noisyMax} and {@link noisyMin}. */
export interface NoisyOptions {
  /** The child's states ranked from the distinguished one up (default: declared order; reversed for noisyMin). */
  readonly order?: readonly number[]
  readonly leak: ArrayLike<number>
  readonly parents: readonly { readonly distinguished: number; readonly probabilities: Rows }[]
}

/**
 * A noisy-MAX table; rows may be given nested (one array per non-distinguished parent state).
 *
 * @example
 * ```ts
 * import { noisyMax } from '@chainrule/models'
 * // severity none < mild < severe; one three-state cause (distinguished 'absent' = 0)
 * noisyMax({ leak: [0.9, 0.08, 0.02], parents: [{ distinguished: 0, probabilities: [[0.3, 0.5, 0.2], [0.1, 0.3, 0.6]] }] })
 * // => { kind: 'noisyMax', order: [0, 1, 2], parents: [{ distinguished: 0, probabilities: [0.3, 0.5, 0.2, 0.1, 0.3, 0.6] }], leak: [0.9, 0.08, 0.02] }
 * ```
 */
export const noisyMax = ({ order, leak, parents }: NoisyOptions): NoisyMaxTable => ({
  kind: 'noisyMax',
  order: order ?? Array.from({ length: leak.length }, (_, s) => s),
  parents: parents.map((p) => ({ distinguished: p.distinguished, probabilities: flat(p.probabilities) })),
  leak,
})

/**
 * A noisy-MIN table: the child is the minimum of the contributions in
 * `order` (default: the declared order), i.e. a noisy-MAX over the reversed
 * order; a parent in its distinguished state contributes the highest state.
 *
 * @example
 * ```ts
 * import { noisyMin } from '@chainrule/models'
 * noisyMin({ leak: [0, 0, 1], parents: [{ distinguished: 2, probabilities: [[1, 0, 0], [0.2, 0.8, 0]] }] }).order
 * // => [2, 1, 0]
 * ```
 */
export const noisyMin = ({ order, leak, parents }: NoisyOptions): NoisyMaxTable =>
  noisyMax({ order: [...(order ?? Array.from({ length: leak.length }, (_, s) => s))].reverse(), leak, parents })

/**
 * A deterministic (functional) table from the child's state index per parent
 * assignment (last parent fastest). In a `defineNetwork` declaration,
 * `{ kind: 'deterministic', states: (parents) => stateName }` is also accepted.
 *
 * @example
 * ```ts
 * import { deterministic } from '@chainrule/models'
 * deterministic([0, 1, 1, 1]) // OR of two binary parents => { kind: 'deterministic', states: [0, 1, 1, 1] }
 * ```
 */
export const deterministic = (states: ArrayLike<number>): DeterministicTable => ({ kind: 'deterministic', states })
