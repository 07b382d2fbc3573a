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
 * ```ts
 * import { defineNetwork, logProbOfStates } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   // rain = no, sprinkler = on, wet = yes, by state index
 *   logProbOfStates(sprinkler.right, [0, 1, 1]) // ~> Math.log(0.8 * 0.4 * 0.9)
 * }
 * ```
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
 * ```ts
 * import { defineNetwork, statesOf } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   statesOf(sprinkler.right, { rain: 'yes', sprinkler: 'off', wet: 'yes' }) // => E.right(Int32Array.of(1, 0, 1))
 * }
 * ```
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
 * ```ts
 * import { defineNetwork, logProb } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   const lp = logProb(sprinkler.right, { rain: 'no', sprinkler: 'on', wet: 'yes' }) // ~> E.right(Math.log(0.8 * 0.4 * 0.9))
 *   // logProb(sprinkler.right, { rain: 'no', sprinkler: 'on', wet: 'yess' }) is a compile error
 * }
 * ```
 */
export const logProb = <A extends Assignment>(bn: BayesianNetwork<A>, assignment: NoInfer<A>): E.Either<NetworkError, number> =>
  E.map((states: Int32Array) => logProbOfStates(bn, states))(statesOf(bn, assignment))
