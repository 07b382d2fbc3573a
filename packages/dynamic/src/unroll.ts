/**
 * Unrolling a 2TBN to T slices: the plain network over X0, X1, ..., X{T-1}
 * (pyAgrum's `unroll2TBN` naming), slice 0 with the initial tables and every
 * later slice with the transition tables, `Y0` parents pointing at the slice
 * before and `Yt` parents at the same slice. It is what the interface
 * algorithm answers without building it; useful for checking, and for
 * questions that span slices.
 */
import type { Assignment, BayesianNetwork, VariableSpec } from '@chainrule/models'
import { networkFromSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { sliceStructure, type DynamicNetwork } from './dynamic-network.js'
import { tablesOf } from './engine.js'
import type { DynamicError } from './errors.js'

/** The name of base variable `name` in slice t of an unrolled network. */
export const unrolledName = (name: string, t: number): string => `${name}${t}`

/**
 * The 2TBN unrolled to `slices` slices (at least 1). Errors: `NameClash` when
 * two variables would get one name (`a1` at slice 0 and `a` at slice 10 are
 * both `a10`), `InvalidOption` for a bad slice count.
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, unroll } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const chain = defineDynamicNetwork({
 *   states: { x: ['a', 'b'] },
 *   initial: { tables: { x: [0.5, 0.5] } },
 *   transition: { parents: { x: ['x[t-1]'] }, tables: { x: [[0.9, 0.1], [0.1, 0.9]] } },
 * })
 * const three = E.isRight(chain) ? unroll(chain.right, 3) : undefined
 * three !== undefined && E.isRight(three) && three.right.dag.nodes // => ['x0', 'x1', 'x2']
 * ```
 */
export const unroll = <A extends Assignment>(dbn: DynamicNetwork<A>, slices: number): E.Either<DynamicError, BayesianNetwork> => {
  if (!Number.isSafeInteger(slices) || slices < 1) return E.left({ _tag: 'InvalidOption', option: 'slices', value: String(slices), reason: 'expected an integer >= 1' })
  const { initialParents, transitionParents } = sliceStructure(dbn)
  const tables = tablesOf(dbn)
  const bases = dbn.slice.variables
  const seen = new Set<string>()
  const variables: VariableSpec[] = []
  for (let t = 0; t < slices; t++) {
    for (const v of bases) {
      const name = unrolledName(v.name, t)
      if (seen.has(name)) return E.left({ _tag: 'NameClash', name })
      seen.add(name)
      variables.push({
        name,
        states: v.states,
        parents: t === 0 ? initialParents[v.id]!.map((p) => unrolledName(bases[p]!.name, 0)) : transitionParents[v.id]!.map((p) => unrolledName(bases[p.base]!.name, p.previous ? t - 1 : t)),
        table: t === 0 ? tables.initial[v.id]! : tables.transition[v.id]!,
      })
    }
  }
  const name = dbn.twoSlice.name
  const built = networkFromSpec(name === undefined ? { variables } : { name, variables })
  return E.isLeft(built) ? E.left({ _tag: 'Network', part: 'two-slice', errors: built.left }) : E.right(built.right.network)
}
