/**
 * The most probable sequence (Viterbi): the MPE of the unrolled network,
 * computed on the compiled slice trees without unrolling.
 *
 * Forward, with maxima in place of sums: delta_t(I_t) = max over everything
 * before slice t's interface of P(x_0..t, e_0..t), the max-marginal of the
 * outgoing interface table after max-calibrating slice t with delta_t-1 as
 * its incoming table (each delta scaled to peak 1, the logs of the peaks
 * summed). Backward, the traceback: the last slice is max-propagated
 * (maxPropagate's own traceback gives slice T-1 and the previous interface
 * jointly); every earlier slice t is max-propagated again with delta_t-1 in
 * and its interface fixed to the state the slice after chose, which gives the
 * rest of slice t and the interface before it. Each choice is a maximiser
 * given the later ones, so the sequence is a most probable one. Memory:
 * T x |interface| for the deltas.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { dynamicState, type DynamicEngine } from './engine.js'
import type { DynamicError } from './errors.js'
import { kindOf, sliceStates, stepError } from './forward.js'
import { checkObservations, type Observations } from './observations.js'
import { maxCalibrateSlice, maxPropagateSlice, readOutgoingMax } from './slice-tree.js'

/** A most probable sequence. */
export interface MostProbableSequence {
  /** `states[t * n + b]`: the state of variable b at slice t (observed ones keep their states). */
  readonly states: Int32Array
  readonly slices: number
  /** log P(sequence, evidence) in nats: the largest such value over all sequences. */
  readonly logProbability: number
}

/**
 * The most probable joint assignment of every variable of every slice given
 * the observations (ties: some maximiser), with log P(x, e).
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, observations, viterbi } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const hmm = defineDynamicNetwork({
 *   states: { weather: ['dry', 'wet'], umbrella: ['no', 'yes'] },
 *   initial: { parents: { umbrella: ['weather'] }, tables: { weather: [0.5, 0.5], umbrella: [[0.9, 0.1], [0.2, 0.8]] } },
 *   transition: {
 *     parents: { weather: ['weather[t-1]'], umbrella: ['weather'] },
 *     tables: { weather: [[0.7, 0.3], [0.3, 0.7]], umbrella: [[0.9, 0.1], [0.2, 0.8]] },
 *   },
 * })
 * if (E.isRight(hmm)) {
 *   const engine = compileDynamic(hmm.right)
 *   const seen = observations(hmm.right, [{ umbrella: 'yes' }, { umbrella: 'yes' }, { umbrella: 'no' }])
 *   const best = E.isRight(engine) && E.isRight(seen) ? viterbi(engine.right, seen.right) : undefined
 *   // weather of each day: wet, wet, dry
 *   best !== undefined && E.isRight(best) && [0, 1, 2].map((t) => best.right.states[t * 2]) // => [1, 1, 0]
 * }
 * ```
 */
export const viterbi = <A extends Assignment>(engine: DynamicEngine<A>, obs: Observations): E.Either<DynamicError, MostProbableSequence> => {
  const checked = checkObservations(engine.network, obs)
  if (E.isLeft(checked)) return checked
  const state = dynamicState(engine)
  const { trees } = state
  const { n, interface: io } = state.structure
  const size = engine.interfaceSize
  const T = obs.slices
  const out = new Int32Array(T * n)
  if (T === 0) return E.right({ states: out, slices: 0, logProbability: 0 })
  const deltas = new Float64Array((T - 1) * size)
  const deltaAt = (t: number): Float64Array => deltas.subarray(t * size, (t + 1) * size)
  let logProbability = 0
  for (let t = 0; t < T - 1; t++) {
    const states = sliceStates(obs, n, t)
    const logMax = maxCalibrateSlice(trees, kindOf(t), states, t === 0 ? undefined : deltaAt(t - 1))
    if (!(logMax > -Infinity)) return E.left(stepError(engine.network, states, t, logMax))
    readOutgoingMax(trees, kindOf(t), deltaAt(t))
    logProbability += logMax
  }
  // The traceback: slice t's interface is fixed to what slice t+1 chose for its previous interface.
  const fixed = new Int32Array(n)
  for (let t = T - 1; t >= 0; t--) {
    const states = sliceStates(obs, n, t)
    fixed.set(states)
    if (t < T - 1) io.forEach((b, k) => (fixed[b] = trees.assignment[n + k]!))
    const logMax = maxPropagateSlice(trees, kindOf(t), fixed, t === 0 ? undefined : deltaAt(t - 1))
    if (!(logMax > -Infinity)) return E.left(stepError(engine.network, states, t, logMax))
    if (t === T - 1) logProbability += logMax
    out.set(trees.assignment.subarray(0, n), t * n)
  }
  return E.right({ states: out, slices: T, logProbability })
}
