/**
 * Test fixtures: the oracle's plain models (`@chainrule/testing`) as the
 * networks `compile` takes, variables `v0, v1, ...` with states `s0, s1, ...`.
 */
import { markovNetworkFromSpec, networkFromSpec, type BayesianNetwork, type MarkovNetwork } from '@chainrule/models'
import { markovSpecOf, networkSpecOf, right, type Model } from '@chainrule/testing'

/** A Bayesian model (`tables[v]` is v's conditional table, child last) as a network. */
export const networkOf = (model: Model): BayesianNetwork => right(networkFromSpec(networkSpecOf(model))).network

/** Any model's tables as a Markov network's potentials. */
export const markovOf = (model: Model): MarkovNetwork => right(markovNetworkFromSpec(markovSpecOf(model)))
