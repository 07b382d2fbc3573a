/**
 * A question, by names, and its resolution against a compiled model into the
 * dense form propagation reads. Names are looked up once here; everything
 * after works on ids and state indices.
 */
import type { Domain, Factor } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { InferError } from './errors.js'
import type { DenseEvidence } from './propagate.js'

/** An intervention on one variable: force a state, or replace its table by a distribution over its states. */
export type Intervention<S extends string = string> = S | readonly number[]

/**
 * What is asked, and what is known when asking.
 * - `evidence`: hard evidence, variable -> observed state;
 * - `soft`: soft (virtual) evidence, variable -> one non-negative weight per
 *   state (P(observation | state) up to a constant), not all zero;
 * - `do`: interventions (Bayesian networks only), variable -> forced state
 *   (`do(X = x)`: X loses its parents and takes x), or a distribution over its
 *   states (a soft intervention: X's table is replaced by it). Evidence is then
 *   read in the intervened model: `logPEvidence` is log P(e | do(...));
 * - `targets`: the variables to answer for (default: every unobserved one).
 *
 * The same object, as JSON, is one line of `chainrule query --stdin`.
 */
export interface Question<A extends Assignment = Assignment> {
  readonly evidence?: Readonly<Partial<A>>
  readonly soft?: Readonly<Partial<Record<keyof A & string, readonly number[]>>>
  readonly do?: Readonly<Partial<{ readonly [K in keyof A]: Intervention<A[K]> }>>
  readonly targets?: readonly (keyof A & string)[]
}

/** A question on ids: dense evidence, replaced tables for interventions, targets, and a description for messages. */
export interface ResolvedQuestion extends DenseEvidence {
  readonly states: Int32Array
  /** The targets asked for, or undefined for every unobserved variable. */
  readonly targets: readonly number[] | undefined
  /** What was given, one item each (`wet=yes`, `rain~(0.8:0.2)`, `do(sprinkler=on)`), for messages. */
  readonly description: readonly string[]
  /** True when some table is replaced (an intervention). */
  readonly intervened: boolean
}

/** What resolving needs of a compiled model. */
export interface QuestionContext {
  readonly domain: Domain
  /** Variables the engine compiled: the domain's, then any auxiliary ones (default: the domain's). */
  readonly variables?: number
  readonly kind: 'bayesian' | 'markov'
  /** The model's tables; for a Bayesian network `factors[v]` is P(v | parents), child last. */
  readonly factors: readonly Factor[]
}

const entries = <T>(record: Readonly<Record<string, T | undefined>> | undefined): [string, T][] =>
  Object.entries(record ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined)

/**
 * Check every name, state and weight of a question against the model and
 * build its dense form. Errors: `UnknownVariable`, `UnknownState`,
 * `InvalidLikelihood`, `InvalidIntervention`, `DuplicateTarget`,
 * `ContradictsIntervention` (evidence on an intervened variable at another
 * state than the forced one), `NotCausal` (`do` on a Markov network).
 *
 * @example
 * ```ts
 * import { resolveQuestion } from '@chainrule/infer/internal'
 * import { domain } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const d = domain([{ name: 'rain', states: ['no', 'yes'] }, { name: 'wet', states: ['no', 'yes'] }])
 * if (E.isRight(d)) {
 *   const q = resolveQuestion({ domain: d.right, kind: 'markov', factors: [] }, { evidence: { wet: 'yes' } })
 *   E.isRight(q) && Array.from(q.right.states) // => [-1, 1]
 * }
 * ```
 */
export const resolveQuestion = (model: QuestionContext, question: Question): E.Either<InferError, ResolvedQuestion> => {
  const { domain } = model
  const n = model.variables ?? domain.variables.length
  const states = new Int32Array(n).fill(-1)
  const description: string[] = []
  const lookup = (name: string): E.Either<InferError, number> => {
    const v = domain.byName.get(name)
    return v === undefined ? E.left({ _tag: 'UnknownVariable', variable: name }) : E.right(v)
  }
  const stateOf = (v: number, state: string): E.Either<InferError, number> => {
    const known = domain.variables[v]!.states
    const s = known.indexOf(state)
    return s < 0 ? E.left({ _tag: 'UnknownState', variable: domain.variables[v]!.name, state, states: known }) : E.right(s)
  }
  const weightsOf = (v: number, weights: readonly number[], what: 'likelihood' | 'distribution'): E.Either<InferError, Float64Array> => {
    const { name, states: known } = domain.variables[v]!
    const invalid = (reason: string): E.Either<InferError, never> =>
      E.left(what === 'likelihood' ? { _tag: 'InvalidLikelihood', variable: name, reason } : { _tag: 'InvalidIntervention', variable: name, reason })
    if (!Array.isArray(weights) && !ArrayBuffer.isView(weights)) return invalid('expected an array of numbers')
    if (weights.length !== known.length) return invalid(`expected ${known.length} weights, got ${weights.length}`)
    if (!weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) return invalid('weights must be finite and non-negative')
    const peak = Math.max(...weights)
    if (peak === 0) return invalid('all weights are zero')
    if (what === 'likelihood') return E.right(Float64Array.from(weights, (w) => w / peak))
    const sum = weights.reduce((s, w) => s + w, 0)
    return E.right(Float64Array.from(weights, (w) => w / sum))
  }

  for (const [name, state] of entries(question.evidence)) {
    const v = lookup(name)
    if (E.isLeft(v)) return v
    if (typeof state !== 'string') return E.left({ _tag: 'UnknownState', variable: name, state: String(state), states: domain.variables[v.right]!.states })
    const s = stateOf(v.right, state)
    if (E.isLeft(s)) return s
    states[v.right] = s.right
    description.push(`${name}=${state}`)
  }

  let likelihoods: (Float64Array | undefined)[] | undefined
  for (const [name, weights] of entries(question.soft)) {
    const v = lookup(name)
    if (E.isLeft(v)) return v
    const scaled = weightsOf(v.right, weights, 'likelihood')
    if (E.isLeft(scaled)) return scaled
    // Only ratios matter: scaled to a peak of 1 so that P(e) stays a probability.
    ;(likelihoods ??= new Array<Float64Array | undefined>(n).fill(undefined))[v.right] = scaled.right
    description.push(`${name}~(${weights.join(':')})`)
  }

  let tables: (Float64Array | undefined)[] | undefined
  for (const [name, intervention] of entries(question.do as Readonly<Record<string, Intervention | undefined>> | undefined)) {
    const v = lookup(name)
    if (E.isLeft(v)) return v
    if (model.kind !== 'bayesian') return E.left({ _tag: 'NotCausal', variable: name })
    const card = domain.variables[v.right]!.states.length
    let distribution: Float64Array
    if (typeof intervention === 'string') {
      const s = stateOf(v.right, intervention)
      if (E.isLeft(s)) return s
      const observed = states[v.right]!
      if (observed >= 0 && observed !== s.right)
        return E.left({ _tag: 'ContradictsIntervention', variable: name, observed: domain.variables[v.right]!.states[observed]!, forced: intervention })
      distribution = new Float64Array(card)
      distribution[s.right] = 1
      description.push(`do(${name}=${intervention})`)
    } else {
      const d = weightsOf(v.right, intervention, 'distribution')
      if (E.isLeft(d)) return d
      distribution = d.right
      description.push(`do(${name}~(${intervention.join(':')}))`)
    }
    // The variable's table P(v | parents) becomes the distribution for every parent row: its parents no longer matter.
    const cpt = model.factors[v.right]!
    const replaced = new Float64Array(cpt.values.length)
    for (let at = 0; at < replaced.length; at += card) replaced.set(distribution, at)
    ;(tables ??= new Array<Float64Array | undefined>(model.factors.length).fill(undefined))[v.right] = replaced
  }

  let targets: number[] | undefined
  if (question.targets !== undefined) {
    targets = []
    for (const name of question.targets) {
      const v = lookup(name)
      if (E.isLeft(v)) return v
      if (targets.includes(v.right)) return E.left({ _tag: 'DuplicateTarget', variable: name })
      targets.push(v.right)
    }
  }
  return E.right({
    states,
    ...(likelihoods === undefined ? {} : { likelihoods }),
    ...(tables === undefined ? {} : { tables }),
    targets,
    description,
    intervened: tables !== undefined,
  })
}
