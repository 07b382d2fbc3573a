/**
 * The compiled inference engine: compile a model once into a junction tree,
 * then ask it any number of questions. Each query starts from the compiled
 * tables, so evidence is simply part of the question: adding or retracting an
 * observation never needs a recompile.
 */
import type { Domain, Factor } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import { compileTables, defaultMemoryBudgetBytes, planTables, type CompiledTree, type CompileOptions, type CompilePlan, type DenseTable } from './compile-tables.js'
import { denseEvidence, type CheckedEvidence, type Observations } from './evidence.js'
import { logSpaceMarginals, type LogSpaceModel } from './log-space-marginals.js'
import type { InferError } from './errors.js'
import { samplePosterior, type UniformSource } from './posterior-sample.js'
import { answeredInRange, maxPropagate, propagate, readMarginal } from './propagate.js'
import { answerCover, coverTargets, depthOf, type Cover } from './relevant-trees.js'

/**
 * What the engine compiles: variables with their states, and tables over them
 * (a Bayesian network's CPTs, or any non-negative factors).
 */
export interface TableModel<A extends Assignment = Assignment> {
  readonly domain: Domain
  readonly cpts: readonly Factor[]
  /**
   * Present on Bayesian networks (`cpts[i]` is P(i | parents), child last):
   * lets elimination prune barren variables. Absent for general factors.
   */
  readonly dag?: unknown
  /** Type-level only: the names and states of the model (see `@chainrule/models`). */
  readonly __assignment?: A
}

/** Variable name -> state name; a network declared in code narrows it to its own names and states. */
export type Assignment = Readonly<Record<string, string>>

/** A compiled model, ready for queries. */
export interface Engine<A extends Assignment = Assignment> {
  readonly domain: Domain
  /** The compiled model's tables (kept for questions answered by elimination). */
  readonly cpts: readonly Factor[]
  /** True when `cpts[i]` is the conditional table of variable i (a Bayesian network). */
  readonly isBayesianNetwork: boolean
  /** The junction tree's sizes, known before allocation (also when it was not built). */
  readonly plan: CompilePlan
  /**
   * @internal the junction tree and its scratch buffers; undefined when it
   * would not fit the budget and the engine answers by pruned elimination.
   */
  readonly tree: CompiledTree | undefined
  readonly memoryBudgetBytes: number
  /** How this engine answers marginals (see {@link EngineOptions}). */
  readonly method: InferenceMethod
  readonly relevantPartsAbove: number
  /** Time a pattern may spend on the whole tree before its relevant parts are compiled (see {@link EngineOptions}). */
  readonly relevantPartsAfterMs: number
  /** Longest path from a root to each variable (0 for general factors): deepest targets are covered first. */
  readonly depth: Int32Array
  /**
   * @internal compiled relevant parts by observation pattern (which variables
   * are observed, and which targets), 'tree' where the whole tree is cheaper,
   * or the time the whole tree has spent on a pattern whose parts are not
   * compiled yet.
   */
  readonly covers: Map<string, Cover | 'tree' | Seen>
  /** Type-level only: the model's names and states, so that queries reject typos at compile time. */
  readonly __assignment?: A
}

/** How an engine answers: with its junction tree, by pruned elimination, or choosing per query. */
export type InferenceMethod = 'auto' | 'tree' | 'elimination'

/** Options of {@link compile}. */
export interface EngineOptions extends CompileOptions {
  /**
   * 'auto' (default): build the junction tree when it fits the memory budget;
   * on large trees, each query first tries trees over the parts relevant to its
   * targets and keeps them when they stay smaller than the whole tree; without
   * a whole tree, marginals always come from the relevant parts.
   * 'tree': the whole junction tree for every query, or an `OverBudget` error.
   * 'elimination': no whole tree (nothing to compile up front); marginals from
   * small trees over the parts relevant to the targets, log P(e) by pruned
   * elimination. MPE and posterior sampling need the whole tree.
   */
  readonly method?: InferenceMethod
  /** Under 'auto', whole trees with more cluster entries than this try relevant parts (default 10^6). */
  readonly relevantPartsAbove?: number
  /**
   * With a whole tree, the relevant parts of an observation pattern are
   * compiled once the whole tree has spent this long (ms) answering that
   * pattern. Default: as long as the whole tree took to compile, so that a
   * pattern asked a few times never pays more than about twice the best choice
   * in hindsight (compiling the parts costs about as much as compiling the
   * tree). 0: on the pattern's second query.
   */
  readonly relevantPartsAfterMs?: number
}

/** The whole tree's time on an observation pattern whose relevant parts are not compiled yet. */
interface Seen {
  spentMs: number
}

/**
 * Compile a model (moralise, triangulate with the cheapest of several
 * heuristics, build the junction tree, multiply the tables in). With
 * `method: 'tree'`, returns `OverBudget` (stating the bytes it would need)
 * instead of allocating past `memoryBudgetBytes` (default 2 GiB); with the
 * default `'auto'`, such a model is answered by pruned elimination instead.
 *
 * @example
 * const engine = compile(network) // Either<InferError, Engine>
 */
export const compile = <A extends Assignment>(model: TableModel<A>, options: EngineOptions = {}): E.Either<InferError, Engine<A>> => {
  const cards = model.domain.variables.map((v) => v.states.length)
  const tables = model.cpts.map((f) => ({ scope: f.scope as readonly number[], values: f.values }))
  const isBayesianNetwork = model.dag !== undefined
  const memoryBudgetBytes = options.memoryBudgetBytes ?? defaultMemoryBudgetBytes
  const depth = depthOf({ cards, tables, isBayesianNetwork })
  const engineOf = (plan: CompilePlan, tree: CompiledTree | undefined, compileMs = 0): Engine<A> => ({
    domain: model.domain,
    cpts: model.cpts,
    isBayesianNetwork,
    plan,
    tree,
    memoryBudgetBytes,
    method: options.method ?? 'auto',
    relevantPartsAbove: options.relevantPartsAbove ?? SMALL_TREE_ENTRIES,
    relevantPartsAfterMs: options.relevantPartsAfterMs ?? compileMs,
    depth,
    covers: new Map(),
  })
  if (options.method === 'elimination') return E.right(engineOf(planTables(cards, tables, options).plan, undefined))
  const start = performance.now()
  const compiled = compileTables(cards, tables, options)
  if (E.isRight(compiled)) return E.right(engineOf(compiled.right.plan, compiled.right, performance.now() - start))
  if (compiled.left._tag === 'OverBudget' && options.method !== 'tree') return E.right(engineOf(compiled.left.plan, undefined))
  return compiled
}

/** Below this many cluster entries a calibrated tree is always the cheaper way to all marginals. */
const SMALL_TREE_ENTRIES = 1e6

/** Options of {@link marginals}. */
export interface MarginalOptions<A extends Assignment = Assignment> {
  /** Variables to answer for (default: every unobserved variable). */
  readonly targets?: readonly (keyof A & string)[]
}

/** Posterior marginals and log P(evidence). */
export interface Posterior {
  readonly domain: Domain
  /** log P(e) in nats (soft evidence counted with each likelihood scaled to a peak of 1). */
  readonly logPEvidence: number
  /** `observed[v]` is the observed state index of variable v, or -1. */
  readonly observed: Int32Array
  /** The variables answered (ids): the targets asked for, or every unobserved variable. */
  readonly targets: readonly number[]
  /**
   * `probabilities[v][s]` = P(v = s | e) by variable id and state index, for
   * every target (observed variables: a point mass when the tree answered);
   * undefined for variables not computed.
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

export const impossible = (description: readonly string[]): InferError => ({ _tag: 'ImpossibleEvidence', evidence: description })

/**
 * Posterior marginals of every variable given the observations, from one
 * propagation (collect and distribute), with log P(evidence).
 *
 * @example
 * const posterior = marginals(engine, { evidence: { wet: 'yes' } })
 * // E.map(toRecord)(posterior) -> Right({ rain: { no: 0.64, yes: 0.36 }, ... })
 */
export const marginals = <A extends Assignment>(
  engine: Engine<A>,
  observations: Observations<A> = {},
  options: MarginalOptions<A> = {},
): E.Either<InferError, Posterior> => {
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
  const evidence = checked.right
  const { domain, tree } = engine
  let targets: number[]
  if (options.targets === undefined) targets = domain.variables.filter((v) => evidence.states[v.id]! < 0).map((v) => v.id)
  else {
    targets = []
    for (const name of options.targets) {
      const v = domain.byName.get(name)
      if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
      if (targets.includes(v)) return E.left({ _tag: 'DuplicateTarget', variable: name })
      targets.push(v)
    }
  }
  const probabilities: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(domain.variables.length).fill(undefined)

  // Small trees always answer. Otherwise the targets are covered by trees over
  // their relevant parts, compiled once per observation pattern, unless those
  // add up to more than the whole tree.
  const soft = evidence.likelihoods !== undefined
  if (tree === undefined && soft) return E.left(overBudget(engine))
  // A pattern not yet worth its parts is answered by the whole tree, which is timed.
  let seen: Seen | undefined
  if (tree === undefined || (engine.method !== 'tree' && !soft && tree.plan.clusterEntries > engine.relevantPartsAbove)) {
    const cover = coverFor(engine, options.targets === undefined ? undefined : targets, evidence.states)
    if (E.isLeft(cover)) return cover
    if (isSeen(cover.right)) seen = cover.right
    else if (cover.right !== 'tree') {
      const logPEvidence = answerCover(cover.right, evidence.states, probabilities)
      if (logPEvidence === undefined) return inLogSpace(engine, evidence, targets)
      if (logPEvidence === -Infinity) return E.left(impossible(evidence.description))
      for (const v of targets)
        if (evidence.states[v]! >= 0) probabilities[v] = pointMass(domain.variables[v]!.states.length, evidence.states[v]!)
      return unlessLost(engine, evidence, { domain, logPEvidence, observed: evidence.states, targets, probabilities, method: 'relevant-parts' })
    }
  }

  const started = performance.now()
  const propagated = propagate(tree!, evidence)
  // Out of range, the tree's answer (even P(e) = 0) cannot be trusted; in range, a zero is exact.
  if (!answeredInRange(tree!)) return inLogSpace(engine, evidence, targets)
  if (propagated === -Infinity) return E.left(impossible(evidence.description))
  // A Bayesian network's tables sum to 1: with nothing observed, log P(e) is 0 exactly.
  const logPEvidence = engine.isBayesianNetwork && evidence.description.length === 0 ? 0 : propagated
  for (const v of options.targets === undefined ? domain.variables.map((x) => x.id) : targets) {
    const out = new Float64Array(domain.variables[v]!.states.length)
    readMarginal(tree!, v, out)
    probabilities[v] = out
  }
  if (seen !== undefined) seen.spentMs += performance.now() - started
  return unlessLost(engine, evidence, { domain, logPEvidence, observed: evidence.states, targets, probabilities, method: 'tree' })
}

/**
 * The posterior, unless a marginal came out as 0/0 (every entry of its cluster
 * below the smallest double): then the question is answered again in log space.
 */
const unlessLost = (engine: Engine<Assignment>, evidence: CheckedEvidence, posterior: Posterior): E.Either<InferError, Posterior> =>
  posterior.probabilities.some((p) => p !== undefined && p.some((x) => Number.isNaN(x))) ? inLogSpace(engine, evidence, posterior.targets) : E.right(posterior)

/**
 * The tree's products left the range of doubles, or it lost a marginal to
 * underflow: variable elimination in log space answers exactly (and tells an
 * impossible question from one whose probabilities are merely tiny).
 */
const inLogSpace = (engine: Engine<Assignment>, evidence: CheckedEvidence, targets: readonly number[]): E.Either<InferError, Posterior> => {
  const { domain } = engine
  const answer = logSpaceMarginals(logSpaceModel(engine), evidence.states, evidence.likelihoods, targets)
  if (answer.logPEvidence === -Infinity) return E.left(impossible(evidence.description))
  const probabilities: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(domain.variables.length).fill(undefined)
  for (const v of targets) {
    const s = evidence.states[v]!
    probabilities[v] = s >= 0 ? pointMass(domain.variables[v]!.states.length, s) : answer.probabilities.get(v)
  }
  return E.right({ domain, logPEvidence: answer.logPEvidence, observed: evidence.states, targets, probabilities, method: 'log-space' })
}

/** Rows must be a non-negative integer, and their output (`bytesPerRow` each) must fit the budget. */
export const checkRowCount = (rows: number, bytesPerRow: number, budgetBytes: number): E.Either<InferError, number> => {
  if (!Number.isSafeInteger(rows) || rows < 0) return E.left({ _tag: 'InvalidRowCount', rows })
  const bytes = rows * bytesPerRow
  return bytes > budgetBytes ? E.left({ _tag: 'RowsOverBudget', rows, bytes, budgetBytes }) : E.right(rows)
}

/** The model as the log-space fallback reads it. */
export const logSpaceModel = (engine: Engine<Assignment>): LogSpaceModel => ({
  cards: engine.domain.variables.map((v) => v.states.length),
  tables: tablesOf(engine.cpts),
  isBayesianNetwork: engine.isBayesianNetwork,
})

/** The error of questions that need the junction tree when it was too large to build. */
export const overBudget = (engine: Engine<Assignment>): InferError =>
  engine.plan.bytes > engine.memoryBudgetBytes
    ? { _tag: 'OverBudget', plan: engine.plan, budgetBytes: engine.memoryBudgetBytes }
    : { _tag: 'TreeNotBuilt' }

const tablesOf = (cpts: readonly Factor[]): DenseTable[] => cpts.map((f) => ({ scope: f.scope, values: f.values }))

/** Relevant parts answer only when their trees hold less than this share of the whole tree's entries. */
const PARTS_SHARE = 0.8

/** Observation patterns whose covers an engine keeps (least recently used dropped first). */
const COVERS_KEPT = 8

/**
 * The relevant parts for these targets (undefined: every unobserved
 * variable) under this pattern of observed variables, compiled on first use.
 */
const coverFor = (
  engine: Engine<Assignment>,
  targets: readonly number[] | undefined,
  states: Int32Array,
): E.Either<InferError, Cover | 'tree' | Seen> => {
  const observed: number[] = []
  states.forEach((s, v) => {
    if (s >= 0) observed.push(v)
  })
  const key = `${observed.join(',')}|${targets === undefined ? '*' : [...targets].sort((a, b) => a - b).join(',')}`
  const cached = engine.covers.get(key)
  // With a whole tree at hand, a few propagations are cheaper than compiling
  // the parts: they are compiled once the pattern has cost the tree
  // `relevantPartsAfterMs` (a first query always uses the tree).
  if (engine.tree !== undefined && (cached === undefined || (isSeen(cached) && cached.spentMs < engine.relevantPartsAfterMs))) {
    const entry = cached ?? { spentMs: 0 }
    remember(engine, key, entry)
    return E.right(entry)
  }
  if (cached !== undefined && !isSeen(cached)) {
    remember(engine, key, cached)
    return E.right(cached)
  }
  const wanted = (targets ?? engine.domain.variables.map((v) => v.id)).filter((v) => states[v]! < 0)
  const cover = coverTargets(
    {
      cards: engine.domain.variables.map((v) => v.states.length),
      tables: tablesOf(engine.cpts),
      isBayesianNetwork: engine.isBayesianNetwork,
      memoryBudgetBytes: engine.memoryBudgetBytes,
    },
    wanted,
    states,
    engine.depth,
    // Parts carry some overhead per tree: they must be clearly smaller than the whole.
    engine.tree === undefined ? Infinity : PARTS_SHARE * engine.tree.plan.clusterEntries,
  )
  if (E.isLeft(cover)) return cover
  const entry = cover.right ?? 'tree'
  remember(engine, key, entry)
  return E.right(entry)
}

const isSeen = (entry: Cover | 'tree' | Seen): entry is Seen => typeof entry === 'object' && 'spentMs' in entry

const remember = (engine: Engine<Assignment>, key: string, entry: Cover | 'tree' | Seen): void => {
  engine.covers.delete(key)
  engine.covers.set(key, entry)
  if (engine.covers.size > COVERS_KEPT) engine.covers.delete(engine.covers.keys().next().value!)
}

/** The distribution with all its mass on `state`. */
export const pointMass = (card: number, state: number): Float64Array => {
  const out = new Float64Array(card)
  out[state] = 1
  return out
}

/**
 * The marginals of the unobserved variables as plain data:
 * `{ variable: { state: probability } }`, variables and states in declaration order.
 */
export const toRecord = (posterior: Posterior): Record<string, Record<string, number>> => {
  // Keyed by user names: own properties only (a variable may be called __proto__).
  const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
  for (const id of posterior.targets) {
    const v = posterior.domain.variables[id]!
    const p = posterior.probabilities[id]
    if (posterior.observed[id]! >= 0 || p === undefined) continue
    const row = Object.fromEntries(v.states.map((s, k) => [s, p[k]!]))
    out[v.name] = row
  }
  return out
}

/** A most probable explanation. */
export interface Explanation<A extends Assignment = Assignment> {
  /** State of every variable, observed ones included, by name. */
  readonly assignment: A
  /** The same, as state indices by variable id. */
  readonly states: Int32Array
  /** log P(assignment, evidence) in nats. */
  readonly logProbability: number
}

/**
 * The most probable assignment of all unobserved variables given the
 * evidence (MPE), by max-propagation and traceback, with log P(x, e).
 *
 * @example
 * const best = mpe(engine, { evidence: { wet: 'yes' } })
 */
export const mpe = <A extends Assignment>(engine: Engine<A>, observations: Observations<A> = {}): E.Either<InferError, Explanation<A>> => {
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
  if (engine.tree === undefined) return E.left(overBudget(engine))
  const states = new Int32Array(engine.domain.variables.length)
  const logProbability = maxPropagate(engine.tree, checked.right, states)
  if (logProbability === -Infinity) return E.left(impossible(checked.right.description))
  const assignment = Object.fromEntries(engine.domain.variables.map((v) => [v.name, v.states[states[v.id]!]!]))
  return E.right({ assignment: assignment as A, states, logProbability })
}

/** Samples drawn exactly from the posterior: one typed column per variable. */
export interface PosteriorSamples {
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
  /** `columns[v][r]` is the state index of variable v in row r. */
  readonly columns: readonly Int32Array[]
  readonly rows: number
  /** log P(e) of the evidence the samples are conditioned on. */
  readonly logPEvidence: number
}

/**
 * Draw `rows` exact samples from P(x | e) (no rejection, no weights): one
 * propagation, then forward sampling over the calibrated tree.
 *
 * @example
 * const draws = samplePosteriorRows(engine, 1000, createRng(7), { evidence: { wet: 'yes' } })
 */
export const samplePosteriorRows = <A extends Assignment>(
  engine: Engine<A>,
  rows: number,
  rng: UniformSource,
  observations: Observations<A> = {},
): E.Either<InferError, PosteriorSamples> => {
  const n = engine.domain.variables.length
  const counted = checkRowCount(rows, 4 * n, engine.memoryBudgetBytes)
  if (E.isLeft(counted)) return counted
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
  if (engine.tree === undefined) return E.left(overBudget(engine))
  const logPEvidence = propagate(engine.tree, checked.right)
  if (logPEvidence === -Infinity) return E.left(impossible(checked.right.description))
  const columns = engine.domain.variables.map(() => new Int32Array(rows))
  samplePosterior(engine.tree, rows, rng, columns)
  return E.right({
    variables: engine.domain.variables.map((v) => v.name),
    states: engine.domain.variables.map((v) => v.states),
    columns,
    rows,
    logPEvidence,
  })
}
