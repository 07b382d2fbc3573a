/**
 * A small benchmark harness: time a function over repeats, keep the median,
 * and print rows as an aligned table (or JSON). Written here rather than taken
 * from tinybench/mitata because the suites mix sub-microsecond kernels with
 * multi-second compiles: the repeat policy below (run until both a minimum
 * count and a minimum time are reached, never past a maximum count) serves both.
 */
import { performance } from 'node:perf_hooks'

/** One line of a benchmark table. Extra metrics are plain columns. */
export interface Row {
  readonly suite: string
  readonly case: string
  readonly engine: string
  readonly medianMs: number
  readonly repeats: number
  /** medianMs divided by the reference engine's medianMs on the same case. */
  readonly ratio?: number
  readonly [metric: string]: string | number | undefined
}

/** A named group of measurements; one file per suite in `src/suites/`. */
export interface Suite {
  readonly name: string
  readonly description: string
  readonly run: () => Promise<readonly Row[]> | readonly Row[]
}

/** How many times to run a measured function. */
export interface RepeatOptions {
  /** Always run at least this many timed repeats (default 5). */
  readonly minRepeats?: number
  /** Keep repeating until this much time was spent timing (default 200 ms). */
  readonly minTimeMs?: number
  /** Never run more than this many timed repeats (default 1000). */
  readonly maxRepeats?: number
  /** Untimed runs first, to let the JIT settle (default 2). */
  readonly warmup?: number
}

/** The value of a `--name=value` flag among `args`, if given. */
export const flagValue = (args: readonly string[], name: string): string | undefined =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)

/** Repeats adapted to the cost of one call (already run once): many for fast calls, a few for slow ones. */
export const repeatsFor = (firstMs: number): RepeatOptions =>
  firstMs > 5_000
    ? { minRepeats: 1, minTimeMs: 0, warmup: 0 }
    : firstMs > 500
      ? { minRepeats: 3, minTimeMs: 0, warmup: 0 }
      : { minRepeats: 5, minTimeMs: 300, maxRepeats: 2_000, warmup: 2 }

/** The median of a non-empty list of numbers. */
export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Time `fn` over repeats and return the median wall time in milliseconds. */
export const measure = (
  fn: () => unknown,
  options: RepeatOptions = {},
): { readonly medianMs: number; readonly repeats: number } => {
  const { minRepeats = 5, minTimeMs = 200, maxRepeats = 1000, warmup = 2 } = options
  let sink: unknown
  for (let i = 0; i < warmup; i++) sink = fn()
  const times: number[] = []
  let spent = 0
  while (times.length < maxRepeats && (times.length < minRepeats || spent < minTimeMs)) {
    const start = performance.now()
    sink = fn()
    const elapsed = performance.now() - start
    times.push(elapsed)
    spent += elapsed
  }
  keep(sink)
  return { medianMs: median(times), repeats: times.length }
}

let kept: unknown
/** Keep a value alive so that the optimiser cannot drop the work producing it. */
export const keep = (value: unknown): void => {
  kept = value
}
export const lastKept = (): unknown => kept

/**
 * Set `ratio` on every row: its median over the median of the row of the same
 * suite and case whose engine is `reference`. Rows without a reference stay as they are.
 */
export const withRatios = (rows: readonly Row[], reference: string): Row[] =>
  rows.map((row) => {
    const ref = rows.find((r) => r.suite === row.suite && r.case === row.case && r.engine === reference)
    return ref === undefined || ref.medianMs === 0 ? row : { ...row, ratio: row.medianMs / ref.medianMs }
  })

const formatCell = (value: string | number | undefined): string => {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  const magnitude = Math.abs(value)
  if (magnitude >= 100) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(3)
  return value.toPrecision(3)
}

/** Render rows as an aligned plain-text table; columns are the union of the rows' keys. */
export const formatTable = (rows: readonly Row[]): string => {
  if (rows.length === 0) return '(no rows)'
  const columns: string[] = []
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key)
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i]!.length)))
  const line = (values: readonly string[]) =>
    values.map((v, i) => (i < 3 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}
