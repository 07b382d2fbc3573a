/**
 * Evaluating an estimand: every probability leaf becomes a conditional table
 * from a source of observational probabilities (a compiled model, or counts
 * from data: `probabilities.ts`), products multiply, sums eliminate their
 * variables one at a time (the one whose product is smallest first, like
 * variable elimination), ratios divide with 0 / 0 = 0. The value is a table
 * over the estimand's free variables: P(y | do(x)) for every y and x at once.
 */
import { divide, productOfMany, sumProduct, tableOf, type Domain, type Factor, type VarId } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'
import { freeVariables, type Estimand } from './estimand.js'

/**
 * Where observational probabilities come from: a domain naming the variables
 * (ids are positions), and P(of | given) as a table with scope
 * `[...given, ...of]` (each row over `of` sums to 1, or is all zero where the
 * condition has probability zero).
 */
export interface ProbabilitySource {
  readonly domain: Domain
  /** P(of | given) by domain ids, scope `[...given, ...of]`. */
  readonly conditional: (of: readonly VarId[], given: readonly VarId[]) => E.Either<CausalError, Conditional>
  /** What the numbers are: exact (a model) or estimated from counts. */
  readonly kind: 'model' | 'data'
}

/** A conditional table and how many of its condition rows had probability zero. */
export interface Conditional {
  readonly table: Factor
  readonly zeroRows: number
}

/** The value of an estimand: a table over its free variables. */
export interface EstimandValue {
  readonly domain: Domain
  /** Over the free variables, in the order of `variables`. */
  readonly table: Factor
  readonly variables: readonly string[]
  /**
   * How many condition rows of the conditionals had probability zero (read
   * as all-zero rows). Zero means positivity held wherever the estimand
   * looked; otherwise the value there is not the effect.
   */
  readonly zeroRows: number
  readonly source: 'model' | 'data'
}

/**
 * The value of an estimand on a source of observational probabilities, as a
 * table over its free variables. `UnknownVariable` when the source lacks a
 * variable the estimand names.
 *
 * @example
 * ```ts
 * import { evaluate, modelProbabilities, valueAt } from '@chainrule/causal'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { z: ['0', '1'], x: ['0', '1'], y: ['0', '1'] },
 *   parents: { x: ['z'], y: ['x', 'z'] },
 *   tables: { z: [0.5, 0.5], x: { '0': [0.9, 0.1], '1': [0.2, 0.8] }, y: ({ x, z }) => (x === z ? [0.3, 0.7] : [0.6, 0.4]) },
 * })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const adjust = { kind: 'sum', over: ['z'], of: { kind: 'product', factors: [
 *     { kind: 'probability', of: ['y'], given: ['x', 'z'] }, { kind: 'probability', of: ['z'], given: [] }] } } as const
 *   const value = evaluate(adjust, modelProbabilities(engine.right))
 *   const p = E.isRight(value) ? valueAt(value.right, { x: '1', y: '1' }) : undefined
 *   // 0.5 x 0.4 + 0.5 x 0.7, up to rounding:
 *   p !== undefined && E.isRight(p) && Math.round(p.right * 1e12) / 1e12 // => 0.55
 * }
 * ```
 */
export const evaluate = (estimand: Estimand, source: ProbabilitySource): E.Either<CausalError, EstimandValue> => {
  const { domain } = source
  const idOf = (name: string): E.Either<CausalError, VarId> => {
    const v = domain.byName.get(name)
    return v === undefined ? E.left({ _tag: 'UnknownVariable', variable: name }) : E.right(v)
  }
  let zeroRows = 0
  const cardOf = (v: VarId): number => domain.variables[v]!.states.length
  const go = (node: Estimand): E.Either<CausalError, Factor[]> => {
    switch (node.kind) {
      case 'probability': {
        const of: VarId[] = []
        const given: VarId[] = []
        for (const [names, into] of [[node.of, of], [node.given, given]] as const)
          for (const name of names) {
            const v = idOf(name)
            if (E.isLeft(v)) return v
            into.push(v.right)
          }
        const c = source.conditional(of, given)
        if (E.isLeft(c)) return c
        zeroRows += c.right.zeroRows
        return E.right([c.right.table])
      }
      case 'product': {
        const out: Factor[] = []
        for (const f of node.factors) {
          const part = go(f)
          if (E.isLeft(part)) return part
          out.push(...part.right)
        }
        return E.right(out)
      }
      case 'sum': {
        const body = go(node.of)
        if (E.isLeft(body)) return body
        const over: VarId[] = []
        for (const name of node.over) {
          const v = idOf(name)
          if (E.isLeft(v)) return v
          over.push(v.right)
        }
        return E.right([eliminate(body.right, over, cardOf)])
      }
      case 'ratio': {
        const numerator = go(node.numerator)
        if (E.isLeft(numerator)) return numerator
        const denominator = go(node.denominator)
        if (E.isLeft(denominator)) return denominator
        return E.right([divide(productOfMany(numerator.right), productOfMany(denominator.right))])
      }
    }
  }
  const parts = go(estimand)
  if (E.isLeft(parts)) return parts
  const variables = freeVariables(estimand)
  const order = variables.map((name) => domain.byName.get(name)!)
  return E.right({ domain, table: productOfMany(parts.right, order), variables, zeroRows, source: source.kind })
}

/** Sum `over` out of the product of `factors`, one variable at a time, cheapest first; a variable in no factor multiplies by its state count. */
const eliminate = (factors: readonly Factor[], over: readonly VarId[], cardOf: (v: VarId) => number): Factor => {
  let pool = [...factors]
  let scale = 1
  const left = [...over]
  while (left.length > 0) {
    let best = -1
    let bestSize = Infinity
    left.forEach((v, i) => {
      const scope = new Set(pool.filter((f) => f.scope.includes(v)).flatMap((f) => f.scope))
      let size = 1
      for (const u of scope) size *= cardOf(u)
      if (size < bestSize) {
        bestSize = size
        best = i
      }
    })
    const v = left.splice(best, 1)[0]!
    const users = pool.filter((f) => f.scope.includes(v))
    if (users.length === 0) {
      scale *= cardOf(v)
      continue
    }
    pool = [...pool.filter((f) => !f.scope.includes(v)), sumProduct(users, [v])]
  }
  const result = productOfMany(pool)
  return scale === 1 ? result : tableOf(result.scope, result.cards, result.values.map((x) => x * scale))
}

/**
 * The value at one assignment of its variables, by name (every variable of
 * the value must be given; others are ignored).
 *
 * @example
 * ```ts
 * import { valueAt } from '@chainrule/causal'
 * import { domain, tableOf, type VarId } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const d = domain([{ name: 'y', states: ['no', 'yes'] }])
 * if (E.isRight(d)) valueAt({ domain: d.right, table: tableOf([0 as VarId], [2], Float64Array.of(0.25, 0.75)), variables: ['y'], zeroRows: 0, source: 'model' }, { y: 'yes' }) // => { _tag: 'Right', right: 0.75 }
 * ```
 */
export const valueAt = (value: EstimandValue, assignment: Readonly<Record<string, string>>): E.Either<CausalError, number> => {
  const { table, domain } = value
  let at = 0
  for (let k = 0; k < table.scope.length; k++) {
    const variable = domain.variables[table.scope[k]!]!
    const state = Object.hasOwn(assignment, variable.name) ? assignment[variable.name] : undefined
    if (state === undefined) return E.left({ _tag: 'InvalidOption', option: 'assignment', reason: `no state given for "${variable.name}"` })
    const s = variable.states.indexOf(state)
    if (s < 0) return E.left({ _tag: 'UnknownState', variable: variable.name, state, states: variable.states })
    at += s * table.strides[k]!
  }
  return E.right(table.values[at]!)
}
