/**
 * Latent tree models over complete discrete observations: hidden variables
 * that form a forest (each has at most one hidden parent), and observed
 * variables that each have at most one hidden parent and any observed
 * parents (acyclic). Every conditional is a table. Latent class models,
 * mixtures of Bayesian networks (one hidden root over all), hidden Chow-Liu
 * trees and hierarchical latent models are all of this form.
 *
 * Given every observed variable, the hidden variables' posterior is a
 * tree-structured distribution, so log p(x) and every hidden posterior are
 * exact by one upward and one downward pass over the hidden tree
 * (`latent-pass.ts`) in O(sum over hidden edges of K_parent * K_child) plus
 * one table read per observed cell and hidden state. The same model is a
 * `BayesianNetwork` (`latentNetwork`), hidden variables first, each observed
 * variable's parents `[hidden parent, ...observed parents]`, so its tables are
 * exactly the CPTs and the junction tree of `@chainrule/infer` checks the fast
 * path to rounding.
 */
import * as E from 'fp-ts/lib/Either.js'
import { networkFromSpec, type BayesianNetwork, type NetworkSpec } from '@chainrule/models'
import { type LearnError, invalidOption as bad } from './errors.js'

/** The graph of a latent tree model and its variables (no numbers). */
export interface LatentSkeleton {
  readonly observedNames: readonly string[]
  readonly observedCards: Int32Array
  readonly hiddenNames: readonly string[]
  readonly hiddenCards: Int32Array
  /** The hidden parent of each hidden variable, -1 for a root. */
  readonly hiddenParent: Int32Array
  /** The hidden parent of each observed variable, -1 for none. */
  readonly observedHidden: Int32Array
  /** The observed parents of each observed variable, in table order (last fastest). */
  readonly observedParents: readonly Int32Array[]
  /** For images: the grid the observed variables are the pixels of (raster order). */
  readonly grid?: { readonly width: number; readonly height: number }
}

/** A latent tree model: a skeleton and its tables. */
export interface LatentTree extends LatentSkeleton {
  /** p(h | hidden parent): rows by parent state (length K_parent * K_h), or p(h) at a root. */
  readonly hiddenTables: readonly Float64Array[]
  /** p(x_i | hidden parent, observed parents): rows by [hidden state, observed parents' states], child fastest. */
  readonly observedTables: readonly Float64Array[]
}

/** Derived layout of a skeleton: orders, state offsets, table shapes. */
export interface LatentLayout {
  /** Hidden variables, parents first. */
  readonly hiddenOrder: Int32Array
  /** Offset of each hidden variable's states in a vector of all hidden states; the total is `states`. */
  readonly stateOffset: Int32Array
  readonly states: number
  /** Observed variables, observed parents first. */
  readonly observedOrder: Int32Array
  /** Rows of observed parents' states per observed variable (1 without observed parents). */
  readonly contexts: Int32Array
  /** Hidden states of each observed variable's hidden parent (1 without one). */
  readonly hiddenStates: Int32Array
}

/** Entries of observed variable i's table. */
const observedEntries = (s: LatentSkeleton, contexts: Int32Array, hiddenStates: Int32Array, i: number): number =>
  hiddenStates[i]! * contexts[i]! * s.observedCards[i]!

/** Kahn's order of n nodes with the given parent lists, or undefined on a cycle. */
const topological = (n: number, parentsOf: (i: number) => ArrayLike<number>): Int32Array | undefined => {
  const pending = new Int32Array(n)
  const children: number[][] = Array.from({ length: n }, () => [])
  for (let i = 0; i < n; i++) {
    const ps = parentsOf(i)
    pending[i] = ps.length
    for (let k = 0; k < ps.length; k++) children[ps[k]!]!.push(i)
  }
  const order = new Int32Array(n)
  let head = 0
  let tail = 0
  for (let i = 0; i < n; i++) if (pending[i] === 0) order[tail++] = i
  while (head < tail) {
    const v = order[head++]!
    for (const c of children[v]!) if (--pending[c]! === 0) order[tail++] = c
  }
  return tail === n ? order : undefined
}

/**
 * Check a skeleton (names distinct and non-empty, indices in range, the hidden
 * graph a forest, observed parents acyclic, cards 1..255, every table at most
 * `maxTableEntries`) and compute its layout.
 *
 * @example
 * ```ts
 * import { latentLayout } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * // z -> x0, z -> x1, x0 -> x1
 * const layout = latentLayout({
 *   observedNames: ['x0', 'x1'], observedCards: Int32Array.of(2, 2),
 *   hiddenNames: ['z'], hiddenCards: Int32Array.of(3), hiddenParent: Int32Array.of(-1),
 *   observedHidden: Int32Array.of(0, 0), observedParents: [Int32Array.of(), Int32Array.of(0)],
 * })
 * E.isRight(layout) && layout.right.states // => 3
 * ```
 */
export const latentLayout = (s: LatentSkeleton, maxTableEntries = 2 ** 24): E.Either<LearnError, LatentLayout> => {
  const n = s.observedNames.length
  const h = s.hiddenNames.length
  if (s.observedCards.length !== n || s.observedHidden.length !== n || s.observedParents.length !== n)
    return bad('skeleton', `${n} observed names`, 'observedCards, observedHidden and observedParents need one entry per observed variable')
  if (s.hiddenCards.length !== h || s.hiddenParent.length !== h)
    return bad('skeleton', `${h} hidden names`, 'hiddenCards and hiddenParent need one entry per hidden variable')
  const names = new Set<string>()
  for (const name of [...s.observedNames, ...s.hiddenNames]) {
    if (name.length === 0 || names.has(name)) return bad('skeleton', name, 'variable names must be distinct and non-empty')
    names.add(name)
  }
  for (let i = 0; i < n; i++) {
    const card = s.observedCards[i]!
    if (!(Number.isInteger(card) && card >= 1 && card <= 255)) return bad('observedCards', card, `${s.observedNames[i]}: expected 1..255 states`)
    const hp = s.observedHidden[i]!
    if (!(hp >= -1 && hp < h)) return bad('observedHidden', hp, `${s.observedNames[i]}: not a hidden variable`)
    for (const p of s.observedParents[i]!) if (!(p >= 0 && p < n && p !== i)) return bad('observedParents', p, `${s.observedNames[i]}: not another observed variable`)
  }
  for (let v = 0; v < h; v++) {
    const card = s.hiddenCards[v]!
    if (!(Number.isInteger(card) && card >= 1 && card <= 255)) return bad('hiddenCards', card, `${s.hiddenNames[v]}: expected 1..255 states`)
    const p = s.hiddenParent[v]!
    if (!(p >= -1 && p < h && p !== v)) return bad('hiddenParent', p, `${s.hiddenNames[v]}: not another hidden variable`)
  }
  const hiddenOrder = topological(h, (v) => (s.hiddenParent[v]! < 0 ? [] : [s.hiddenParent[v]!]))
  if (hiddenOrder === undefined) return bad('hiddenParent', 'cycle', 'the hidden variables must form a forest')
  const observedOrder = topological(n, (i) => s.observedParents[i]!)
  if (observedOrder === undefined) return bad('observedParents', 'cycle', 'the observed parents must be acyclic')
  const stateOffset = new Int32Array(h + 1)
  for (let v = 0; v < h; v++) stateOffset[v + 1] = stateOffset[v]! + s.hiddenCards[v]!
  const contexts = new Int32Array(n)
  const hiddenStates = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let rows = 1
    for (const p of s.observedParents[i]!) rows *= s.observedCards[p]!
    contexts[i] = rows
    hiddenStates[i] = s.observedHidden[i]! < 0 ? 1 : s.hiddenCards[s.observedHidden[i]!]!
    const entries = observedEntries(s, contexts, hiddenStates, i)
    if (entries > maxTableEntries) return E.left({ _tag: 'TableTooLarge', variable: s.observedNames[i]!, entries: BigInt(entries), limit: maxTableEntries })
  }
  for (let v = 0; v < h; v++) {
    const p = s.hiddenParent[v]!
    const entries = (p < 0 ? 1 : s.hiddenCards[p]!) * s.hiddenCards[v]!
    if (entries > maxTableEntries) return E.left({ _tag: 'TableTooLarge', variable: s.hiddenNames[v]!, entries: BigInt(entries), limit: maxTableEntries })
  }
  return E.right({ hiddenOrder, stateOffset, states: stateOffset[h]!, observedOrder, contexts, hiddenStates })
}

/** Table sizes of a skeleton: hidden tables, then observed tables. */
export const latentTableSizes = (s: LatentSkeleton, layout: LatentLayout): { hidden: number[]; observed: number[] } => ({
  hidden: Array.from(s.hiddenCards, (card, v) => (s.hiddenParent[v]! < 0 ? 1 : s.hiddenCards[s.hiddenParent[v]!]!) * card),
  observed: Array.from(s.observedCards, (_, i) => observedEntries(s, layout.contexts, layout.hiddenStates, i)),
})

/** State names of a hidden variable with `card` states: s0, s1, ... */
export const hiddenStateNames = (card: number): string[] => Array.from({ length: card }, (_, k) => `s${k}`)

/**
 * The network spec of a latent tree model: hidden variables first (states
 * `s0`, `s1`, ...), then observed ones (states named by `observedStates`, default `0`, `1`, ...);
 * each observed variable's parents are `[hidden parent, ...observed parents]`.
 */
export const latentSpec = (model: LatentTree, observedStates?: readonly (readonly string[])[]): NetworkSpec => ({
  variables: [
    ...model.hiddenNames.map((name, v) => ({
      name,
      states: hiddenStateNames(model.hiddenCards[v]!),
      parents: model.hiddenParent[v]! < 0 ? [] : [model.hiddenNames[model.hiddenParent[v]!]!],
      table: model.hiddenTables[v]!,
    })),
    ...model.observedNames.map((name, i) => ({
      name,
      states: observedStates?.[i] ?? Array.from({ length: model.observedCards[i]! }, (_, k) => String(k)),
      parents: [
        ...(model.observedHidden[i]! < 0 ? [] : [model.hiddenNames[model.observedHidden[i]!]!]),
        ...Array.from(model.observedParents[i]!, (p) => model.observedNames[p]!),
      ],
      table: model.observedTables[i]!,
    })),
  ],
})

/**
 * The latent tree model as a `BayesianNetwork` (see {@link latentSpec} for the layout), for compiled inference,
 * file writers and `learnEm`.
 *
 * @example
 * ```ts
 * import { latentNetwork } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bn = latentNetwork({
 *   observedNames: ['x'], observedCards: Int32Array.of(2), hiddenNames: ['z'], hiddenCards: Int32Array.of(2),
 *   hiddenParent: Int32Array.of(-1), observedHidden: Int32Array.of(0), observedParents: [Int32Array.of()],
 *   hiddenTables: [Float64Array.of(0.5, 0.5)], observedTables: [Float64Array.of(0.9, 0.1, 0.2, 0.8)],
 * })
 * E.isRight(bn) && bn.right.dag.nodes // => ['z', 'x']
 * ```
 */
export const latentNetwork = (model: LatentTree, observedStates?: readonly (readonly string[])[]): E.Either<LearnError, BayesianNetwork> => {
  const built = networkFromSpec(latentSpec(model, observedStates))
  return E.isLeft(built) ? E.left({ _tag: 'Network', errors: built.left }) : E.right(built.right.network)
}

/**
 * Free parameters of a latent tree model: (card - 1) per table row.
 *
 * @example
 * ```ts
 * import { latentParameterCount } from '@chainrule/learn'
 * // z (3 states) over two binary variables: 2 + 2 * 3 * 1
 * latentParameterCount({ hiddenCards: Int32Array.of(3), hiddenTables: [new Float64Array(3)], observedCards: Int32Array.of(2, 2), observedTables: [new Float64Array(6), new Float64Array(6)] }) // => 8
 * ```
 */
export const latentParameterCount = (model: Pick<LatentTree, 'hiddenCards' | 'hiddenTables' | 'observedCards' | 'observedTables'>): number => {
  let total = 0
  model.hiddenTables.forEach((t, v) => (total += (t.length / model.hiddenCards[v]!) * (model.hiddenCards[v]! - 1)))
  model.observedTables.forEach((t, i) => (total += (t.length / model.observedCards[i]!) * (model.observedCards[i]! - 1)))
  return total
}
