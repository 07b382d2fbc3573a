/**
 * The state of a greedy search over DAGs, with every move's score change
 * kept up to date.
 *
 * `delta[v * n + u]` is the change of v's family score when u is toggled in
 * v's parent set (added if absent, removed if present); -Infinity where the
 * constraints rule the toggle out. With a decomposable score these n(n - 1)
 * numbers price every move: adding u -> v is `delta[v, u]`, removing it is
 * `delta[v, u]`, reversing it is `delta[v, u] + delta[u, v]`. A move changes
 * one or two parent sets, so only their rows are re-priced: one batch of
 * about 2n families per step, most of them found in the score cache.
 * `rowBest[v]` bounds row v from above, so the scan for the best move skips
 * rows that cannot beat what it has found.
 *
 * Graphs are also hashed (Zobrist: the xor of a random 64-bit key per arc)
 * so that tabu search can tell in O(1) whether a move returns to a graph it
 * visited recently.
 */
import * as E from 'fp-ts/lib/Either.js'
import { FORBIDDEN, REQUIRED, type ArcRules } from './constraints.js'
import type { FamilyCounter } from './counting.js'
import type { StructureError } from './errors.js'
import type { Score } from './scores.js'
import { type Family, type ScoreCache } from './score-cache.js'

export const ADD = 0
export const REMOVE = 1
export const REVERSE = 2

/** A move on the graph: add, remove or reverse the arc from -> to. */
export interface Move {
  readonly kind: typeof ADD | typeof REMOVE | typeof REVERSE
  readonly from: number
  readonly to: number
  readonly delta: number
}

/** What the search needs besides the graph: where scores come from and the rules. */
export interface ScoringContext {
  readonly counter: FamilyCounter
  readonly cache: ScoreCache
  readonly score: Score
  readonly rules: ArcRules
  readonly maxEntries: number
}

export interface SearchState {
  readonly n: number
  readonly parents: number[][]
  readonly children: number[][]
  readonly arc: Uint8Array
  readonly family: Float64Array
  readonly delta: Float64Array
  readonly rowBest: Float64Array
  total: number
  arcs: number
  hash1: number
  hash2: number
}

const arcKey = (u: number, v: number, n: number, salt: number): number => {
  let h = Math.imul((u * n + v) ^ salt, 0x9e3779b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}
export const arcKey1 = (u: number, v: number, n: number): number => arcKey(u, v, n, 0x1234567)
export const arcKey2 = (u: number, v: number, n: number): number => arcKey(u, v, n, 0x7654321)

/**
 * Score families through the cache: the misses are scored in one batch. A
 * batch never names a family twice (each row's families differ from each
 * other and from the current one), so misses need no further deduplication.
 */
export const scoreThroughCache = async (context: ScoringContext, families: readonly Family[]): Promise<E.Either<StructureError, Float64Array>> => {
  const out = new Float64Array(families.length)
  const missing: Family[] = []
  const missed: number[] = []
  families.forEach((f, i) => {
    const hit = context.cache.get(f.child, f.parents)
    if (hit !== undefined) out[i] = hit
    else {
      missed.push(i)
      missing.push(f)
    }
  })
  if (missing.length === 0) return E.right(out)
  const scored = await context.counter.scoreFamilies(missing, context.score, context.maxEntries)
  if (E.isLeft(scored)) return scored
  missing.forEach((f, k) => {
    context.cache.set(f.child, f.parents, scored.right[k]!)
    out[missed[k]!] = scored.right[k]!
  })
  return E.right(out)
}

const withParent = (sorted: readonly number[], u: number): number[] => {
  const out: number[] = []
  let placed = false
  for (const p of sorted) {
    if (!placed && u < p) {
      out.push(u)
      placed = true
    }
    out.push(p)
  }
  if (!placed) out.push(u)
  return out
}

/** The families that price row v: v's parent set with each other variable toggled, where the rules allow it. */
const rowFamilies = (state: SearchState, rules: ArcRules, v: number, families: Family[], slots: number[]): void => {
  const { n, parents, arc } = state
  const pa = parents[v]!
  for (let u = 0; u < n; u++) {
    if (u === v) continue
    const rule = rules.allowed[u * n + v]!
    if (arc[u * n + v] === 1) {
      if (rule === REQUIRED) continue
      families.push({ child: v, parents: pa.filter((p) => p !== u) })
    } else {
      if (rule === FORBIDDEN || pa.length >= rules.maxParents) continue
      families.push({ child: v, parents: withParent(pa, u) })
    }
    slots.push(v * n + u)
  }
}

/** Re-price rows `vs` (and score their current families): one batch through the cache. */
export const refreshRows = async (state: SearchState, context: ScoringContext, vs: readonly number[]): Promise<E.Either<StructureError, void>> => {
  const { n } = state
  const families: Family[] = vs.map((v) => ({ child: v, parents: state.parents[v]! }))
  const slots: number[] = vs.map(() => -1)
  for (const v of vs) rowFamilies(state, context.rules, v, families, slots)
  const scored = await scoreThroughCache(context, families)
  if (E.isLeft(scored)) return scored
  vs.forEach((v, i) => {
    state.family[v] = scored.right[i]!
    state.delta.fill(Number.NEGATIVE_INFINITY, v * n, v * n + n)
  })
  for (let i = vs.length; i < families.length; i++) {
    const slot = slots[i]!
    const v = Math.floor(slot / n)
    state.delta[slot] = scored.right[i]! - state.family[v]!
  }
  for (const v of vs) {
    let best = Number.NEGATIVE_INFINITY
    for (let k = v * n; k < v * n + n; k++) if (state.delta[k]! > best) best = state.delta[k]!
    state.rowBest[v] = best
  }
  return E.right(undefined)
}

/** A fresh state over the given parent sets (sorted), every row priced. */
export const initialState = async (
  context: ScoringContext,
  parents: readonly (readonly number[])[],
): Promise<E.Either<StructureError, SearchState>> => {
  const n = parents.length
  const state: SearchState = {
    n,
    parents: parents.map((ps) => [...ps].sort((a, b) => a - b)),
    children: Array.from({ length: n }, () => []),
    arc: new Uint8Array(n * n),
    family: new Float64Array(n),
    delta: new Float64Array(n * n).fill(Number.NEGATIVE_INFINITY),
    rowBest: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    total: 0,
    arcs: 0,
    hash1: 0,
    hash2: 0,
  }
  state.parents.forEach((ps, v) => {
    for (const u of ps) {
      state.arc[u * n + v] = 1
      state.children[u]!.push(v)
      state.arcs++
      state.hash1 ^= arcKey1(u, v, n)
      state.hash2 ^= arcKey2(u, v, n)
    }
  })
  const all = Array.from({ length: n }, (_, v) => v)
  const refreshed = await refreshRows(state, context, all)
  if (E.isLeft(refreshed)) return refreshed
  state.total = state.family.reduce((s, x) => s + x, 0)
  return E.right(state)
}

const stamp = { marks: new Int32Array(0), round: 0, stack: new Int32Array(0) }

/** Whether a directed path leads from `from` to `to`, ignoring the arc `skipFrom -> skipTo`. */
export const hasPath = (state: SearchState, from: number, to: number, skipFrom = -1, skipTo = -1): boolean => {
  if (stamp.marks.length < state.n) {
    stamp.marks = new Int32Array(state.n)
    stamp.stack = new Int32Array(state.n)
    stamp.round = 0
  }
  const round = ++stamp.round
  const { marks, stack } = stamp
  let top = 0
  stack[top++] = from
  marks[from] = round
  while (top > 0) {
    const u = stack[--top]!
    for (const c of state.children[u]!) {
      if (u === skipFrom && c === skipTo) continue
      if (c === to) return true
      if (marks[c] !== round) {
        marks[c] = round
        stack[top++] = c
      }
    }
  }
  return false
}

/** Whether a move keeps the graph acyclic (the constraints are already priced into `delta`). */
export const isLegal = (state: SearchState, move: Move): boolean => {
  if (move.kind === REMOVE) return true
  if (move.kind === ADD) return !hasPath(state, move.to, move.from)
  // Reversing from -> to closes a cycle iff another path leads from `from` to `to`.
  return !hasPath(state, move.from, move.to, move.from, move.to)
}

/** The graph hash after a move (without applying it). */
export const hashAfter = (state: SearchState, move: Move): readonly [number, number] => {
  const { n } = state
  let h1 = state.hash1 ^ arcKey1(move.from, move.to, n)
  let h2 = state.hash2 ^ arcKey2(move.from, move.to, n)
  if (move.kind === REVERSE) {
    h1 ^= arcKey1(move.to, move.from, n)
    h2 ^= arcKey2(move.to, move.from, n)
  }
  return [h1, h2]
}

const removeArc = (state: SearchState, u: number, v: number): void => {
  const { n } = state
  state.arc[u * n + v] = 0
  state.parents[v] = state.parents[v]!.filter((p) => p !== u)
  const kids = state.children[u]!
  kids.splice(kids.indexOf(v), 1)
  state.arcs--
  state.hash1 ^= arcKey1(u, v, n)
  state.hash2 ^= arcKey2(u, v, n)
}

const addArc = (state: SearchState, u: number, v: number): void => {
  const { n } = state
  state.arc[u * n + v] = 1
  state.parents[v] = withParent(state.parents[v]!, u)
  state.children[u]!.push(v)
  state.arcs++
  state.hash1 ^= arcKey1(u, v, n)
  state.hash2 ^= arcKey2(u, v, n)
}

/** Apply a legal move and re-price the rows it changed. */
export const applyMove = async (state: SearchState, context: ScoringContext, move: Move): Promise<E.Either<StructureError, void>> => {
  const { from: u, to: v } = move
  if (move.kind === ADD) addArc(state, u, v)
  else if (move.kind === REMOVE) removeArc(state, u, v)
  else {
    removeArc(state, u, v)
    addArc(state, v, u)
  }
  const refreshed = await refreshRows(state, context, move.kind === REVERSE ? [v, u] : [v])
  if (E.isLeft(refreshed)) return refreshed
  state.total = 0
  for (let w = 0; w < state.n; w++) state.total += state.family[w]!
  return E.right(undefined)
}

/**
 * The best moves by score change, at most `k` of them, best first, skipping
 * those `skip` rejects (illegal or tabu moves found on an earlier scan).
 */
export const bestMoves = (state: SearchState, rules: ArcRules, k: number, skip: (move: Move) => boolean): Move[] => {
  const { n, arc, delta, rowBest } = state
  const found: Move[] = []
  const floor = (): number => (found.length < k ? Number.NEGATIVE_INFINITY : found[found.length - 1]!.delta)
  const offer = (move: Move): void => {
    if (move.delta === Number.NEGATIVE_INFINITY || move.delta <= floor() || skip(move)) return
    let at = found.length
    while (at > 0 && found[at - 1]!.delta < move.delta) at--
    found.splice(at, 0, move)
    if (found.length > k) found.pop()
  }
  for (let v = 0; v < n; v++) {
    // Reversals of v's parent arcs: priced by two rows, so not bounded by rowBest[v] alone.
    for (const u of state.parents[v]!)
      if (rules.allowed[u * n + v] !== REQUIRED && rules.allowed[v * n + u] !== FORBIDDEN)
        offer({ kind: REVERSE, from: u, to: v, delta: delta[v * n + u]! + delta[u * n + v]! })
    if (rowBest[v]! <= floor()) continue
    for (let u = 0; u < n; u++) {
      const d = delta[v * n + u]!
      if (d <= floor() || u === v) continue
      if (arc[u * n + v] === 1) offer({ kind: REMOVE, from: u, to: v, delta: d })
      else if (arc[v * n + u] === 0) offer({ kind: ADD, from: u, to: v, delta: d })
    }
  }
  return found
}
