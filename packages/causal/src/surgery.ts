/**
 * Graph surgery on DAG ids, and the closures the criteria are stated in:
 * G with some arcs cut (the arcs into X for G_{\bar X}, out of X for
 * G_{\underline X}), descendants and ancestors along arcs that pass a test,
 * the nodes on proper causal paths. Node ids never change under surgery.
 */
import { fromParents, reachableMask, type Dag } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'

/** The DAG with only the arcs parent -> child for which `keep` holds (same nodes, same ids). */
export const cutArcs = (dag: Dag, keep: (parent: number, child: number) => boolean): Dag => {
  const parents = new Map<string, string[]>()
  dag.nodes.forEach((name, v) => parents.set(name, dag.parentIds[v]!.filter((p) => keep(p, v)).map((p) => dag.nodes[p]!)))
  const cut = fromParents(parents)
  // Removing arcs from a DAG leaves a DAG over the same names: a failure is a broken invariant.
  if (E.isLeft(cut)) throw new Error(`cutArcs: ${cut.left._tag}`)
  return cut.right
}

/** A byte mask of `ids` over `n` nodes. */
export const maskOf = (n: number, ids: Iterable<number>): Uint8Array => {
  const mask = new Uint8Array(n)
  for (const v of ids) mask[v] = 1
  return mask
}

/**
 * Nodes reached from `from` by walking arcs (towards children when `down`,
 * parents otherwise), never stepping onto a node where `blocked` is 1; the
 * starting nodes are included.
 */
export const walk = (dag: Dag, from: Iterable<number>, down: boolean, blocked?: Uint8Array): Uint8Array => {
  const seen = new Uint8Array(dag.nodes.length)
  const stack: number[] = []
  for (const v of from)
    if (seen[v] === 0) {
      seen[v] = 1
      stack.push(v)
    }
  while (stack.length > 0) {
    const v = stack.pop()!
    for (const w of down ? dag.childIds[v]! : dag.parentIds[v]!)
      if (seen[w] === 0 && blocked?.[w] !== 1) {
        seen[w] = 1
        stack.push(w)
      }
  }
  return seen
}

/**
 * The nodes on proper causal paths from X to Y, X excluded: directed paths
 * that leave X at their first arc and never return to it (Shpitser,
 * VanderWeele & Robins 2010). Cn(X, Y) = (De(X) in G without arcs into X) minus
 * X, intersected with the ancestors of Y reached without passing through X.
 */
export const causalPathNodes = (dag: Dag, x: readonly number[], y: readonly number[]): Uint8Array => {
  const inX = maskOf(dag.nodes.length, x)
  const down = walk(dag, x, true, inX)
  const up = walk(dag, y, false, inX)
  const out = new Uint8Array(dag.nodes.length)
  for (let v = 0; v < out.length; v++) if (inX[v] === 0 && down[v] === 1 && up[v] === 1) out[v] = 1
  return out
}

/** Whether every node of `x` is d-separated from every node of `y` given `z` in `dag`. */
export const separated = (dag: Dag, x: readonly number[], y: readonly number[], z: readonly number[]): boolean => {
  const reached = reachableMask(dag, x, z)
  return y.every((v) => reached[v] === 0)
}
