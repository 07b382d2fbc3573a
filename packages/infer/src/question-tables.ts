/**
 * A question as tables, the form the evidence-reduced trees are compiled
 * from: the model's tables with each intervention applied by graph surgery
 * (an intervened variable's table becomes a table over that variable alone,
 * so its parents are no longer its ancestors), the observed states (evidence,
 * and the state a hard intervention forces), and the soft findings. Reducing
 * a table by the observed states keeps the entries at those states and drops
 * the observed variables from its scope, so observed variables leave the
 * graph before triangulation.
 */
import type { DenseTable } from './compile-tables.js'
import { walkOf, type Walk } from './kernels.js'
import type { ResolvedQuestion } from './question.js'

/** The tables, observed states and soft findings of one question (see the module comment). */
export interface QuestionTables {
  readonly cards: readonly number[]
  /** Table t as this question sees it: the model's table, or its intervened replacement over one variable. */
  readonly tables: readonly DenseTable[]
  /** 1 for tables replaced by an intervention (their numbers are the question's). */
  readonly intervened: Uint8Array
  /** Observed state of each variable (evidence or a forced state), or -1. */
  readonly observed: Int32Array
  /** Soft findings on unobserved variables (each scaled to a peak of 1), or undefined. */
  readonly likelihoods: readonly (Float64Array | undefined)[] | undefined
  /** Soft findings on observed variables are constants: the log of their product at the observed states. */
  readonly logConstant: number
}

/**
 * The question's tables. On a Bayesian network an intervened variable's table
 * (its distribution repeated for every parent row) becomes a table over the
 * variable alone; a forced state (a point mass) also counts as observed.
 *
 * @example
 * ```ts
 * import { questionTables } from '@chainrule/infer/internal'
 * // a -> b, do(b = 1): b's table loses its parent a, and b counts as observed
 * const q = questionTables([2, 2], [{ scope: [0], values: [0.5, 0.5] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }], true,
 *   { states: Int32Array.of(-1, -1), tables: [undefined, Float64Array.of(0, 1, 0, 1)], targets: undefined, description: [], intervened: true })
 * q.tables[1]!.scope // => [1]
 * Array.from(q.observed) // => [-1, 1]
 * ```
 */
export const questionTables = (
  cards: readonly number[],
  tables: readonly DenseTable[],
  isBayesianNetwork: boolean,
  question: ResolvedQuestion,
): QuestionTables => {
  const observed = Int32Array.from(question.states)
  const intervened = new Uint8Array(tables.length)
  const replaced = question.tables
  const out =
    replaced === undefined || !isBayesianNetwork
      ? tables
      : tables.map((table, t) => {
          const values = replaced[t]
          if (values === undefined) return table
          intervened[t] = 1
          const v = table.scope[table.scope.length - 1]!
          const distribution = values.subarray(0, cards[v]!)
          const forced = pointMassAt(distribution)
          if (forced >= 0) observed[v] = forced
          return { scope: [v], values: distribution }
        })
  // A soft finding on an observed variable only scales P(e): by its weight at the observed state.
  let logConstant = 0
  let likelihoods = question.likelihoods
  if (likelihoods?.some((l, v) => l !== undefined && observed[v]! >= 0)) {
    likelihoods = likelihoods.map((l, v) => {
      if (l === undefined || observed[v]! < 0) return l
      logConstant += Math.log(l[observed[v]!]!)
      return undefined
    })
  }
  return { cards, tables: out, intervened, observed, likelihoods, logConstant }
}

/** The state holding all the mass, or -1 when the distribution is not a point mass. */
const pointMassAt = (distribution: Float64Array): number => {
  let at = -1
  for (let s = 0; s < distribution.length; s++) {
    if (distribution[s] === 0) continue
    if (distribution[s] !== 1 || at >= 0) return -1
    at = s
  }
  return at
}

/**
 * What a pattern of questions shares, as a key: which variables are observed,
 * which carry soft findings, which tables are intervened, and the targets.
 * Evidence-reduced trees depend on nothing else (not on the observed states).
 */
export const patternKey = (question: QuestionTables, targets: readonly number[] | undefined): string => {
  const observed: number[] = []
  question.observed.forEach((s, v) => {
    if (s >= 0) observed.push(v)
  })
  const soft: number[] = []
  question.likelihoods?.forEach((l, v) => {
    if (l !== undefined) soft.push(v)
  })
  const intervened: number[] = []
  question.intervened.forEach((flag, t) => {
    if (flag === 1) intervened.push(t)
  })
  const asked = targets === undefined ? '*' : [...targets].sort((a, b) => a - b).join(',')
  return `${observed.join(',')}|${soft.join(',')}|${intervened.join(',')}|${asked}`
}

/** How one table is reduced by the observed states: where the observed variables step, and the walk over the rest. */
export interface Reduction {
  /** The table's scope without its observed variables (global ids). */
  readonly scope: readonly number[]
  readonly observedVars: Int32Array
  readonly observedStrides: Int32Array
  /** Walk over the kept entries (row-major over `scope`) with their index into the table. */
  readonly walk: Walk
  readonly entries: number
}

/** The reduction of a table over `scope` by the variables with `observed[v] >= 0`. */
export const reductionOf = (scope: readonly number[], cards: readonly number[], observed: ArrayLike<number>): Reduction => {
  const strides = new Array<number>(scope.length)
  let stride = 1
  for (let k = scope.length - 1; k >= 0; k--) {
    strides[k] = stride
    stride *= cards[scope[k]!]!
  }
  const kept: number[] = []
  const keptCards: number[] = []
  const keptStrides: number[] = []
  const observedVars: number[] = []
  const observedStrides: number[] = []
  scope.forEach((v, k) => {
    if (observed[v]! >= 0) {
      observedVars.push(v)
      observedStrides.push(strides[k]!)
    } else {
      kept.push(v)
      keptCards.push(cards[v]!)
      keptStrides.push(strides[k]!)
    }
  })
  return {
    scope: kept,
    observedVars: Int32Array.from(observedVars),
    observedStrides: Int32Array.from(observedStrides),
    walk: walkOf(keptCards, keptStrides),
    entries: keptCards.reduce((s, c) => s * c, 1),
  }
}

/** The entries of `values` at the observed `states`, laid out over the reduction's scope, into `out`. */
export const reduceValues = (values: ArrayLike<number>, reduction: Reduction, states: ArrayLike<number>, out: Float64Array): Float64Array => {
  let offset = 0
  for (let k = 0; k < reduction.observedVars.length; k++) offset += states[reduction.observedVars[k]!]! * reduction.observedStrides[k]!
  const { cards, strides } = reduction.walk
  const d = cards.length
  if (d === 0) {
    out[0] = values[offset]!
    return out
  }
  // An odometer over the kept variables (last fastest), as the kernels walk.
  const counter = new Int32Array(d)
  const last = d - 1
  const inner = cards[last]!
  const step = strides[last]!
  let j = offset
  for (let i = 0; i < out.length; i += inner) {
    for (let k = 0; k < inner; k++) out[i + k] = values[j + k * step]!
    for (let k = last - 1; k >= 0; k--) {
      if (++counter[k]! < cards[k]!) {
        j += strides[k]!
        break
      }
      counter[k] = 0
      j -= strides[k]! * (cards[k]! - 1)
    }
  }
  return out
}
