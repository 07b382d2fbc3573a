/** Parent sets over column ids to a `Dag` over the data's variable names (declaration order = column order). */
import * as E from 'fp-ts/lib/Either.js'
import { fromParents, type Dag } from '@chainrule/graph'
import type { StructureError } from './errors.js'

/** Graph from parent sets over the data's variable names. */
export const dagOf = (variables: readonly string[], parents: readonly (readonly number[])[]): E.Either<StructureError, Dag> => {
  const dag = fromParents(new Map(variables.map((name, v) => [name, parents[v]!.map((p) => variables[p]!)])))
  return E.isLeft(dag) ? E.left({ _tag: 'Graph', error: dag.left }) : E.right(dag.right)
}
