/**
 * The forward pass of the interface algorithm, shared by filtering,
 * smoothing, fixed-lag smoothing, log-likelihoods and EM: slice by slice,
 * propagate the slice's evidence with the previous belief over the interface
 * as the incoming table, read the new belief, and add log P(e_t | e_0..t-1)
 * (the slice's mass, the incoming belief being normalised).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DynamicNetwork } from './dynamic-network.js'
import type { DynamicState } from './engine.js'
import type { DynamicError } from './errors.js'
import { describeSlice, type Observations } from './observations.js'
import { propagateSlice, readOutgoing, readSliceMarginal, type SliceKind } from './slice-tree.js'

/** The tree a slice runs on. */
export const kindOf = (t: number): SliceKind => (t === 0 ? 'initial' : 'transition')

/** The error for a step's result: NaN (out of range) or -Infinity (impossible). */
export const stepError = (dbn: DynamicNetwork, states: ArrayLike<number>, t: number, logMass: number): DynamicError =>
  Number.isNaN(logMass) ? { _tag: 'OutOfRange', slice: t } : { _tag: 'ImpossibleEvidence', evidence: describeSlice(dbn, states, t) }

/** The states of slice t (a view, no copy). */
export const sliceStates = (obs: Observations, n: number, t: number): Int32Array => obs.states.subarray(t * n, (t + 1) * n)

/**
 * One forward step: propagate slice t given the previous belief, write the
 * new belief into `out` and return log P(e_t | e_0..t-1) (or -Infinity /
 * NaN, see `propagateSlice`). The tree then holds slice t's filtered posterior.
 */
export const forwardStep = (state: DynamicState, t: number, states: ArrayLike<number>, previous: Float64Array | undefined, out: Float64Array): number => {
  const kind = kindOf(t)
  const logMass = propagateSlice(state.trees, kind, states, previous, undefined)
  if (logMass > -Infinity) readOutgoing(state.trees, kind, out)
  return logMass
}

/** Every variable's posterior in the slice the tree last propagated (observed ones: point masses). */
export const readSlice = (state: DynamicState, kind: SliceKind): Float64Array[] =>
  state.structure.cards.map((card, b) => {
    const out = new Float64Array(card)
    readSliceMarginal(state.trees, kind, b, out)
    return out
  })

/** Options of {@link forwardPass}. */
export interface ForwardOptions {
  /** Keep every slice's belief (`beliefs[t * size ...]`), as smoothing needs. */
  readonly keep: boolean
  /** Called after slice t propagated, while the tree holds its filtered posterior. */
  readonly visit?: (t: number, kind: SliceKind) => void
}

/**
 * The forward pass over a sequence: log P(all evidence), every belief when
 * `keep` (T x interface entries, slice t at `t * size`), and the last belief
 * (empty for an empty sequence).
 */
export const forwardPass = (
  dbn: DynamicNetwork,
  state: DynamicState,
  obs: Observations,
  options: ForwardOptions,
): E.Either<DynamicError, { readonly logLikelihood: number; readonly beliefs: Float64Array; readonly last: Float64Array }> => {
  const size = state.trees.interfaceSize
  const n = state.structure.n
  const beliefs = new Float64Array(options.keep ? obs.slices * size : 2 * size)
  // Without keeping, two alternating views: nothing is allocated per slice, and memory does not grow with T.
  const pair = [beliefs.subarray(0, size), beliefs.subarray(size, 2 * size)] as const
  const states = new Int32Array(n)
  let logLikelihood = 0
  for (let t = 0; t < obs.slices; t++) {
    const out = options.keep ? beliefs.subarray(t * size, (t + 1) * size) : pair[t % 2]!
    const previous = t === 0 ? undefined : options.keep ? beliefs.subarray((t - 1) * size, t * size) : pair[(t - 1) % 2]!
    for (let b = 0, at = t * n; b < n; b++, at++) states[b] = obs.states[at]!
    const logMass = forwardStep(state, t, states, previous, out)
    if (!(logMass > -Infinity)) return E.left(stepError(dbn, states, t, logMass))
    logLikelihood += logMass
    options.visit?.(t, kindOf(t))
  }
  const lastAt = obs.slices === 0 ? 0 : options.keep ? obs.slices - 1 : (obs.slices - 1) % 2
  return E.right({ logLikelihood, beliefs, last: obs.slices === 0 ? new Float64Array(0) : beliefs.slice(lastAt * size, (lastAt + 1) * size) })
}
