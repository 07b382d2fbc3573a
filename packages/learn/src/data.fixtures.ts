/**
 * Test fixtures for table learning, log-likelihood and EM: the oracle's random
 * networks (`@chainrule/testing`) as `BayesianNetwork`s, data sampled from
 * them, and checks written independently of the code under test: counts by a
 * row loop over the tables' own strides, and the log-likelihood of a row with
 * missing cells by the oracle's enumeration of every completion.
 */
import fc from 'fast-check'
import { fromSamples, MISSING, type DataSet } from '@chainrule/data'
import { ancestralSample, createRng, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import { arbitraryModel, enumerateJoint, logTotal, networkSpecOf, right } from '@chainrule/testing'

export { left as leftOf, right } from '@chainrule/testing'

/** Random networks: up to `maxVariables`, 2..maxCard states, up to `maxParents` parents each, positive tables. */
export const arbitraryNetwork = ({ maxVariables = 5, maxCard = 3, maxParents = 2 } = {}): fc.Arbitrary<BayesianNetwork> =>
  arbitraryModel({ variables: { max: maxVariables }, states: { min: 2, max: maxCard }, parents: { max: maxParents }, zeros: false }).map(
    (model) => right(networkFromSpec(networkSpecOf(model))).network,
  )

/** `rows` rows drawn from `bn` with a seed, as a data set. */
export const sampleData = (bn: BayesianNetwork, rows: number, seed: number): DataSet => right(fromSamples(right(ancestralSample(bn, rows, createRng(seed)))))

/** Counts of each family, by a row loop using the CPT's own strides (no shared code with counts.ts). */
export const bruteCounts = (bn: BayesianNetwork, data: DataSet): Float64Array[] =>
  bn.cpts.map((f) => {
    const out = new Float64Array(f.values.length)
    for (let r = 0; r < data.rows; r++) {
      let at = 0
      f.scope.forEach((v, k) => (at += f.strides[k]! * data.columns[data.variables.indexOf(bn.dag.nodes[v]!)]![r]!))
      out[at]!++
    }
    return out
  })

/** log P(observed cells of row r): the oracle's enumeration of every completion of the missing cells. */
export const bruteRowLogLikelihood = (bn: BayesianNetwork, data: DataSet, r: number): number => {
  const evidence = Int32Array.from(bn.dag.nodes, (name) => {
    const s = data.columns[data.variables.indexOf(name)]![r]!
    return s === MISSING ? -1 : s
  })
  // A network's tables are the oracle's tables as they are (scope [...parents, child], last fastest).
  return logTotal(enumerateJoint({ cards: bn.domain.variables.map((v) => v.states.length), tables: bn.cpts }, { evidence }))
}
