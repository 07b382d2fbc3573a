/**
 * Adapter for bayesjs 0.6.5 (https://github.com/bayesjs/bayesjs), the other
 * exact JavaScript engine: a junction tree whose potentials are lists of
 * objects keyed by state names. A network is a plain object of nodes
 * `{ id, states, parents, cpt }`; a conditional table is a list of rows
 * `{ when: { parent: state }, then: { state: p } }`, a root's table a single
 * `{ state: p }`.
 *
 * `inferAll(network, given, options)` answers every node's marginal by calling
 * the junction-tree `infer` once per state. bayesjs caches the triangulated
 * tree per network object (WeakMap) and the propagated potentials per
 * `given` object, so a fresh `given` object per query makes it propagate
 * again while reusing the tree: the warm cost of one all-marginals query.
 * Its results are rounded to 8 decimals by default; `precision: Infinity`
 * turns the rounding off so that the answers can be compared exactly.
 */
import type { BayesianNetwork } from '@chainrule/models'
import bayesjs from 'bayesjs'
import type { ICptWithParents, ICptWithoutParents, INetwork } from 'bayesjs'

/**
 * Convert a chainrule network into a bayesjs network (done once, outside any timed region).
 * Rows follow chainrule's layout: parents in declared order, the last one varying fastest.
 *
 * @example
 * const network = toBayesjs(bn)
 * const prior = bayesjsMarginals(bn, network, {})
 */
export const toBayesjs = (bn: BayesianNetwork): INetwork => {
  const { variables } = bn.domain
  const network: INetwork = {}
  for (const v of variables) {
    const parents = bn.dag.parentIds[v.id]!
    const values = bn.cpts[v.id]!.values
    const card = v.states.length
    const rowOf = (offset: number): ICptWithoutParents => {
      const then: ICptWithoutParents = {}
      v.states.forEach((s, k) => {
        then[s] = values[offset + k]!
      })
      return then
    }
    let cpt: ICptWithParents | ICptWithoutParents
    if (parents.length === 0) cpt = rowOf(0)
    else {
      const rows: ICptWithParents = []
      const parentStates = parents.map((p) => variables[p]!.states)
      const assignment = parents.map(() => 0)
      const count = values.length / card
      for (let r = 0; r < count; r++) {
        const when: Record<string, string> = {}
        parents.forEach((p, i) => {
          when[variables[p]!.name] = parentStates[i]![assignment[i]!]!
        })
        rows.push({ when, then: rowOf(r * card) })
        // Odometer with the last parent fastest.
        for (let i = parents.length - 1; i >= 0; i--) {
          if (++assignment[i]! < parentStates[i]!.length) break
          assignment[i] = 0
        }
      }
      cpt = rows
    }
    network[v.name] = { id: v.name, states: [...v.states], parents: parents.map((p) => variables[p]!.name), cpt }
  }
  return network
}

/**
 * All marginals from bayesjs's junction tree, as `probabilities[v][s]` indexed
 * like chainrule's posterior (observed variables get their indicator).
 * A fresh `given` object per call: bayesjs re-propagates but keeps its tree.
 *
 * @example
 * const posterior = bayesjsMarginals(bn, toBayesjs(bn), { Smoker: 'yes' })
 */
export const bayesjsMarginals = (
  bn: BayesianNetwork,
  network: INetwork,
  evidence: Readonly<Record<string, string>>,
): Float64Array[] => {
  const result = bayesjs.inferAll(network, { ...evidence }, { precision: Number.POSITIVE_INFINITY })
  return bn.domain.variables.map((v) => {
    const row = result[v.name]
    const out = new Float64Array(v.states.length)
    v.states.forEach((s, k) => {
      const p = row?.[s]
      if (typeof p !== 'number') throw new Error(`bayesjs returned no probability for ${v.name}=${s}`)
      out[k] = p
    })
    return out
  })
}
