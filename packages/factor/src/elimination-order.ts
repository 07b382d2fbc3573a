/**
 * Greedy elimination orders on the interaction graph (Koller & Friedman 2009, section 9.4.3.2):
 * repeatedly eliminate the variable of lowest cost, connecting its neighbours (fill edges).
 * Costs: min-neighbours = |N(v)|; min-weight = product of the neighbours' cardinalities;
 * min-fill = number of fill edges added; weighted-min-fill = sum over fill edges {u, w} of
 * card(u) * card(w). Ties go to the smallest id, so orders are deterministic. Only the costs that
 * eliminating a vertex can change (its neighbours, and for fill costs their neighbours) are
 * recomputed after each step.
 */
import type { VarId } from './factor.js'

/** An elimination-order heuristic. */
export type EliminationHeuristic =
  | { readonly kind: 'minNeighbours' }
  | { readonly kind: 'minWeight' }
  | { readonly kind: 'minFill' }
  | { readonly kind: 'weightedMinFill' }

/** One step of an elimination: the variable, its neighbours then, and the table sizes it implies. */
export interface EliminationStep {
  readonly variable: VarId
  /** Neighbours in the interaction graph when eliminated = the scope of the message it produces. */
  readonly neighbours: readonly VarId[]
  /** Entries of the clique {variable} + neighbours (the work of the step). */
  readonly cliqueEntries: number
  /** Entries of the message (the table the step allocates). */
  readonly messageEntries: number
}

const cost = (
  kind: EliminationHeuristic['kind'],
  v: VarId,
  adjacency: ReadonlyMap<VarId, Set<VarId>>,
  cards: ReadonlyMap<VarId, number>,
): number => {
  const n = adjacency.get(v)!
  switch (kind) {
    case 'minNeighbours':
      return n.size
    case 'minWeight': {
      let w = 1
      for (const u of n) w *= cards.get(u)!
      return w
    }
    case 'minFill':
    case 'weightedMinFill': {
      const ns = [...n]
      let fill = 0
      for (let i = 0; i < ns.length; i++)
        for (let j = i + 1; j < ns.length; j++)
          if (!adjacency.get(ns[i]!)!.has(ns[j]!))
            fill += kind === 'minFill' ? 1 : cards.get(ns[i]!)! * cards.get(ns[j]!)!
      return fill
    }
  }
}

/**
 * Eliminate `eliminate` from the interaction graph of `scopes` (variables sharing a scope are
 * adjacent), in the given order or greedily by a heuristic, and return the steps. Every variable of
 * `eliminate` must be in some scope and in `cards`; a given order must be a permutation of it.
 *
 * @example
 * ```ts
 * import { eliminationOrder, type VarId } from '@chainrule/factor'
 * const [a, b, c] = [0, 1, 2] as VarId[]
 * const cards = new Map([[a!, 2], [b!, 2], [c!, 2]])
 * // chain a - b - c, keep c: min-fill eliminates a (no fill) then b
 * eliminationOrder([[a!, b!], [b!, c!]], cards, [a!, b!], { kind: 'minFill' }).map((s) => s.variable) // [0, 1]
 * ```
 */
export const eliminationOrder = (
  scopes: readonly (readonly VarId[])[],
  cards: ReadonlyMap<VarId, number>,
  eliminate: readonly VarId[],
  how: EliminationHeuristic | readonly VarId[],
): EliminationStep[] => {
  const adjacency = new Map<VarId, Set<VarId>>()
  for (const scope of scopes)
    for (const v of scope) {
      let n = adjacency.get(v)
      if (n === undefined) adjacency.set(v, (n = new Set()))
      for (const u of scope) if (u !== v) n.add(u)
    }
  const remaining = new Set(eliminate)
  const kind = 'kind' in how ? how.kind : undefined
  const scores = new Map<VarId, number>()
  if (kind !== undefined) for (const v of remaining) scores.set(v, cost(kind, v, adjacency, cards))
  const steps: EliminationStep[] = []
  for (let step = 0; step < eliminate.length; step++) {
    let v: VarId
    if (kind === undefined) {
      v = (how as readonly VarId[])[step]!
    } else {
      let best = Infinity
      let chosen = -1 as VarId
      for (const u of remaining) {
        const s = scores.get(u)!
        if (s < best || (s === best && u < chosen)) {
          best = s
          chosen = u
        }
      }
      v = chosen
    }
    remaining.delete(v)
    const neighbours = [...adjacency.get(v)!]
    let messageEntries = 1
    for (const u of neighbours) messageEntries *= cards.get(u)!
    steps.push({ variable: v, neighbours, cliqueEntries: messageEntries * cards.get(v)!, messageEntries })
    for (const u of neighbours) {
      const nu = adjacency.get(u)!
      nu.delete(v)
      for (const w of neighbours) if (w !== u) nu.add(w)
    }
    adjacency.delete(v)
    if (kind !== undefined) {
      const dirty = new Set<VarId>(neighbours)
      if (kind === 'minFill' || kind === 'weightedMinFill')
        for (const u of neighbours) for (const w of adjacency.get(u)!) dirty.add(w)
      for (const u of dirty) if (remaining.has(u)) scores.set(u, cost(kind, u, adjacency, cards))
    }
  }
  return steps
}
