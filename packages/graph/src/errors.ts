/**
 * The closed union of errors that `@chainrule/graph` returns, and their one-line rendering.
 * Every builder, edit and name-taking query returns `Either<GraphError, _>`; nothing throws on bad input.
 */

/** Everything that can go wrong when building, editing or querying a DAG. Switch on `_tag`. */
export type GraphError =
  /** The edges close a directed cycle; `nodes` lists it in edge order (`a -> b -> ... -> a`). */
  | { readonly _tag: 'Cycle'; readonly nodes: readonly string[] }
  /** An edge from a node to itself. */
  | { readonly _tag: 'SelfLoop'; readonly node: string }
  /** A name that is not a node of the DAG (or, in `fromParents`, not declared as a key). */
  | { readonly _tag: 'UnknownNode'; readonly node: string }
  /** A node declared twice. */
  | { readonly _tag: 'DuplicateNode'; readonly node: string }
  /** The same edge given twice (or added when already present). */
  | { readonly _tag: 'DuplicateEdge'; readonly from: string; readonly to: string }
  /** An edge that should exist (to remove or reverse it) but does not. */
  | { readonly _tag: 'EdgeNotFound'; readonly from: string; readonly to: string }
  /** An empty string (or a non-string) used as a node name; `where` says where it appeared. */
  | { readonly _tag: 'EmptyName'; readonly where: string }
  /** `markov(order, k)` with `k` not a non-negative integer. */
  | { readonly _tag: 'InvalidMarkovOrder'; readonly k: number }

/**
 * Render any {@link GraphError} as one human-readable line.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/graph'
 * describeError({ _tag: 'Cycle', nodes: ['a', 'b'] }) // => 'cycle: a -> b -> a'
 * ```
 */
export const describeError = (e: GraphError): string => {
  switch (e._tag) {
    case 'Cycle':
      return `cycle: ${[...e.nodes, e.nodes[0] ?? ''].join(' -> ')}`
    case 'SelfLoop':
      return `self-loop: ${e.node} -> ${e.node}`
    case 'UnknownNode':
      return `unknown node: ${JSON.stringify(e.node)}`
    case 'DuplicateNode':
      return `duplicate node: ${JSON.stringify(e.node)}`
    case 'DuplicateEdge':
      return `duplicate edge: ${e.from} -> ${e.to}`
    case 'EdgeNotFound':
      return `no edge ${e.from} -> ${e.to}`
    case 'EmptyName':
      return `empty node name at ${e.where}`
    case 'InvalidMarkovOrder':
      return `Markov order must be a non-negative integer, got ${e.k}`
  }
}
