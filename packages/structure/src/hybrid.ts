/**
 * A hybrid learner: the skeleton of PC-stable restricts the candidate arcs,
 * then hill climbing (or tabu search) orients and prunes within it
 * (the scheme of MMHC, Tsamardinos, Brown & Aliferis 2006, with PC-stable's
 * skeleton in place of MMPC). The independence tests cut the search space
 * from n(n - 1) candidate arcs to about twice the skeleton's edges; the score
 * then settles what the tests cannot (orientation beyond v-structures,
 * borderline edges). Both phases count through one counter.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSource } from '@chainrule/data'
import { compileConstraints } from './constraints.js'
import { openCounter } from './counting.js'
import type { StructureError } from './errors.js'
import { restrictTo, searchWith, type HillClimbOptions, type StructureResult } from './hill-climb.js'
import { pcSkeleton, type PcOptions } from './pc.js'

/** Options of {@link hybrid}: the skeleton's tests and the search's options. */
export interface HybridOptions extends HillClimbOptions, Pick<PcOptions, 'test' | 'alpha' | 'maxConditioningSize' | 'onLevel'> {}

/**
 * Learn a DAG by hill climbing within PC-stable's skeleton.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { hybrid } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const a = Uint8Array.from({ length: 400 }, (_, r) => r % 2)
 * const c = Uint8Array.from({ length: 400 }, (_, r) => (r >> 1) % 2)
 * const ds = dataSet({ variables: ['a', 'b', 'c'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [a, a, c] })
 * if (E.isRight(ds)) {
 *   const learned = await hybrid(memorySource(ds.right))
 *   if (E.isRight(learned)) learned.right.dag.parentIds.flat().length // => 1
 * }
 * ```
 */
export const hybrid = async (source: DataSource, options: HybridOptions = {}): Promise<E.Either<StructureError, StructureResult & { readonly tests: number }>> => {
  const alpha = options.alpha ?? 0.05
  if (!(alpha > 0 && alpha < 1)) return E.left({ _tag: 'InvalidOption', option: 'alpha', value: String(alpha), reason: 'expected a number in (0, 1)' })
  const rules = compileConstraints(source.variables, options.constraints)
  if (E.isLeft(rules)) return rules
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  const skeleton = await pcSkeleton(counter.right, rules.right, options)
  if (E.isLeft(skeleton)) return skeleton
  const result = await searchWith(counter.right, restrictTo(rules.right, skeleton.right.adjacent), options)
  return E.map((r: StructureResult) => ({ ...r, tests: skeleton.right.tests }))(result)
}
