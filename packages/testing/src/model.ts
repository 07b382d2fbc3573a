/**
 * The plain data the oracle works on. A model is its variables' cardinalities
 * and a list of tables; its (unnormalised) weight at an assignment is the
 * product of its tables' entries there. A table's values are laid out
 * row-major over its scope, the last scope variable varying fastest: the
 * layout of chainrule's factors, conditional tables (scope `[...parents,
 * child]`) and Markov potentials. Nothing here imports a chainrule package;
 * a factor `{ scope, values, ... }` is a table as it is.
 */

/** A table over `scope` (variable ids), row-major with the last scope variable fastest. */
export interface Table {
  readonly scope: readonly number[]
  readonly values: ArrayLike<number>
}

/** Cardinalities and tables: the weight of an assignment is the product of the tables' entries. */
export interface Model {
  readonly cards: readonly number[]
  readonly tables: readonly Table[]
}

/** One parent of a noisy-MAX table (the shape of `@chainrule/models`' `NoisyParent`). */
export interface NoisyParentData {
  readonly distinguished: number
  readonly probabilities: ArrayLike<number>
}

/** A compact table as plain data (the shapes of `@chainrule/models`' `CompactTable`). */
export type CompactTableData =
  | { readonly kind: 'noisyMax'; readonly order?: readonly number[]; readonly parents: readonly NoisyParentData[]; readonly leak: ArrayLike<number> }
  | { readonly kind: 'deterministic'; readonly states: ArrayLike<number> }

/**
 * A random model from {@link arbitraryModel}. A Bayesian one has one table per
 * variable, `tables[v]` over `[...parents[v], v]` with rows summing to 1 (and
 * `compact[v]`, when present, the compact table `tables[v]` expands);
 * a Markov one has potentials over random scopes and `parents` empty.
 */
export interface RandomModel extends Model {
  readonly kind: 'bayesian' | 'markov'
  readonly parents: readonly (readonly number[])[]
  /** Variables in a topological order (Bayesian; any order for a Markov model). */
  readonly order: readonly number[]
  readonly compact?: readonly (CompactTableData | undefined)[]
}

/** The size of a table over variables of these cardinalities. */
export const sizeOf = (cards: readonly number[]): number => cards.reduce((n, c) => n * c, 1)

/** The row-major index of `table`'s entry at a full assignment (state per variable id). */
export const indexIn = (table: Table, cards: readonly number[], assignment: ArrayLike<number>): number => {
  let index = 0
  for (const v of table.scope) index = index * cards[v]! + assignment[v]!
  return index
}

/** `table`'s entry at a full assignment (state per variable id), read from the layout's definition. */
export const entryAt = (table: Table, cards: readonly number[], assignment: ArrayLike<number>): number =>
  table.values[indexIn(table, cards, assignment)]!

/**
 * A table's values laid out over `order` (a permutation of its scope), by
 * direct lookup: what a permutation of the table must give.
 */
export const valuesOver = (table: Table, order: readonly number[], cards: readonly number[]): number[] => {
  const out: number[] = []
  const assignment = new Array<number>(cards.length).fill(0)
  const size = sizeOf(order.map((v) => cards[v]!))
  for (let k = 0; k < size; k++) {
    let rest = k
    for (let i = order.length - 1; i >= 0; i--) {
      const c = cards[order[i]!]!
      assignment[order[i]!] = rest % c
      rest = Math.floor(rest / c)
    }
    out.push(entryAt(table, cards, assignment))
  }
  return out
}
