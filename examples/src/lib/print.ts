/** Small helpers the examples share: unwrapping expected successes and printing plain tables. */
import * as E from 'fp-ts/lib/Either.js'

/** The value of a Right; an example stops with the error when it is a Left (bigints printed as decimals). */
export const unwrap = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`unexpected error: ${JSON.stringify(e.left, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`)
  return e.right
}

/**
 * A plain-text table: a header, a rule, then the rows; columns two spaces apart,
 * the first left-aligned and the others right-aligned (or all left-aligned).
 */
export const table = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: 'numbers' | 'left' = 'numbers',
): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 || align === 'left' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
