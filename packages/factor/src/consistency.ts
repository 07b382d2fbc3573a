/** Edge check shared by the Either-returning entry points: one cardinality per variable. */
import * as E from 'fp-ts/lib/Either.js'
import { type Domain, labelOf } from './domain.js'
import type { FactorError } from './errors.js'
import type { Factor, VarId } from './factor.js'

/**
 * The cardinality of every variable of the factors, checking that factors (and the domain, when
 * given) agree (`CardinalityMismatch`) and that every variable is in the domain (`UnknownVariable`).
 *
 * @example
 * ```ts
 * import { checkCardinalities, tableOf, type VarId } from '@chainrule/factor'
 * const a = 0 as VarId
 * checkCardinalities([tableOf([a], [2], new Float64Array(2)), tableOf([a], [3], new Float64Array(3))])
 * // left({ _tag: 'CardinalityMismatch', variable: '#0', cards: [2, 3] })
 * ```
 */
export const checkCardinalities = (
  factors: readonly Factor[],
  d?: Domain,
): E.Either<FactorError, ReadonlyMap<VarId, number>> => {
  const cards = new Map<VarId, number>()
  for (const f of factors)
    for (let i = 0; i < f.scope.length; i++) {
      const v = f.scope[i]!
      const c = f.cards[i]!
      const known = cards.get(v)
      if (known === undefined) {
        if (d !== undefined) {
          const variable = d.variables[v]
          if (variable === undefined) return E.left({ _tag: 'UnknownVariable', variable: `#${v}`, where: 'domain' })
          if (variable.states.length !== c)
            return E.left({ _tag: 'CardinalityMismatch', variable: variable.name, cards: [variable.states.length, c] })
        }
        cards.set(v, c)
      } else if (known !== c) {
        return E.left({ _tag: 'CardinalityMismatch', variable: labelOf(d, v), cards: [known, c] })
      }
    }
  return E.right(cards)
}
