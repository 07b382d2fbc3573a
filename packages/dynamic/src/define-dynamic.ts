/**
 * Declaring a 2TBN in code: the states of one slice, an initial network over
 * them, and a transition network whose parents may name the previous slice as
 * `X[t-1]`. Both parts are checked as ordinary networks (every problem in the
 * names you wrote), then assembled into the 2TBN in pyAgrum's naming (`X0`,
 * `Xt`) that files use too.
 */
import type { AssignmentOf, NetworkError, StateMap, TableDeclaration } from '@chainrule/models'
import { defineNetwork, networkFromSpec, toSpec, type BayesianNetwork, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { fromTwoSlice, type DynamicNetwork } from './dynamic-network.js'
import type { DynamicError } from './errors.js'

/** The suffix that names a variable's copy in the previous slice: `rain[t-1]`. */
export const PREVIOUS = '[t-1]'

/** A slice's states with a previous-slice copy of every variable (`rain` and `rain[t-1]`). */
export type WithPrevious<S extends StateMap> = S & { readonly [K in keyof S & string as `${K}[t-1]`]: S[K] }

/** Parent lists of the initial network: variables of the same slice. */
export type InitialParents<S extends StateMap> = { readonly [K in keyof S]?: readonly (keyof S & string)[] }

/** Parent lists of the transition network: the same slice (`rain`) or the previous one (`rain[t-1]`). */
export type TransitionParents<S extends StateMap> = {
  readonly [K in keyof S]?: readonly ((keyof S & string) | `${keyof S & string}[t-1]`)[]
}

/**
 * A 2TBN declared in code. Tables are given as in `defineNetwork`: flat rows,
 * nested by parent state, or a function of the parent states (a transition
 * table function receives `rain[t-1]` like any other parent).
 */
export interface DynamicDeclaration<S extends StateMap, P0 extends InitialParents<S>, PT extends TransitionParents<S>> {
  readonly name?: string
  /** The variables of one slice and their states, in order. */
  readonly states: S
  /** Slice 0: parents within the slice and one table per variable. */
  readonly initial: {
    readonly parents?: P0
    readonly tables: { readonly [K in keyof S]: TableDeclaration<S, P0, K> }
  }
  /** Slice t given slice t-1: parents in either slice and one table per variable. */
  readonly transition: {
    readonly parents?: PT
    readonly tables: { readonly [K in keyof S]: TableDeclaration<WithPrevious<S>, PT, K> }
  }
}

/**
 * Declare a dynamic Bayesian network. Every problem of the initial or the
 * transition network is listed at once (`Network`, with `part`), in the names
 * of the declaration; names ending in `[t-1]` are `InvalidName`.
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const umbrella = defineDynamicNetwork({
 *   states: { rain: ['no', 'yes'], umbrella: ['no', 'yes'] },
 *   initial: {
 *     parents: { umbrella: ['rain'] },
 *     tables: { rain: [0.5, 0.5], umbrella: { no: [0.8, 0.2], yes: [0.1, 0.9] } },
 *   },
 *   transition: {
 *     parents: { rain: ['rain[t-1]'], umbrella: ['rain'] },
 *     tables: {
 *       rain: (p) => (p['rain[t-1]'] === 'yes' ? [0.3, 0.7] : [0.7, 0.3]),
 *       umbrella: { no: [0.8, 0.2], yes: [0.1, 0.9] },
 *     },
 *   },
 * })
 * E.isRight(umbrella) && umbrella.right.twoSlice.dag.nodes // => ['rain0', 'umbrella0', 'raint', 'umbrellat']
 * ```
 */
export const defineDynamicNetwork = <
  const S extends StateMap,
  const P0 extends InitialParents<S> = Record<never, never>,
  const PT extends TransitionParents<S> = Record<never, never>,
>(
  declaration: DynamicDeclaration<S, P0, PT>,
): E.Either<DynamicError, DynamicNetwork<AssignmentOf<S>>> => {
  const names = Object.keys(declaration.states)
  for (const name of names) if (name.endsWith(PREVIOUS)) return E.left({ _tag: 'InvalidName', variable: name, reason: `"${PREVIOUS}" names the previous slice` })
  const initial = defineNetwork({
    states: declaration.states,
    ...(declaration.initial.parents === undefined ? {} : { parents: declaration.initial.parents as Readonly<Record<string, readonly string[]>> }),
    tables: declaration.initial.tables as Readonly<Record<string, unknown>>,
  } as never) as E.Either<NetworkError[], BayesianNetwork>
  if (E.isLeft(initial)) return E.left({ _tag: 'Network', part: 'initial', errors: initial.left })
  // The previous slice enters the transition network as roots with a placeholder table (never used).
  const previousStates = Object.fromEntries(names.map((name) => [`${name}${PREVIOUS}`, declaration.states[name]!]))
  const previousTables = Object.fromEntries(names.map((name) => [`${name}${PREVIOUS}`, declaration.states[name]!.map((_, __, all) => 1 / all.length)]))
  const transition = defineNetwork({
    states: { ...previousStates, ...declaration.states },
    ...(declaration.transition.parents === undefined ? {} : { parents: declaration.transition.parents as Readonly<Record<string, readonly string[]>> }),
    tables: { ...previousTables, ...(declaration.transition.tables as Readonly<Record<string, unknown>>) },
  } as never) as E.Either<NetworkError[], BayesianNetwork>
  if (E.isLeft(transition)) return E.left({ _tag: 'Network', part: 'transition', errors: transition.left })
  const renamed = (name: string): string => (name.endsWith(PREVIOUS) ? `${name.slice(0, -PREVIOUS.length)}0` : `${name}t`)
  const variables: VariableSpec[] = [
    ...toSpec(initial.right).variables.map((v) => ({ ...v, name: `${v.name}0`, parents: v.parents.map((p) => `${p}0`) })),
    ...toSpec(transition.right)
      .variables.filter((v) => !v.name.endsWith(PREVIOUS))
      .map((v) => ({ ...v, name: `${v.name}t`, parents: v.parents.map(renamed) })),
  ]
  const twoSlice = networkFromSpec(declaration.name === undefined ? { variables } : { name: declaration.name, variables })
  if (E.isLeft(twoSlice)) return E.left({ _tag: 'Network', part: 'two-slice', errors: twoSlice.left })
  return fromTwoSlice(twoSlice.right.network) as E.Either<DynamicError, DynamicNetwork<AssignmentOf<S>>>
}
