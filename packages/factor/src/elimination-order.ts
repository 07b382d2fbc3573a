/**
 * Elimination orders for variable elimination, over `VarId`s: a thin adapter that maps the variables
 * to dense indices once and runs the greedy engine of `triangulate.ts` (shared with the junction-tree
 * compiler of `@chainrule/infer`), eliminating only the requested variables. The heuristics and their
 * tie-breaks are defined there, once.
 */
import type { VarId } from './factor.js'
import { type EliminationStrategy, eliminateFrom } from './triangulate.js'

/** A greedy elimination-order heuristic (costs and tie-breaks: see `triangulate`). */
export type EliminationHeuristic = Exclude<EliminationStrategy, { readonly kind: 'order' }>

/** One step of an elimination: the variable, its neighbours then, and the table sizes it implies. */
export interface EliminationStep {
  readonly variable: VarId
  /** Neighbours in the interaction graph when eliminated = the scope of the message it produces (ascending). */
  readonly neighbours: readonly VarId[]
  /** Entries of the clique {variable} + neighbours (the work of the step). */
  readonly cliqueEntries: number
  /** Entries of the message (the table the step allocates). */
  readonly messageEntries: number
}

/**
 * Eliminate `eliminate` from the interaction graph of `scopes` (variables sharing a scope are
 * adjacent), in the given order or greedily by a heuristic, and return the steps. Every variable of
 * `eliminate` must be in `cards`; a given order must be a permutation of `eliminate`. The other
 * variables stay in the graph and are never eliminated. Heuristic ties go to the smaller cluster,
 * then to the smaller id, so orders are deterministic.
 *
 * @example
 * ```ts
 * import { eliminationOrder, type VarId } from '@chainrule/factor'
 * const [a, b, c] = [0, 1, 2] as VarId[]
 * const cards = new Map([[a!, 2], [b!, 2], [c!, 2]])
 * // chain a - b - c, keep c: min-fill eliminates a (no fill) then b
 * eliminationOrder([[a!, b!], [b!, c!]], cards, [a!, b!], { kind: 'minFill' }).map((s) => s.variable) // => [0, 1]
 * ```
 */
export const eliminationOrder = (
  scopes: readonly (readonly VarId[])[],
  cards: ReadonlyMap<VarId, number>,
  eliminate: readonly VarId[],
  how: EliminationHeuristic | readonly VarId[],
): EliminationStep[] => {
  // VarIds are dense ids already: used as indices directly (absent ids are isolated and never
  // eliminated), unless they are so sparse that compacting them is cheaper. Either way indices
  // follow id order, so the engine's "smaller id" tie-break is the VarId order.
  let n = 0
  let max = -1
  for (const scope of scopes) {
    n += scope.length
    for (const v of scope) if (v > max) max = v
  }
  for (const v of eliminate) if (v > max) max = v
  if (max < 16 * (n + eliminate.length) + 1024) return eliminateDense(scopes, cards, eliminate, how, max + 1)
  const present = new Set<VarId>(eliminate)
  for (const scope of scopes) for (const v of scope) present.add(v)
  const ids = [...present].sort((a, b) => a - b)
  const index = new Map<VarId, VarId>()
  ids.forEach((v, i) => index.set(v, i as VarId))
  const dense = (vs: readonly VarId[]): VarId[] => vs.map((v) => index.get(v) ?? (-1 as VarId))
  const denseCards = new Map<VarId, number>()
  ids.forEach((v, i) => denseCards.set(i as VarId, cards.get(v)!))
  const steps = eliminateDense(scopes.map(dense), denseCards, dense(eliminate), 'kind' in how ? how : dense(how as readonly VarId[]), ids.length)
  return steps.map((s) => ({ ...s, variable: ids[s.variable]!, neighbours: s.neighbours.map((u) => ids[u]!) }))
}


/** `eliminationOrder` over ids below `n`. */
const eliminateDense = (
  scopes: readonly (readonly VarId[])[],
  cards: ReadonlyMap<VarId, number>,
  eliminate: readonly VarId[],
  how: EliminationHeuristic | readonly VarId[],
  n: number,
): EliminationStep[] => {
  // Ids in no scope have no neighbours; eliminating one (an id of `eliminate` in no scope) only clears it.
  const sets = new Array<Set<number> | undefined>(n)
  const denseCards = new Array<number>(n).fill(1)
  for (const v of eliminate) denseCards[v] = cards.get(v)!
  for (const scope of scopes)
    for (const a of scope) {
      let around = sets[a]
      if (around === undefined) {
        sets[a] = around = new Set<number>()
        denseCards[a] = cards.get(a)!
      }
      for (const b of scope) if (a !== b) around.add(b)
    }
  const adjacency = Array.from(sets, (around) => (around === undefined ? [] : [...around]))
  const strategy: EliminationStrategy = 'kind' in how ? how : { kind: 'order', order: how as readonly VarId[] }
  // The engine's steps are over the same ids, so they are the VarId steps as they are.
  return eliminateFrom(adjacency, denseCards, strategy, { eliminate, steps: true })!.steps as EliminationStep[]
}
