/**
 * Barren-node pruning (Shachter 1986; Koller & Friedman 2009, section 9.3.3; Darwiche 2009, 6.9.1):
 * a conditional table P(X | parents) whose child X is neither a target, nor evidence, nor an
 * ancestor of one sums to 1 over X for every parent assignment, so removing it leaves every query
 * unchanged. Ancestry is read from the tables themselves: the parents of X are the other scope
 * variables of X's table.
 *
 * Which factor is whose table is declared by the caller through `childOf`:
 * - `{ kind: 'last' }`: every factor with a non-empty scope is the table of its LAST scope variable
 *   (the `[...parents, child]` layout of this package; a Bayesian network's `cpts` satisfy this);
 * - `{ kind: 'given', children }`, aligned with the factors: `children[i]` is the child of factor i
 *   (it must be the last scope variable) or `null` for a factor that is not a conditional table (a
 *   potential, an evidence likelihood). The variables of such factors count as relevant, like evidence.
 * Without `childOf` nothing is pruned (general factors carry no such guarantee).
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Domain, labelOf } from './domain.js'
import type { FactorError } from './errors.js'
import type { Factor, VarId } from './factor.js'

/** How the caller marks conditional tables for pruning (see the module comment). */
export type ChildOf = { readonly kind: 'last' } | { readonly kind: 'given'; readonly children: readonly (VarId | null)[] }

/** Indices of the factors that survive pruning, and the variables that are never touched. */
export interface Pruned {
  readonly kept: readonly number[]
  readonly barren: readonly VarId[]
}

/**
 * Drop barren conditional tables: those whose child is not relevant to `targets` and `evidence`.
 * Errors: `NotACpt` (a claimed child that is not the factor's last scope variable), `DuplicateCpt`,
 * `InvalidOption` (`children` of the wrong length).
 *
 * @example
 * ```ts
 * import { pruneBarren, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const [a, b, c] = [0, 1, 2] as VarId[]
 * // P(a) P(b | a) P(c | a): querying b makes c barren
 * const cpts = [
 *   tableOf([a!], [2], Float64Array.of(0.5, 0.5)),
 *   tableOf([a!, b!], [2, 2], Float64Array.of(0.9, 0.1, 0.2, 0.8)),
 *   tableOf([a!, c!], [2, 2], Float64Array.of(0.7, 0.3, 0.4, 0.6)),
 * ]
 * pruneBarren(cpts, { kind: 'last' }, [b!], []) // => E.right({ kept: [0, 1], barren: [2] })
 * ```
 */
export const pruneBarren = (
  factors: readonly Factor[],
  childOf: ChildOf,
  targets: readonly VarId[],
  observed: readonly VarId[],
  d?: Domain,
): E.Either<FactorError, Pruned> => {
  if (childOf.kind === 'given' && childOf.children.length !== factors.length)
    return E.left({ _tag: 'InvalidOption', option: 'childOf', reason: `has ${childOf.children.length} entries for ${factors.length} factors` })
  const childAt = (i: number): VarId | null => {
    const scope = factors[i]!.scope
    return childOf.kind === 'last' ? (scope[scope.length - 1] ?? null) : childOf.children[i]!
  }
  const tableOfChild = new Map<VarId, number>()
  const relevant = new Set<VarId>([...targets, ...observed])
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!
    const last = f.scope[f.scope.length - 1]
    const child = childAt(i)
    if (child === null) {
      for (const v of f.scope) relevant.add(v)
      continue
    }
    if (child !== last)
      return E.left({
        _tag: 'NotACpt',
        factor: i,
        reason: `its child ${labelOf(d, child)} is not its last scope variable ${last === undefined ? '(empty scope)' : labelOf(d, last)}`,
      })
    if (tableOfChild.has(child)) return E.left({ _tag: 'DuplicateCpt', variable: labelOf(d, child) })
    tableOfChild.set(child, i)
  }
  const stack = [...relevant]
  while (stack.length > 0) {
    const v = stack.pop()!
    const i = tableOfChild.get(v)
    if (i === undefined) continue
    for (const p of factors[i]!.scope)
      if (!relevant.has(p)) {
        relevant.add(p)
        stack.push(p)
      }
  }
  const kept: number[] = []
  const touched = new Set<VarId>()
  const all = new Set<VarId>()
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!
    for (const v of f.scope) all.add(v)
    const child = childAt(i)
    if (child === null || relevant.has(child)) {
      kept.push(i)
      for (const v of f.scope) touched.add(v)
    }
  }
  return E.right({ kept, barren: [...all].filter((v) => !touched.has(v)) })
}
