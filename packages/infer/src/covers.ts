/**
 * How a question for marginals is answered, chosen per question from a cost
 * estimate made before anything is allocated, and the cache of compiled
 * relevant parts per question pattern (which variables are observed, carry
 * soft findings or are intervened, and the targets):
 * - the calibrated whole tree, when it is small, asked for, or cheaper;
 * - a tree over the evidence-reduced relevant parts (`relevant-trees.ts`),
 *   compiled at once when compiling and answering it costs less than one
 *   whole-tree question, or once the whole tree has spent as long on the
 *   pattern as compiling the parts is estimated to take (`relevantPartsAfterMs`
 *   overrides that allowance), and kept while smaller than
 *   {@link PARTS_SHARE} of the whole tree;
 * - pruned variable elimination in log space, when the parts' trees together
 *   would exceed the memory budget (elimination holds one table at a time).
 * The costs are running averages of what the engine has measured itself
 * (`Rates` in `engine.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Engine, EngineState, Rates, Seen } from './engine.js'
import type { InferError } from './errors.js'
import { patternKey, questionTables, type QuestionTables } from './question-tables.js'
import type { ResolvedQuestion } from './question.js'
import type { RelevantModel } from './local-parts.js'
import { coverTargets, planTargets, settledCover, type Cover, type TargetsPlan } from './relevant-trees.js'

/** Relevant parts answer only when their trees hold less than this share of the whole tree's entries. */
const PARTS_SHARE = 0.8

/** Question patterns whose covers an engine keeps (least recently used dropped first). */
const COVERS_KEPT = 8

/** Trees from this many entries tell the engine its speed per entry (smaller ones are bound by fixed costs). */
export const RATED_FROM_ENTRIES = 1e5

/** Fixed cost of compiling one relevant part (triangulation, layout), in ms. */
const PART_OVERHEAD_MS = 0.2

/** How a question is answered: by the whole tree (timed into `seen` when given), by a cover, or by elimination in log space. */
export type Route =
  | { readonly kind: 'tree'; readonly seen: Seen | undefined }
  | { readonly kind: 'cover'; readonly cover: Cover; readonly question: QuestionTables }
  | { readonly kind: 'log-space' }

/** The relevant-parts view of an engine. */
export const relevantModel = (engine: Engine, state: EngineState): RelevantModel => ({
  cards: state.cards,
  isBayesianNetwork: engine.kind === 'bayesian',
  memoryBudgetBytes: engine.memoryBudgetBytes,
  whole: { order: state.order, entries: engine.plan.clusterEntries },
})

/**
 * Estimated ms of a question on the whole tree: measured when the tree has
 * answered, else from its entries; a tree not built yet adds the cost of
 * building it (about that of compiling parts of its size).
 */
const treeMs = (state: EngineState, rates: Rates): number => {
  const { plan, built } = state.whole!
  const answer = rates.treeMs ?? (rates.partNsPerEntry * plan.clusterEntries) / 1e6
  return built === undefined ? answer + compileMs(rates, plan.clusterEntries) : answer
}

/**
 * Choose how to answer marginals (see the module comment); compiles and
 * caches the relevant parts when they are chosen.
 */
export const routeMarginals = (engine: Engine, state: EngineState, question: ResolvedQuestion, targets: readonly number[]): E.Either<InferError, Route> => {
  const { whole: tree, rates } = state
  if (tree !== undefined && (engine.method === 'tree' || tree.plan.clusterEntries <= state.relevantPartsAbove)) return E.right({ kind: 'tree', seen: undefined })
  const qt = questionTables(state.cards, state.tables, engine.kind === 'bayesian', question)
  const key = patternKey(qt, question.targets === undefined ? undefined : targets)
  const cached = state.covers.get(key)
  if (cached === 'tree') return remembered(state, key, cached, { kind: 'tree', seen: undefined })
  if (cached !== undefined && !isSeen(cached)) {
    // Asked again: the cover keeps initial tables from now on.
    const cover = settledCover(cached)
    return remembered(state, key, cover, { kind: 'cover', cover, question: qt })
  }
  const model = relevantModel(engine, state)
  const limit = tree === undefined ? Infinity : PARTS_SHARE * tree.plan.clusterEntries
  // Planned here when the choice needs its size, and then compiled from the same plan.
  let planned: TargetsPlan | undefined
  if (tree !== undefined) {
    let seen = cached
    if (seen === undefined) {
      planned = planTargets(model, qt, targets, state.depth)
      const entries = planned.plan.entries
      if (entries >= limit) return remembered(state, key, 'tree', { kind: 'tree', seen: undefined })
      seen = { spentMs: 0, partEntries: entries }
      // Compiling the parts and answering from them now costs less than one question on the whole tree.
      const now = compileMs(rates, entries) + (rates.partNsPerEntry * entries) / 1e6
      if (now >= treeMs(state, rates)) return remembered(state, key, seen, { kind: 'tree', seen })
    } else if (seen.spentMs < (state.options.relevantPartsAfterMs ?? compileMs(rates, seen.partEntries)))
      return remembered(state, key, seen, { kind: 'tree', seen })
  }
  const started = performance.now()
  const cover = coverTargets(model, qt, targets, state.depth, limit, planned)
  if (E.isLeft(cover)) return cover.left._tag === 'OverBudget' ? E.right({ kind: 'log-space' }) : cover
  if (cover.right === undefined) return remembered(state, key, 'tree', { kind: 'tree', seen: undefined })
  const entries = cover.right.stats.clusterEntries
  if (entries >= RATED_FROM_ENTRIES) rates.compileNsPerEntry = average(rates.compileNsPerEntry, ((performance.now() - started) * 1e6) / entries)
  return remembered(state, key, cover.right, { kind: 'cover', cover: cover.right, question: qt })
}

/** Estimated ms to compile parts of `entries` cluster entries. */
const compileMs = (rates: Rates, entries: number): number => PART_OVERHEAD_MS + (rates.compileNsPerEntry * entries) / 1e6

/** A running average that follows the last few measurements. */
export const average = (previous: number, measured: number): number => 0.75 * previous + 0.25 * measured

const isSeen = (entry: Cover | 'tree' | Seen): entry is Seen => typeof entry === 'object' && 'spentMs' in entry

/** Keep `entry` as the pattern's most recent use (dropping the least recent past {@link COVERS_KEPT}) and route. */
const remembered = (state: EngineState, key: string, entry: Cover | 'tree' | Seen, route: Route): E.Either<InferError, Route> => {
  state.covers.delete(key)
  state.covers.set(key, entry)
  if (state.covers.size > COVERS_KEPT) state.covers.delete(state.covers.keys().next().value!)
  return E.right(route)
}
