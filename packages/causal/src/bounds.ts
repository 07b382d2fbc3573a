/**
 * The probabilities of causation for a binary treatment (x against x') and
 * an outcome event (y against y'), Pearl's definitions (Causality, 2009,
 * chapter 9):
 *   PNS = P(y_x, y'_x')          necessity and sufficiency;
 *   PN  = P(y'_x' | x, y)        necessity (was x a necessary cause of y?);
 *   PS  = P(y_x | x', y')        sufficiency.
 * Tian & Pearl ("Probabilities of causation: bounds and identification",
 * 2000, theorems 1–3) bound them sharply from the observational joint of
 * treatment and outcome and the experimental P(y_x), P(y_x'), without any
 * assumption on the process. From a structural model the exact values are
 * counterfactual queries on the twin network.
 */
import { compile, jointPosterior, marginals, type Engine } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'
import type { StructuralModel } from './structural.js'
import { twinNetwork } from './twin-network.js'

/** What the bounds are computed from. */
export interface CausationData {
  /** The observational joint: P(x, y), P(x, y'), P(x', y), P(x', y') (summing to 1). */
  readonly observational: { readonly xy: number; readonly xNotY: number; readonly notXY: number; readonly notXNotY: number }
  /** The experimental results: P(y | do(x)) and P(y | do(x')). */
  readonly experimental: { readonly yDoX: number; readonly yDoNotX: number }
}

/** A closed interval [lower, upper]. */
export interface Interval {
  readonly lower: number
  readonly upper: number
}

/** Sharp bounds; PN (PS) is undefined when P(x, y) (P(x', y')) is zero. */
export interface CausationBounds {
  readonly pns: Interval
  readonly pn: Interval | undefined
  readonly ps: Interval | undefined
}

/** Rounding allowed when checking that inputs are probabilities and agree with each other. */
const SLACK = 1e-9

/**
 * Tian and Pearl's sharp bounds on PNS, PN and PS:
 *   max{0, P(y_x) - P(y_x'), P(y) - P(y_x'), P(y_x) - P(y)} <= PNS
 *     <= min{P(y_x), P(y'_x'), P(x,y) + P(x',y'), P(y_x) - P(y_x') + P(x,y') + P(x',y)},
 *   max{0, (P(y) - P(y_x')) / P(x,y)} <= PN <= min{1, (P(y'_x') - P(x',y')) / P(x,y)},
 *   max{0, (P(y_x) - P(y)) / P(x',y')} <= PS <= min{1, (P(y_x) - P(x,y)) / P(x',y')}.
 * `InvalidProbabilities` when the inputs are not probabilities or no process
 * could produce both (P(x, y) <= P(y_x) <= P(x, y) + P(x') must hold, and the
 * same for x').
 *
 * @example
 * ```ts
 * import { causationBounds } from '@chainrule/causal'
 * // A drug: 40% treated, recovery 30% among the treated and 14% among the others by observation;
 * // 49% with the drug and 21% without it in a trial.
 * causationBounds({
 *   observational: { xy: 0.12, xNotY: 0.28, notXY: 0.084, notXNotY: 0.516 },
 *   experimental: { yDoX: 0.49, yDoNotX: 0.21 },
 * })
 * // => { _tag: 'Right', right: { pns: { lower: 0.286, upper: 0.49 }, pn: { lower: 0, upper: 1 }, ps: { lower: 0.5542635658914729, upper: 0.7170542635658914 } } }
 * ```
 */
export const causationBounds = (data: CausationData): E.Either<CausalError, CausationBounds> => {
  const { xy, xNotY, notXY, notXNotY } = data.observational
  const { yDoX, yDoNotX } = data.experimental
  const inputs = { xy, xNotY, notXY, notXNotY, yDoX, yDoNotX }
  for (const [name, p] of Object.entries(inputs))
    // Rounding may put a computed probability an ulp outside [0, 1].
    if (typeof p !== 'number' || !(p >= -SLACK && p <= 1 + SLACK)) return E.left({ _tag: 'InvalidProbabilities', reason: `${name} = ${p} is not a probability` })
  const total = xy + xNotY + notXY + notXNotY
  if (Math.abs(total - 1) > SLACK) return E.left({ _tag: 'InvalidProbabilities', reason: `the observational joint sums to ${total}, not 1` })
  const px = xy + xNotY
  const pNotX = notXY + notXNotY
  if (yDoX < xy - SLACK || yDoX > xy + pNotX + SLACK)
    return E.left({ _tag: 'InvalidProbabilities', reason: `P(y | do(x)) = ${yDoX} is outside [P(x,y), P(x,y) + P(x')] = [${xy}, ${xy + pNotX}]: no process gives both` })
  if (yDoNotX < notXY - SLACK || yDoNotX > notXY + px + SLACK)
    return E.left({ _tag: 'InvalidProbabilities', reason: `P(y | do(x')) = ${yDoNotX} is outside [P(x',y), P(x',y) + P(x)] = [${notXY}, ${notXY + px}]: no process gives both` })
  const py = xy + notXY
  const clamp = (i: Interval): Interval => ({ lower: Math.min(1, Math.max(0, i.lower)), upper: Math.max(0, Math.min(1, i.upper)) })
  const pns = clamp({
    lower: Math.max(0, yDoX - yDoNotX, py - yDoNotX, yDoX - py),
    upper: Math.min(yDoX, 1 - yDoNotX, xy + notXNotY, yDoX - yDoNotX + xNotY + notXY),
  })
  const pn = xy === 0 ? undefined : clamp({ lower: Math.max(0, (py - yDoNotX) / xy), upper: Math.min(1, (1 - yDoNotX - notXNotY) / xy) })
  const ps = notXNotY === 0 ? undefined : clamp({ lower: Math.max(0, (yDoX - py) / notXNotY), upper: Math.min(1, (yDoX - xy) / notXNotY) })
  return E.right({ pns, pn, ps })
}

/** A binary treatment and an outcome event in a model. */
export interface CausationQuestion {
  readonly treatment: string
  /** The treatment's state x (the other one is x'). */
  readonly treated: string
  readonly outcome: string
  /** The outcome state that is the event y (every other state is y'). */
  readonly event: string
}

interface Resolved {
  readonly x: number
  readonly y: number
  readonly treated: number
  readonly event: number
}

const resolve = (engine: Pick<Engine, 'domain'>, q: CausationQuestion): E.Either<CausalError, Resolved> => {
  const { domain } = engine
  const x = domain.byName.get(q.treatment)
  if (x === undefined) return E.left({ _tag: 'UnknownVariable', variable: q.treatment })
  const y = domain.byName.get(q.outcome)
  if (y === undefined) return E.left({ _tag: 'UnknownVariable', variable: q.outcome })
  if (x === y) return E.left({ _tag: 'OverlappingRoles', variable: q.treatment, roles: ['treatment', 'outcome'] })
  const xStates = domain.variables[x]!.states
  if (xStates.length !== 2) return E.left({ _tag: 'NotBinary', variable: q.treatment, states: xStates.length })
  const treated = xStates.indexOf(q.treated)
  if (treated < 0) return E.left({ _tag: 'UnknownState', variable: q.treatment, state: q.treated, states: xStates })
  const event = domain.variables[y]!.states.indexOf(q.event)
  if (event < 0) return E.left({ _tag: 'UnknownState', variable: q.outcome, state: q.event, states: domain.variables[y]!.states })
  return E.right({ x, y, treated, event })
}

/**
 * The inputs of {@link causationBounds} computed exactly from a model: the
 * observational joint of treatment and outcome, and P(y | do(x)), P(y | do(x')).
 *
 * @example
 * ```ts
 * import { causationData } from '@chainrule/causal'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({ states: { x: ['0', '1'], y: ['0', '1'] }, parents: { y: ['x'] }, tables: { x: [0.5, 0.5], y: { '0': [1, 0], '1': [0, 1] } } })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * const data = engine !== undefined && E.isRight(engine) ? causationData(engine.right, { treatment: 'x', treated: '1', outcome: 'y', event: '1' }) : undefined
 * data !== undefined && E.isRight(data) && data.right.experimental // => { yDoX: 1, yDoNotX: 0 }
 * ```
 */
export const causationData = (engine: Engine, question: CausationQuestion): E.Either<CausalError, CausationData> => {
  const r = resolve(engine, question)
  if (E.isLeft(r)) return r
  const { x, y, treated, event } = r.right
  const { domain } = engine
  const xName = domain.variables[x]!.name
  const yName = domain.variables[y]!.name
  const joint = jointPosterior(engine, [xName, yName])
  if (E.isLeft(joint)) return E.left({ _tag: 'Infer', error: joint.left })
  const cardY = domain.variables[y]!.states.length
  const cell = (xs: number, yEvent: boolean): number => {
    let sum = 0
    for (let s = 0; s < cardY; s++) if ((s === event) === yEvent) sum += joint.right.factor.values[xs * cardY + s]!
    return sum
  }
  const control = 1 - treated
  const underDo = (state: number): E.Either<CausalError, number> => {
    const answer = marginals(engine, { do: { [xName]: domain.variables[x]!.states[state]! }, targets: [yName] })
    return E.isLeft(answer) ? E.left({ _tag: 'Infer', error: answer.left }) : E.right(answer.right.probabilities[y]![event]!)
  }
  const yDoX = underDo(treated)
  if (E.isLeft(yDoX)) return yDoX
  const yDoNotX = underDo(control)
  if (E.isLeft(yDoNotX)) return yDoNotX
  return E.right({
    observational: { xy: cell(treated, true), xNotY: cell(treated, false), notXY: cell(control, true), notXNotY: cell(control, false) },
    experimental: { yDoX: yDoX.right, yDoNotX: yDoNotX.right },
  })
}

/** The exact probabilities of causation of a structural model; PN (PS) undefined when P(x, y) (P(x', y')) is zero. */
export interface Causation {
  readonly pns: number
  readonly pn: number | undefined
  readonly ps: number | undefined
}

/**
 * PNS, PN and PS of a structural model, exactly: counterfactual queries on
 * its twin network with the worlds do(x) and do(x').
 *
 * @example
 * ```ts
 * import { defineStructuralModel, probabilitiesOfCausation } from '@chainrule/causal'
 * import { either as E } from 'fp-ts'
 * // y = x: x is necessary and sufficient for y in every unit.
 * const scm = defineStructuralModel({
 *   exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.5] } },
 *   endogenous: {
 *     x: { states: ['0', '1'], parents: ['u'], equation: ({ u }) => u! },
 *     y: { states: ['0', '1'], parents: ['x'], equation: ({ x }) => x! },
 *   },
 * })
 * const exact = E.isRight(scm) ? probabilitiesOfCausation(scm.right, { treatment: 'x', treated: '1', outcome: 'y', event: '1' }) : undefined
 * exact !== undefined && E.isRight(exact) && exact.right // => { pns: 1, pn: 1, ps: 1 }
 * ```
 */
export const probabilitiesOfCausation = (scm: StructuralModel, question: CausationQuestion): E.Either<CausalError, Causation> => {
  const r = resolve(scm.network, question)
  if (E.isLeft(r)) return r
  const { x, y, treated, event } = r.right
  const { domain } = scm.network
  const xName = domain.variables[x]!.name
  const yName = domain.variables[y]!.name
  const xStates = domain.variables[x]!.states
  const twin = twinNetwork(scm, [{ [xName]: xStates[treated]! }, { [xName]: xStates[1 - treated]! }])
  if (E.isLeft(twin)) return twin
  const engine = compile(twin.right.network)
  if (E.isLeft(engine)) return E.left({ _tag: 'Infer', error: engine.left })
  const cardY = domain.variables[y]!.states.length
  const notEvent = Array.from({ length: cardY }, (_, s) => (s === event ? 0 : 1))
  const yTreated = twin.right.worlds[0]!.get(yName)!
  const yControl = twin.right.worlds[1]!.get(yName)!
  const td = engine.right.domain
  // P(target world's y = (event or not) | observations), or undefined when the observations are impossible.
  const conditional = (target: string, wantEvent: boolean, evidence: Record<string, string>, soft: Record<string, number[]>): E.Either<CausalError, number | undefined> => {
    const answer = marginals(engine.right, { evidence, soft, targets: [target] })
    if (E.isLeft(answer)) return answer.left._tag === 'ImpossibleEvidence' ? E.right(undefined) : E.left({ _tag: 'Infer', error: answer.left })
    const p = answer.right.probabilities[td.byName.get(target)!]!
    return E.right(wantEvent ? p[event]! : 1 - p[event]!)
  }
  // PNS = P(y_x, y'_x') = P(y_x) P(y'_x' | y_x).
  const pTreatedEvent = conditional(yTreated, true, {}, {})
  if (E.isLeft(pTreatedEvent)) return pTreatedEvent
  const given = conditional(yControl, false, { [yTreated]: domain.variables[y]!.states[event]! }, {})
  if (E.isLeft(given)) return given
  const pns = pTreatedEvent.right === 0 || given.right === undefined ? 0 : pTreatedEvent.right! * given.right
  const pn = conditional(yControl, false, { [xName]: xStates[treated]!, [yName]: domain.variables[y]!.states[event]! }, {})
  if (E.isLeft(pn)) return pn
  const ps = conditional(yTreated, true, { [xName]: xStates[1 - treated]! }, { [yName]: notEvent })
  if (E.isLeft(ps)) return ps
  return E.right({ pns, pn: pn.right, ps: ps.right })
}
