/**
 * Building a `Dag`: names checked once (non-empty, distinct), then the parent
 * lists checked for self-loops, duplicate edges and cycles, and laid out as
 * CSR adjacency arrays with one topological order (`kahn.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import { sealDag, type Dag, type DagStorage } from './dag.js'
import type { GraphError } from './errors.js'
import { kahnOrder } from './kahn.js'

/**
 * Check names: non-empty strings, no duplicates. Returns the name -> id map.
 * `where(i)` describes position `i` for an `EmptyName` error.
 */
export const indexNames = (
  names: readonly string[],
  where: (i: number) => string,
): E.Either<GraphError, Map<string, number>> => {
  const index = new Map<string, number>()
  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    if (typeof name !== 'string' || name.length === 0) return E.left({ _tag: 'EmptyName', where: where(i) })
    if (index.has(name)) return E.left({ _tag: 'DuplicateNode', node: name })
    index.set(name, i)
  }
  return E.right(index)
}

/**
 * Build a DAG from validated names (with their index) and parent id lists.
 * Checks self-loops, duplicate edges and cycles; everything else is trusted.
 */
export const buildDag = (
  names: readonly string[],
  index: ReadonlyMap<string, number>,
  parents: readonly (readonly number[])[],
): E.Either<GraphError, Dag> => {
  const n = names.length
  let edgeCount = 0
  for (const ps of parents) edgeCount += ps.length
  const parentStart = new Int32Array(n + 1)
  const parentList = new Int32Array(edgeCount)
  const childCount = new Int32Array(n)
  const seen = new Int32Array(n).fill(-1)
  let at = 0
  for (let v = 0; v < n; v++) {
    parentStart[v] = at
    for (const p of parents[v]!) {
      if (p === v) return E.left({ _tag: 'SelfLoop', node: names[v]! })
      if (seen[p] === v) return E.left({ _tag: 'DuplicateEdge', from: names[p]!, to: names[v]! })
      seen[p] = v
      parentList[at++] = p
      childCount[p]!++
    }
  }
  parentStart[n] = at
  const childStart = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) childStart[v + 1] = childStart[v]! + childCount[v]!
  const childList = new Int32Array(edgeCount)
  const fill = childStart.slice(0, n)
  for (let v = 0; v < n; v++)
    for (let k = parentStart[v]!; k < parentStart[v + 1]!; k++) {
      const p = parentList[k]!
      childList[fill[p]!++] = v
    }

  const sorted = kahnOrder(n, parentStart, childStart, childList)
  if ('cycle' in sorted) return E.left({ _tag: 'Cycle', nodes: sorted.cycle.map((id) => names[id]!) })

  const parentIds: (readonly number[])[] = new Array(n)
  const childIds: (readonly number[])[] = new Array(n)
  for (let v = 0; v < n; v++) {
    parentIds[v] = Object.freeze(Array.from(parentList.subarray(parentStart[v]!, parentStart[v + 1]!)))
    childIds[v] = Object.freeze(Array.from(childList.subarray(childStart[v]!, childStart[v + 1]!)))
  }
  const storage: DagStorage = { graph: undefined, index, parentStart, parentList, childStart, childList }
  return E.right(sealDag(names, parentIds, childIds, sorted.order, storage))
}

