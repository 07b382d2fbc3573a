/**
 * Smoothing by the interface algorithm (Murphy 2002, 3.3.2): a forward pass
 * keeps each slice's belief alpha_t over the interface, then a backward pass
 * runs the same compiled trees once more per slice with the outgoing
 * interface table replaced by gamma_t / alpha_t, where gamma_t = P(I_t | all
 * evidence). The product in the tree is then
 *   alpha_t-1(I_t-1) P(slice t | I_t-1) e_t gamma_t(I_t) / alpha_t(I_t)
 *     = P(I_t-1, slice t | all evidence)
 * (the future is independent of the rest of slice t given I_t), so every
 * marginal of slice t is smoothed and gamma_t-1 is read off the incoming
 * table. Time linear in T; memory T x |interface| for the beliefs.
 *
 * Fixed-lag smoothing answers P(X_s | e_0..s+L) as the evidence of slice s+L
 * arrives: L+1 backward steps per slice over a window of L+2 beliefs, so its
 * memory is constant in T too.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { dynamicState, type DynamicEngine, type DynamicState } from './engine.js'
import type { DynamicError } from './errors.js'
import type { SequencePosterior } from './filter.js'
import { forwardPass, forwardStep, kindOf, readSlice, sliceStates, stepError } from './forward.js'
import { checkObservations, type Observations } from './observations.js'
import { propagateSlice, readIncoming } from './slice-tree.js'

/**
 * One backward step at slice t: propagate with the previous belief (t > 0),
 * the backward message gamma_t / alpha_t and the slice's evidence. Then the
 * tree holds P(slice t | all evidence); writes gamma_t-1 into `previousGamma`
 * (t > 0). Returns the step's log mass (NaN when out of range).
 */
export const backwardStep = (
  state: DynamicState,
  t: number,
  states: ArrayLike<number>,
  previousAlpha: Float64Array | undefined,
  alpha: Float64Array,
  gamma: Float64Array,
  ratio: Float64Array,
  previousGamma: Float64Array | undefined,
): number => {
  // 0 / 0 = 0: an interface state impossible given the past is impossible given everything.
  for (let k = 0; k < ratio.length; k++) ratio[k] = alpha[k] === 0 ? 0 : gamma[k]! / alpha[k]!
  const logMass = propagateSlice(state.trees, kindOf(t), states, previousAlpha, ratio)
  if (logMass > -Infinity && t > 0 && previousGamma !== undefined) readIncoming(state.trees, previousGamma)
  return logMass
}

/**
 * P(X_t | e_0..T-1) for every slice t and variable X (forward-backward on the
 * compiled slice trees), and log P(e_0..T-1).
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, observations, smooth } from '@chainrule/dynamic'
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
 *   const seen = observations(hmm.right, [{ umbrella: 'yes' }, { umbrella: 'yes' }])
 *   const smoothed = E.isRight(engine) && E.isRight(seen) ? smooth(engine.right, seen.right) : undefined
 *   // P(wet on day 0 | umbrellas on days 0 and 1): higher than filtering's 0.889
 *   smoothed !== undefined && E.isRight(smoothed) && Math.round(smoothed.right.slices[0]![0]![1]! * 1000) / 1000 // => 0.938
 * }
 * ```
 */
export const smooth = <A extends Assignment>(engine: DynamicEngine<A>, obs: Observations): E.Either<DynamicError, SequencePosterior> => {
  const checked = checkObservations(engine.network, obs)
  if (E.isLeft(checked)) return checked
  const state = dynamicState(engine)
  const { n } = state.structure
  const size = engine.interfaceSize
  const pass = forwardPass(engine.network, state, obs, { keep: true })
  if (E.isLeft(pass)) return pass
  const { beliefs, logLikelihood } = pass.right
  const T = obs.slices
  const slices: Float64Array[][] = new Array<Float64Array[]>(T)
  const alphaAt = (t: number): Float64Array => beliefs.subarray(t * size, (t + 1) * size)
  let gamma = T === 0 ? new Float64Array(0) : Float64Array.from(alphaAt(T - 1))
  let previousGamma = new Float64Array(size)
  const ratio = new Float64Array(size)
  for (let t = T - 1; t >= 0; t--) {
    const states = sliceStates(obs, n, t)
    const logMass = backwardStep(state, t, states, t === 0 ? undefined : alphaAt(t - 1), alphaAt(t), gamma, ratio, previousGamma)
    if (!(logMass > -Infinity)) return E.left(stepError(engine.network, states, t, logMass))
    slices[t] = readSlice(state, kindOf(t))
    ;[gamma, previousGamma] = [previousGamma, gamma]
  }
  const last = T === 0 ? {} : { last: { slice: T - 1, interface: Float64Array.from(alphaAt(T - 1)), logLikelihood } }
  return E.right({ slices, logLikelihood, ...last })
}

/** One slice smoothed with a fixed lag. */
export interface LaggedSlice {
  readonly slice: number
  /** P(X | evidence up to slice + lag, or to the end of the stream) by base id. */
  readonly marginals: readonly Float64Array[]
}

/**
 * Fixed-lag smoothing over a stream: for each slice s, P(X_s | e_0..s+lag),
 * yielded as soon as the evidence of slice s + lag has arrived; at the end of
 * the stream the last `lag` slices are yielded smoothed with all the
 * evidence. Memory stays constant however long the stream: a window of
 * lag + 2 beliefs. Stops after yielding an error.
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, fixedLagStream } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const hmm = defineDynamicNetwork({
 *   states: { weather: ['dry', 'wet'], umbrella: ['no', 'yes'] },
 *   initial: { parents: { umbrella: ['weather'] }, tables: { weather: [0.5, 0.5], umbrella: [[0.9, 0.1], [0.2, 0.8]] } },
 *   transition: {
 *     parents: { weather: ['weather[t-1]'], umbrella: ['weather'] },
 *     tables: { weather: [[0.7, 0.3], [0.3, 0.7]], umbrella: [[0.9, 0.1], [0.2, 0.8]] },
 *   },
 * })
 * const engine = E.isRight(hmm) ? compileDynamic(hmm.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const stream = [[-1, 1], [-1, 1], [-1, 0]]
 *   const lagged = [...fixedLagStream(engine.right, stream, 1)]
 *   lagged.map((r) => (E.isRight(r) ? r.right.slice : -1)) // => [0, 1, 2]
 * }
 * ```
 */
export function* fixedLagStream<A extends Assignment>(
  engine: DynamicEngine<A>,
  stream: Iterable<ArrayLike<number>>,
  lag: number,
): Generator<E.Either<DynamicError, LaggedSlice>, void, undefined> {
  if (!Number.isSafeInteger(lag) || lag < 0) {
    yield E.left({ _tag: 'InvalidOption', option: 'lag', value: String(lag), reason: 'expected a non-negative integer' })
    return
  }
  const state = dynamicState(engine)
  const { n, cards } = state.structure
  const size = engine.interfaceSize
  const window = lag + 2
  const alphas = new Float64Array(window * size)
  const evidence = new Int32Array(window * n)
  const alphaAt = (t: number): Float64Array => alphas.subarray((t % window) * size, ((t % window) + 1) * size)
  const statesAt = (t: number): Int32Array => evidence.subarray((t % window) * n, ((t % window) + 1) * n)
  const gamma = [new Float64Array(size), new Float64Array(size)] as const
  const ratio = new Float64Array(size)

  /** Backward from slice `to` (gamma = its alpha) down to slice `from`, reading the marginals of slices from..until. */
  const backward = (to: number, from: number, until: number): E.Either<DynamicError, Float64Array[][]> => {
    gamma[0].set(alphaAt(to))
    const read: Float64Array[][] = []
    for (let t = to, k = 0; t >= from; t--, k ^= 1) {
      const logMass = backwardStep(state, t, statesAt(t), t === 0 ? undefined : alphaAt(t - 1), alphaAt(t), gamma[k]!, ratio, gamma[k ^ 1])
      if (!(logMass > -Infinity)) return E.left(stepError(engine.network, statesAt(t), t, logMass))
      if (t <= until) read.unshift(readSlice(state, kindOf(t)))
    }
    return E.right(read)
  }

  let t = 0
  for (const slice of stream) {
    if (slice.length !== n) {
      yield E.left({ _tag: 'InvalidObservations', reason: `slice ${t}: expected ${n} states, got ${slice.length}` })
      return
    }
    const states = statesAt(t)
    for (let b = 0; b < n; b++) {
      const s = slice[b]!
      if (!Number.isInteger(s) || s < -1 || s >= cards[b]!) {
        yield E.left({ _tag: 'InvalidObservations', reason: `slice ${t}: state ${s} of "${engine.network.slice.variables[b]!.name}" is not -1 or an index below ${cards[b]}` })
        return
      }
      states[b] = s
    }
    const logMass = forwardStep(state, t, states, t === 0 ? undefined : alphaAt(t - 1), alphaAt(t))
    if (!(logMass > -Infinity)) {
      yield E.left(stepError(engine.network, states, t, logMass))
      return
    }
    if (lag === 0) yield E.right({ slice: t, marginals: readSlice(state, kindOf(t)) })
    else if (t >= lag) {
      const smoothed = backward(t, t - lag, t - lag)
      if (E.isLeft(smoothed)) {
        yield smoothed
        return
      }
      yield E.right({ slice: t - lag, marginals: smoothed.right[0]! })
    }
    t++
  }
  if (lag === 0 || t === 0) return
  const first = Math.max(0, t - lag)
  const rest = backward(t - 1, first, t - 1)
  if (E.isLeft(rest)) {
    yield rest
    return
  }
  for (let k = 0; k < rest.right.length; k++) yield E.right({ slice: first + k, marginals: rest.right[k]! })
}

/**
 * Fixed-lag smoothing of a whole sequence: slice s gets P(X_s | e_0..min(s + lag, T-1)).
 * With lag 0 this is filtering; with lag >= T - 1, smoothing.
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, fixedLagSmooth, observations } from '@chainrule/dynamic'
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
 *   const lagged = E.isRight(engine) && E.isRight(seen) ? fixedLagSmooth(engine.right, seen.right, 1) : undefined
 *   lagged !== undefined && E.isRight(lagged) && lagged.right.slices.length // => 3
 * }
 * ```
 */
export const fixedLagSmooth = <A extends Assignment>(engine: DynamicEngine<A>, obs: Observations, lag: number): E.Either<DynamicError, { readonly slices: readonly (readonly Float64Array[])[] }> => {
  const checked = checkObservations(engine.network, obs)
  if (E.isLeft(checked)) return checked
  const n = engine.network.slice.variables.length
  const rows = Array.from({ length: obs.slices }, (_, t) => sliceStates(obs, n, t))
  const slices: Float64Array[][] = []
  for (const result of fixedLagStream(engine, rows, lag)) {
    if (E.isLeft(result)) return result
    slices.push([...result.right.marginals])
  }
  return E.right({ slices })
}
