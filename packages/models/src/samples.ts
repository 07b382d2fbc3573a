/**
 * Samples as columns: one typed array of state indices per variable (by
 * variable id), `Uint8Array` when the variable has at most 256 states,
 * `Int32Array` otherwise. Weighted samples (likelihood weighting) carry
 * log-weights beside them. Helpers turn rows back into named states and
 * estimate probabilities.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { evidenceIds } from './network.js'

/** One column of state indices. */
export type Column = Uint8Array | Int32Array

/** Rows drawn from a network, stored by column. */
export interface Samples<A extends Assignment = Assignment> {
  /** Variable names by id (the network's node order). */
  readonly variables: readonly string[]
  /** State names by variable id. */
  readonly states: readonly (readonly string[])[]
  /** `columns[v][r]` is the state index of variable v in row r. */
  readonly columns: readonly Column[]
  readonly rows: number
  /** Natural-log importance weights per row (likelihood weighting only). */
  readonly logWeights?: Float64Array
  /** Type-level only: the network's assignment type. */
  readonly __assignment?: A
}

/** A column able to hold states 0..card-1. */
export const columnFor = (card: number, rows: number): Column => (card <= 256 ? new Uint8Array(rows) : new Int32Array(rows))

/** Empty columns for a network. */
export const emptySamples = <A extends Assignment>(bn: BayesianNetwork<A>, rows: number): Samples<A> => ({
  variables: bn.dag.nodes,
  states: bn.domain.variables.map((v) => v.states),
  columns: bn.domain.variables.map((v) => columnFor(v.states.length, rows)),
  rows,
})

/**
 * Row `r` as named states (`{ rain: 'yes', ... }`), or `undefined` past the end.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, rowOf } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     const row = rowOf(samples.right, 0)
 *     row !== undefined && Object.keys(row) // => ['rain', 'sprinkler', 'wet']
 *     rowOf(samples.right, 2000) // => undefined
 *   }
 * }
 * ```
 */
export const rowOf = <A extends Assignment>(samples: Samples<A>, r: number): A | undefined => {
  if (!Number.isInteger(r) || r < 0 || r >= samples.rows) return undefined
  const out: Record<string, string> = {}
  samples.variables.forEach((name, v) => {
    out[name] = samples.states[v]![samples.columns[v]![r]!]!
  })
  return out as A
}

/**
 * Row `r` as state indices by variable id (copied).
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, rowStates, rowOf } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     const states = rowStates(samples.right, 0)
 *     const named = rowOf(samples.right, 0)
 *     // The same row: state indices, and state names
 *     const names = [['no', 'yes'][states[0]!], ['off', 'on'][states[1]!], ['no', 'yes'][states[2]!]]
 *     named !== undefined && [named.rain, named.sprinkler, named.wet].join() === names.join() // => true
 *   }
 * }
 * ```
 */
export const rowStates = (samples: Samples, r: number): Int32Array => Int32Array.from(samples.columns, (c) => c[r]!)

/**
 * The column of one variable by name.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, columnOf } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     const wet = columnOf(samples.right, 'wet')
 *     E.isRight(wet) && wet.right.length // => 2000
 *   }
 * }
 * ```
 */
export const columnOf = <A extends Assignment>(samples: Samples<A>, variable: keyof A & string): E.Either<NetworkError, Column> => {
  const v = samples.variables.indexOf(variable)
  return v < 0 ? E.left({ _tag: 'UnknownVariable', variable }) : E.right(samples.columns[v]!)
}

/** Normalised weights from log-weights, shifted by the maximum so that nothing underflows to all zeros. */
const weightsOf = (samples: Samples): Float64Array | undefined => {
  const lw = samples.logWeights
  if (lw === undefined) return undefined
  let max = -Infinity
  for (let r = 0; r < lw.length; r++) if (lw[r]! > max) max = lw[r]!
  const w = new Float64Array(lw.length)
  if (max === -Infinity) return w
  for (let r = 0; r < lw.length; r++) w[r] = Math.exp(lw[r]! - max)
  return w
}

/**
 * The (weighted) frequency of each state of a variable: an estimate of its
 * marginal. Unweighted samples count rows; weighted ones sum weights.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, frequencies } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     const f = frequencies(samples.right, 'rain')
 *     E.isRight(f) && f.right.length // => 2
 *     E.isRight(f) && Math.abs(f.right[1]! - 0.2) < 0.05 // => true
 *   }
 * }
 * ```
 */
export const frequencies = <A extends Assignment>(samples: Samples<A>, variable: keyof A & string): E.Either<NetworkError, Float64Array> => {
  const v = samples.variables.indexOf(variable)
  if (v < 0) return E.left({ _tag: 'UnknownVariable', variable })
  const column = samples.columns[v]!
  const counts = new Float64Array(samples.states[v]!.length)
  const w = weightsOf(samples)
  let total = 0
  for (let r = 0; r < samples.rows; r++) {
    const weight = w === undefined ? 1 : w[r]!
    const s = column[r]!
    counts[s] = counts[s]! + weight
    total += weight
  }
  if (total > 0) for (let s = 0; s < counts.length; s++) counts[s] = counts[s]! / total
  return E.right(counts)
}

/**
 * The (weighted) fraction of rows matching an event, e.g. `{ wet: 'yes' }`.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, estimate } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     const p = estimate(sprinkler.right, samples.right, { rain: 'yes', wet: 'yes' })
 *     // P(rain = yes, wet = yes) = 0.2 * 0.9, within sampling error
 *     E.isRight(p) && Math.abs(p.right - 0.18) < 0.05 // => true
 *   }
 * }
 * ```
 */
export const estimate = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  samples: Samples<A>,
  event: NoInfer<Partial<A>>,
): E.Either<NetworkError, number> => {
  const ids = evidenceIds(bn, event as Partial<Assignment>)
  if (E.isLeft(ids)) return ids
  const checks = [...ids.right.entries()]
  const w = weightsOf(samples)
  let hit = 0
  let total = 0
  for (let r = 0; r < samples.rows; r++) {
    const weight = w === undefined ? 1 : w[r]!
    total += weight
    if (checks.every(([v, s]) => samples.columns[v]![r] === s)) hit += weight
  }
  return E.right(total > 0 ? hit / total : 0)
}

/**
 * The effective sample size of weighted samples, (sum w)^2 / sum w^2 (the row
 * count for unweighted samples): how many independent draws they are worth.
 *
 * @example
 * ```ts
 * import { defineNetwork, ancestralSample, createRng, effectiveSampleSize } from '@chainrule/models'
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
 *   const samples = ancestralSample(sprinkler.right, 2000, createRng(1))
 *   if (E.isRight(samples)) {
 *     // Unweighted rows count fully; likelihood weighting gives fewer effective rows.
 *     effectiveSampleSize(samples.right) // => 2000
 *   }
 * }
 * ```
 */
export const effectiveSampleSize = (samples: Samples): number => {
  const w = weightsOf(samples)
  if (w === undefined) return samples.rows
  let sum = 0
  let squares = 0
  for (let r = 0; r < w.length; r++) {
    sum += w[r]!
    squares += w[r]! * w[r]!
  }
  return squares > 0 ? (sum * sum) / squares : 0
}
