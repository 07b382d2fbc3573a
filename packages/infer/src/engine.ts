/**
 * The compiled inference engine: compile a model once into a junction tree,
 * then ask it any number of questions. Each query starts from the compiled
 * tables, so evidence is simply part of the question: adding or retracting an
 * observation never needs a recompile.
 */
import type { Domain, Factor } from '@chainrule/factor'
import { either as E } from 'fp-ts'
import { compileTables, type CompiledTree, type CompileOptions, type CompilePlan } from './compile-tables.js'
import { denseEvidence, type Observations } from './evidence.js'
import type { InferError } from './errors.js'
import { samplePosterior, type UniformSource } from './posterior-sample.js'
import { maxPropagate, propagate, readMarginal } from './propagate.js'

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
  /** Sizes known before allocation: largest cluster, total entries, bytes. */
  readonly plan: CompilePlan
  /** @internal the junction tree and its scratch buffers */
  readonly tree: CompiledTree
  /** Type-level only: the model's names and states, so that queries reject typos at compile time. */
  readonly __assignment?: A
}

/**
 * Compile a model into a junction tree (moralise, triangulate with the
 * cheapest of several heuristics, build the tree, multiply the tables in).
 * Returns `OverBudget`, stating the bytes it would need, instead of
 * allocating past `memoryBudgetBytes` (default 2 GiB).
 *
 * @example
 * const engine = compile(network) // Either<InferError, Engine>
 */
export const compile = <A extends Assignment>(model: TableModel<A>, options: CompileOptions = {}): E.Either<InferError, Engine<A>> => {
  const cards = model.domain.variables.map((v) => v.states.length)
  const tables = model.cpts.map((f) => ({ scope: f.scope as readonly number[], values: f.values }))
  const isBayesianNetwork = model.dag !== undefined
  return E.map((tree: CompiledTree): Engine<A> => ({ domain: model.domain, cpts: model.cpts, isBayesianNetwork, plan: tree.plan, tree }))(
    compileTables(cards, tables, options),
  )
}

/** Posterior marginals of every variable, and log P(evidence). */
export interface Posterior {
  readonly domain: Domain
  /** log P(e) in nats (soft evidence counted with each likelihood scaled to a peak of 1). */
  readonly logPEvidence: number
  /** `observed[v]` is the observed state index of variable v, or -1. */
  readonly observed: Int32Array
  /** `probabilities[v][s]` = P(v = s | e), indexed by variable id and state index. */
  readonly probabilities: readonly Float64Array[]
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
export const marginals = <A extends Assignment>(engine: Engine<A>, observations: Observations<A> = {}): E.Either<InferError, Posterior> => {
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
  const evidence = checked.right
  const logPEvidence = propagate(engine.tree, evidence)
  if (logPEvidence === -Infinity) return E.left(impossible(evidence.description))
  const probabilities = engine.domain.variables.map((v) => {
    const out = new Float64Array(v.states.length)
    readMarginal(engine.tree, v.id, out)
    return out
  })
  return E.right({ domain: engine.domain, logPEvidence, observed: evidence.states, probabilities })
}

/**
 * The marginals of the unobserved variables as plain data:
 * `{ variable: { state: probability } }`, variables and states in declaration order.
 */
export const toRecord = (posterior: Posterior): Record<string, Record<string, number>> => {
  const out: Record<string, Record<string, number>> = {}
  for (const v of posterior.domain.variables) {
    if (posterior.observed[v.id]! >= 0) continue
    const row: Record<string, number> = {}
    v.states.forEach((s, k) => {
      row[s] = posterior.probabilities[v.id]![k]!
    })
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
  const states = new Int32Array(engine.domain.variables.length)
  const logProbability = maxPropagate(engine.tree, checked.right, states)
  if (logProbability === -Infinity) return E.left(impossible(checked.right.description))
  const assignment: Record<string, string> = {}
  for (const v of engine.domain.variables) assignment[v.name] = v.states[states[v.id]!]!
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
  if (!Number.isSafeInteger(rows) || rows < 0) return E.left({ _tag: 'InvalidRowCount', rows })
  const checked = denseEvidence(engine.domain, observations)
  if (E.isLeft(checked)) return checked
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
