/** Plain-text tables and numbers for the CLI's human-readable output. */

/**
 * An aligned table; the first row is the header. Columns after the first are right-aligned.
 *
 * Used as (package-internal, not exported):
 * formatTable([['state', 'p'], ['yes', '0.25']]) // 'state     p\n-----  ----\nyes    0.25'
 */
export const formatTable = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}

/**
 * A probability with six decimals.
 *
 * Used as (package-internal, not exported):
 * formatProbability(1 / 3) // '0.333333'
 */
export const formatProbability = (p: number): string => p.toFixed(6)
