/**
 * Distributions as factors: `bernoulli`, `categorical` and conditional tables P(child | parents)
 * (`conditional`, alias `cpt`). A conditional table has scope `[...parents, child]`: one contiguous
 * row of length card(child) per parent assignment, rows ordered with the LAST parent varying fastest.
 *
 * Validation: every entry finite and non-negative; every row sums to 1 within `ROW_TOLERANCE` (1e-9,
 * absolute, on the floating sum). Files that print rounded numbers (0.333, 0.333, 0.333) can opt in to
 * `renormalize: { tolerance }`, which rescales each row to sum to 1 if it was within `tolerance` of 1; a row
 * further off is still an error. Errors name the row by its parent states.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Domain, describeAssignment, labelOf } from './domain.js'
import type { FactorError } from './errors.js'
import { type Factor, type VarId, tableOf } from './factor.js'

/** Largest accepted |sum - 1| of a row of a conditional table (absolute). */
export const ROW_TOLERANCE = 1e-9

/** Options of `categorical` and `conditional`. */
export interface ConditionalOptions {
  /** Rescale rows to sum to exactly 1 when within `tolerance` of 1 (e.g. `{ tolerance: 0.01 }`); further off is still an error. */
  readonly renormalize?: { readonly tolerance: number }
}

/** One row keyed by the parents' state names (in parent order), for tables given out of order. */
export interface KeyedRow {
  readonly given: readonly string[]
  readonly probs: ArrayLike<number>
}

/**
 * The rows of a conditional table, in one of three forms: `flat`, one array (rows concatenated, last
 * parent fastest); `rows`, one array per row (same order); `keyed`, rows keyed by parent state names
 * (any order, each parent assignment exactly once).
 */
export type Rows =
  | { readonly kind: 'flat'; readonly values: ArrayLike<number> }
  | { readonly kind: 'rows'; readonly rows: readonly ArrayLike<number>[] }
  | { readonly kind: 'keyed'; readonly rows: readonly KeyedRow[] }

/** Check one row in place (and renormalise it if asked); `given` names it in errors. */
const checkRow = (
  row: Float64Array,
  child: string,
  states: (s: number) => string,
  given: () => string,
  options: ConditionalOptions,
): FactorError | undefined => {
  let sum = 0
  for (let s = 0; s < row.length; s++) {
    const x = row[s]!
    if (!(x >= 0 && x < Infinity)) return { _tag: 'InvalidRowEntry', child, given: given(), state: states(s), value: x }
    sum += x
  }
  const off = Math.abs(sum - 1)
  if (options.renormalize !== undefined && sum > 0 && off <= options.renormalize.tolerance) {
    for (let s = 0; s < row.length; s++) row[s] = row[s]! / sum
    return undefined
  }
  return off <= ROW_TOLERANCE ? undefined : { _tag: 'RowNotNormalized', child, given: given(), sum, tolerance: ROW_TOLERANCE }
}

/**
 * A Bernoulli distribution over a binary variable: P(v = 1) = p, P(v = 0) = 1 - p.
 * `p` outside [0, 1] (or NaN) is an `InvalidEntry`.
 *
 * @example
 * ```ts
 * import { bernoulli, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * E.map((f: { values: Float64Array }) => f.values)(bernoulli(0 as VarId, 0.25)) // => E.right(Float64Array.of(0.75, 0.25))
 * ```
 */
export const bernoulli = (v: VarId, p: number): E.Either<FactorError, Factor> => {
  if (!Number.isSafeInteger(v) || v < 0) return E.left({ _tag: 'InvalidVarId', value: v })
  if (!(p >= 0 && p <= 1)) return E.left({ _tag: 'InvalidEntry', index: 1, value: p, where: `bernoulli(#${v})` })
  return E.right(tableOf([v], [2], Float64Array.of(1 - p, p)))
}

/**
 * A categorical distribution P(v = i) = probs[i] (validated like one row of a conditional table).
 *
 * @example
 * ```ts
 * import { categorical, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * E.map((f: { cards: readonly number[] }) => f.cards)(categorical(0 as VarId, [0.2, 0.3, 0.5])) // => E.right([3])
 * // Rows printed rounded are rescaled on request:
 * E.map((f: { values: Float64Array }) => f.values)(categorical(0 as VarId, [0.333, 0.333, 0.333], { renormalize: { tolerance: 0.01 } })) // ~> E.right(Float64Array.of(1 / 3, 1 / 3, 1 / 3))
 * ```
 */
export const categorical = (
  v: VarId,
  probs: ArrayLike<number>,
  options: ConditionalOptions = {},
): E.Either<FactorError, Factor> => {
  if (!Number.isSafeInteger(v) || v < 0) return E.left({ _tag: 'InvalidVarId', value: v })
  if (probs.length === 0) return E.left({ _tag: 'InvalidCardinality', variable: `#${v}`, card: 0 })
  const row = Float64Array.from(probs)
  const err = checkRow(row, `#${v}`, String, () => '', options)
  return err === undefined ? E.right(tableOf([v], [row.length], row)) : E.left(err)
}

/**
 * A conditional table P(child | parents) over domain variables, scope `[...parents, child]`.
 * Rows come flat, one array per row, or keyed by parent state names (see {@link Rows}); all are
 * validated and errors name the row by its parent states (`Rain=yes, Sprinkler=no`).
 *
 * @example
 * ```ts
 * import { conditional, domain } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(
 *   domain([
 *     { name: 'Disease', states: ['absent', 'present'] },
 *     { name: 'Test', states: ['negative', 'positive'] },
 *   ]),
 *   E.chain((d) =>
 *     conditional(d, d.ids[1]!, [d.ids[0]!], {
 *       kind: 'keyed',
 *       rows: [
 *         { given: ['present'], probs: [0.05, 0.95] },
 *         { given: ['absent'], probs: [0.9, 0.1] },
 *       ],
 *     }),
 *   ),
 *   E.map((f) => [f.scope, f.values]),
 * ) // => E.right([[0, 1], Float64Array.of(0.9, 0.1, 0.05, 0.95)])
 * ```
 */
export const conditional = (
  d: Domain,
  child: VarId,
  parents: readonly VarId[],
  rows: Rows,
  options: ConditionalOptions = {},
): E.Either<FactorError, Factor> => {
  const scope = [...parents, child]
  const seen = new Set<VarId>()
  for (const v of scope) {
    if (d.variables[v] === undefined)
      return E.left({ _tag: 'UnknownVariable', variable: `#${v}`, where: `table of ${labelOf(d, child)}` })
    if (seen.has(v)) return E.left({ _tag: 'DuplicateVariable', variable: labelOf(d, v), where: `table of ${labelOf(d, child)}` })
    seen.add(v)
  }
  const childName = labelOf(d, child)
  const childStates = d.variables[child]!.states
  const card = childStates.length
  const parentCards = parents.map((p) => d.variables[p]!.states.length)
  const nRows = parentCards.reduce((n, c) => n * c, 1)
  const values = new Float64Array(nRows * card)
  const where = `table of ${childName}`
  if (rows.kind === 'keyed') {
    const filled = new Uint8Array(nRows)
    for (const row of rows.rows) {
      if (row.given.length !== parents.length)
        return E.left({ _tag: 'ShapeMismatch', expected: parents.length, got: row.given.length, where: `${where}: parent states of a row` })
      let r = 0
      for (let i = 0; i < parents.length; i++) {
        const s = d.variables[parents[i]!]!.states.indexOf(row.given[i]!)
        if (s < 0)
          return E.left({ _tag: 'UnknownState', variable: labelOf(d, parents[i]!), state: JSON.stringify(row.given[i]) })
        r = r * parentCards[i]! + s
      }
      const given = parents.map((p, i) => `${labelOf(d, p)}=${row.given[i]}`).join(', ')
      if (filled[r] === 1) return E.left({ _tag: 'DuplicateRow', child: childName, given })
      if (row.probs.length !== card) return E.left({ _tag: 'RowLength', child: childName, given, expected: card, got: row.probs.length })
      filled[r] = 1
      values.set(Float64Array.from(row.probs), r * card)
    }
    const missing = filled.indexOf(0)
    if (missing >= 0) return E.left({ _tag: 'MissingRow', child: childName, given: givenOf(d, parents, parentCards, missing) })
  } else if (rows.kind === 'flat') {
    const flat = rows.values
    if (flat.length !== values.length) return E.left({ _tag: 'ShapeMismatch', expected: values.length, got: flat.length, where })
    for (let i = 0; i < values.length; i++) values[i] = flat[i]!
  } else {
    if (rows.rows.length !== nRows) return E.left({ _tag: 'ShapeMismatch', expected: nRows, got: rows.rows.length, where: `${where} (rows)` })
    for (let r = 0; r < nRows; r++) {
      const row = rows.rows[r]!
      if (row.length !== card)
        return E.left({ _tag: 'RowLength', child: childName, given: givenOf(d, parents, parentCards, r), expected: card, got: row.length })
      for (let s = 0; s < card; s++) values[r * card + s] = row[s]!
    }
  }
  for (let r = 0; r < nRows; r++) {
    const err = checkRow(
      values.subarray(r * card, (r + 1) * card),
      childName,
      (s) => childStates[s]!,
      () => givenOf(d, parents, parentCards, r),
      options,
    )
    if (err !== undefined) return E.left(err)
  }
  return E.right(tableOf(scope, [...parentCards, card], values))
}


/** The parent states of row `r` (last parent fastest), rendered `A=a, B=b`. */
const givenOf = (d: Domain, parents: readonly VarId[], cards: readonly number[], r: number): string => {
  const states = new Array<number>(parents.length)
  for (let i = parents.length - 1; i >= 0; i--) {
    states[i] = r % cards[i]!
    r = Math.floor(r / cards[i]!)
  }
  return describeAssignment(d, parents, states)
}
