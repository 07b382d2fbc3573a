/**
 * `compileDynamic`: a 2TBN compiled once for the interface algorithm. The
 * engine holds two junction trees (slice 0, and the 1.5 slices of any later
 * step) and answers every sequence question with them; nothing is unrolled.
 */
import type { CompileOptions, CompilePlan } from '@chainrule/infer'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { sliceStructure, type DynamicNetwork, type SliceStructure } from './dynamic-network.js'
import type { DynamicError } from './errors.js'
import { compileSliceTrees, type SliceTrees } from './slice-tree.js'

/** A compiled 2TBN, ready for filtering, smoothing, prediction and Viterbi. */
export interface DynamicEngine<A extends Assignment = Assignment> {
  readonly network: DynamicNetwork<A>
  /** The forward interface: variables of a slice with a child in the next (base names). A belief is a distribution over them. */
  readonly interfaceVariables: readonly string[]
  /** Entries of a belief over the interface. */
  readonly interfaceSize: number
  /** Sizes of the two junction trees (slice 0; slice t with the previous interface). */
  readonly plans: { readonly initial: CompilePlan; readonly transition: CompilePlan }
}

/** What an engine keeps out of sight. */
export interface DynamicState {
  readonly structure: SliceStructure
  readonly trees: SliceTrees
  readonly options: CompileOptions
}

const states = new WeakMap<DynamicEngine, DynamicState>()

/** The private state of an engine made by {@link compileDynamic}. */
export const dynamicState = (engine: DynamicEngine): DynamicState => {
  const state = states.get(engine)
  if (state === undefined) throw new TypeError('not an engine made by compileDynamic')
  return state
}

/** The conditional tables of a 2TBN by base id: slice 0's and slice t's. */
export const tablesOf = (dbn: DynamicNetwork): { readonly initial: Float64Array[]; readonly transition: Float64Array[] } => ({
  initial: dbn.initialIds.map((id) => dbn.twoSlice.cpts[id]!.values),
  transition: dbn.transitionIds.map((id) => dbn.twoSlice.cpts[id]!.values),
})

/** An engine over given trees (compiled, or refilled with new numbers). */
export const engineOf = <A extends Assignment>(network: DynamicNetwork<A>, structure: SliceStructure, trees: SliceTrees, options: CompileOptions): DynamicEngine<A> => {
  const engine: DynamicEngine<A> = Object.freeze({
    network,
    interfaceVariables: structure.interface.map((b) => network.slice.variables[b]!.name),
    interfaceSize: trees.interfaceSize,
    plans: { initial: trees.initial.plan, transition: trees.transition.plan },
  })
  states.set(engine, { structure, trees, options })
  return engine
}

/**
 * Compile a 2TBN: the slice-0 tree and the transition tree (slice t with the
 * previous slice's interface), each once. Options are the junction-tree
 * compiler's (memory budget, elimination strategies); a tree over the budget
 * is `Infer` holding `OverBudget`.
 *
 * @example
 * ```ts
 * import { compileDynamic, defineDynamicNetwork } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const hmm = defineDynamicNetwork({
 *   states: { weather: ['dry', 'wet'], umbrella: ['no', 'yes'] },
 *   initial: { parents: { umbrella: ['weather'] }, tables: { weather: [0.5, 0.5], umbrella: [[0.9, 0.1], [0.2, 0.8]] } },
 *   transition: {
 *     parents: { weather: ['weather[t-1]'], umbrella: ['weather'] },
 *     tables: { weather: [[0.7, 0.3], [0.3, 0.7]], umbrella: [[0.9, 0.1], [0.2, 0.8]] },
 *   },
 * })
 * const engine = E.isRight(hmm) ? compileDynamic(hmm.right) : undefined
 * engine !== undefined && E.isRight(engine) && engine.right.interfaceVariables // => ['weather']
 * ```
 */
export const compileDynamic = <A extends Assignment>(network: DynamicNetwork<A>, options: CompileOptions = {}): E.Either<DynamicError, DynamicEngine<A>> => {
  const structure = sliceStructure(network)
  const { initial, transition } = tablesOf(network)
  const trees = compileSliceTrees(structure, initial, transition, options)
  if (E.isLeft(trees)) return E.left({ _tag: 'Infer', error: trees.left })
  return E.right(engineOf(network, structure, trees.right, options))
}
