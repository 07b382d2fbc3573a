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
import { compilePlanned, invalidOrder, planTables, refillTree, type CompiledTree, type CompileOptions, type CompilePlan, type DenseTable } from './compile-tables.js'
import type { Cover, Part } from './relevant-trees.js'
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
   * 'auto' (default): use the junction tree when it fits the memory budget
   * (it is allocated when a question first needs it); on large trees, each
   * question is answered from the whole tree, from trees over its
   * evidence-reduced relevant parts, or by elimination in log space, whichever
   * is estimated cheapest; without a whole tree, from the relevant parts.
   * 'tree': the whole junction tree for every question, or an `OverBudget` error.
   * 'elimination': no whole tree (nothing to compile up front); every question
   * is answered from evidence-reduced trees over the parts it needs, or by
   * elimination in log space when no such tree fits.
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
   * With a whole tree, the relevant parts of a question pattern that are not
   * cheaper at once are compiled once the whole tree has spent this long (ms)
   * answering that pattern. Default: the parts' estimated compile time, so
   * that a pattern asked a few times never pays more than about twice the best
   * choice in hindsight. 0: on the pattern's second question.
   */
  readonly relevantPartsAfterMs?: number
}

/** The whole tree's time on a question pattern whose relevant parts are not compiled yet, and their estimated entries. */
export interface Seen {
  spentMs: number
  readonly partEntries: number
}

/**
 * What the engine has measured of its own speed, to choose how to answer
 * before allocating anything: the whole tree's time per question, and time
 * per cluster entry of relevant parts, compiling and answering (running
 * averages; seeded with this machine's typical figures).
 */
export interface Rates {
  treeMs: number | undefined
  partNsPerEntry: number
  compileNsPerEntry: number
}

/**
 * The whole junction tree of an engine: its plan is made at compile time (it
 * decides whether the tree fits, and how questions are routed), its tables
 * are allocated and filled when a question first needs them, so that an
 * engine whose questions are answered from evidence-reduced trees never pays
 * for the whole one.
 */
export interface WholeTree {
  readonly plan: CompilePlan
  /** The triangulated shape the tree is laid out from (kept so that new numbers need no triangulation). */
  readonly planned: ReturnType<typeof planTables>
  built: CompiledTree | undefined
  readonly build: () => CompiledTree
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
  /** The whole tree when it can be built (within the budget, method not 'elimination'): planned at compile time, built on first use. */
  readonly whole: WholeTree | undefined
  /** The whole tree, built (laid out, allocated, filled) the first time this is read; undefined when it cannot be built. */
  readonly tree: CompiledTree | undefined
  /** The whole tree's elimination order (also when the tree was not built): relevant parts are never larger along it. */
  readonly order: readonly number[]
  readonly options: EngineOptions
  readonly relevantPartsAbove: number
  /** Longest path from a root to each variable (0 for potentials): deepest targets are covered first. */
  readonly depth: Int32Array
  /**
   * Compiled relevant parts by question pattern, `'tree'` where the whole tree
   * is cheaper, or the time the whole tree has spent on a pattern whose parts
   * are not compiled yet (least recently used first).
   */
  readonly covers: Map<string, Cover | 'tree' | Seen>
  /** Evidence-reduced trees for MPE and samples without a whole tree, by purpose and pattern ('over-budget' when they do not fit). */
  readonly reduced: Map<string, Part | 'over-budget'>
  readonly rates: Rates
  /** For a decomposed network: the expanded tables' engine, compiled on the first question that needs it (MPE). */
  readonly expanded: { engine: Engine<Assignment> | undefined }
}

/** What a model compiles to: its kind, and its tables over its own variables and any auxiliary ones. */
interface Prepared {
  readonly kind: Engine['kind']
  readonly factors: readonly Factor[]
  readonly cards: readonly number[]
  readonly compactTables: Engine['compactTables']
  /** The tree planned over these tables, when choosing between expanded and decomposed tables planned it already. */
  readonly planned?: ReturnType<typeof planTables>
}

/**
 * The tables to compile: a Markov network's potentials, a Bayesian network's
 * tables, or its noisy-MAX tables decomposed when that plans a smaller tree.
 * An explicit elimination order names the model's own variables, so under
 * 'auto' it keeps the tables expanded.
 */
const prepare = (model: Model<Assignment>, options: EngineOptions): E.Either<InferError, Prepared> => {
  const cardsOf = (d: Domain): number[] => d.variables.map((v) => v.states.length)
  if (!('cpts' in model)) return E.right({ kind: 'markov', factors: model.factors, cards: cardsOf(model.domain), compactTables: 'expanded' })
  const expanded: Prepared = { kind: 'bayesian', factors: model.cpts, cards: cardsOf(model.domain), compactTables: 'expanded' }
  const mode = options.compactTables ?? 'auto'
  if (mode === 'expand' || model.compact === undefined) return E.right(expanded)
  if (mode === 'auto' && (options.strategies ?? []).some((s) => s.kind === 'order')) return E.right(expanded)
  const split = decompose(model)
  if (E.isLeft(split)) return E.left({ _tag: 'Model', errors: split.left })
  if (split.right.auxiliary.length === 0) return E.right(expanded)
  const network = split.right.network
  const decomposed: Prepared = { kind: 'bayesian', factors: network.cpts, cards: cardsOf(network.domain), compactTables: 'decomposed' }
  if (mode === 'decompose') return E.right(decomposed)
  const planned = (p: Prepared): Prepared => ({ ...p, planned: planTables(p.cards, p.factors, options) })
  const [d, x] = [planned(decomposed), planned(expanded)]
  return E.right(d.planned!.plan.clusterEntries < x.planned!.plan.clusterEntries ? d : x)
}

const states = new WeakMap<Engine<Assignment>, EngineState>()

/** The private state of an engine (internal: `@chainrule/infer/internal`). */
export const engineState = (engine: Engine<Assignment>): EngineState => {
  const state = states.get(engine)
  if (state === undefined) throw new TypeError('not an engine made by compile')
  return state
}

/** Typical cost of answering from relevant parts, per cluster entry (every cluster rebuilt: about six passes). */
const PART_NS_PER_ENTRY = 8
/** Typical cost of compiling relevant parts, per cluster entry (allocation, first fill, layout). */
const COMPILE_NS_PER_ENTRY = 30

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
  state: Omit<EngineState, 'relevantPartsAbove' | 'covers' | 'reduced' | 'depth' | 'rates' | 'tree' | 'expanded'>,
): Engine<A> => {
  const options = state.options
  const engine: Engine<A> = Object.freeze({
    domain,
    kind,
    plan,
    treeBuilt: state.whole !== undefined,
    method: options.method ?? 'auto',
    memoryBudgetBytes: options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES,
    compactTables,
  })
  const full = {
    ...state,
    relevantPartsAbove: options.relevantPartsAbove ?? SMALL_TREE_ENTRIES,
    depth: depthOf({ cards: state.cards, tables: state.tables, isBayesianNetwork: kind === 'bayesian' }),
    covers: new Map(),
    reduced: new Map(),
    rates: { treeMs: undefined, partNsPerEntry: PART_NS_PER_ENTRY, compileNsPerEntry: COMPILE_NS_PER_ENTRY },
    expanded: { engine: undefined },
  }
  const { whole } = state
  states.set(engine, Object.defineProperty(full, 'tree', { enumerable: true, get: () => (whole === undefined ? undefined : (whole.built ??= whole.build())) }) as EngineState)
  return engine
}

/** The whole tree of `planned` tables, built on first use. */
const lazyTree = (cards: readonly number[], tables: readonly DenseTable[], planned: ReturnType<typeof planTables>, options: CompileOptions): WholeTree => ({
  plan: planned.plan,
  planned,
  built: undefined,
  build: () => {
    const tree = compilePlanned(cards, tables, planned, { ...options, memoryBudgetBytes: Infinity })
    if (E.isLeft(tree)) throw new Error(`the whole tree was planned within the budget: ${tree.left._tag}`)
    return tree.right
  },
})

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
  const prepared = prepare(model, options)
  if (E.isLeft(prepared)) return prepared
  const { kind, factors, cards, compactTables } = prepared.right
  const domain = model.domain
  const tables: DenseTable[] = factors.map((f) => ({ scope: f.scope, values: f.values }))
  const invalid = invalidOrder(cards.length, options)
  if (invalid !== undefined) return E.left(invalid)
  const planned = prepared.right.planned ?? planTables(cards, tables, options)
  options.onPlan?.(planned.plan)
  const base = { model, cards, factors, tables, options, order: planned.order }
  const budget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES
  const fits = planned.plan.bytes <= budget
  if (!fits && options.method === 'tree') return E.left({ _tag: 'OverBudget', plan: planned.plan, budgetBytes: budget })
  const whole = fits && options.method !== 'elimination' ? lazyTree(cards, tables, planned, options) : undefined
  return E.right(engineOf(domain, kind, compactTables, planned.plan, { ...base, whole }))
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
  // A built tree keeps its layout and takes the new numbers; an unbuilt one is built with them when first needed.
  const { whole } = state
  const built = whole?.built
  const refilled: WholeTree | undefined =
    whole === undefined
      ? undefined
      : built !== undefined
        ? { plan: whole.plan, planned: whole.planned, built: undefined, build: () => refillTree(built, tables, state.options) }
        : lazyTree(state.cards, tables, whole.planned, state.options)
  return E.right(engineOf(engine.domain, kind, engine.compactTables, engine.plan, { model, cards: state.cards, factors, tables, options: state.options, order: state.order, whole: refilled }))
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
