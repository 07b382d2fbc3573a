/**
 * Brute force: every assignment of a model's variables with its weight, the
 * product of the tables' entries read from the layout's definition, times the
 * evidence (zero off an observed state, a likelihood's entry for soft
 * evidence), with tables replaced for one question where an intervention
 * replaces them. Marginals, joint posteriors, log Z (log P(e) for a Bayesian
 * network), and the most probable assignments follow by summing and
 * maximising over that list.
 *
 * Rare events: a weight is kept as a product and a power of two, the product
 * brought back into [1, 2^600] by exact powers of two whenever it leaves it;
 * so products of entries down to 1e-300 keep their logs, while every weight
 * a double holds is the plain product, to the bit (scaling by a power of two
 * rounds nothing). Sums are taken in assignment order (row-major, variable 0
 * slowest).
 */
import type { Model, Table } from './model.js'
import { indexIn, sizeOf } from './model.js'

/** What a question adds to a model: evidence, and tables it replaces. */
export interface Question {
  /** Observed state per variable id, -1 where unobserved (an `Int32Array` or an array). */
  readonly evidence?: ArrayLike<number>
  /** A likelihood per state, per variable id (undefined where none). */
  readonly soft?: readonly (ArrayLike<number> | undefined)[]
  /** Replacement tables by table index (undefined keeps the model's): how do(X = x) is asked. */
  readonly tables?: readonly (Table | undefined)[]
}

/** Every assignment of a model with its weight under a question. */
export interface Joint {
  readonly cards: readonly number[]
  /** Assignments in row-major order (variable 0 slowest). */
  readonly assignments: readonly Int32Array[]
  /** The weight of each: the plain product (0 when it underflows a double). */
  readonly weights: Float64Array
  /** The natural log of each weight, exact for rare events (-Infinity for a zero). */
  readonly logWeights: Float64Array
  /** weight = scaled * 2^exponent, both exact. */
  readonly scaled: Float64Array
  readonly exponents: Int32Array
}

const UP = 2 ** 600
const MIN_NORMAL = 2 ** -1022
const DOWN = 2 ** -600

/** Every assignment of `model` with its weight under `question` (see the module comment). */
export const enumerateJoint = (model: Model, question: Question = {}): Joint => {
  const { cards } = model
  const tables = model.tables.map((t, i) => question.tables?.[i] ?? t)
  const n = cards.length
  const size = sizeOf(cards)
  const assignments: Int32Array[] = []
  const weights = new Float64Array(size)
  const logWeights = new Float64Array(size)
  const scaled = new Float64Array(size)
  const exponents = new Int32Array(size)
  const a = new Int32Array(n)
  for (let k = 0; k < size; k++) {
    let w = 1
    let e = 0
    const multiply = (x: number): void => {
      w *= x
      while (w !== 0 && w < 1) {
        w *= UP
        e -= 600
      }
      while (w > UP) {
        w *= DOWN
        e += 600
      }
    }
    for (const t of tables) multiply(t.values[indexIn(t, cards, a)]!)
    for (let v = 0; v < n; v++) {
      const observed = question.evidence?.[v] ?? -1
      if (observed >= 0 && a[v] !== observed) w = 0
      const likelihood = question.soft?.[v]
      if (likelihood !== undefined) multiply(likelihood[a[v]!]!)
    }
    assignments.push(Int32Array.from(a))
    scaled[k] = w
    exponents[k] = w === 0 ? 0 : e
    // e is a multiple of 600: two exact halves keep 2^e itself out of underflow.
    weights[k] = e === 0 ? w : w * 2 ** (e / 2) * 2 ** (e / 2)
    // The plain log where the weight is a normal double (the same bits as log of the product).
    logWeights[k] = weights[k]! >= MIN_NORMAL ? Math.log(weights[k]!) : Math.log(w) + e * Math.LN2
    for (let d = n - 1; d >= 0; d--) {
      if (++a[d]! < cards[d]!) break
      a[d] = 0
    }
  }
  return { cards, assignments, weights, logWeights, scaled, exponents }
}

/** The largest exponent among the nonzero weights (0 when all are zero). */
const topExponent = (joint: Joint): number => {
  let top = -Infinity
  for (let k = 0; k < joint.scaled.length; k++) if (joint.scaled[k]! > 0) top = Math.max(top, joint.exponents[k]!)
  return top === -Infinity ? 0 : top
}

/** Weights divided by 2^(top exponent), exactly: the plain weights when nothing was rescaled. */
const relativeWeights = (joint: Joint): { readonly w: Float64Array; readonly top: number } => {
  const top = topExponent(joint)
  const w = new Float64Array(joint.scaled.length)
  for (let k = 0; k < w.length; k++) {
    const x = joint.scaled[k]!
    w[k] = x === 0 || joint.exponents[k] === top ? x : x * 2 ** (joint.exponents[k]! - top)
  }
  return { w, top }
}

/** The log of the total weight: log Z of a Markov model, log P(e) of a Bayesian network under evidence; -Infinity when every weight is zero. */
export const logTotal = (joint: Joint): number => {
  const { w, top } = relativeWeights(joint)
  let sum = 0
  for (let k = 0; k < w.length; k++) sum += w[k]!
  // The plain log where the total is a normal double (scaling by 2^top is exact there).
  const plain = top === 0 ? sum : sum * 2 ** (top / 2) * 2 ** (top / 2)
  return plain >= MIN_NORMAL && plain < Infinity ? Math.log(plain) : Math.log(sum) + top * Math.LN2
}

/** The total weight (Z, or P(e)): 0 when it underflows a double. */
export const total = (joint: Joint): number => {
  let sum = 0
  for (let k = 0; k < joint.weights.length; k++) sum += joint.weights[k]!
  return sum
}

/**
 * The total weight over each assignment of `targets` (row-major, the last
 * target fastest), unnormalised, and its sum: the weights as doubles hold them.
 */
export const tableOver = (joint: Joint, targets: readonly number[]): { readonly table: Float64Array; readonly total: number } => {
  const table = new Float64Array(sizeOf(targets.map((t) => joint.cards[t]!)))
  let sum = 0
  joint.assignments.forEach((a, k) => {
    let index = 0
    for (const t of targets) index = index * joint.cards[t]! + a[t]!
    table[index] = table[index]! + joint.weights[k]!
    sum += joint.weights[k]!
  })
  return { table, total: sum }
}

/** The normalised distribution over `targets` (row-major, the last target fastest); undefined when every weight is zero. */
export const jointPosterior = (joint: Joint, targets: readonly number[]): Float64Array | undefined => {
  const { w } = relativeWeights(joint)
  const table = new Float64Array(sizeOf(targets.map((t) => joint.cards[t]!)))
  let sum = 0
  joint.assignments.forEach((a, k) => {
    let index = 0
    for (const t of targets) index = index * joint.cards[t]! + a[t]!
    table[index] = table[index]! + w[k]!
    sum += w[k]!
  })
  if (sum === 0) return undefined
  for (let i = 0; i < table.length; i++) table[i] = table[i]! / sum
  return table
}

/** Every variable's normalised marginal; undefined when every weight is zero (impossible evidence). */
export const marginals = (joint: Joint): Float64Array[] | undefined => {
  const { w } = relativeWeights(joint)
  const out = joint.cards.map((card) => new Float64Array(card))
  let sum = 0
  joint.assignments.forEach((a, k) => {
    sum += w[k]!
    a.forEach((s, v) => (out[v]![s] = out[v]![s]! + w[k]!))
  })
  if (sum === 0) return undefined
  for (const m of out) for (let s = 0; s < m.length; s++) m[s] = m[s]! / sum
  return out
}

/** The largest log-weight and every assignment within `tolerance` (relative) of it; undefined when every weight is zero. */
export const mostProbable = (joint: Joint, tolerance = 1e-12): { readonly logWeight: number; readonly assignments: readonly Int32Array[] } | undefined => {
  let best = -Infinity
  for (const lw of joint.logWeights) best = Math.max(best, lw)
  if (best === -Infinity) return undefined
  const slack = tolerance * Math.max(1, Math.abs(best))
  return { logWeight: best, assignments: joint.assignments.filter((_, k) => joint.logWeights[k]! >= best - slack) }
}

/** Marginals and log Z (log P(e)) in one call: the usual question. */
export const exactPosterior = (model: Model, question: Question = {}): { readonly logZ: number; readonly z: number; readonly marginals: Float64Array[] | undefined } => {
  const joint = enumerateJoint(model, question)
  return { logZ: logTotal(joint), z: total(joint), marginals: marginals(joint) }
}
