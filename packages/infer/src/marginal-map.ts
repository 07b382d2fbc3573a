/**
 * Marginal MAP, exactly: the most probable joint state of chosen variables M
 * with every other unobserved variable summed out,
 *
 *   x_M* = argmax over x_M of  sum over x_S of  prod_t table_t(x_M, x_S, e),
 *
 * by variable elimination in a constrained order: every summed variable S is
 * eliminated (by sums) before any MAP variable (by maxima, keeping the argmax
 * of each for the traceback). Sums and maxima do not commute, so this order is
 * what makes the answer exact; each phase is ordered greedily (min-fill) on
 * the interaction graph the previous one left.
 *
 * Complexity: time O(sum over steps of the step's clique entries) <= n d^(w+1)
 * and memory O(d^w) for the largest table, where w is the induced width of the
 * constrained order. w is at least the model's treewidth and can be far
 * larger: marginal MAP is NP^PP-complete, hard even on trees (Park & Darwiche
 * 2004). The plan (every step's table sizes) is computed before any number
 * moves, and a plan past the engine's memory budget is refused with
 * `MarginalMapOverBudget`, stating w and the bytes it would need.
 *
 * Numerics: every input table and every message is scaled to a largest entry
 * of 1 and the scales are summed in logs, so the value is finite however small.
 *
 * References: Dechter (1999), bucket elimination for MAP; Park & Darwiche
 * (2004), "Complexity results and approximation strategies for MAP
 * explanations"; Koller & Friedman (2009), section 13.2.
 */
import {
  eliminationOrder,
  maxMarginalize,
  productOfMany,
  pruneBarren,
  reduce,
  sumProduct,
  tableOf,
  type EliminationStep,
  type Factor,
  type MaxMarginal,
  type VarId,
} from '@chainrule/factor'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { engineState, type Engine } from './engine.js'
import { impossible, type InferError } from './errors.js'
import { questionFactors } from './log-space.js'
import { resolveQuestion, type Question } from './question.js'

/** The answer to a marginal MAP question. */
export interface MarginalMap<A extends Assignment = Assignment> {
  /** The state of each MAP variable, by name (an observed one keeps its observed state). */
  readonly assignment: Partial<A>
  /** The same by variable id; -1 for the variables summed out. */
  readonly states: Int32Array
  /**
   * log of the maximised sum, in nats: log P(x_M, e) for a Bayesian network;
   * for a Markov network the log of the product of its potentials summed
   * over the other variables (P(x_M, e) times Z).
   */
  readonly logProbability: number
  /** The induced width of the constrained elimination order that was run. */
  readonly inducedWidth: number
  /** Entries of the largest table it allocated. */
  readonly largestTableEntries: number
}

/** One MAP elimination, kept for the traceback. */
interface MaxStep {
  readonly variable: VarId
  readonly maxed: MaxMarginal
}

/**
 * The most probable joint state of `variables` given the question (evidence,
 * soft evidence, interventions), with every other unobserved variable summed
 * out. Exact, by constrained variable elimination (see the module comment for
 * the complexity); refused with `MarginalMapOverBudget` when its largest
 * tables would pass the engine's memory budget. With every unobserved variable
 * chosen it is the MPE; with none, the value is log P(e). Ties go to the
 * first state in each table's layout.
 *
 * @example
 * ```ts
 * import { compile, marginalMap } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // die = 0 is the most probable state of die alone (0.375),
 * // but the most probable (coin, die) pair has die = 1 (0.325).
 * const net = defineNetwork({
 *   states: { coin: ['heads', 'tails'], die: ['0', '1', '2'] },
 *   parents: { die: ['coin'] },
 *   tables: { coin: [0.5, 0.5], die: { heads: [0.35, 0.65, 0], tails: [0.4, 0, 0.6] } },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const map = marginalMap(engine.right, ['die'])
 *   E.isRight(map) && map.right.assignment // => { die: '0' }
 *   const both = marginalMap(engine.right, ['coin', 'die'])
 *   E.isRight(both) && both.right.assignment // => { coin: 'heads', die: '1' }
 * }
 * ```
 */
export const marginalMap = <A extends Assignment>(
  engine: Engine<A>,
  variables: readonly (keyof A & string)[],
  question: Question<A> = {},
): E.Either<InferError, MarginalMap<A>> => {
  const state = engineState(engine)
  const { domain, kind } = engine
  const resolved = resolveQuestion({ domain, kind, factors: state.factors }, question as Question)
  if (E.isLeft(resolved)) return resolved
  const q = resolved.right
  const chosen: VarId[] = []
  for (const name of variables) {
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    if (chosen.includes(v)) return E.left({ _tag: 'DuplicateTarget', variable: name })
    chosen.push(v)
  }
  const evidence = new Map<VarId, number>()
  q.states.forEach((s, v) => {
    if (s >= 0) evidence.set(v as VarId, s)
  })
  const free = chosen.filter((v) => !evidence.has(v))
  const { factors, childOf } = questionFactors(state, kind, q)
  // Tables of a Bayesian network that no MAP variable or evidence depends on sum to 1: leave them out.
  let kept = factors
  if (childOf !== undefined) {
    const pruned = pruneBarren(factors, childOf, free, [...evidence.keys()])
    if (E.isLeft(pruned)) return E.left({ _tag: 'Elimination', error: pruned.left })
    kept = pruned.right.kept.map((i) => factors[i]!)
  }
  const reduced = kept.map((f) => reduce(f, evidence))
  const cards = new Map<VarId, number>()
  for (const f of reduced) f.scope.forEach((v, k) => cards.set(v, f.cards[k]!))
  const isMap = new Set(free)
  const summed = [...cards.keys()].filter((v) => !isMap.has(v))
  const plan = constrainedPlan(reduced.map((f) => f.scope), cards, summed, free.filter((v) => cards.has(v)))
  const bytes = Float64Array.BYTES_PER_ELEMENT * plan.largestTableEntries + (Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT) * plan.keptEntries
  if (bytes > engine.memoryBudgetBytes)
    return E.left({ _tag: 'MarginalMapOverBudget', inducedWidth: plan.inducedWidth, entries: plan.largestTableEntries, bytes, budgetBytes: engine.memoryBudgetBytes })

  // A Markov network's variable in no table at all multiplies every sum by its number of states.
  let logScale = 0
  const inSomeTable = new Set<number>()
  for (const f of factors) for (const v of f.scope) inSomeTable.add(v)
  for (const v of domain.variables)
    if (!inSomeTable.has(v.id) && !evidence.has(v.id as VarId) && !isMap.has(v.id as VarId)) logScale += Math.log(v.states.length)
  let pool: Factor[] = []
  let possible = true
  // Scalars (fully observed tables, messages over nothing) go into the log scale; the rest are scaled to a peak of 1.
  const absorb = (f: Factor): void => {
    let peak = 0
    for (let k = 0; k < f.values.length; k++) if (f.values[k]! > peak) peak = f.values[k]!
    if (!(peak > 0)) possible = false
    else logScale += Math.log(peak)
    if (f.scope.length === 0 || !possible) return
    const values = peak === 1 ? f.values : Float64Array.from(f.values, (x) => x / peak)
    pool.push(tableOf(f.scope, f.cards, values))
  }
  const bucketOf = (v: VarId): Factor[] => {
    const bucket: Factor[] = []
    const rest: Factor[] = []
    for (const f of pool) (f.scope.includes(v) ? bucket : rest).push(f)
    pool = rest
    return bucket
  }
  for (const f of reduced) absorb(f)
  for (const step of plan.sum) {
    if (!possible) break
    absorb(sumProduct(bucketOf(step.variable), [step.variable]))
  }
  const traceback: MaxStep[] = []
  for (const step of plan.max) {
    if (!possible) break
    const maxed = maxMarginalize(productOfMany(bucketOf(step.variable)), [step.variable])
    traceback.push({ variable: step.variable, maxed })
    absorb(maxed.factor)
  }
  if (!possible) return E.left(impossible(q.description))

  const states = new Int32Array(domain.variables.length).fill(-1)
  for (const v of chosen) states[v] = evidence.get(v) ?? 0 // a MAP variable in no table: every state ties; the first
  for (let i = traceback.length - 1; i >= 0; i--) {
    const { variable, maxed } = traceback[i]!
    const given = maxed.factor.scope.map((u) => states[u]!)
    states[variable] = argmaxOf(maxed, given)
  }
  const assignment: Record<string, string> = Object.create(null) as Record<string, string>
  for (const v of chosen) assignment[domain.variables[v]!.name] = domain.variables[v]!.states[states[v]!]!
  return E.right({
    assignment: assignment as Partial<A>,
    states,
    logProbability: logScale,
    inducedWidth: plan.inducedWidth,
    largestTableEntries: plan.largestTableEntries,
  })
}

const argmaxOf = (maxed: MaxMarginal, given: readonly number[]): number => {
  let index = 0
  for (let k = 0; k < given.length; k++) index += given[k]! * maxed.factor.strides[k]!
  return maxed.argmax[index]!
}

/** The constrained order: its sum steps, then its max steps, and the sizes it implies. */
interface ConstrainedPlan {
  readonly sum: readonly EliminationStep[]
  readonly max: readonly EliminationStep[]
  readonly inducedWidth: number
  /** The largest table any step allocates: a sum message, or a max step's clique (its product is formed). */
  readonly largestTableEntries: number
  /** Entries of the max messages kept for the traceback (each with its argmax). */
  readonly keptEntries: number
}

/**
 * Order the summed variables first (min-fill on the tables' interaction
 * graph), then the MAP variables (min-fill on the graph the sums leave: the
 * tables' scopes and every sum step's clique, restricted to MAP variables).
 */
const constrainedPlan = (
  scopes: readonly (readonly VarId[])[],
  cards: ReadonlyMap<VarId, number>,
  summed: readonly VarId[],
  maxed: readonly VarId[],
): ConstrainedPlan => {
  const sum = eliminationOrder(scopes, cards, summed, { kind: 'minFill' })
  const isMax = new Set(maxed)
  const left = [...scopes.map((s) => s.filter((v) => isMax.has(v))), ...sum.map((s) => s.neighbours.filter((v) => isMax.has(v)))]
  const max = eliminationOrder(left, cards, maxed, { kind: 'minFill' })
  let inducedWidth = 0
  let largestTableEntries = 1
  let keptEntries = 0
  for (const s of sum) {
    inducedWidth = Math.max(inducedWidth, s.neighbours.length)
    largestTableEntries = Math.max(largestTableEntries, s.messageEntries)
  }
  for (const s of max) {
    inducedWidth = Math.max(inducedWidth, s.neighbours.length)
    largestTableEntries = Math.max(largestTableEntries, s.cliqueEntries)
    keptEntries += s.messageEntries
  }
  for (const s of scopes) largestTableEntries = Math.max(largestTableEntries, s.reduce((n, v) => n * cards.get(v)!, 1))
  return { sum, max, inducedWidth, largestTableEntries, keptEntries }
}
