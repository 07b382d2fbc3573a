/**
 * The compiled inference engine: compile a model once into a junction tree,
 * then ask it any number of questions. Evidence, soft evidence and
 * interventions are part of each question, so none of them needs a recompile;
 * new numbers in tables of the same shapes need no triangulation
 * ({@link retable}).
 *
 * An `Engine` shows what a caller may rely on (its domain, its plan, how it
 * answers); the tree and its caches are kept in a private state
 * (`engineState`, exported only from `@chainrule/infer/internal`).
 */
import { DEFAULT_MEMORY_BUDGET_BYTES, type Domain, type Factor } from '@chainrule/factor'
import { decompose, type Assignment, type BayesianNetwork, type MarkovNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { compileTables, planTables, refillTree, type CompiledTree, type CompileOptions, type CompilePlan, type DenseTable } from './compile-tables.js'
import type { Cover } from './relevant-trees.js'
import type { InferError } from './errors.js'
import type { QuestionContext } from './question.js'
import { depthOf } from './relevant-trees.js'

/** What the engine compiles: a Bayesian network or a Markov network (any non-negative tables). */
export type Model<A extends Assignment = Assignment> = BayesianNetwork<A> | MarkovNetwork<A>

/** How an engine answers: with its junction tree, by pruned elimination, or choosing per query. */
export type InferenceMethod = 'auto' | 'tree' | 'elimination'

/** A compiled model, ready for questions. */
export interface Engine<A extends Assignment = Assignment> {
  readonly domain: Domain
  /** `'bayesian'`: tables are conditional distributions (log P(e) = 0 with no evidence, interventions allowed); `'markov'`: potentials. */
  readonly kind: 'bayesian' | 'markov'
  /** The junction tree's sizes, known before allocation (also when the tree was not built). */
  readonly plan: CompilePlan
  /** Whether the whole junction tree was built (false when it did not fit, or with method `'elimination'`). */
  readonly treeBuilt: boolean
  /** How this engine answers marginals (see {@link EngineOptions}). */
  readonly method: InferenceMethod
  readonly memoryBudgetBytes: number
  /**
   * `'decomposed'` when the network's noisy-MAX tables were compiled as chains of small tables over
   * hidden auxiliary variables (never reported), `'expanded'` when every table was compiled in full.
   */
  readonly compactTables: 'expanded' | 'decomposed'
  /** Type-level only: the model's names and states, so that questions reject typos at compile time. */
  readonly __assignment?: A
}

/** Options of {@link compile}. */
export interface EngineOptions extends CompileOptions {
  /**
   * 'auto' (default): build the junction tree when it fits the memory budget;
   * on large trees, each question first tries trees over the parts relevant to
   * its targets and keeps them when they stay smaller than the whole tree;
   * without a whole tree, marginals always come from the relevant parts.
   * 'tree': the whole junction tree for every question, or an `OverBudget` error.
   * 'elimination': no whole tree (nothing to compile up front); marginals from
   * small trees over the parts relevant to the targets, log P(e) by pruned
   * elimination. MPE and posterior sampling need the whole tree.
   */
  readonly method?: InferenceMethod
  /** Under 'auto', whole trees with more cluster entries than this try relevant parts (default 10^6). */
  readonly relevantPartsAbove?: number
  /**
   * Noisy-MAX (noisy-OR, noisy-AND) tables of a Bayesian network: `'auto'` (default) compiles them
   * decomposed into chains of small tables over auxiliary variables (Heckerman & Breese's sequential
   * decomposition, `decompose` of `@chainrule/models`) when that plans a smaller tree than the
   * expanded tables; `'decompose'` and `'expand'` force either. Answers are the same.
   */
  readonly compactTables?: 'auto' | 'decompose' | 'expand'
  /**
   * With a whole tree, the relevant parts of an observation pattern are
   * compiled once the whole tree has spent this long (ms) answering that
   * pattern. Default: as long as the whole tree took to compile, so that a
   * pattern asked a few times never pays more than about twice the best choice
   * in hindsight (compiling the parts costs about as much as compiling the
   * tree). 0: on the pattern's second question.
   */
  readonly relevantPartsAfterMs?: number
}

/** The whole tree's time on an observation pattern whose relevant parts are not compiled yet. */
export interface Seen {
  spentMs: number
}

/** What an engine keeps out of sight: its tree, its tables and its caches. */
export interface EngineState {
  /** The model as given (before any decomposition of its compact tables). */
  readonly model: Model<Assignment>
  /** Cardinalities of every compiled variable: the model's, then any auxiliary ones (never reported). */
  readonly cards: readonly number[]
  /** The model's tables: CPTs by variable id (Bayesian) or potentials (Markov). */
  readonly factors: readonly Factor[]
  readonly tables: readonly DenseTable[]
  readonly tree: CompiledTree | undefined
  readonly options: EngineOptions
  readonly relevantPartsAbove: number
  readonly relevantPartsAfterMs: number
  /** Longest path from a root to each variable (0 for potentials): deepest targets are covered first. */
  readonly depth: Int32Array
  /**
   * Compiled relevant parts by question pattern, `'tree'` where the whole tree
   * is cheaper, or the time the whole tree has spent on a pattern whose parts
   * are not compiled yet (least recently used first).
   */
  readonly covers: Map<string, Cover | 'tree' | Seen>
  /** For a decomposed network: the expanded tables' engine, compiled on the first question that needs it (MPE). */
  readonly expanded: { engine: Engine<Assignment> | undefined }
}

/** What a model compiles to: its kind, and its tables over its own variables and any auxiliary ones. */
interface Prepared {
  readonly kind: Engine['kind']
  readonly factors: readonly Factor[]
  readonly cards: readonly number[]
  readonly compactTables: Engine['compactTables']
}

/**
 * The tables to compile: a Markov network's potentials, a Bayesian network's
 * tables, or its noisy-MAX tables decomposed when that plans a smaller tree.
 */
const prepare = (model: Model<Assignment>, options: EngineOptions): E.Either<InferError, Prepared> => {
  const cardsOf = (d: Domain): number[] => d.variables.map((v) => v.states.length)
  if (!('cpts' in model)) return E.right({ kind: 'markov', factors: model.factors, cards: cardsOf(model.domain), compactTables: 'expanded' })
  const expanded: Prepared = { kind: 'bayesian', factors: model.cpts, cards: cardsOf(model.domain), compactTables: 'expanded' }
  const mode = options.compactTables ?? 'auto'
  if (mode === 'expand' || model.compact === undefined) return E.right(expanded)
  const split = decompose(model)
  if (E.isLeft(split)) return E.left({ _tag: 'Model', errors: split.left })
  if (split.right.auxiliary.length === 0) return E.right(expanded)
  const network = split.right.network
  const decomposed: Prepared = { kind: 'bayesian', factors: network.cpts, cards: cardsOf(network.domain), compactTables: 'decomposed' }
  if (mode === 'decompose') return E.right(decomposed)
  const entries = (p: Prepared): number => planTables(p.cards, p.factors, options).plan.clusterEntries
  return E.right(entries(decomposed) < entries(expanded) ? decomposed : expanded)
}

const states = new WeakMap<Engine<Assignment>, EngineState>()

/** The private state of an engine (internal: `@chainrule/infer/internal`). */
export const engineState = (engine: Engine<Assignment>): EngineState => {
  const state = states.get(engine)
  if (state === undefined) throw new TypeError('not an engine made by compile')
  return state
}

/** What resolving a question needs of an engine. */
export const questionContext = (engine: Engine<Assignment>, state: EngineState): QuestionContext => ({
  domain: engine.domain,
  variables: state.cards.length,
  kind: engine.kind,
  factors: state.factors,
})

/** Below this many cluster entries a calibrated tree is always the cheaper way to all marginals. */
const SMALL_TREE_ENTRIES = 1e6

const engineOf = <A extends Assignment>(
  domain: Domain,
  kind: Engine['kind'],
  compactTables: Engine['compactTables'],
  plan: CompilePlan,
  state: Omit<EngineState, 'relevantPartsAbove' | 'relevantPartsAfterMs' | 'covers' | 'depth' | 'expanded'>,
  compileMs: number,
): Engine<A> => {
  const options = state.options
  const engine: Engine<A> = Object.freeze({
    domain,
    kind,
    plan,
    treeBuilt: state.tree !== undefined,
    method: options.method ?? 'auto',
    memoryBudgetBytes: options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES,
    compactTables,
  })
  states.set(engine, {
    ...state,
    relevantPartsAbove: options.relevantPartsAbove ?? SMALL_TREE_ENTRIES,
    relevantPartsAfterMs: options.relevantPartsAfterMs ?? compileMs,
    depth: depthOf({ cards: state.cards, tables: state.tables, isBayesianNetwork: kind === 'bayesian' }),
    covers: new Map(),
    expanded: { engine: undefined },
  })
  return engine
}

/**
 * Compile a model: moralise, triangulate with the cheapest of several
 * heuristics, build the junction tree, multiply the tables in. With
 * `method: 'tree'`, returns `OverBudget` (stating the bytes it would need)
 * instead of allocating past `memoryBudgetBytes` (default 2 GiB); with the
 * default `'auto'`, such a model is answered from the parts each question needs.
 *
 * @example
 * ```ts
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const coin = defineNetwork({ states: { coin: ['heads', 'tails'] }, tables: { coin: [0.5, 0.5] } })
 * const engine = E.isRight(coin) ? compile(coin.right) : undefined
 * engine !== undefined && E.isRight(engine) && engine.right.treeBuilt // => true
 * ```
 */
export const compile = <A extends Assignment>(model: Model<A>, options: EngineOptions = {}): E.Either<InferError, Engine<A>> => {
  const start = performance.now()
  const prepared = prepare(model, options)
  if (E.isLeft(prepared)) return prepared
  const { kind, factors, cards, compactTables } = prepared.right
  const domain = model.domain
  const tables: DenseTable[] = factors.map((f) => ({ scope: f.scope, values: f.values }))
  const base = { model, cards, factors, tables, options }
  const engine = (plan: CompilePlan, tree: CompiledTree | undefined, compileMs: number): Engine<A> =>
    engineOf(domain, kind, compactTables, plan, { ...base, tree }, compileMs)
  if (options.method === 'elimination') return E.right(engine(planTables(cards, tables, options).plan, undefined, 0))
  const compiled = compileTables(cards, tables, options)
  if (E.isRight(compiled)) return E.right(engine(compiled.right.plan, compiled.right, performance.now() - start))
  if (compiled.left._tag === 'OverBudget' && options.method !== 'tree') return E.right(engine(compiled.left.plan, undefined, 0))
  return compiled
}

/**
 * The same engine with new numbers: `model` must have the variables, states
 * and table scopes of the compiled one (a network whose tables were
 * re-estimated, as EM does at every iteration). The junction tree is not
 * triangulated or laid out again; its tables are refilled. Answers equal
 * those of `compile(model)`.
 *
 * @example
 * ```ts
 * import { compile, marginals, retable, toRecord } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const fair = defineNetwork({ states: { coin: ['heads', 'tails'] }, tables: { coin: [0.5, 0.5] } })
 * const biased = defineNetwork({ states: { coin: ['heads', 'tails'] }, tables: { coin: [0.9, 0.1] } })
 * if (E.isRight(fair) && E.isRight(biased)) {
 *   const engine = compile(fair.right)
 *   const refilled = E.isRight(engine) ? retable(engine.right, biased.right) : engine
 *   const posterior = E.isRight(refilled) ? marginals(refilled.right, {}) : refilled
 *   E.isRight(posterior) && toRecord(posterior.right).coin // => { heads: 0.9, tails: 0.1 }
 * }
 * ```
 */
export const retable = <A extends Assignment>(engine: Engine<A>, model: Model<A>): E.Either<InferError, Engine<A>> => {
  const state = engineState(engine)
  // The new model is prepared as the compiled one was (expanded, or decomposed).
  const prepared = prepare(model, { ...state.options, compactTables: engine.compactTables === 'decomposed' ? 'decompose' : 'expand' })
  if (E.isLeft(prepared)) return prepared
  const { kind, factors } = prepared.right
  const mismatch = checkSameShape(engine, state, kind, model.domain, factors)
  if (mismatch !== undefined) return E.left({ _tag: 'ShapeMismatch', reason: mismatch })
  const tables: DenseTable[] = factors.map((f) => ({ scope: f.scope, values: f.values }))
  const tree = state.tree === undefined ? undefined : refillTree(state.tree, tables, state.options)
  return E.right(engineOf(engine.domain, kind, engine.compactTables, engine.plan, { model, cards: state.cards, factors, tables, options: state.options, tree }, state.relevantPartsAfterMs))
}

const checkSameShape = (
  engine: Engine<Assignment>,
  state: EngineState,
  kind: Engine['kind'],
  domain: Domain,
  factors: readonly Factor[],
): string | undefined => {
  if (kind !== engine.kind) return `the engine holds a ${engine.kind} model, not a ${kind} one`
  if (domain.variables.length !== engine.domain.variables.length) return `expected ${engine.domain.variables.length} variables, got ${domain.variables.length}`
  for (const v of engine.domain.variables) {
    const other = domain.variables[v.id]!
    if (other.name !== v.name || other.states.length !== v.states.length || other.states.some((s, k) => s !== v.states[k]))
      return `variable ${v.id} is "${v.name}" with states ${v.states.join(', ')}; the new model differs there`
  }
  if (factors.length !== state.factors.length) return `expected ${state.factors.length} tables, got ${factors.length}`
  for (let t = 0; t < factors.length; t++) {
    const a = state.factors[t]!.scope
    const b = factors[t]!.scope
    if (a.length !== b.length || a.some((v, k) => v !== b[k])) return `table ${t} has scope [${b.join(', ')}], expected [${a.join(', ')}]`
  }
  return undefined
}
