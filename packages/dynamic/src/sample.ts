/**
 * Seeded trajectories: ancestral sampling slice by slice, slice 0 from the
 * initial tables and every later slice from the transition tables given the
 * slice before. Same seed, same trajectory.
 */
import type { Assignment, Rng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { sliceStructure, type DynamicNetwork } from './dynamic-network.js'
import { tablesOf } from './engine.js'
import type { DynamicError } from './errors.js'
import type { Observations } from './observations.js'

/**
 * Draw one trajectory of `slices` slices: complete observations (every
 * variable of every slice).
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, sampleTrajectory } from '@chainrule/dynamic'
 * import { createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sticky = defineDynamicNetwork({
 *   states: { light: ['off', 'on'] },
 *   initial: { tables: { light: [0, 1] } },
 *   transition: { parents: { light: ['light[t-1]'] }, tables: { light: [[1, 0], [0, 1]] } },
 * })
 * const drawn = E.isRight(sticky) ? sampleTrajectory(sticky.right, 4, createRng(7)) : undefined
 * drawn !== undefined && E.isRight(drawn) && Array.from(drawn.right.states) // => [1, 1, 1, 1]
 * ```
 */
export const sampleTrajectory = <A extends Assignment>(dbn: DynamicNetwork<A>, slices: number, rng: Rng): E.Either<DynamicError, Observations> => {
  if (!Number.isSafeInteger(slices) || slices < 0) return E.left({ _tag: 'InvalidOption', option: 'slices', value: String(slices), reason: 'expected a non-negative integer' })
  const structure = sliceStructure(dbn)
  const { n, cards, initialParents, transitionParents, initialOrder, transitionOrder } = structure
  const tables = tablesOf(dbn)
  const states = new Int32Array(slices * n)
  for (let t = 0; t < slices; t++) {
    const here = t * n
    const order = t === 0 ? initialOrder : transitionOrder
    for (const b of order) {
      // Row of the conditional table: parents in table order, last fastest.
      let row = 0
      if (t === 0) for (const p of initialParents[b]!) row = row * cards[p]! + states[here + p]!
      else for (const p of transitionParents[b]!) row = row * cards[p.base]! + states[(p.previous ? here - n : here) + p.base]!
      const card = cards[b]!
      const values = (t === 0 ? tables.initial : tables.transition)[b]!
      const u = rng.float()
      let s = 0
      let cumulative = values[row * card]!
      // Rounding may leave the cumulative sum just under 1: the last state with positive mass takes the rest.
      while (s < card - 1 && !(u < cumulative)) cumulative += values[row * card + ++s]!
      while (values[row * card + s] === 0 && s > 0) s--
      states[here + b] = s
    }
  }
  return E.right({ slices, states })
}
