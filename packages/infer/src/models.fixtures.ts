/**
 * Test fixtures: the oracle's plain models (`@chainrule/testing`) as the
 * networks `compile` takes, variables `v0, v1, ...` with states `s0, s1, ...`.
 */
import { markovNetworkFromSpec, networkFromSpec, type BayesianNetwork, type MarkovNetwork } from '@chainrule/models'
import { arbitraryEvidence, arbitraryModel, exactPosterior, markovSpecOf, networkSpecOf, right, type Model, type RandomModel } from '@chainrule/testing'
import fc from 'fast-check'

/** A Bayesian model (`tables[v]` is v's conditional table, child last) as a network. */
export const networkOf = (model: Model): BayesianNetwork => right(networkFromSpec(networkSpecOf(model))).network

/** Any model's tables as a Markov network's potentials. */
export const markovOf = (model: Model): MarkovNetwork => right(markovNetworkFromSpec(markovSpecOf(model)))

/**
 * Factor graphs: 1 to `variables` variables of 1 to 3 states and 1 to
 * `potentials` potentials over at most 3 of them each (a variable may be in
 * none), entries zero or spread from 1e-3 to 1e3 (nothing sums to 1).
 */
export const arbFactorGraph = (variables = 6, potentials = 8): fc.Arbitrary<RandomModel> =>
  arbitraryModel({ kind: 'markov', variables: { max: variables }, factors: { min: 1, max: potentials, maxScope: 3 }, spread: 3 })

/** A model with random hard evidence (each variable observed with probability 1/3), as dense states. */
export const withEvidence = <M extends Model>(models: fc.Arbitrary<M>): fc.Arbitrary<[M, Int32Array]> =>
  models.chain((model) => fc.tuple(fc.constant(model), arbitraryEvidence(model.cards).map((e) => e.states)))

/**
 * Trees of rare events: binary variables, each after the first with one
 * parent among the earlier ones, and conditional probabilities as small as
 * 1e-300 (none zero), so products fall far below the smallest double while
 * evidence can make those events the likely ones.
 */
export const arbRareModel = arbitraryModel({ variables: { min: 2, max: 7 }, states: { min: 2, max: 2 }, parents: { min: 1, max: 1 }, zeros: false, rare: true })

/** Evidence on most of `n` binary variables, where the tree runs out of range. */
export const arbRareEvidence = (n: number): fc.Arbitrary<Int32Array> => arbitraryEvidence(new Array<number>(n).fill(2), { observed: 0.6 }).map((e) => e.states)

/** log P(e) and P(v | e) by the oracle's enumeration (exact for rare events): marginals empty when P(e) = 0. */
export const logEnumeration = (model: Model, states: Int32Array): { logPEvidence: number; marginals: Float64Array[] } => {
  const exact = exactPosterior(model, { evidence: states })
  return { logPEvidence: exact.logZ, marginals: exact.marginals ?? [] }
}
