/**
 * Evidence over a sequence of slices, dense: one row of state indices per
 * slice (by base id, -1 for unobserved), so that the per-slice loop never
 * looks a name up. {@link observations} builds it from records by name.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamicNetwork } from './dynamic-network.js'
import type { DynamicError } from './errors.js'

/** Observed states of a sequence: `states[t * n + b]` is base variable b at slice t, or -1. */
export interface Observations {
  readonly slices: number
  readonly states: Int32Array
}

/**
 * Dense observations from one record per slice (`{ umbrella: 'yes' }`;
 * missing or undefined entries are unobserved). Errors: `UnknownVariable`,
 * `UnknownState`, with the slice.
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, observations } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const hmm = defineDynamicNetwork({
 *   states: { weather: ['dry', 'wet'], umbrella: ['no', 'yes'] },
 *   initial: { parents: { umbrella: ['weather'] }, tables: { weather: [0.5, 0.5], umbrella: [[0.9, 0.1], [0.2, 0.8]] } },
 *   transition: {
 *     parents: { weather: ['weather[t-1]'], umbrella: ['weather'] },
 *     tables: { weather: [[0.7, 0.3], [0.3, 0.7]], umbrella: [[0.9, 0.1], [0.2, 0.8]] },
 *   },
 * })
 * const seen = E.isRight(hmm) ? observations(hmm.right, [{ umbrella: 'yes' }, {}, { umbrella: 'no' }]) : undefined
 * seen !== undefined && E.isRight(seen) && Array.from(seen.right.states) // => [-1, 1, -1, -1, -1, 0]
 * ```
 */
export const observations = <A extends Assignment>(
  dbn: DynamicNetwork<A>,
  records: readonly Readonly<Partial<A>>[],
): E.Either<DynamicError, Observations> => {
  const { slice } = dbn
  const n = slice.variables.length
  const states = new Int32Array(records.length * n).fill(-1)
  for (let t = 0; t < records.length; t++) {
    for (const [variable, state] of Object.entries(records[t]!)) {
      if (state === undefined) continue
      const b = slice.byName.get(variable)
      if (b === undefined) return E.left({ _tag: 'UnknownVariable', slice: t, variable })
      const known = slice.variables[b]!.states
      const s = typeof state === 'string' ? known.indexOf(state) : -1
      if (s < 0) return E.left({ _tag: 'UnknownState', slice: t, variable, state: String(state), states: known })
      states[t * n + b] = s
    }
  }
  return E.right({ slices: records.length, states })
}

/** Check dense observations against a network's slice: shape and every state index. */
export const checkObservations = (dbn: DynamicNetwork, obs: Observations): E.Either<DynamicError, Observations> => {
  const n = dbn.slice.variables.length
  const invalid = (reason: string): E.Either<DynamicError, never> => E.left({ _tag: 'InvalidObservations', reason })
  if (!Number.isSafeInteger(obs.slices) || obs.slices < 0) return invalid(`slices must be a non-negative integer, got ${obs.slices}`)
  if (!(obs.states instanceof Int32Array) || obs.states.length !== obs.slices * n)
    return invalid(`expected ${obs.slices} x ${n} = ${obs.slices * n} states in an Int32Array, got ${obs.states?.length}`)
  for (let k = 0; k < obs.states.length; k++) {
    const s = obs.states[k]!
    const card = dbn.slice.variables[k % n]!.states.length
    if (s < -1 || s >= card) return invalid(`slice ${Math.floor(k / n)}: state ${s} of "${dbn.slice.variables[k % n]!.name}" is not -1 or an index below ${card}`)
  }
  return E.right(obs)
}

/** The observed items of one slice (its row of states) as `name[t]=state`, for messages. */
export const describeSlice = (dbn: DynamicNetwork, states: ArrayLike<number>, t: number): string[] => {
  const out: string[] = []
  dbn.slice.variables.forEach((v, b) => {
    const s = states[b]!
    if (s >= 0) out.push(`${v.name}[${t}]=${v.states[s]}`)
  })
  return out
}
