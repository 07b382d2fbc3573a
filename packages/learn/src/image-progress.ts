/**
 * Progress reporting for long training and scoring runs. Library functions
 * take an optional {@link ProgressCallback}; `progressBar` of
 * `@chainrule/learn/node` is a ready callback that draws a bar on stderr.
 */

/** Called with (work done, total work) and an optional short note (e.g. `epoch 3 val 97.2`). */
export type ProgressCallback = (done: number, total: number, note?: string) => void
