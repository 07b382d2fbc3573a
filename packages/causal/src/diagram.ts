/**
 * A causal diagram: a DAG whose nodes are causes and effects, some of them
 * hidden (latent, never measured), and its latent projection (Verma & Pearl
 * 1990; Tian & Pearl 2002), the acyclic directed mixed graph over the observed
 * variables that the ID algorithm works on:
 * - a -> b when a directed path a -> ... -> b has only hidden nodes inside;
 * - a <-> b when some hidden h reaches both a and b by directed paths with
 *   only hidden nodes inside (a hidden common cause).
 *
 * Criteria that speak of paths (backdoor, adjustment, front-door) and the
 * conditional independences used to shorten estimands are decided on the
 * DAG itself, hidden nodes unobserved; identification on the projection.
 */
import { fromParents, idOf, type Dag } from '@chainrule/graph'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError, Role } from './errors.js'

/**
 * The latent projection: observed variables with dense ids in a topological
 * order of the DAG (id order is a causal order), directed parents and
 * bidirected neighbours (siblings), each list ascending.
 */
export interface Admg {
  readonly names: readonly string[]
  readonly parents: readonly (readonly number[])[]
  readonly children: readonly (readonly number[])[]
  readonly siblings: readonly (readonly number[])[]
  /** `dagIds[i]` is the DAG node of observed variable i. */
  readonly dagIds: Int32Array
}

/** A DAG with hidden variables, and its projection on the observed ones. */
export interface CausalDiagram {
  /** Every variable, hidden ones included. */
  readonly dag: Dag
  /** The hidden variables, in declaration order. */
  readonly hidden: readonly string[]
  /** The observed variables, in a topological order of the DAG. */
  readonly observed: readonly string[]
  readonly admg: Admg
  /** `observedId[v]` is the id in `admg` of DAG node v, or -1 when v is hidden. */
  readonly observedId: Int32Array
}

/** What makes a diagram: hidden variables of the graph, and hidden common causes to add. */
export interface DiagramOptions {
  /** Variables of the graph that are never observed. */
  readonly hidden?: readonly string[]
  /**
   * Pairs of variables with a hidden common cause not in the graph (a
   * bidirected arc a <-> b); each adds a hidden node `U[a,b]`.
   */
  readonly confounders?: readonly (readonly [string, string])[]
}

const isNetwork = (model: Dag | BayesianNetwork): model is BayesianNetwork => 'cpts' in model

/**
 * A causal diagram over a DAG or a network's graph, with hidden variables and
 * extra hidden common causes. Errors: `UnknownVariable` (a hidden or
 * confounded name not in the graph, or hidden).
 *
 * @example
 * ```ts
 * import { causalDiagram } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['smoking', 'tar'], ['tar', 'cancer'], ['U', 'smoking'], ['U', 'cancer']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right, { hidden: ['U'] }) : undefined
 * if (diagram !== undefined && E.isRight(diagram)) {
 *   diagram.right.observed // => ['smoking', 'tar', 'cancer']
 *   diagram.right.admg.siblings // => [[2], [], [0]]
 * }
 * ```
 */
export const causalDiagram = (model: Dag | BayesianNetwork, options: DiagramOptions = {}): E.Either<CausalError, CausalDiagram> => {
  let dag = isNetwork(model) ? model.dag : model
  const hidden = new Set<string>()
  for (const name of options.hidden ?? []) {
    if (idOf(dag, name) === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    hidden.add(name)
  }
  const pairs = options.confounders ?? []
  if (pairs.length > 0) {
    const parents = new Map<string, string[]>(dag.nodes.map((name, v) => [name, dag.parentIds[v]!.map((p) => dag.nodes[p]!)]))
    for (const [a, b] of pairs) {
      for (const name of [a, b]) if (!parents.has(name) || hidden.has(name)) return E.left({ _tag: 'UnknownVariable', variable: name })
      let u = `U[${a},${b}]`
      while (parents.has(u)) u = `${u}'`
      parents.set(u, [])
      parents.get(a)!.push(u)
      parents.get(b)!.push(u)
      hidden.add(u)
    }
    const rebuilt = fromParents(parents)
    // New roots with fresh names added to a DAG: a failure is a broken invariant.
    if (E.isLeft(rebuilt)) throw new Error(`causalDiagram: ${rebuilt.left._tag}`)
    dag = rebuilt.right
  }
  return E.right(diagramOf(dag, hidden))
}

/** The diagram of a DAG whose hidden node names are given (trusted: every name is a node). */
export const diagramOf = (dag: Dag, hidden: ReadonlySet<string>): CausalDiagram => {
  const n = dag.nodes.length
  const isHidden = new Uint8Array(n)
  for (let v = 0; v < n; v++) if (hidden.has(dag.nodes[v]!)) isHidden[v] = 1
  const observedId = new Int32Array(n).fill(-1)
  const dagIds: number[] = []
  for (const v of dag.topologicalIds)
    if (isHidden[v] === 0) {
      observedId[v] = dagIds.length
      dagIds.push(v)
    }
  const m = dagIds.length
  const parents: Set<number>[] = Array.from({ length: m }, () => new Set())
  const siblings: Set<number>[] = Array.from({ length: m }, () => new Set())
  // The observed nodes reached from `start`'s children through hidden nodes only.
  const seen = new Int32Array(n).fill(-1)
  const frontier = (start: number): number[] => {
    const out: number[] = []
    const stack = [...dag.childIds[start]!]
    while (stack.length > 0) {
      const v = stack.pop()!
      if (seen[v] === start) continue
      seen[v] = start
      if (isHidden[v] === 0) out.push(observedId[v]!)
      else stack.push(...dag.childIds[v]!)
    }
    return out
  }
  for (let v = 0; v < n; v++) {
    const reached = frontier(v)
    if (isHidden[v] === 0) for (const c of reached) parents[c]!.add(observedId[v]!)
    else
      for (const a of reached)
        for (const b of reached)
          if (a !== b) siblings[a]!.add(b)
  }
  const sorted = (sets: Set<number>[]): number[][] => sets.map((s) => [...s].sort((a, b) => a - b))
  const parentLists = sorted(parents)
  const children: number[][] = Array.from({ length: m }, () => [])
  parentLists.forEach((ps, c) => ps.forEach((p) => children[p]!.push(c)))
  const admg: Admg = {
    names: dagIds.map((v) => dag.nodes[v]!),
    parents: parentLists,
    children,
    siblings: sorted(siblings),
    dagIds: Int32Array.from(dagIds),
  }
  return {
    dag,
    hidden: dag.nodes.filter((_, v) => isHidden[v] === 1),
    observed: admg.names,
    admg,
    observedId,
  }
}

/**
 * The DAG ids of observed variables by name, each checked: `UnknownVariable`
 * when not in the graph, `HiddenVariable` when hidden.
 */
export const observedIds = (diagram: CausalDiagram, names: readonly string[], role: Role): E.Either<CausalError, number[]> => {
  const out: number[] = []
  for (const name of names) {
    const v = idOf(diagram.dag, name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    if (diagram.observedId[v] === -1) return E.left({ _tag: 'HiddenVariable', variable: name, role })
    if (!out.includes(v)) out.push(v)
  }
  return E.right(out)
}
