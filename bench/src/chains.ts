/** Models several suites measure, built once here. */
import { autoregressive, withTables, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'

/** The value of a Right; a suite stops with the error when it is a Left. */
export const unwrap = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`bench: ${JSON.stringify(e.left, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`)
  return e.right
}

/**
 * A 28x28 binary image chain: raster order, 3-pixel causal window, tables set
 * by hand (a pixel is more likely on the more of its parents are on).
 */
export const windowChain = (): BayesianNetwork => {
  const structure = unwrap(
    autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 1, max: 3 } }),
  )
  return unwrap(
    withTables(structure, (_v, parents) => {
      let lit = 0
      for (let j = 0; j < parents.length; j++) lit += parents[j]!
      const on = parents.length === 0 ? 0.1 : [0.03, 0.45, 0.85, 0.97][lit]!
      return [1 - on, on]
    }),
  )
}
