/** Name -> id resolution with `UnknownNode` errors, shared by every name-taking query. */
import * as E from 'fp-ts/lib/Either.js'
import { idOf, type Dag } from './dag.js'
import type { GraphError } from './errors.js'

/** The id of `name`, or `UnknownNode`. */
export const resolveNode = (dag: Dag, name: string): E.Either<GraphError, number> => {
  const id = idOf(dag, name)
  return id === undefined ? E.left({ _tag: 'UnknownNode', node: name }) : E.right(id)
}

/** The ids of `names` (duplicates kept), or `UnknownNode` for the first unknown one. */
export const resolveNodes = (dag: Dag, names: Iterable<string>): E.Either<GraphError, number[]> => {
  const ids: number[] = []
  for (const name of names) {
    const id = idOf(dag, name)
    if (id === undefined) return E.left({ _tag: 'UnknownNode', node: name })
    ids.push(id)
  }
  return E.right(ids)
}

/**
 * Resolve the three sets of an independence question (X, Y given Z) and answer
 * it on ids; the first unknown name is `UnknownNode`.
 */
export const onNodeSets = <A>(
  dag: Dag,
  x: Iterable<string>,
  y: Iterable<string>,
  z: Iterable<string>,
  answer: (xs: number[], ys: number[], zs: number[]) => A,
): E.Either<GraphError, A> =>
  E.flatMap(resolveNodes(dag, x), (xs) =>
    E.flatMap(resolveNodes(dag, y), (ys) => E.Functor.map(resolveNodes(dag, z), (zs) => answer(xs, ys, zs))),
  )

/** Names of the ids whose mask byte is non-zero, in declaration order. */
export const namesOfMask = (dag: Dag, mask: Uint8Array): string[] => {
  const out: string[] = []
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) out.push(dag.nodes[v]!)
  return out
}
