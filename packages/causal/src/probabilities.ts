/**
 * Sources of observational probabilities for `evaluate`: a compiled model
 * (exact: each conditional from one joint posterior, through the infer API),
 * or a data source (counts of every family an estimand needs, fetched in one
 * batch, with Dirichlet smoothing). Estimated from N rows, the conditionals
 * tend to the model's as N grows, and so does the estimand's value.
 */
import type { DataSource, MissingPolicy } from '@chainrule/data'
import { domain as makeDomain, marginalize, permute, tableOf, type Factor, type VarId } from '@chainrule/factor'
import { jointPosterior, type Engine } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'
import { leavesOf, type Estimand } from './estimand.js'
import type { Conditional, ProbabilitySource } from './evaluate.js'

/**
 * Divide each row of a table with scope [...given, ...of] by its sum (rows
 * of `block` entries); returns how many rows summed to zero (left at zero).
 */
const normalizeRows = (values: Float64Array, block: number): number => {
  let zero = 0
  for (let at = 0; at < values.length; at += block) {
    let sum = 0
    for (let k = 0; k < block; k++) sum += values[at + k]!
    if (sum === 0) {
      zero++
      continue
    }
    for (let k = 0; k < block; k++) values[at + k] = values[at + k]! / sum
  }
  return zero
}

const sizeOf = (cards: readonly number[]): number => cards.reduce((a, b) => a * b, 1)

/**
 * The exact observational probabilities of a compiled model: P(of | given)
 * from the joint posterior of `given ∪ of` with no evidence.
 *
 * @example
 * ```ts
 * import { modelProbabilities } from '@chainrule/causal'
 * import { compile } from '@chainrule/infer'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({ states: { a: ['0', '1'], b: ['0', '1'] }, parents: { b: ['a'] }, tables: { a: [0.5, 0.5], b: { '0': [1, 0], '1': [0, 1] } } })
 * const engine = E.isRight(net) ? compile(net.right) : undefined
 * if (engine !== undefined && E.isRight(engine)) {
 *   const c = modelProbabilities(engine.right).conditional([1] as never, [0] as never)
 *   E.isRight(c) && Array.from(c.right.table.values) // => [1, 0, 0, 1]
 * }
 * ```
 */
export const modelProbabilities = (engine: Engine): ProbabilitySource => {
  const { domain } = engine
  const cache = new Map<string, Conditional>()
  return {
    domain,
    kind: 'model',
    conditional: (of, given) => {
      const key = `${given.join(',')}|${of.join(',')}`
      const cached = cache.get(key)
      if (cached !== undefined) return E.right(cached)
      const names = [...given, ...of].map((v) => domain.variables[v]!.name)
      const joint = jointPosterior(engine, names)
      if (E.isLeft(joint)) return E.left({ _tag: 'Infer', error: joint.left })
      const table = joint.right.factor
      const values = Float64Array.from(table.values)
      const zeroRows = normalizeRows(values, sizeOf(of.map((v) => domain.variables[v]!.states.length)))
      const out = { table: tableOf(table.scope, table.cards, values), zeroRows }
      cache.set(key, out)
      return E.right(out)
    },
  }
}

/** Options of {@link dataProbabilities}. */
export interface DataOptions {
  /** Dirichlet pseudo-count added to every cell of every conditional (default 1; 0 for raw frequencies). */
  readonly alpha?: number
  /** Which rows a count sees (the data source's policy; default `'complete-case'`). */
  readonly missing?: MissingPolicy
}

/**
 * Probabilities estimated from a data source for the given estimands: the
 * counts of every family they need (each leaf's `given ∪ of`) in one batch,
 * then P(of | given) = (n(given, of) + alpha) / (n(given) + alpha |of|).
 * Columns are matched by name; the states are the data's.
 *
 * @example
 * ```ts
 * import { dataProbabilities } from '@chainrule/causal'
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1, 1, 1)] })
 * if (E.isRight(ds)) {
 *   const probabilities = await dataProbabilities(memorySource(ds.right), [{ kind: 'probability', of: ['a'], given: [] }], { alpha: 0 })
 *   if (E.isRight(probabilities)) {
 *     const c = probabilities.right.conditional([0] as never, [])
 *     E.isRight(c) && Array.from(c.right.table.values) // => [0.25, 0.75]
 *   }
 * }
 * ```
 */
export const dataProbabilities = async (source: DataSource, estimands: readonly Estimand[], options: DataOptions = {}): Promise<E.Either<CausalError, ProbabilitySource>> => {
  const alpha = options.alpha ?? 1
  if (!Number.isFinite(alpha) || alpha < 0) return E.left({ _tag: 'InvalidOption', option: 'alpha', reason: `expected a finite non-negative pseudo-count, got ${alpha}` })
  const domain = makeDomain(source.variables.map((name, v) => ({ name, states: source.states[v]! })))
  if (E.isLeft(domain)) return E.left({ _tag: 'DataMismatch', variable: '', reason: `the data's columns do not form a domain (${domain.left._tag})` })
  const families = new Map<string, readonly VarId[]>()
  for (const leaf of estimands.flatMap((e) => leavesOf(e))) {
    const family: VarId[] = []
    for (const name of [...leaf.given, ...leaf.of]) {
      const v = domain.right.byName.get(name)
      if (v === undefined) return E.left({ _tag: 'DataMismatch', variable: name, reason: 'no column of that name' })
      family.push(v)
    }
    families.set(family.join(','), family)
  }
  const list = [...families.values()]
  const counted = await source.counts(list, options.missing === undefined ? {} : { missing: options.missing })
  if (E.isLeft(counted)) return E.left({ _tag: 'Data', error: counted.left })
  const counts = new Map<string, Factor>()
  list.forEach((family, i) => {
    const table = counted.right[i]!
    counts.set(family.join(','), tableOf(family, table.cards, table.counts))
  })
  const cardOf = (v: VarId): number => domain.right.variables[v]!.states.length
  return E.right({
    domain: domain.right,
    kind: 'data',
    conditional: (of, given) => {
      const family = [...given, ...of]
      let table = counts.get(family.join(','))
      if (table === undefined) {
        // A family not asked for in advance: read it off a counted superset.
        const holder = [...counts.values()].find((f) => family.every((v) => f.scope.includes(v)))
        if (holder === undefined) return E.left({ _tag: 'InvalidOption', option: 'estimands', reason: `P(${of.join(',')} | ${given.join(',')}) was not among the estimands the counts were fetched for` })
        const summed = marginalize(holder, holder.scope.filter((v) => !family.includes(v)))
        table = permute(summed, family)
      }
      const values = Float64Array.from(table.values, (n) => n + alpha)
      const zeroRows = normalizeRows(values, sizeOf(of.map(cardOf)))
      return E.right({ table: tableOf(family, family.map(cardOf), values), zeroRows })
    },
  })
}
