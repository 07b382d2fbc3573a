/**
 * Filtering, log-likelihood and prediction by the interface algorithm:
 * P(X_t | e_0..t) slice by slice on the compiled transition tree, one belief
 * over the interface carried from each slice to the next. Time is linear in
 * the number of slices and memory does not depend on it: {@link filterStep}
 * takes the evidence of one slice at a time, as a stream delivers it.
 */
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { dynamicState, type DynamicEngine } from './engine.js'
import type { DynamicError } from './errors.js'
import { forwardPass, forwardStep, kindOf, readSlice, stepError } from './forward.js'
import { checkObservations, type Observations } from './observations.js'

/** What filtering carries from one slice to the next. */
export interface Belief {
  /** The slice it is about. */
  readonly slice: number
  /** P(interface of this slice | evidence up to it), interface variables in `engine.interfaceVariables` order, last fastest. */
  readonly interface: Float64Array
  /** log P(evidence of slices 0..slice), nats. */
  readonly logLikelihood: number
}

/** One filtered slice. */
export interface FilteredSlice {
  readonly belief: Belief
  /** P(X | evidence up to this slice) for every variable of the slice, by base id (observed ones: point masses). */
  readonly marginals: readonly Float64Array[]
}

/** Marginals of every slice of a sequence, and log P(all evidence). */
export interface SequencePosterior {
  /** `slices[t][b][s]`: P(variable b = s at slice t | the evidence the question uses). */
  readonly slices: readonly (readonly Float64Array[])[]
  readonly logLikelihood: number
  /** The belief after the last slice (to continue filtering or predict); absent for an empty sequence. */
  readonly last?: Belief
}

const invalidStep = (reason: string): E.Either<DynamicError, never> => E.left({ _tag: 'InvalidObservations', reason })

/**
 * Filter one more slice: from the belief after slice t-1 (undefined for slice
 * 0) and slice t's observed states (by base id, -1 unobserved), the belief
 * after slice t and every variable's filtered marginal. Errors:
 * `ImpossibleEvidence`, `OutOfRange`, `InvalidObservations`.
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, filterStep } from '@chainrule/dynamic'
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
 *   const first = filterStep(engine.right, undefined, [-1, 1]) // umbrella seen on day 0
 *   if (E.isRight(first)) {
 *     Math.round(first.right.marginals[0]![1]! * 1000) / 1000 // => 0.889
 *     const second = filterStep(engine.right, first.right.belief, [-1, 1])
 *     E.isRight(second) && second.right.marginals[0]![1]! > 0.889 // => true
 *   }
 * }
 * ```
 */
export const filterStep = <A extends Assignment>(
  engine: DynamicEngine<A>,
  previous: Belief | undefined,
  states: ArrayLike<number>,
): E.Either<DynamicError, FilteredSlice> => {
  const state = dynamicState(engine)
  const { n, cards } = state.structure
  if (states.length !== n) return invalidStep(`expected ${n} states for one slice, got ${states.length}`)
  for (let b = 0; b < n; b++) {
    const s = states[b]!
    if (!Number.isInteger(s) || s < -1 || s >= cards[b]!) return invalidStep(`state ${s} of "${engine.network.slice.variables[b]!.name}" is not -1 or an index below ${cards[b]}`)
  }
  if (previous !== undefined && previous.interface.length !== engine.interfaceSize)
    return invalidStep(`a belief over this network's interface has ${engine.interfaceSize} entries, got ${previous.interface.length}`)
  const t = previous === undefined ? 0 : previous.slice + 1
  const out = new Float64Array(engine.interfaceSize)
  const logMass = forwardStep(state, t, states, previous?.interface, out)
  if (!(logMass > -Infinity)) return E.left(stepError(engine.network, states, t, logMass))
  const logLikelihood = (previous?.logLikelihood ?? 0) + logMass
  return E.right({ belief: { slice: t, interface: out, logLikelihood }, marginals: readSlice(state, kindOf(t)) })
}

/**
 * P(X_t | e_0..t) for every slice t and variable X, and log P(e_0..T-1).
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, filter, observations } from '@chainrule/dynamic'
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
 *   const filtered = E.isRight(engine) && E.isRight(seen) ? filter(engine.right, seen.right) : undefined
 *   filtered !== undefined && E.isRight(filtered) && filtered.right.slices.length // => 2
 * }
 * ```
 */
export const filter = <A extends Assignment>(engine: DynamicEngine<A>, obs: Observations): E.Either<DynamicError, SequencePosterior> => {
  const checked = checkObservations(engine.network, obs)
  if (E.isLeft(checked)) return checked
  const state = dynamicState(engine)
  const slices: Float64Array[][] = []
  const pass = forwardPass(engine.network, state, obs, { keep: false, visit: (_, kind) => slices.push(readSlice(state, kind)) })
  if (E.isLeft(pass)) return pass
  const { logLikelihood, last } = pass.right
  return E.right(obs.slices === 0 ? { slices, logLikelihood } : { slices, logLikelihood, last: { slice: obs.slices - 1, interface: last, logLikelihood } })
}

/**
 * log P(e_0..T-1) of a sequence, in nats (the forward pass only; no marginal is read).
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, logLikelihood, observations } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const coin = defineDynamicNetwork({
 *   states: { side: ['heads', 'tails'] },
 *   initial: { tables: { side: [0.5, 0.5] } },
 *   transition: { tables: { side: [0.5, 0.5] } },
 * })
 * if (E.isRight(coin)) {
 *   const engine = compileDynamic(coin.right)
 *   const seen = observations(coin.right, [{ side: 'heads' }, { side: 'tails' }, { side: 'heads' }])
 *   const ll = E.isRight(engine) && E.isRight(seen) ? logLikelihood(engine.right, seen.right) : undefined
 *   ll !== undefined && E.isRight(ll) && Math.abs(ll.right - 3 * Math.log(0.5)) < 1e-12 // => true
 * }
 * ```
 */
export const logLikelihood = <A extends Assignment>(engine: DynamicEngine<A>, obs: Observations): E.Either<DynamicError, number> => {
  const checked = checkObservations(engine.network, obs)
  if (E.isLeft(checked)) return checked
  const pass = forwardPass(engine.network, dynamicState(engine), obs, { keep: false })
  return E.isLeft(pass) ? pass : E.right(pass.right.logLikelihood)
}

/**
 * Prediction: P(X_t+h | e_0..t) for h = 1..horizon, from the belief after
 * slice t (steps with nothing observed).
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork, filterStep, predict } from '@chainrule/dynamic'
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
 *   const now = filterStep(engine.right, undefined, [1, -1]) // wet today
 *   const ahead = E.isRight(now) ? predict(engine.right, now.right.belief, 2) : undefined
 *   ahead !== undefined && E.isRight(ahead) && ahead.right.map((slice) => Math.round(slice[0]![1]! * 100) / 100) // => [0.7, 0.58]
 * }
 * ```
 */
export const predict = <A extends Assignment>(engine: DynamicEngine<A>, belief: Belief, horizon: number): E.Either<DynamicError, Float64Array[][]> => {
  if (!Number.isSafeInteger(horizon) || horizon < 0) return E.left({ _tag: 'InvalidOption', option: 'horizon', value: String(horizon), reason: 'expected a non-negative integer' })
  if (belief.interface.length !== engine.interfaceSize) return invalidStep(`a belief over this network's interface has ${engine.interfaceSize} entries, got ${belief.interface.length}`)
  const state = dynamicState(engine)
  const nothing = new Int32Array(state.structure.n).fill(-1)
  const out: Float64Array[][] = []
  let current = belief.interface
  for (let h = 1; h <= horizon; h++) {
    const next = new Float64Array(engine.interfaceSize)
    const logMass = forwardStep(state, belief.slice + h, nothing, current, next)
    if (!(logMass > -Infinity)) return E.left(stepError(engine.network, nothing, belief.slice + h, logMass))
    out.push(readSlice(state, 'transition'))
    current = next
  }
  return E.right(out)
}
