/**
 * Ancestral (forward) sampling: draw each variable in topological order from
 * its CPT row selected by its parents' sampled states (Koller & Friedman,
 * Probabilistic Graphical Models, 2009, section 12.1.1).
 *
 * The kernel runs column by column: for one variable, a tight loop over rows
 * reads the parents' columns, computes the row offset with the CPT's strides
 * and inverts the cumulative row. No objects are allocated per row.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import type { Rng } from './rng.js'
import type { Column, Samples } from './samples.js'
import { emptySamples } from './samples.js'
import type { CompiledNetwork } from './compiled.js'
import { compile, drawFromRow } from './compiled.js'

/** Check a row count option. */
/** Most cells (rows x variables) one call may return: 2^32 bytes of columns at the least. */
export const MAX_SAMPLE_CELLS = 2 ** 32

export const checkRows = (option: string, rows: number, variables = 1): E.Either<NetworkError, number> =>
  !(Number.isSafeInteger(rows) && rows >= 0)
    ? E.left({ _tag: 'InvalidOption', option, value: String(rows), reason: 'expected a non-negative integer' })
    : rows * variables > MAX_SAMPLE_CELLS
      ? E.left({
          _tag: 'InvalidOption',
          option,
          value: String(rows),
          reason: `${rows} rows x ${variables} variables is over ${MAX_SAMPLE_CELLS} cells; draw in batches`,
        })
      : E.right(rows)

/**
 * Fill `columns[v][from .. to)` by forward sampling, in topological order.
 * Variables in `clamped` keep the state already written in their column.
 * Trusted kernel shared by the samplers.
 */
export const forwardFill = (
  c: CompiledNetwork,
  columns: readonly Column[],
  from: number,
  to: number,
  rng: Rng,
  clamped?: Uint8Array,
): void => {
  for (let t = 0; t < c.n; t++) {
    const v = c.topological[t]!
    if (clamped !== undefined && clamped[v] === 1) continue
    const column = columns[v]!
    const card = c.cards[v]!
    const cdf = c.cdfs[v]!
    const ps = c.parents[v]!
    const st = c.parentStrides[v]!
    const k = ps.length
    if (k === 0) {
      for (let r = from; r < to; r++) column[r] = drawFromRow(cdf, 0, card, rng.float())
    } else if (k === 1) {
      const p0 = columns[ps[0]!]!
      const s0 = st[0]!
      for (let r = from; r < to; r++) column[r] = drawFromRow(cdf, p0[r]! * s0, card, rng.float())
    } else {
      const parentColumns = Array.from(ps, (p) => columns[p]!)
      for (let r = from; r < to; r++) {
        let offset = 0
        for (let j = 0; j < k; j++) offset += parentColumns[j]![r]! * st[j]!
        column[r] = drawFromRow(cdf, offset, card, rng.float())
      }
    }
  }
}

/**
 * Draw `rows` independent samples of the joint distribution by ancestral
 * sampling. Same seed, same samples.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   const samples = ancestralSample(sprinkler.right, 10_000, createRng(1))
 *   // One typed column per variable, one entry per row
 *   E.isRight(samples) && [samples.right.rows, samples.right.columns.length, samples.right.columns[0]!.length] // => [10000, 3, 10000]
 * }
 * ```
 */
export const ancestralSample = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  rows: number,
  rng: Rng,
): E.Either<NetworkError, Samples<A>> =>
  E.map((n: number) => {
    const samples = emptySamples(bn, n)
    forwardFill(compile(bn), samples.columns, 0, n, rng)
    return samples
  })(checkRows('rows', rows, bn.dag.nodes.length))
