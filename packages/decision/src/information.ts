/**
 * Information measures on any compiled network, with or without decisions:
 * entropy, mutual information, and Netica's "sensitivity to findings" (which
 * variables, once observed, would tell most about a target). They need no
 * utilities: this is the value of information for plain networks. All in
 * nats, exact, from joint posteriors of `@chainrule/infer`.
 *
 *   H(X | e) = - sum_x p(x) log p(x)
 *   I(X; Y | e) = sum_xy p(x, y) log (p(x, y) / (p(x) p(y)))  >= 0
 */
import { jointPosterior, type Engine, type Question } from '@chainrule/infer'
import type { Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { DecisionError } from './errors.js'

const entropyOf = (p: ArrayLike<number>): number => {
  let h = 0
  for (let k = 0; k < p.length; k++) if (p[k]! > 0) h -= p[k]! * Math.log(p[k]!)
  return h
}

/**
 * H(X | evidence) in nats.
 *
 * @example
 * ```ts
 * import { entropy } from '@chainrule/decision'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const coin = defineNetwork({ states: { side: ['heads', 'tails'] }, tables: { side: [0.5, 0.5] } })
 * const engine = E.isRight(coin) ? compile(coin.right) : undefined
 * const h = engine !== undefined && E.isRight(engine) ? entropy(engine.right, 'side') : undefined
 * h !== undefined && E.isRight(h) && h.right === Math.log(2) // => true
 * ```
 */
export const entropy = <A extends Assignment>(engine: Engine<A>, variable: keyof A & string, question: Question<A> = {}): E.Either<DecisionError, number> => {
  const joint = jointPosterior(engine, [variable], question)
  return E.isLeft(joint) ? E.left({ _tag: 'Infer', error: joint.left }) : E.right(entropyOf(joint.right.factor.values))
}

/**
 * I(A; B | evidence) in nats: how much observing one would tell about the
 * other, given what is already known. 0 when they are independent given the
 * evidence (or when either is observed).
 *
 * @example
 * ```ts
 * import { mutualInformation } from '@chainrule/decision'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const copy = defineNetwork({
 *   states: { a: ['0', '1'], b: ['0', '1'] },
 *   parents: { b: ['a'] },
 *   tables: { a: [0.5, 0.5], b: [[1, 0], [0, 1]] },
 * })
 * const engine = E.isRight(copy) ? compile(copy.right) : undefined
 * const i = engine !== undefined && E.isRight(engine) ? mutualInformation(engine.right, 'a', 'b') : undefined
 * i !== undefined && E.isRight(i) && i.right === Math.log(2) // => true
 * ```
 */
export const mutualInformation = <A extends Assignment>(
  engine: Engine<A>,
  a: keyof A & string,
  b: keyof A & string,
  question: Question<A> = {},
): E.Either<DecisionError, number> => {
  if (a === b) return entropy(engine, a, question)
  const joint = jointPosterior(engine, [a, b], question)
  if (E.isLeft(joint)) return E.left({ _tag: 'Infer', error: joint.left })
  // An observed variable has nothing left to tell, nor to learn: exactly 0, not a rounding of it.
  if (question.evidence?.[a] !== undefined || question.evidence?.[b] !== undefined) return E.right(0)
  const { cards, values } = joint.right.factor
  const [ca, cb] = [cards[0]!, cards[1]!]
  const pa = new Float64Array(ca)
  const pb = new Float64Array(cb)
  for (let x = 0; x < ca; x++)
    for (let y = 0; y < cb; y++) {
      pa[x]! += values[x * cb + y]!
      pb[y]! += values[x * cb + y]!
    }
  let info = 0
  for (let x = 0; x < ca; x++)
    for (let y = 0; y < cb; y++) {
      const p = values[x * cb + y]!
      if (p > 0) info += p * Math.log(p / (pa[x]! * pb[y]!))
    }
  // Rounding can leave a true 0 at -1e-17: mutual information is never negative.
  return E.right(Math.max(0, info))
}

/** One row of a sensitivity table. */
export interface Sensitivity {
  readonly variable: string
  /** I(target; variable | evidence), nats. */
  readonly mutualInformation: number
  /** The same as a share of H(target | evidence): the expected reduction of the target's entropy (0 when H is 0). */
  readonly entropyReduction: number
}

/**
 * Sensitivity of `target` to findings (Netica's table): for every other
 * unobserved variable, how much observing it would reduce the uncertainty
 * about the target, most informative first.
 *
 * @example
 * ```ts
 * import { sensitivity } from '@chainrule/decision'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { disease: ['no', 'yes'], test: ['neg', 'pos'], noise: ['a', 'b'] },
 *   parents: { test: ['disease'] },
 *   tables: { disease: [0.9, 0.1], test: [[0.95, 0.05], [0.1, 0.9]], noise: [0.5, 0.5] },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * const rows = engine !== undefined && E.isRight(engine) ? sensitivity(engine.right, 'disease') : undefined
 * rows !== undefined && E.isRight(rows) && rows.right.map((r) => r.variable) // => ['test', 'noise']
 * ```
 */
export const sensitivity = <A extends Assignment>(engine: Engine<A>, target: keyof A & string, question: Question<A> = {}): E.Either<DecisionError, Sensitivity[]> => {
  const h = entropy(engine, target, question)
  if (E.isLeft(h)) return h
  const observed = new Set(Object.entries(question.evidence ?? {}).flatMap(([k, s]) => (s === undefined ? [] : [k])))
  const rows: Sensitivity[] = []
  for (const v of engine.domain.variables) {
    if (v.name === target || observed.has(v.name)) continue
    const info = mutualInformation(engine, target, v.name as keyof A & string, question)
    if (E.isLeft(info)) return info
    rows.push({ variable: v.name, mutualInformation: info.right, entropyReduction: h.right > 0 ? info.right / h.right : 0 })
  }
  return E.right(rows.sort((x, y) => y.mutualInformation - x.mutualInformation))
}
