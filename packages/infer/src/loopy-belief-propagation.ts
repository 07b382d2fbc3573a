/**
 * Loopy belief propagation: approximate marginals and an approximate log Z(e)
 * (the Bethe free energy) for models whose junction tree does not fit. It is
 * only ever run when asked for by name (`approximateMarginals`, or
 * `chainrule query --method lbp`), and its result says that it is
 * approximate, whether the messages converged, after how many iterations and
 * with what last change; when the engine holds its whole junction tree, the
 * result also gives its error against the exact answer.
 *
 * Sum-product on the factor graph of the question's tables (evidence reduced
 * in, soft evidence as unary factors, interventions' tables in place), every
 * message normalised to sum 1:
 * - schedules: `'parallel'` (every factor from the previous sweep's
 *   messages), `'sequential'` (factors in order, each from the latest
 *   messages), `'residual'` (always the factor whose messages would change
 *   most: Elidan, McGraw & Koller 2006);
 * - damping a in [0, 1): each new factor -> variable message is
 *   (1 - a) computed + a previous, renormalised, except that a state the
 *   computed message rules out (0) stays out;
 * - converged when no message would change by more than `tolerance` (largest
 *   absolute difference of one entry); stops after `maxIterations` sweeps
 *   (a residual sweep = as many updates as there are factors).
 * On a model whose factor graph is a tree it is exact, marginals and log Z alike.
 *
 * Reference: Pearl (1988); Yedidia, Freeman & Weiss (2005), "Constructing
 * free-energy approximations and generalized belief propagation algorithms";
 * Koller & Friedman (2009), section 11.3.
 */
import { reduce, type Domain, type Factor, type VarId } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { engineState, type Engine } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { factorBetheTerm, factorGraph, variableBelief } from './factor-graph.js'
import { propagateLoopy, type Schedule } from './lbp-schedule.js'
import { questionFactors } from './log-space.js'
import { marginals } from './marginals.js'
import { resolveQuestion, type Question } from './question.js'

export type { Schedule }

/** An approximate method and its settings (one so far: loopy belief propagation). */
export interface LoopyOptions {
  readonly kind: 'lbp'
  /** Weight of the previous message in each update, in [0, 1). Default 0 (none). */
  readonly damping?: number
  /** Default `'sequential'`. */
  readonly schedule?: Schedule
  /** Sweeps before giving up. Default 1000. */
  readonly maxIterations?: number
  /** Converged when no message entry would change by more than this. Default 1e-9. */
  readonly tolerance?: number
  /** Compare with the exact answer when the engine holds its whole junction tree. Default true. */
  readonly compareWithExact?: boolean
}

/** Approximate posterior marginals, with how the approximation went. */
export interface ApproximatePosterior {
  /** Always true: these numbers are not exact. */
  readonly approximate: true
  readonly method: 'lbp'
  readonly domain: Domain
  /** The Bethe approximation of log Z(e) (log P(e) for a Bayesian network), in nats. */
  readonly logPEvidence: number
  readonly observed: Int32Array
  readonly targets: readonly number[]
  /** `probabilities[v][s]` for every target (observed targets: a point mass). */
  readonly probabilities: readonly (Float64Array | undefined)[]
  readonly converged: boolean
  /** Sweeps run (for the residual schedule: updates divided by the number of factors, rounded up). */
  readonly iterations: number
  /** The largest change a further update would make to a message entry. */
  readonly residual: number
  readonly schedule: Schedule
  readonly damping: number
  /**
   * Against the exact answer, when the engine holds its whole junction tree
   * (undefined otherwise): the largest absolute error of a target's
   * probability, and the error of log P(e).
   */
  readonly errorAgainstExact: { readonly maxMarginalError: number; readonly logPEvidenceError: number } | undefined
}

/**
 * Approximate marginals of the targets (default: every unobserved variable)
 * and of log P(e) by loopy belief propagation; see the module comment. Never
 * chosen on its own: exact answers come from `marginals`. Errors:
 * `InvalidOption` for settings out of range, the question's own errors, and
 * `ImpossibleEvidence` when the messages prove the evidence impossible (an
 * all-zero message: every state of some variable is ruled out).
 *
 * @example
 * ```ts
 * import { approximateMarginals, compile } from '@chainrule/infer'
 * import { defineMarkovNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // a chain is a tree: belief propagation is exact on it
 * const chain = defineMarkovNetwork({
 *   states: { a: ['0', '1'], b: ['0', '1'], c: ['0', '1'] },
 *   factors: [{ scope: ['a', 'b'], values: [3, 1, 1, 3] }, { scope: ['b', 'c'], values: [3, 1, 1, 3] }, { scope: ['a'], values: [1, 2] }],
 * })
 * const engine = E.isRight(chain) ? compile(chain.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const lbp = approximateMarginals(engine.right, { evidence: { c: '1' } }, { kind: 'lbp' })
 *   E.isRight(lbp) && lbp.right.approximate && lbp.right.converged // => true
 *   E.isRight(lbp) && lbp.right.errorAgainstExact!.maxMarginalError < 1e-9 // => true
 * }
 * ```
 */
export const approximateMarginals = <A extends Assignment>(
  engine: Engine<A>,
  question: Question<A> = {},
  options: LoopyOptions = { kind: 'lbp' },
): E.Either<InferError, ApproximatePosterior> => {
  const damping = options.damping ?? 0
  const schedule = options.schedule ?? 'sequential'
  const maxIterations = options.maxIterations ?? 1000
  const tolerance = options.tolerance ?? 1e-9
  if (!(damping >= 0 && damping < 1)) return E.left(invalid('damping', damping, 'expected a number in [0, 1)'))
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 1)) return E.left(invalid('maxIterations', maxIterations, 'expected a positive integer'))
  if (!(tolerance > 0)) return E.left(invalid('tolerance', tolerance, 'expected a positive number'))
  if (!['parallel', 'sequential', 'residual'].includes(schedule)) return E.left(invalid('schedule', schedule, "expected 'parallel', 'sequential' or 'residual'"))

  const state = engineState(engine)
  const { domain, kind } = engine
  const resolved = resolveQuestion({ domain, kind, factors: state.factors }, question as Question)
  if (E.isLeft(resolved)) return resolved
  const q = resolved.right
  const evidence = new Map<VarId, number>()
  q.states.forEach((s, v) => {
    if (s >= 0) evidence.set(v as VarId, s)
  })
  // Reduce by the evidence and scale every table to a peak of 1; constants go into log Z.
  let logConstant = 0
  const kept: Factor[] = []
  for (const f of questionFactors(state, kind, q).factors) {
    const r = reduce(f, evidence)
    let peak = 0
    for (let k = 0; k < r.values.length; k++) if (r.values[k]! > peak) peak = r.values[k]!
    if (!(peak > 0)) return E.left(impossible(q.description))
    logConstant += Math.log(peak)
    if (r.scope.length > 0) kept.push({ ...r, values: Float64Array.from(r.values, (x) => x / peak) })
  }
  // Every compiled variable: the model's, then any auxiliary ones of decomposed compact tables (never reported).
  const n = state.cards.length
  const g = factorGraph(kept, n)
  const run = propagateLoopy(g, schedule, damping, maxIterations, tolerance)
  if (run === 'impossible') return E.left(impossible(q.description))

  // Beliefs, and the Bethe estimate: sum over factors of E_b[log phi] + H(b_f), minus (degree - 1) H(b_v).
  let logPEvidence = logConstant
  for (let f = 0; f < kept.length; f++) logPEvidence += factorBetheTerm(g, f)
  const targets = q.targets ?? domain.variables.filter((v) => q.states[v.id]! < 0).map((v) => v.id)
  const probabilities: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(domain.variables.length).fill(undefined)
  for (let v = 0; v < n; v++) {
    const card = state.cards[v]!
    const observed = v < q.states.length ? q.states[v]! : -1
    const belief = new Float64Array(card)
    const degree = g.variableEdgeStart[v + 1]! - g.variableEdgeStart[v]!
    if (observed >= 0) belief[observed] = 1
    else if (degree === 0) {
      // In no table: uniform, and a factor of card in Z.
      belief.fill(1 / card)
      logPEvidence += Math.log(card)
    } else {
      if (!variableBelief(g, v, belief)) return E.left(impossible(q.description))
      let entropy = 0
      for (let k = 0; k < card; k++) if (belief[k]! > 0) entropy -= belief[k]! * Math.log(belief[k]!)
      logPEvidence -= (degree - 1) * entropy
    }
    if (targets.includes(v)) probabilities[v] = belief
  }

  let errorAgainstExact: ApproximatePosterior['errorAgainstExact']
  if (options.compareWithExact !== false && state.tree !== undefined) {
    const exact = marginals(engine, question)
    // Messages detect only some impossible evidence; an exact answer that proves it wins over numbers for nothing.
    if (E.isLeft(exact) && exact.left._tag === 'ImpossibleEvidence') return exact
    if (E.isRight(exact)) {
      let maxMarginalError = 0
      for (const v of targets) {
        const p = exact.right.probabilities[v]
        const approx = probabilities[v]!
        if (p !== undefined) for (let k = 0; k < approx.length; k++) maxMarginalError = Math.max(maxMarginalError, Math.abs(approx[k]! - p[k]!))
      }
      errorAgainstExact = { maxMarginalError, logPEvidenceError: logPEvidence - exact.right.logPEvidence }
    }
  }
  return E.right({
    approximate: true,
    method: 'lbp',
    domain,
    logPEvidence,
    observed: q.states,
    targets,
    probabilities,
    converged: run.residual <= tolerance,
    iterations: run.iterations,
    residual: run.residual,
    schedule,
    damping,
    errorAgainstExact,
  })
}

const invalid = (option: string, value: unknown, reason: string): InferError => ({ _tag: 'InvalidOption', option, value: String(value), reason })
