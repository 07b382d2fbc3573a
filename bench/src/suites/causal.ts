/**
 * Suite `causal`.
 *
 * - A do() query after compile against plain queries on the same engine, on
 *   alarm, hailfinder and pathfinder: the prior (no evidence), evidence on a
 *   variable, and do() on that same variable (its table replaced for the
 *   query on the compiled tree), and do() with evidence elsewhere. The ratio
 *   is against the evidence query: an intervention should cost about what an
 *   observation costs. The intervened variable is the one with parents whose
 *   home cluster lies deepest in the tree (the most recollection either way).
 * - Identification on generated graphs of 50, 200 and 1,000 nodes (three
 *   parents at most, mostly near in the causal order, one node in ten
 *   hidden): the ID algorithm with its simplifications (`identify`), all
 *   minimal backdoor sets (up to 100), the front-door sets, against one
 *   d-separation test (Bayes-ball, linear time) on the same graph as a floor.
 */
import { backdoorSets, causalDiagram, frontdoorSets, identify } from '@chainrule/causal'
import { fromParents, reachableMask, type Dag } from '@chainrule/graph'
import { compile, marginals, type Question } from '@chainrule/infer'
import { engineState } from '@chainrule/infer/internal'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { measure, withRatios, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networkFile } from '../networks.js'

/** The variable with parents whose home cluster is deepest below the root, and its first state. */
const deepest = (bn: BayesianNetwork, home: Int32Array, parent: Int32Array): string => {
  let best = -1
  let bestDepth = -1
  for (let v = 0; v < bn.dag.nodes.length; v++) {
    if (bn.dag.parentIds[v]!.length === 0) continue
    let depth = 0
    for (let c = home[v]!; c >= 0; c = parent[c]!) depth++
    if (depth > bestDepth) {
      bestDepth = depth
      best = v
    }
  }
  return bn.dag.nodes[best]!
}

const queries = (): Row[] => {
  const rows: Row[] = []
  for (const name of ['alarm', 'hailfinder', 'pathfinder']) {
    const file = networkFile(name)
    if (file === undefined) continue
    const bn = loadOrThrow(file)
    const engine = compile(bn)
    if (E.isLeft(engine)) throw new Error(`bench: ${name} does not compile`)
    const tree = engineState(engine.right).tree!
    const x = deepest(bn, tree.home, tree.parent)
    const state = bn.domain.variables[bn.domain.byName.get(x)!]!.states[0]!
    // Evidence elsewhere: the last variable declared that is not x.
    const other = bn.dag.nodes.filter((n) => n !== x).at(-1)!
    const otherState = bn.domain.variables[bn.domain.byName.get(other)!]!.states[0]!
    const cases: [string, Question][] = [
      ['prior (nothing given)', {}],
      [`evidence ${x}=${state}`, { evidence: { [x]: state } }],
      [`do(${x}=${state})`, { do: { [x]: state } }],
      [`do(${x}=${state}) + evidence ${other}=${otherState}`, { do: { [x]: state }, evidence: { [other]: otherState } }],
    ]
    for (const [label, question] of cases) {
      const check = marginals(engine.right, question)
      if (E.isLeft(check)) throw new Error(`bench: ${name} ${label}: ${check.left._tag}`)
      const timing = measure(() => marginals(engine.right, question), { minRepeats: 20, minTimeMs: 500 })
      rows.push({ suite: 'causal', case: name, engine: label.startsWith('evidence') ? 'evidence' : label.split(' ')[0] === 'prior' ? 'prior' : label.includes('+') ? 'do + evidence' : 'do', question: label, ...timing })
    }
  }
  return withRatios(rows, 'evidence')
}

/** A seeded generator (mulberry32): the same graphs on every run. */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** n nodes in causal order; each takes up to three parents, nine in ten of them among the previous eight nodes. */
const generatedGraph = (n: number, seed: number): Dag => {
  const next = random(seed)
  const parents = new Map<string, string[]>()
  for (let v = 0; v < n; v++) {
    const mine = new Set<number>()
    const count = v === 0 ? 0 : Math.floor(next() * 4)
    for (let k = 0; k < count; k++) mine.add(next() < 0.9 ? Math.max(0, v - 1 - Math.floor(next() * 8)) : Math.floor(next() * v))
    parents.set(`n${v}`, [...mine].map((p) => `n${p}`))
  }
  const dag = fromParents(parents)
  if (E.isLeft(dag)) throw new Error('bench: generated graph')
  return dag.right
}

const identification = (): Row[] => {
  const rows: Row[] = []
  for (const n of [50, 200, 1000]) {
    const dag = generatedGraph(n, n)
    // One in ten hidden, never the treatment or the outcome.
    const x = Math.floor(n / 2)
    const y = Math.min(n - 1, x + 12)
    const hidden = dag.nodes.filter((_, v) => v % 10 === 3 && v !== x && v !== y)
    const diagram = causalDiagram(dag, { hidden })
    if (E.isLeft(diagram)) throw new Error('bench: diagram')
    const query = { treatment: [dag.nodes[x]!], outcome: [dag.nodes[y]!] }
    const answer = identify(diagram.right, query)
    if (E.isLeft(answer)) throw new Error('bench: identify')
    const backdoor = backdoorSets(diagram.right, query)
    const frontdoor = frontdoorSets(diagram.right, query)
    if (E.isLeft(backdoor) || E.isLeft(frontdoor)) throw new Error('bench: sets')
    const label = `${n} nodes, ${hidden.length} hidden`
    const facts = {
      identifiable: answer.right.identifiable ? 'yes' : 'no',
      backdoorSets: backdoor.right.sets.length,
      frontdoorSets: frontdoor.right.sets.length,
    }
    const floor = measure(() => reachableMask(dag, [x], []))
    rows.push({ suite: 'causal', case: label, engine: 'd-separation (floor)', ...floor })
    rows.push({ suite: 'causal', case: label, engine: 'identify (ID)', ...measure(() => identify(diagram.right, query)), ...facts })
    rows.push({ suite: 'causal', case: label, engine: 'backdoor sets (<= 100)', ...measure(() => backdoorSets(diagram.right, query)) })
    rows.push({ suite: 'causal', case: label, engine: 'front-door sets', ...measure(() => frontdoorSets(diagram.right, query)) })
  }
  return withRatios(rows, 'd-separation (floor)')
}

export const suite: Suite = {
  name: 'causal',
  description: 'do() against plain queries on one compiled engine (alarm, hailfinder, pathfinder); identification on generated graphs of 50, 200, 1,000 nodes',
  run: () => [...queries(), ...identification()],
}
