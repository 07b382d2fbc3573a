/**
 * When a question is answered from relevant parts rather than the whole tree,
 * and the cache of compiled parts per question pattern. A pattern is which
 * variables are observed, which targets are asked for, and which tables an
 * intervention replaces (with their numbers: a part's tree holds them).
 *
 * The policy: small trees always answer. On a large tree, a pattern is first
 * answered by the whole tree, which is timed; once the tree has spent
 * `relevantPartsAfterMs` on it, its parts are compiled and kept while they
 * hold less than {@link PARTS_SHARE} of the whole tree's entries. Without a
 * whole tree, the parts are compiled on first use.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DenseTable } from './compile-tables.js'
import type { Engine, EngineState, Seen } from './engine.js'
import type { InferError } from './errors.js'
import type { ResolvedQuestion } from './question.js'
import { coverTargets, type Cover } from './relevant-trees.js'

/** Relevant parts answer only when their trees hold less than this share of the whole tree's entries. */
const PARTS_SHARE = 0.8

/** Question patterns whose covers an engine keeps (least recently used dropped first). */
const COVERS_KEPT = 8

/** How a question is answered: by the whole tree (timed into `seen` when given), or by a cover. */
export type Route = { readonly kind: 'tree'; readonly seen: Seen | undefined } | { readonly kind: 'cover'; readonly cover: Cover }

/**
 * Choose how to answer marginals: the whole tree when it is small, asked
 * for explicitly, or cheaper for this pattern; otherwise compiled relevant
 * parts (compiled on the pattern's first use without a whole tree).
 */
export const routeMarginals = (engine: Engine, state: EngineState, question: ResolvedQuestion, targets: readonly number[]): E.Either<InferError, Route> => {
  const { tree } = state
  const soft = question.likelihoods !== undefined
  if (tree !== undefined && (engine.method === 'tree' || soft || tree.plan.clusterEntries <= state.relevantPartsAbove)) return E.right({ kind: 'tree', seen: undefined })
  if (tree === undefined && soft) return E.left(overBudget(engine))
  const key = patternKey(question, question.targets === undefined ? undefined : targets)
  const cached = state.covers.get(key)
  // With a whole tree at hand, a few propagations are cheaper than compiling
  // the parts: they are compiled once the pattern has cost the tree
  // `relevantPartsAfterMs` (a first question always uses the tree).
  if (tree !== undefined && (cached === undefined || (isSeen(cached) && cached.spentMs < state.relevantPartsAfterMs))) {
    const entry = cached ?? { spentMs: 0 }
    remember(state, key, entry)
    return E.right({ kind: 'tree', seen: entry as Seen })
  }
  if (cached !== undefined && !isSeen(cached)) {
    remember(state, key, cached)
    return E.right(cached === 'tree' ? { kind: 'tree', seen: undefined } : { kind: 'cover', cover: cached })
  }
  const wanted = targets.filter((v) => question.states[v]! < 0)
  const cover = coverTargets(
    {
      cards: state.cards,
      tables: tablesFor(state, question),
      isBayesianNetwork: engine.kind === 'bayesian',
      memoryBudgetBytes: engine.memoryBudgetBytes,
    },
    wanted,
    question.states,
    state.depth,
    // Parts carry some overhead per tree: they must be clearly smaller than the whole.
    tree === undefined ? Infinity : PARTS_SHARE * tree.plan.clusterEntries,
  )
  if (E.isLeft(cover)) return cover
  const entry = cover.right ?? 'tree'
  remember(state, key, entry)
  return E.right(entry === 'tree' ? { kind: 'tree', seen: undefined } : { kind: 'cover', cover: entry })
}

/** The error of questions that need the junction tree when it was too large to build. */
export const overBudget = (engine: Engine): InferError =>
  engine.plan.bytes > engine.memoryBudgetBytes ? { _tag: 'OverBudget', plan: engine.plan, budgetBytes: engine.memoryBudgetBytes } : { _tag: 'TreeNotBuilt' }

/** The engine's tables with an intervention's replacements in place. */
const tablesFor = (state: EngineState, question: ResolvedQuestion): readonly DenseTable[] =>
  question.tables === undefined ? state.tables : state.tables.map((t, k) => (question.tables![k] === undefined ? t : { scope: t.scope, values: question.tables![k]! }))

const patternKey = (question: ResolvedQuestion, targets: readonly number[] | undefined): string => {
  const observed: number[] = []
  question.states.forEach((s, v) => {
    if (s >= 0) observed.push(v)
  })
  const asked = targets === undefined ? '*' : [...targets].sort((a, b) => a - b).join(',')
  // An intervention is named in full by its description (variable and state, or distribution).
  const replaced = question.intervened ? question.description.filter((d) => d.startsWith('do(')).join(';') : ''
  return `${observed.join(',')}|${asked}|${replaced}`
}

const isSeen = (entry: Cover | 'tree' | Seen): entry is Seen => typeof entry === 'object' && 'spentMs' in entry

const remember = (state: EngineState, key: string, entry: Cover | 'tree' | Seen): void => {
  state.covers.delete(key)
  state.covers.set(key, entry)
  if (state.covers.size > COVERS_KEPT) state.covers.delete(state.covers.keys().next().value!)
}
