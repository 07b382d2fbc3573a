/**
 * Posterior marginals and log P(evidence): the question most users ask. One
 * propagation of the whole tree answers every variable at once; on large
 * trees, patterns that keep coming back are answered from small trees over
 * their relevant parts (`covers.ts`); when the tree's products may have left
 * the range of doubles, the question is answered again in log space.
 */
import type { Domain } from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { average, RATED_FROM_ENTRIES, routeMarginals } from './covers.js'
import { engineState, questionContext, type Engine, type EngineState } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { logSpaceAnswer } from './log-space.js'
import { answeredInRange, propagate, readMarginal } from './propagate.js'
import { resolveQuestion, type Question, type ResolvedQuestion } from './question.js'
import { answerCover } from './relevant-trees.js'

/** Posterior marginals and log P(evidence). */
export interface Posterior {
  readonly domain: Domain
  /**
   * log P(e) in nats: soft evidence counted with each likelihood scaled to a
   * peak of 1; with interventions, log P(e | do(...)); for a Markov network,
   * log Z(e), the log partition function with the evidence plugged in.
   */
  readonly logPEvidence: number
  /** `observed[v]` is the observed state index of variable v, or -1. */
  readonly observed: Int32Array
  /** The variables answered (ids): the targets asked for, or every unobserved variable. */
  readonly targets: readonly number[]
  /**
   * `probabilities[v][s]` = P(v = s | e) by variable id and state index, for
   * every target (observed targets: a point mass); undefined for variables
   * not computed.
   */
  readonly probabilities: readonly (Float64Array | undefined)[]
  /**
   * How the answer was computed: one propagation of the whole junction tree,
   * small trees over the parts of the model relevant to the targets, or (when
   * the probabilities were beyond the range of doubles for the tree) variable
   * elimination in log space.
   */
  readonly method: 'tree' | 'relevant-parts' | 'log-space'
}

/**
 * Posterior marginals of the targets (default: every unobserved variable)
 * given the question's evidence, soft evidence and interventions, with
 * log P(evidence).
 *
 * @example
 * ```ts
 * import { compile, marginals, toRecord } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [0.9, 0.1], yes: [0.1, 0.9] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const seen = marginals(engine.right, { evidence: { wet: 'yes' } })
 *   E.isRight(seen) && toRecord(seen.right).rain!.yes! > 0.69 // => true
 *   const done = marginals(engine.right, { do: { wet: 'yes' } }) // making the grass wet does not cause rain
 *   E.isRight(done) && toRecord(done.right).rain // => { no: 0.8, yes: 0.2 }
 * }
 * ```
 */
export const marginals = <A extends Assignment>(engine: Engine<A>, question: Question<A> = {}): E.Either<InferError, Posterior> => {
  const state = engineState(engine)
  const resolved = resolveQuestion(questionContext(engine, state), question as Question)
  if (E.isLeft(resolved)) return resolved
  const q = resolved.right
  const { domain } = engine
  // Only the model's own variables are reported (auxiliary ones, if any, follow them).
  const n = domain.variables.length
  const observed = q.states.subarray(0, n)
  let targets = q.targets
  if (targets === undefined) {
    const unobserved: number[] = []
    for (let v = 0; v < n; v++) if (q.states[v]! < 0) unobserved.push(v)
    targets = unobserved
  }
  const route = routeMarginals(engine, state, q, targets)
  if (E.isLeft(route)) return route
  const probabilities: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(domain.variables.length).fill(undefined)

  if (route.right.kind === 'log-space') return inLogSpace(engine, state, q, targets)
  if (route.right.kind === 'cover') {
    const { cover, question } = route.right
    const started = performance.now()
    const logPEvidence = answerCover(cover, question, probabilities)
    if (logPEvidence === undefined) return inLogSpace(engine, state, q, targets)
    if (logPEvidence === -Infinity) return E.left(impossible(q.description))
    const entries = cover.stats.clusterEntries + (cover.evidence.kind === 'own' ? cover.evidence.part.tree.plan.clusterEntries : 0)
    if (entries >= RATED_FROM_ENTRIES) state.rates.partNsPerEntry = average(state.rates.partNsPerEntry, ((performance.now() - started) * 1e6) / entries)
    // Observed targets, and targets an intervention forces, are point masses.
    for (const v of targets) if (question.observed[v]! >= 0) probabilities[v] = pointMass(domain.variables[v]!.states.length, question.observed[v]!)
    return unlessLost(engine, state, q, { domain, logPEvidence, observed, targets, probabilities, method: 'relevant-parts' })
  }

  const tree = state.tree!
  const started = performance.now()
  const propagated = propagate(tree, q)
  // Out of range, the tree's answer (even P(e) = 0) cannot be trusted; in range, a zero is exact.
  if (!answeredInRange(tree)) return inLogSpace(engine, state, q, targets)
  if (propagated === -Infinity) return E.left(impossible(q.description))
  // A Bayesian network's tables sum to 1, and so do an intervened network's: with nothing observed, log P(e) is 0 exactly.
  const anythingObserved = q.likelihoods !== undefined || q.states.some((s) => s >= 0)
  const logPEvidence = engine.kind === 'bayesian' && !anythingObserved ? 0 : propagated
  // Every variable without targets (observed ones as point masses), else the targets.
  const answered = q.targets === undefined ? everyVariable(domain.variables.length) : targets
  for (const v of answered) {
    // An array each: a small typed array costs half of a view into one block (and a stream answers millions).
    const out = new Float64Array(tree.cards[v]!)
    readMarginal(tree, v, out)
    probabilities[v] = out
  }
  const spent = performance.now() - started
  state.rates.treeMs = state.rates.treeMs === undefined ? spent : average(state.rates.treeMs, spent)
  if (route.right.seen !== undefined) route.right.seen.spentMs += spent
  return unlessLost(engine, state, q, { domain, logPEvidence, observed, targets, probabilities, method: 'tree' })
}

/**
 * The posterior, unless a marginal came out as 0/0 (every entry of its cluster
 * below the smallest double): then the question is answered again in log space.
 */
const unlessLost = (engine: Engine, state: EngineState, q: ResolvedQuestion, posterior: Posterior): E.Either<InferError, Posterior> => {
  for (const p of posterior.probabilities) {
    if (p === undefined) continue
    for (let s = 0; s < p.length; s++) if (Number.isNaN(p[s])) return inLogSpace(engine, state, q, posterior.targets)
  }
  return E.right(posterior)
}

/**
 * The tree's products left the range of doubles, or it lost a marginal to
 * underflow: variable elimination in log space answers exactly (and tells an
 * impossible question from one whose probabilities are merely tiny).
 */
const inLogSpace = (engine: Engine, state: EngineState, q: ResolvedQuestion, targets: readonly number[]): E.Either<InferError, Posterior> => {
  const { domain } = engine
  const answer = logSpaceAnswer(state, engine.kind, q, targets)
  if (E.isLeft(answer)) return answer
  if (answer.right.logPEvidence === -Infinity) return E.left(impossible(q.description))
  const probabilities: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(domain.variables.length).fill(undefined)
  for (const v of targets) {
    const s = q.states[v]!
    probabilities[v] = s >= 0 ? pointMass(domain.variables[v]!.states.length, s) : answer.right.probabilities.get(v)
  }
  return E.right({ domain, logPEvidence: answer.right.logPEvidence, observed: q.states.subarray(0, domain.variables.length), targets, probabilities, method: 'log-space' })
}

const everyVariableCache: number[][] = []
const everyVariable = (n: number): readonly number[] => (everyVariableCache[n] ??= Array.from({ length: n }, (_, v) => v))

/** The distribution with all its mass on `state`. */
export const pointMass = (card: number, state: number): Float64Array => {
  const out = new Float64Array(card)
  out[state] = 1
  return out
}

/**
 * The marginals of the unobserved targets as plain data:
 * `{ variable: { state: probability } }`, variables and states in declaration order.
 *
 * @example
 * ```ts
 * import { compile, marginals, toRecord } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const coin = defineNetwork({ states: { coin: ['heads', 'tails'] }, tables: { coin: [0.25, 0.75] } })
 * const engine = E.isRight(coin) ? compile(coin.right) : undefined
 * const posterior = engine !== undefined && E.isRight(engine) ? marginals(engine.right) : undefined
 * posterior !== undefined && E.isRight(posterior) && toRecord(posterior.right) // => { coin: { heads: 0.25, tails: 0.75 } }
 * ```
 */
export const toRecord = (posterior: Posterior): Record<string, Record<string, number>> => {
  // Keyed by user names: own properties only (a variable may be called __proto__).
  const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
  for (const id of posterior.targets) {
    const v = posterior.domain.variables[id]!
    const p = posterior.probabilities[id]
    if (posterior.observed[id]! >= 0 || p === undefined) continue
    out[v.name] = Object.fromEntries(v.states.map((s, k) => [s, p[k]!]))
  }
  return out
}
