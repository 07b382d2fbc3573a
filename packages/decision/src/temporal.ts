/**
 * The temporal structure of an influence diagram: the order of its
 * decisions, what is known at each (no-forgetting: everything known at an
 * earlier decision, and the earlier decisions themselves), evidence checked
 * against that order, and the strong elimination order that solving needs
 * (Jensen, Jensen & Dittmer 1994): the chance variables never observed are
 * summed first, then the last decision is maximised, then the chance
 * variables observed just before it are summed, and so on back to the first
 * decision and what was known before it.
 */
import { ancestors, descendants } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import type { InfluenceDiagram } from './diagram.js'
import type { DecisionError } from './errors.js'

/** Evidence on a diagram, by name: chance variables known from the start, and decisions already taken. */
export type DiagramEvidence = Readonly<Record<string, string | undefined>>

/** Evidence resolved to ids: observed state per variable, -1 when not given. */
export const resolveEvidence = (diagram: InfluenceDiagram, evidence: DiagramEvidence): E.Either<DecisionError, Int32Array> => {
  const { domain } = diagram.network
  const states = new Int32Array(domain.variables.length).fill(-1)
  for (const [name, state] of Object.entries(evidence)) {
    if (state === undefined) continue
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    const s = domain.variables[v]!.states.indexOf(state)
    if (s < 0) return E.left({ _tag: 'UnknownState', variable: name, state: String(state), states: domain.variables[v]!.states })
    states[v] = s
  }
  // A chance variable some open decision influences cannot be known before that decision is made.
  const { dag } = diagram.network
  for (const d of diagram.decisions) {
    if (states[d]! >= 0) continue
    const after = descendants(dag, dag.nodes[d]!)
    if (E.isLeft(after)) throw new Error('decision not in its own network')
    for (const name of after.right) {
      const v = domain.byName.get(name)!
      if (states[v]! >= 0) return E.left({ _tag: 'EvidenceAfterDecision', variable: name, decision: dag.nodes[d]! })
    }
  }
  return E.right(states)
}

/** `a` has a directed path to `b`. */
const precedes = (diagram: InfluenceDiagram, a: number, b: number): boolean => {
  const { dag } = diagram.network
  const before = ancestors(dag, dag.nodes[b]!)
  return E.isRight(before) && before.right.includes(dag.nodes[a]!)
}

/**
 * The open decisions (those the evidence does not fix) in temporal order: a
 * topological order of the network, which must put a directed path between
 * each decision and the next. `DecisionsNotOrdered` names two that have none.
 */
export const decisionOrder = (diagram: InfluenceDiagram, evidence: Int32Array): E.Either<DecisionError, number[]> => {
  const open = diagram.network.dag.topologicalIds.filter((v) => diagram.decisions.includes(v) && evidence[v]! < 0)
  for (let k = 1; k < open.length; k++)
    if (!precedes(diagram, open[k - 1]!, open[k]!)) return E.left({ _tag: 'DecisionsNotOrdered', decisions: [diagram.network.dag.nodes[open[k - 1]!]!, diagram.network.dag.nodes[open[k]!]!] })
  return E.right(open)
}

/**
 * The strong elimination groups, last decision first: for the ordered open
 * decisions D_1..D_n, the unobserved chance variables never known before any
 * decision, then D_n, then the chance variables first known at D_n, ...,
 * then D_1, then the chance variables known before D_1. Known at D_k (no
 * forgetting): the parents of D_1..D_k. Observed variables are absent (the
 * evidence instantiates them).
 */
export const strongGroups = (diagram: InfluenceDiagram, order: readonly number[], evidence: Int32Array): { readonly sums: number[][]; readonly decisions: number[] } => {
  const { dag } = diagram.network
  const n = dag.nodes.length
  const position = new Int32Array(n)
  dag.topologicalIds.forEach((v, k) => (position[v] = k))
  const knownAt = new Int32Array(n).fill(order.length)
  const learn = (d: number, k: number): void => {
    for (const p of dag.parentIds[d]!) if (knownAt[p]! > k) knownAt[p] = k
  }
  order.forEach((d, k) => learn(d, k))
  // A decision already taken (fixed by the evidence) knew its parents: the open decisions after it know them too.
  for (const d of diagram.decisions) {
    if (evidence[d]! < 0) continue
    const next = order.findIndex((o) => position[o]! > position[d]!)
    if (next >= 0) learn(d, next)
  }
  // sums[k]: chance variables first known at decision k (k = 0..n-1); sums[n]: never known.
  const sums: number[][] = Array.from({ length: order.length + 1 }, () => [])
  for (let v = 0; v < n; v++) {
    if (diagram.decisions.includes(v) || evidence[v]! >= 0) continue
    sums[knownAt[v]!]!.push(v)
  }
  return { sums, decisions: [...order] }
}
