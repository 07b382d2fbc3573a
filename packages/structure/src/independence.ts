/**
 * Conditional independence tests for discrete data: is X independent of Y
 * given Z, from the counts of (Z, X, Y)?
 *
 * In each stratum z of the conditioning set, with observed counts O_xy,
 * margins O_x+ and O_+y and stratum size n_z, the expected count under
 * independence is E_xy = O_x+ O_+y / n_z. Then
 * - G-squared (the likelihood-ratio statistic): G2 = 2 sum O_xy ln(O_xy / E_xy);
 * - Pearson's chi-squared: X2 = sum (O_xy - E_xy)^2 / E_xy;
 * both summed over strata, and compared with a chi-square distribution.
 *
 * Degrees of freedom, adjusted for empty cells: a stratum contributes
 * (r_z - 1)(c_z - 1), where r_z and c_z count the states of X and Y seen in
 * that stratum (rows and columns of its table that are not all zero); empty
 * strata contribute nothing. Without the adjustment, the many empty cells of
 * large conditioning sets make every test look independent (the statistic
 * has far fewer degrees of freedom than the table has cells). This is the
 * adjustment of Spirtes, Glymour & Scheines (2000) and of bnlearn's
 * `mi-adf`/`x2-adf`. When the adjusted df is 0 there is no evidence against
 * independence: the p-value is 1.
 */
import { chiSquareSurvival } from './special-functions.js'

/** Which statistic a test uses. */
export type IndependenceTest = { readonly kind: 'gSquared' } | { readonly kind: 'chiSquared' }

/** A test's statistic, its adjusted degrees of freedom and the p-value. */
export interface TestResult {
  readonly statistic: number
  readonly df: number
  readonly pValue: number
}

/**
 * Test X independent of Y given Z on a count table laid out as (Z..., X, Y),
 * Y fastest: `strata` blocks of `cardX * cardY` counts.
 *
 * @example
 * ```ts
 * import { independenceTest } from '@chainrule/structure'
 * // A 2 x 2 table with no conditioning set: rows x, columns y.
 * const r = independenceTest({ kind: 'gSquared' }, [30, 10, 10, 30], 2, 2)
 * const summary = [r.df, r.pValue < 0.001] // => [1, true]
 * ```
 */
export const independenceTest = (test: IndependenceTest, table: ArrayLike<number>, cardX: number, cardY: number): TestResult => {
  const block = cardX * cardY
  const strata = table.length / block
  const rowSums = new Float64Array(cardX)
  const columnSums = new Float64Array(cardY)
  let statistic = 0
  let df = 0
  for (let z = 0; z < strata; z++) {
    const at = z * block
    rowSums.fill(0)
    columnSums.fill(0)
    let total = 0
    for (let x = 0; x < cardX; x++)
      for (let y = 0; y < cardY; y++) {
        const o = table[at + x * cardY + y]!
        rowSums[x]! += o
        columnSums[y]! += o
        total += o
      }
    if (total === 0) continue
    let rows = 0
    let columns = 0
    for (let x = 0; x < cardX; x++) if (rowSums[x]! > 0) rows++
    for (let y = 0; y < cardY; y++) if (columnSums[y]! > 0) columns++
    df += Math.max(0, (rows - 1) * (columns - 1))
    for (let x = 0; x < cardX; x++) {
      if (rowSums[x] === 0) continue
      for (let y = 0; y < cardY; y++) {
        if (columnSums[y] === 0) continue
        const o = table[at + x * cardY + y]!
        const e = (rowSums[x]! * columnSums[y]!) / total
        if (test.kind === 'gSquared') {
          if (o > 0) statistic += 2 * o * Math.log(o / e)
        } else statistic += ((o - e) * (o - e)) / e
      }
    }
  }
  // Rounding can leave a tiny negative G2 for an exactly independent table.
  statistic = Math.max(0, statistic)
  return { statistic, df, pValue: df === 0 ? 1 : chiSquareSurvival(statistic, df) }
}
