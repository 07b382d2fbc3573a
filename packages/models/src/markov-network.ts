/**
 * Markov networks (undirected models, factor graphs): variables with states
 * and non-negative potentials over sets of them. The represented distribution
 * is p(x) = (1/Z) prod_f phi_f(x_f), with Z the partition function (the sum of
 * the product over every assignment). Nothing needs to sum to 1; entries must
 * be finite and non-negative. A potential's values are laid out like every
 * table here: row-major over its scope, the last scope variable fastest.
 *
 * `defineMarkovNetwork` declares one in code (names typed from the
 * declaration), `markovNetworkFromSpec` builds one from plain data (a file).
 */
import * as E from 'fp-ts/lib/Either.js'
import { domain as makeDomain, tableOf, type Domain, type Factor, type VarId } from '@chainrule/factor'
import type { AssignmentOf, StateMap } from './declaration.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { freezeFactor } from './network.js'

/** A Markov network: a domain and potentials over it. */
export interface MarkovNetwork<A extends Assignment = Assignment> {
  readonly name?: string
  readonly domain: Domain
  readonly factors: readonly Factor[]
  /** Type-level only (never present at runtime): the names and states of the network. */
  readonly __assignment?: A
}

/** One potential as plain data: its scope by name and its values (last scope variable fastest). */
export interface PotentialSpec {
  readonly scope: readonly string[]
  readonly values: ArrayLike<number>
}

/** A Markov network as plain data. */
export interface MarkovSpec {
  readonly name?: string
  readonly variables: readonly { readonly name: string; readonly states: readonly string[] }[]
  readonly factors: readonly PotentialSpec[]
}

/** A Markov network declared in code: states first (their key order gives the ids), then potentials over them. */
export interface MarkovDeclaration<S extends StateMap> {
  readonly name?: string
  readonly states: S
  readonly factors: readonly { readonly scope: readonly (keyof S & string)[]; readonly values: ArrayLike<number> }[]
}

/**
 * Check a plain {@link MarkovSpec} and build the network; every problem is listed at once.
 *
 * @example
 * ```ts
 * import { markovNetworkFromSpec } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const pair = markovNetworkFromSpec({
 *   variables: [{ name: 'a', states: ['0', '1'] }, { name: 'b', states: ['0', '1'] }],
 *   factors: [{ scope: ['a', 'b'], values: [2, 1, 1, 2] }],
 * })
 * E.isRight(pair) // => true
 * ```
 */
export const markovNetworkFromSpec = (spec: MarkovSpec): E.Either<NetworkError[], MarkovNetwork> => {
  const errors: NetworkError[] = []
  const d = makeDomain(spec.variables)
  if (E.isLeft(d)) return E.left([{ _tag: 'Factor', error: d.left }])
  if (spec.variables.length === 0) errors.push({ _tag: 'EmptyNetwork' })
  const dom = d.right
  const factors: Factor[] = []
  spec.factors.forEach((f, index) => {
    const ids: VarId[] = []
    for (const name of f.scope) {
      const id = dom.byName.get(name)
      if (id === undefined) errors.push({ _tag: 'UnknownScopeVariable', factor: index, variable: name })
      else if (ids.includes(id)) errors.push({ _tag: 'DuplicateScopeVariable', factor: index, variable: name })
      else ids.push(id)
    }
    if (ids.length !== f.scope.length) return
    const cards = ids.map((v) => dom.variables[v]!.states.length)
    const expected = cards.reduce((n, c) => n * c, 1)
    if (f.values.length !== expected) {
      errors.push({ _tag: 'WrongFactorLength', factor: index, expected, got: f.values.length })
      return
    }
    for (let k = 0; k < f.values.length; k++) {
      const x = f.values[k]!
      if (!(Number.isFinite(x) && x >= 0)) {
        errors.push({ _tag: 'InvalidPotential', factor: index, entry: k, value: x })
        return
      }
    }
    factors.push(freezeFactor(tableOf(ids, cards, Float64Array.from(f.values))))
  })
  if (errors.length > 0) return E.left(errors)
  const network: MarkovNetwork = { domain: dom, factors: Object.freeze(factors) }
  return E.right(Object.freeze(spec.name === undefined ? network : { ...network, name: spec.name }))
}

/**
 * Declare a Markov network in code. Variable and state names are typed from
 * `states`, so a scope naming an unknown variable, and a later query naming
 * an unknown state, do not compile.
 *
 * @example
 * ```ts
 * import { defineMarkovNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // two friends who tend to agree: phi(a, b) = 3 when equal, 1 otherwise
 * const friends = defineMarkovNetwork({
 *   states: { alice: ['no', 'yes'], bob: ['no', 'yes'] },
 *   factors: [{ scope: ['alice', 'bob'], values: [3, 1, 1, 3] }],
 * })
 * E.isRight(friends) && friends.right.factors.length // => 1
 * ```
 */
export const defineMarkovNetwork = <const S extends StateMap>(
  declaration: MarkovDeclaration<S>,
): E.Either<NetworkError[], MarkovNetwork<AssignmentOf<S>>> =>
  markovNetworkFromSpec({
    ...(declaration.name === undefined ? {} : { name: declaration.name }),
    variables: Object.keys(declaration.states).map((name) => ({ name, states: declaration.states[name]! })),
    factors: declaration.factors,
  }) as E.Either<NetworkError[], MarkovNetwork<AssignmentOf<S>>>

/**
 * True for a Bayesian network, false for a Markov network: what a file loader
 * that reads either kind returned.
 *
 * @example
 * ```ts
 * import { defineMarkovNetwork, isBayesianNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const pair = defineMarkovNetwork({ states: { a: ['0', '1'] }, factors: [{ scope: ['a'], values: [1, 2] }] })
 * E.isRight(pair) && isBayesianNetwork(pair.right) // => false
 * ```
 */
export const isBayesianNetwork = <A extends Assignment>(model: BayesianNetwork<A> | MarkovNetwork<A>): model is BayesianNetwork<A> => 'cpts' in model
