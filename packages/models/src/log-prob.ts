/**
 * log p(x) by the chain rule over the graph: the sum over variables of
 * log P(x_v | x_parents(v)), read from each CPT. In nats; -Infinity for an
 * assignment of probability zero (a fact, not an error).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { compile } from './compiled.js'

/**
 * log p(states) for a complete assignment given as one state index per
 * variable id (trusted: length and ranges are not checked). The kernel behind
 * {@link logProb}, for scoring many rows.
 *
 * @example
 * // logProbOfStates(bn, [0, 1, 1, 1]) => -2.71...
 */
export const logProbOfStates = (bn: BayesianNetwork, states: ArrayLike<number>): number => {
  const c = compile(bn)
  let total = 0
  for (let v = 0; v < c.n; v++) {
    const ps = c.parents[v]!
    const st = c.parentStrides[v]!
    let offset = states[v]!
    for (let j = 0; j < ps.length; j++) offset += states[ps[j]!]! * st[j]!
    total += Math.log(c.tables[v]![offset]!)
  }
  return total
}

/**
 * The state index of every variable of a complete named assignment.
 *
 * @example
 * // statesOf(bn, { rain: 'yes', sprinkler: 'off', wet: 'yes' }) => Right(Int32Array [1, 0, 1])
 */
export const statesOf = <A extends Assignment>(bn: BayesianNetwork<A>, assignment: NoInfer<A>): E.Either<NetworkError, Int32Array> => {
  const states = new Int32Array(bn.dag.nodes.length)
  const given = assignment as Assignment
  for (const name of Object.keys(given))
    if (!bn.domain.byName.has(name)) return E.left({ _tag: 'UnknownVariable', variable: name })
  for (let v = 0; v < states.length; v++) {
    const variable = bn.domain.variables[v]!
    const state = given[variable.name]
    if (state === undefined) return E.left({ _tag: 'MissingValue', variable: variable.name })
    const s = variable.states.indexOf(state)
    if (s < 0) return E.left({ _tag: 'UnknownState', variable: variable.name, state, states: [...variable.states] })
    states[v] = s
  }
  return E.right(states)
}

/**
 * log p(assignment) in nats, by the chain rule over the graph. Every variable
 * needs a state; names are typed for networks declared in code.
 *
 * @example
 * // logProb(sprinkler, { rain: 'no', sprinkler: 'on', wet: 'yes' }) => Right(log(0.8 * 0.4 * 0.9))
 * // logProb(sprinkler, { rain: 'no', sprinkler: 'on', wet: 'yess' }) // compile error
 */
export const logProb = <A extends Assignment>(bn: BayesianNetwork<A>, assignment: NoInfer<A>): E.Either<NetworkError, number> =>
  E.map((states: Int32Array) => logProbOfStates(bn, states))(statesOf(bn, assignment))
