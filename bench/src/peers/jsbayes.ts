/**
 * Adapter for jsbayes 0.1.0 (https://github.com/vangj/jsbayes): approximate
 * inference by likelihood weighting. `graph.sample(n)` draws n weighted
 * forward samples (synchronously, although it returns a Promise) and each
 * node's `probs()` is then its weighted state frequencies.
 *
 * Two things the adapter does so that the comparison is fair and repeatable:
 * - jsbayes's `setCpt` adds 0.001 to every probability before renormalising
 *   (a smoothing for display), which changes the model. The adapter assigns
 *   the documented `cpt` field directly, as the nested arrays jsbayes indexes
 *   (`cpt[parent_1 state]...[parent_k state][state]`, parents in declared
 *   order), so jsbayes samples exactly the network chainrule answers.
 * - jsbayes draws from `Math.random`. During a call the adapter substitutes a
 *   seeded uniform source, so that a run is reproducible, and puts the
 *   original back afterwards.
 */
import type { BayesianNetwork } from '@chainrule/models'
import jsbayesModule from 'jsbayes'

type NestedCpt = number[] | NestedCpt[]

/** The parts of a jsbayes node the adapter uses (see jsbayes's index.d.ts). */
interface JsbayesNode {
  readonly name: string
  readonly values: string[]
  cpt: NestedCpt
  dirty?: boolean
  addParent(parent: JsbayesNode): JsbayesNode
  probs(): number[]
}

/** The parts of a jsbayes graph the adapter uses. */
interface JsbayesGraph {
  readonly nodes: JsbayesNode[]
  sample(samples: number): Promise<number>
  addNode(name: string, values: string[]): JsbayesNode
  observe(name: string, value: string): void
  unobserve(name: string): void
}

const jsbayes = jsbayesModule as unknown as { newGraph(): JsbayesGraph }

/** A network converted for jsbayes: the graph and its nodes by chainrule variable id. */
export interface JsbayesModel {
  readonly graph: JsbayesGraph
  readonly nodes: readonly JsbayesNode[]
}

const nest = (values: Float64Array, cards: readonly number[], card: number, offset: number, depth: number): NestedCpt => {
  if (depth === cards.length) return Array.from(values.subarray(offset, offset + card))
  const block = values.length / cards.slice(0, depth + 1).reduce((n, c) => n * c, 1)
  const out: NestedCpt[] = []
  for (let i = 0; i < cards[depth]!; i++) out.push(nest(values, cards, card, offset + i * block, depth + 1))
  return out as NestedCpt
}

/**
 * Convert a chainrule network into a jsbayes graph (done once, outside any timed region).
 *
 * @example
 * const model = toJsbayes(bn)
 * const prior = jsbayesMarginals(bn, model, {}, 10_000, createRng(1).float)
 */
export const toJsbayes = (bn: BayesianNetwork): JsbayesModel => {
  const graph = jsbayes.newGraph()
  const { variables } = bn.domain
  const nodes = variables.map((v) => graph.addNode(v.name, [...v.states]))
  for (const v of variables) {
    const parents = bn.dag.parentIds[v.id]!
    const node = nodes[v.id]!
    for (const p of parents) node.addParent(nodes[p]!)
    const parentCards = parents.map((p) => variables[p]!.states.length)
    node.cpt = nest(bn.cpts[v.id]!.values, parentCards, v.states.length, 0, 0)
    node.dirty = false
  }
  return { graph, nodes }
}

/**
 * Approximate marginals of every variable by likelihood weighting with `samples` draws,
 * indexed like chainrule's posterior. `random` replaces `Math.random` for the call.
 * jsbayes does all the work synchronously inside `sample`; the Promise only
 * carries its outcome (a throw inside jsbayes becomes a rejection here).
 *
 * @example
 * const posterior = await jsbayesMarginals(bn, toJsbayes(bn), { Smoker: 'yes' }, 10_000, createRng(7).float)
 */
export const jsbayesMarginals = async (
  bn: BayesianNetwork,
  model: JsbayesModel,
  evidence: Readonly<Record<string, string>>,
  samples: number,
  random: () => number,
): Promise<Float64Array[]> => {
  const { graph, nodes } = model
  for (const node of nodes) graph.unobserve(node.name)
  for (const [name, state] of Object.entries(evidence)) graph.observe(name, state)
  const saved = Math.random
  Math.random = random
  let done: Promise<number>
  try {
    done = graph.sample(samples)
  } finally {
    Math.random = saved
  }
  await done
  return bn.domain.variables.map((v) => {
    const probs = nodes[v.id]!.probs()
    if (probs.length !== v.states.length || probs.some((p) => !Number.isFinite(p)))
      throw new Error(`jsbayes gave no estimate for ${v.name} from ${samples} samples`)
    return Float64Array.from(probs)
  })
}
