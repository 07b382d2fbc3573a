/**
 * The treatment and outcome of a causal question, checked against a diagram
 * once: known, observed, non-empty and disjoint.
 */
import { idOf } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import { observedIds, type CausalDiagram } from './diagram.js'
import type { CausalError, Role } from './errors.js'

/** An effect asked about: of intervening on `treatment`, on `outcome`. */
export interface EffectQuery {
  readonly treatment: readonly string[]
  readonly outcome: readonly string[]
}

/** A query on DAG ids. */
export interface ResolvedQuery {
  readonly x: readonly number[]
  readonly y: readonly number[]
}

/** Resolve named sets that must be disjoint, in order; the first problem is the error. */
export const resolveRoles = (
  diagram: CausalDiagram,
  sets: readonly (readonly [Role, readonly string[], 'non-empty' | 'may be empty'])[],
): E.Either<CausalError, number[][]> => {
  const owner = new Map<number, Role>()
  const out: number[][] = []
  for (const [role, names, emptiness] of sets) {
    if (emptiness === 'non-empty' && names.length === 0) return E.left({ _tag: 'EmptySet', role })
    const ids = observedIds(diagram, names, role)
    if (E.isLeft(ids)) return ids
    for (const v of ids.right) {
      const before = owner.get(v)
      if (before !== undefined) return E.left({ _tag: 'OverlappingRoles', variable: diagram.dag.nodes[v]!, roles: [before, role] })
      owner.set(v, role)
    }
    out.push(ids.right)
  }
  return E.right(out)
}

/** Resolve a query's treatment and outcome. */
export const resolveQuery = (diagram: CausalDiagram, query: EffectQuery): E.Either<CausalError, ResolvedQuery> =>
  E.map(([x, y]: number[][]) => ({ x: x!, y: y! }))(
    resolveRoles(diagram, [
      ['treatment', query.treatment, 'non-empty'],
      ['outcome', query.outcome, 'non-empty'],
    ]),
  )

/** DAG ids of a candidate set by name: `UnknownVariable` for a name not in the graph. */
export const candidateIds = (diagram: CausalDiagram, names: readonly string[]): E.Either<CausalError, number[]> => {
  const out: number[] = []
  for (const name of names) {
    const v = idOf(diagram.dag, name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    if (!out.includes(v)) out.push(v)
  }
  return E.right(out)
}

/** Names of DAG ids, ascending by id (declaration order). */
export const namesOf = (diagram: CausalDiagram, ids: readonly number[]): string[] => [...ids].sort((a, b) => a - b).map((v) => diagram.dag.nodes[v]!)
