/**
 * The `DynamicNetwork` value: a two-slice temporal Bayesian network (2TBN,
 * Dean & Kanazawa 1989; Murphy 2002), held as one ordinary network in
 * pyAgrum's naming convention:
 *
 * - `X0` is variable X in slice 0; its table, over slice-0 parents only, is
 *   the initial distribution;
 * - `Xt` is X in any later slice t; its parents are `Y0`-named variables
 *   (meaning Y in slice t-1) and `Yt`-named ones (Y in slice t), and its
 *   table is the transition, the same at every step.
 *
 * A file in that convention (BIF, or any format `@chainrule/io` reads) is a
 * 2TBN as it stands: {@link fromTwoSlice} checks the names. Unrolled to T
 * slices (`unroll`) it is the plain network over `X0, X1, ..., X{T-1}`,
 * exactly as pyAgrum's `unroll2TBN` builds it.
 */
import type { Domain } from '@chainrule/factor'
import { domain as makeDomain } from '@chainrule/factor'
import type { Assignment, BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamicError } from './errors.js'

/**
 * A 2TBN. `A` is the type of one slice's complete assignment by base name
 * (`{ rain: 'no' | 'yes', umbrella: ... }`) for networks declared in code.
 */
export interface DynamicNetwork<A extends Assignment = Assignment> {
  /** The 2TBN itself as one network: `X0` and `Xt` for every base variable X. */
  readonly twoSlice: BayesianNetwork
  /** One slice's variables by base name (`X`), with their states; ids are the slice's dense ids. */
  readonly slice: Domain
  /** Id in `twoSlice` of each base variable's slice-0 variable (`X0`), by base id. */
  readonly initialIds: readonly number[]
  /** Id in `twoSlice` of each base variable's slice-t variable (`Xt`), by base id. */
  readonly transitionIds: readonly number[]
  /** Type-level only: the names and states of one slice. */
  readonly __assignment?: A
}

/** A parent of a slice variable: a base id, in slice t-1 (`previous`) or in the same slice. */
export interface SliceParent {
  readonly base: number
  readonly previous: boolean
}

/** The shape of a 2TBN on base ids, as the algorithms read it. */
export interface SliceStructure {
  /** Variables per slice. */
  readonly n: number
  readonly cards: readonly number[]
  /** Parents of X0 (base ids, all slice 0), in table order. */
  readonly initialParents: readonly (readonly number[])[]
  /** Parents of Xt, in table order. */
  readonly transitionParents: readonly (readonly SliceParent[])[]
  /**
   * The forward interface (Murphy 2002): base ids of the variables of a slice
   * with a child in the next slice, ascending. Given them, the past and the
   * future are independent: a slice's belief is a distribution over them.
   */
  readonly interface: readonly number[]
  /** Topological orders of slice 0 and of a later slice (within-slice arcs), for sampling. */
  readonly initialOrder: readonly number[]
  readonly transitionOrder: readonly number[]
}

/**
 * Read a 2TBN from a network in pyAgrum's naming (`X0`, `Xt`). Errors:
 * `NotInASlice` (a name ending neither in `0` nor in `t`), `MissingSlice`,
 * `StatesDiffer`, `ArcIntoInitialSlice`. Base variables take the order of
 * their first appearance.
 *
 * @example
 * ```ts
 * import { fromTwoSlice } from '@chainrule/dynamic'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const file = defineNetwork({
 *   states: { rain0: ['no', 'yes'], raint: ['no', 'yes'] },
 *   parents: { raint: ['rain0'] },
 *   tables: { rain0: [0.5, 0.5], raint: { no: [0.7, 0.3], yes: [0.3, 0.7] } },
 * })
 * const dbn = E.isRight(file) ? fromTwoSlice(file.right) : undefined
 * dbn !== undefined && E.isRight(dbn) && dbn.right.slice.variables.map((v) => v.name) // => ['rain']
 * ```
 */
export const fromTwoSlice = (network: BayesianNetwork): E.Either<DynamicError, DynamicNetwork> => {
  const names = network.dag.nodes
  const bases: string[] = []
  const initial = new Map<string, number>()
  const transition = new Map<string, number>()
  for (let id = 0; id < names.length; id++) {
    const name = names[id]!
    const last = name[name.length - 1]
    const base = name.slice(0, -1)
    if ((last !== '0' && last !== 't') || base.length === 0) return E.left({ _tag: 'NotInASlice', variable: name })
    if (!initial.has(base) && !transition.has(base)) bases.push(base)
    ;(last === '0' ? initial : transition).set(base, id)
  }
  for (const base of bases) {
    const i = initial.get(base)
    const t = transition.get(base)
    if (i === undefined) return E.left({ _tag: 'MissingSlice', variable: base, missing: `${base}0` })
    if (t === undefined) return E.left({ _tag: 'MissingSlice', variable: base, missing: `${base}t` })
    const a = network.domain.variables[i]!.states
    const b = network.domain.variables[t]!.states
    if (a.length !== b.length || a.some((s, k) => s !== b[k])) return E.left({ _tag: 'StatesDiffer', variable: base, initial: a, transition: b })
    for (const p of network.dag.parentIds[i]!) {
      const parent = names[p]!
      if (parent.endsWith('t')) return E.left({ _tag: 'ArcIntoInitialSlice', variable: names[i]!, parent })
    }
  }
  const slice = makeDomain(bases.map((base) => ({ name: base, states: network.domain.variables[initial.get(base)!]!.states })))
  // Names and states were valid in the network, so the slice domain is too.
  if (E.isLeft(slice)) throw new Error(`slice domain: ${slice.left._tag}`)
  return E.right(
    Object.freeze({
      twoSlice: network,
      slice: slice.right,
      initialIds: bases.map((b) => initial.get(b)!),
      transitionIds: bases.map((b) => transition.get(b)!),
    }),
  )
}

/**
 * The structure of a 2TBN on base ids: parents per slice, the forward
 * interface and a within-slice topological order.
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, sliceStructure } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const hmm = defineDynamicNetwork({
 *   states: { weather: ['dry', 'wet'], umbrella: ['no', 'yes'] },
 *   initial: { parents: { umbrella: ['weather'] }, tables: { weather: [0.5, 0.5], umbrella: [[0.9, 0.1], [0.2, 0.8]] } },
 *   transition: {
 *     parents: { weather: ['weather[t-1]'], umbrella: ['weather'] },
 *     tables: { weather: [[0.7, 0.3], [0.3, 0.7]], umbrella: [[0.9, 0.1], [0.2, 0.8]] },
 *   },
 * })
 * E.isRight(hmm) && sliceStructure(hmm.right).interface // => [0]
 * ```
 */
export const sliceStructure = (dbn: DynamicNetwork): SliceStructure => {
  const { twoSlice, slice, initialIds, transitionIds } = dbn
  const n = initialIds.length
  const baseOf = new Int32Array(twoSlice.dag.nodes.length)
  const previous = new Uint8Array(twoSlice.dag.nodes.length)
  initialIds.forEach((id, b) => {
    baseOf[id] = b
    previous[id] = 1
  })
  transitionIds.forEach((id, b) => (baseOf[id] = b))
  const initialParents = initialIds.map((id) => twoSlice.dag.parentIds[id]!.map((p) => baseOf[p]!))
  const transitionParents = transitionIds.map((id) => twoSlice.dag.parentIds[id]!.map((p) => ({ base: baseOf[p]!, previous: previous[p] === 1 })))
  const inInterface = new Uint8Array(n)
  for (const parents of transitionParents) for (const p of parents) if (p.previous) inInterface[p.base] = 1
  return {
    n,
    cards: slice.variables.map((v) => v.states.length),
    initialParents,
    transitionParents,
    interface: Array.from({ length: n }, (_, b) => b).filter((b) => inInterface[b] === 1),
    // Both exist: each slice's arcs are arcs of the (acyclic) 2TBN.
    initialOrder: topologicalOrder(n, initialParents)!,
    transitionOrder: topologicalOrder(n, transitionParents.map((ps) => ps.filter((p) => !p.previous).map((p) => p.base)))!,
  }
}

/** A topological order of n variables given their parents (Kahn), or undefined on a cycle. */
const topologicalOrder = (n: number, parents: readonly (readonly number[])[]): number[] | undefined => {
  const children: number[][] = Array.from({ length: n }, () => [])
  const waiting = new Int32Array(n)
  parents.forEach((ps, v) => {
    waiting[v] = ps.length
    for (const p of ps) children[p]!.push(v)
  })
  const out: number[] = []
  const ready = Array.from({ length: n }, (_, v) => v).filter((v) => waiting[v] === 0)
  for (let k = 0; k < ready.length; k++) {
    const v = ready[k]!
    out.push(v)
    for (const c of children[v]!) if (--waiting[c]! === 0) ready.push(c)
  }
  return out.length === n ? out : undefined
}
