/**
 * Score-based structure learning: greedy hill climbing over DAGs with add,
 * remove and reverse moves (Chickering, Geiger & Heckerman 1995; bnlearn's
 * `hc`), optionally with a tabu list (Glover 1986; bnlearn's `tabu`: moves
 * may lower the score, graphs visited in the last `length` steps are not
 * revisited, and the search stops after `maxNonImproving` steps without a
 * new best) and random restarts (perturb the best graph with random legal
 * moves, climb again, keep the best).
 *
 * Every family is scored once per search (a score cache shared by restarts),
 * and each step re-prices only the one or two rows its move changed (see
 * `search-state.ts`). Counts go through a `FamilyCounter`: the source's own
 * `counts`, or the in-memory fast path. Rows with a missing cell are left out
 * (complete-case), and the result says how many.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import { createRng } from '@chainrule/models'
import type { DataSource } from '@chainrule/data'
import { compileConstraints, FORBIDDEN, startingParents, type ArcRules, type Constraints } from './constraints.js'
import { openCounter, type Counting, type FamilyCounter, type CountingReport } from './counting.js'
import type { StructureError } from './errors.js'
import { dagOf } from './named-dag.js'
import { checkScore, scoreName, type Score } from './scores.js'
import { scoreCache } from './score-cache.js'
import {
  ADD,
  REMOVE,
  REVERSE,
  applyMove,
  bestMoves,
  hashAfter,
  initialState,
  isLegal,
  type Move,
  type ScoringContext,
  type SearchState,
} from './search-state.js'

/** Tabu search instead of plain hill climbing. */
export interface TabuOptions {
  /** How many recently visited graphs may not be revisited (default 10, as bnlearn). */
  readonly length?: number
  /** Stop after this many steps without a new best score (default 10, as bnlearn's `max.tabu`). */
  readonly maxNonImproving?: number
}

/** Random restarts after the first climb. */
export interface RestartOptions {
  readonly count: number
  /** Random legal moves applied to the best graph before each restart (default 5). */
  readonly perturb?: number
  /** Seed of the perturbations (default 1). */
  readonly seed?: number
}

/** Options of {@link hillClimb}. */
export interface HillClimbOptions {
  /** Default `{ kind: 'bic' }`. */
  readonly score?: Score
  readonly constraints?: Constraints
  /** The graph to start from (default: no arcs); the required arcs are added to it. */
  readonly start?: Dag
  readonly tabu?: TabuOptions
  readonly restarts?: RestartOptions
  /** Stop after this many moves in all (default: no bound). */
  readonly maxIterations?: number
  /** Families whose table would have more entries are never considered (default 2^22). */
  readonly maxTableEntries?: number
  /** Where counts come from (default `auto`: in-memory fast path when the source has one). */
  readonly counting?: Counting
  /** Called after every move, e.g. to report progress or draw the graph as it grows. */
  readonly onStep?: (step: SearchStep) => void
}

/** One move of the search, as `onStep` reports it. */
export interface SearchStep {
  readonly iteration: number
  /** 0 for the first climb, then the restart's number. */
  readonly restart: number
  readonly move: { readonly kind: 'add' | 'remove' | 'reverse'; readonly from: string; readonly to: string }
  readonly delta: number
  readonly score: number
  readonly arcs: number
}

/** A learned structure with its score and what it cost. */
export interface StructureResult extends CountingReport {
  readonly dag: Dag
  /** The graph's total score (nats), under `scoreName`. */
  readonly score: number
  readonly scoreName: string
  readonly iterations: number
  /** Distinct families scored. */
  readonly familiesScored: number
}

const MOVE_NAMES = ['add', 'remove', 'reverse'] as const

/** The best move `accept` takes, scanning the best few and rescanning past rejected ones. */
const findMove = (state: SearchState, rules: ArcRules, accept: (move: Move) => 'take' | 'reject' | 'stop'): Move | undefined => {
  const { n } = state
  const rejected = new Set<number>()
  const keyOf = (m: Move): number => (m.kind * n + m.from) * n + m.to
  const k = 8
  for (;;) {
    const moves = bestMoves(state, rules, k, (m) => rejected.has(keyOf(m)))
    for (const move of moves) {
      const verdict = accept(move)
      if (verdict === 'take') return move
      if (verdict === 'stop') return undefined
      rejected.add(keyOf(move))
    }
    if (moves.length < k) return undefined
  }
}

/** Check the numeric options of a search. */
const checkOptions = (options: HillClimbOptions): E.Either<StructureError, void> => {
  const positiveInteger = (option: string, value: number | undefined, min: number): E.Either<StructureError, void> =>
    value === undefined || (Number.isInteger(value) && value >= min) || (option === 'maxIterations' && value === Number.POSITIVE_INFINITY)
      ? E.right(undefined)
      : E.left({ _tag: 'InvalidOption', option, value: String(value), reason: `expected an integer >= ${min}` })
  const checks = [
    positiveInteger('maxIterations', options.maxIterations, 0),
    positiveInteger('maxTableEntries', options.maxTableEntries, 1),
    positiveInteger('tabu.length', options.tabu?.length, 1),
    positiveInteger('tabu.maxNonImproving', options.tabu?.maxNonImproving, 1),
    positiveInteger('restarts.count', options.restarts?.count, 0),
    positiveInteger('restarts.perturb', options.restarts?.perturb, 1),
  ]
  return checks.find(E.isLeft) ?? E.right(undefined)
}

/** Random legal moves on the state (for restarts). */
const perturb = async (state: SearchState, context: ScoringContext, moves: number, rng: ReturnType<typeof createRng>): Promise<E.Either<StructureError, void>> => {
  const { n, delta, arc } = state
  let applied = 0
  for (let attempt = 0; attempt < 100 * moves && applied < moves && n > 1; attempt++) {
    const u = rng.int(n)
    const v = rng.int(n)
    if (u === v || arc[v * n + u] === 1) continue
    let move: Move
    if (arc[u * n + v] === 1)
      move = rng.float() < 0.5 ? { kind: REMOVE, from: u, to: v, delta: delta[v * n + u]! } : { kind: REVERSE, from: u, to: v, delta: delta[v * n + u]! + delta[u * n + v]! }
    else move = { kind: ADD, from: u, to: v, delta: delta[v * n + u]! }
    if (!Number.isFinite(move.delta) || !isLegal(state, move)) continue
    const done = await applyMove(state, context, move)
    if (E.isLeft(done)) return done
    applied++
  }
  return E.right(undefined)
}

interface Climb {
  iterations: number
}

/** Greedy ascent (or tabu search) from the state; returns the best parent sets seen and their score. */
const climb = async (
  state: SearchState,
  context: ScoringContext,
  options: HillClimbOptions,
  budget: Climb,
  restart: number,
  variables: readonly string[],
): Promise<E.Either<StructureError, { parents: number[][]; score: number }>> => {
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY
  const epsilon = () => 1e-9 * Math.max(1, Math.abs(state.total))
  let best = { parents: state.parents.map((p) => [...p]), score: state.total }
  const tabu = options.tabu
  const recent: (readonly [number, number])[] = [[state.hash1, state.hash2]]
  let nonImproving = 0
  while (budget.iterations < maxIterations) {
    const move =
      tabu === undefined
        ? findMove(state, context.rules, (m) => (m.delta <= epsilon() ? 'stop' : isLegal(state, m) ? 'take' : 'reject'))
        : findMove(state, context.rules, (m) => {
            if (!isLegal(state, m)) return 'reject'
            const [h1, h2] = hashAfter(state, m)
            return recent.some(([a, b]) => a === h1 && b === h2) ? 'reject' : 'take'
          })
    if (move === undefined) break
    const applied = await applyMove(state, context, move)
    if (E.isLeft(applied)) return applied
    budget.iterations++
    options.onStep?.({
      iteration: budget.iterations,
      restart,
      move: { kind: MOVE_NAMES[move.kind], from: variables[move.from]!, to: variables[move.to]! },
      delta: move.delta,
      score: state.total,
      arcs: state.arcs,
    })
    if (state.total > best.score + epsilon()) {
      best = { parents: state.parents.map((p) => [...p]), score: state.total }
      nonImproving = 0
    } else if (tabu !== undefined) {
      nonImproving++
      if (nonImproving >= (tabu.maxNonImproving ?? 10)) break
    }
    if (tabu !== undefined) {
      recent.push([state.hash1, state.hash2])
      if (recent.length > (tabu.length ?? 10)) recent.shift()
    }
  }
  return E.right(best)
}

/**
 * Learn a DAG by hill climbing (or tabu search, with `tabu`), with random
 * restarts when asked, maximising a decomposable score.
 *
 * @example
 * ```ts
 * import { fromSamples, memorySource } from '@chainrule/data'
 * import { createRng, defineNetwork, ancestralSample } from '@chainrule/models'
 * import { hillClimb } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const bn = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.7, 0.3], wet: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * if (E.isRight(bn)) {
 *   const rows = ancestralSample(bn.right, 2_000, createRng(1))
 *   const data = E.isRight(rows) ? fromSamples(rows.right) : undefined
 *   if (data !== undefined && E.isRight(data)) {
 *     const learned = await hillClimb(memorySource(data.right))
 *     if (E.isRight(learned)) learned.right.dag.parentIds.flat().length // => 1
 *   }
 * }
 * ```
 */
export const hillClimb = async (source: DataSource, options: HillClimbOptions = {}): Promise<E.Either<StructureError, StructureResult>> => {
  const checked = checkOptions(options)
  if (E.isLeft(checked)) return checked
  const rules = compileConstraints(source.variables, options.constraints)
  if (E.isLeft(rules)) return rules
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  return searchWith(counter.right, rules.right, options)
}

/** The search on an open counter with compiled rules (shared by `hillClimb` and the hybrid). */
export const searchWith = async (counter: FamilyCounter, rules: ArcRules, options: HillClimbOptions): Promise<E.Either<StructureError, StructureResult>> => {
  const score = options.score ?? { kind: 'bic' }
  const scoreChecked = checkScore(score)
  if (E.isLeft(scoreChecked)) return scoreChecked
  const variables = counter.variables
  const start = startingParents(variables, rules, options.start)
  if (E.isLeft(start)) return start
  const context: ScoringContext = { counter, cache: scoreCache(), score, rules, maxEntries: options.maxTableEntries ?? 2 ** 22 }
  const first = await initialState(context, start.right)
  if (E.isLeft(first)) return first
  const budget: Climb = { iterations: 0 }
  let best = await climb(first.right, context, options, budget, 0, variables)
  if (E.isLeft(best)) return best
  const restarts = options.restarts
  if (restarts !== undefined && restarts.count > 0) {
    const rng = createRng(restarts.seed ?? 1)
    for (let r = 1; r <= restarts.count; r++) {
      const state = await initialState(context, best.right.parents)
      if (E.isLeft(state)) return state
      const shaken = await perturb(state.right, context, restarts.perturb ?? 5, rng)
      if (E.isLeft(shaken)) return shaken
      const again = await climb(state.right, context, options, budget, r, variables)
      if (E.isLeft(again)) return again
      if (again.right.score > best.right.score + 1e-9 * Math.max(1, Math.abs(best.right.score))) best = again
    }
  }
  const dag = dagOf(variables, best.right.parents)
  if (E.isLeft(dag)) return dag
  return E.right({
    dag: dag.right,
    score: best.right.score,
    scoreName: scoreName(score),
    iterations: budget.iterations,
    rows: counter.rows,
    droppedRows: counter.droppedRows,
    missing: 'complete-case',
    counting: counter.description,
    familiesScored: context.cache.size(),
    tablesCounted: counter.work.tables,
    cellsCounted: counter.work.cells,
  })
}

/** Rules with every arc outside `candidates` forbidden (required arcs stay). */
export const restrictTo = (rules: ArcRules, candidates: Uint8Array): ArcRules => {
  const allowed = Uint8Array.from(rules.allowed)
  for (let k = 0; k < allowed.length; k++) if (candidates[k] === 0 && allowed[k] !== 2) allowed[k] = FORBIDDEN
  return { ...rules, allowed }
}
