/**
 * The full joint distribution of a small network as one table: the product
 * of all CPTs, entry by entry. Its size is the product of all cardinalities,
 * so it is refused, with the exact size, past a limit.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Factor, VarId } from '@chainrule/factor'
import { tableOf } from '@chainrule/factor'
import type { NetworkError } from './errors.js'
import type { BayesianNetwork } from './network.js'
import { compile } from './compiled.js'

/** Options of {@link jointTable}. */
export interface JointTableOptions {
  /** Refuse joints with more entries than this (default 2^22 = 4,194,304 entries, 32 MiB). */
  readonly maxEntries?: number
}

/** The default {@link JointTableOptions.maxEntries}. */
export const DEFAULT_MAX_JOINT_ENTRIES = 2 ** 22

/**
 * The number of entries of the joint table (the product of cardinalities), exactly.
 *
 * @example
 * ```ts
 * import { defineNetwork, jointSize } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   jointSize(sprinkler.right) // => 8n
 * }
 * ```
 */
export const jointSize = (bn: BayesianNetwork): bigint =>
  bn.domain.variables.reduce((acc, v) => acc * BigInt(v.states.length), 1n)

/**
 * P(x_0, ..., x_{n-1}) as a factor over all variables in id order (last
 * variable fastest). `JointTooLarge` states the size when it exceeds the limit.
 *
 * @example
 * ```ts
 * import { defineNetwork, jointTable } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   const joint = jointTable(sprinkler.right)
 *   E.isRight(joint) && [joint.right.scope, joint.right.values.length] // => [[0, 1, 2], 8]
 *   const tooLarge = jointTable(sprinkler.right, { maxEntries: 4 })
 *   E.isLeft(tooLarge) && tooLarge.left // => { _tag: 'JointTooLarge', entries: 8n, limit: 4 }
 * }
 * ```
 */
export const jointTable = (bn: BayesianNetwork, options: JointTableOptions = {}): E.Either<NetworkError, Factor> => {
  const limit = options.maxEntries ?? DEFAULT_MAX_JOINT_ENTRIES
  if (!Number.isSafeInteger(limit) || limit < 1)
    return E.left({ _tag: 'InvalidOption', option: 'maxEntries', value: String(limit), reason: 'expected a positive integer' })
  const entries = jointSize(bn)
  if (entries > BigInt(limit)) return E.left({ _tag: 'JointTooLarge', entries, limit })
  const c = compile(bn)
  const size = Number(entries)
  const values = new Float64Array(size)
  const states = new Int32Array(c.n)
  for (let i = 0; i < size; i++) {
    let p = 1
    for (let v = 0; v < c.n && p !== 0; v++) {
      const ps = c.parents[v]!
      const st = c.parentStrides[v]!
      let offset = states[v]!
      for (let j = 0; j < ps.length; j++) offset += states[ps[j]!]! * st[j]!
      p *= c.tables[v]![offset]!
    }
    values[i] = p
    // Odometer, last variable fastest.
    for (let v = c.n - 1; v >= 0; v--) {
      if (++states[v]! < c.cards[v]!) break
      states[v] = 0
    }
  }
  const scope = Array.from({ length: c.n }, (_, v) => v as VarId)
  return E.right(tableOf(scope, Array.from(c.cards), values))
}
