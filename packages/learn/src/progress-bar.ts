/**
 * A progress bar on a terminal (Node only, `@chainrule/learn/node`): drawn on
 * stderr only when stderr is a terminal, the run is not quiet and more than a
 * second has passed (short runs print nothing).
 */
import type { ProgressCallback } from './image-progress.js'

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** Print nothing at all. */
  readonly quiet?: boolean
  /** Where to draw (default process.stderr). */
  readonly stream?: {
    readonly isTTY?: boolean
    /** Write text (the bar redraws its line with a carriage return). */
    write(s: string): unknown
  }
  /** Stay silent until this much time has passed (default 1000 ms). */
  readonly delayMs?: number
}

/**
 * A progress bar on stderr: `label [#####.....] 50% 3.1s note`. Returns the
 * callback and `finish()`, which clears the line.
 *
 * @example
 * const bar = progressBar('scoring', { quiet: process.argv.includes('--quiet') })
 * // chainLogLikelihoods(model, test, { progress: bar.update }); bar.finish()
 */
export const progressBar = (
  label: string,
  options: ProgressBarOptions = {},
): {
  /** Report progress (draws at most every 100 ms). */
  readonly update: ProgressCallback
  /** Clear the bar's line. */
  readonly finish: () => void
} => {
  const stream = options.stream ?? process.stderr
  const enabled = options.quiet !== true && stream.isTTY === true
  const delay = options.delayMs ?? 1000
  const start = Date.now()
  let drawn = false
  let last = 0
  const update: ProgressCallback = (done, total, note) => {
    if (!enabled) return
    const now = Date.now()
    if (now - start < delay || (now - last < 100 && done < total)) return
    last = now
    const fraction = total > 0 ? Math.min(1, done / total) : 0
    const width = 24
    const filled = Math.round(fraction * width)
    const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${((now - start) / 1000).toFixed(1)}s${note === undefined ? '' : ` ${note}`}`
    stream.write(`\r${text}\x1b[K`)
    drawn = true
  }
  const finish = (): void => {
    if (drawn) stream.write('\r\x1b[K')
    drawn = false
  }
  return { update, finish }
}
