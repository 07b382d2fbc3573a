/**
 * What a UAI model means, as one of chainrule's models. A MARKOV file is a
 * Markov network: its factors, multiplied. A BAYES file says that each factor
 * is the conditional table of the LAST variable of its scope (the format's
 * convention); files converted by some tools list the child FIRST instead
 * (the values then run with the child slowest). Both readings are checked
 * against the numbers: the first convention under which every table is a
 * conditional distribution (rows summing to 1 within the given tolerance),
 * every variable has exactly one table and the child -> parent links have no
 * cycle is the Bayesian network read. A BAYES file that passes under neither
 * (tables with rows summing to 0, such as a single-state variable used to
 * encode evidence) is read as what the UAI format computes on it anyway: the
 * product of its tables, a Markov network. The reading says which, and why.
 *
 * Variable i is named `x{i}` with states `'0'`, `'1'`, ... in every reading.
 */
import type { MarkovSpec, NetworkSpec } from '@chainrule/models'
import { markovSpecOf, type UaiModel } from './uai-read.js'

/** Either kind of model as plain data. */
export type ModelSpec = NetworkSpec | MarkovSpec

/**
 * How a UAI model was read: a Markov network (a MARKOV file); a Bayesian
 * network whose children are the last (the format) or the first variable of
 * each scope; or a BAYES file read as the product of its tables, with the
 * reason its tables are not a Bayesian network's.
 */
export type UaiReading =
  | { readonly kind: 'markov' }
  | { readonly kind: 'bayes'; readonly child: 'last' | 'first' }
  | { readonly kind: 'bayes-as-product'; readonly reason: string }

/** A model's spec and how it was read. */
export interface InterpretedUai {
  readonly spec: ModelSpec
  readonly reading: UaiReading
}

/**
 * True when a spec is a Markov network's (potentials), false for a Bayesian network's.
 *
 * @example
 * ```ts
 * import { isMarkovSpec } from '@chainrule/io'
 * isMarkovSpec({ variables: [{ name: 'a', states: ['0'] }], factors: [] }) // => true
 * ```
 */
export const isMarkovSpec = (spec: ModelSpec): spec is MarkovSpec => 'factors' in spec

const nameOf = (i: number): string => `x${i}`
const statesOf = (card: number): string[] => Array.from({ length: card }, (_, k) => String(k))

/**
 * The model a UAI file describes (see the module comment): a Markov network
 * for MARKOV files; for BAYES files a Bayesian network under the first child
 * convention its numbers satisfy, else the product of its tables.
 *
 * @example
 * ```ts
 * import { interpretUai, readUai } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 * // the child listed first: P(x1 | x0) with x1 slowest
 * const model = readUai('BAYES 2  2 2  2  1 0  2 1 0  2 0.4 0.6  4 0.9 0.2 0.1 0.8')
 * E.isRight(model) && interpretUai(model.right, 1e-2).reading // => { kind: 'bayes', child: 'first' }
 * ```
 */
export const interpretUai = (model: UaiModel, tolerance: number): InterpretedUai => {
  if (model.kind === 'MARKOV') return { spec: markovSpecOf(model), reading: { kind: 'markov' } }
  const last = bayesianReading(model, 'last', tolerance)
  if (typeof last !== 'string') return { spec: last, reading: { kind: 'bayes', child: 'last' } }
  const first = bayesianReading(model, 'first', tolerance)
  if (typeof first !== 'string') return { spec: first, reading: { kind: 'bayes', child: 'first' } }
  return { spec: markovSpecOf(model), reading: { kind: 'bayes-as-product', reason: last } }
}

/** The Bayesian network under one child convention, or why the tables are not one. */
const bayesianReading = (model: UaiModel, child: 'last' | 'first', tolerance: number): NetworkSpec | string => {
  const { cards, factors } = model
  if (factors.length !== cards.length) return `it has ${factors.length} tables for ${cards.length} variables`
  const tables: (Float64Array | undefined)[] = cards.map(() => undefined)
  const parents: number[][] = cards.map(() => [])
  for (let f = 0; f < factors.length; f++) {
    const { scope, values } = factors[f]!
    if (scope.length === 0) return `table ${f} has an empty scope`
    const c = child === 'last' ? scope[scope.length - 1]! : scope[0]!
    if (tables[c] !== undefined) return `variable ${c} is the child of two tables (${child} variable of the scope)`
    const table = child === 'last' ? values : childLast(values, cards[c]!)
    const off = rowOffNormal(table, cards[c]!, tolerance)
    if (off !== undefined) return `table ${f} is not a conditional table of x${c}: a row sums to ${off}`
    tables[c] = table
    parents[c] = child === 'last' ? scope.slice(0, -1) : scope.slice(1)
  }
  if (hasCycle(parents)) return 'its child-parent links form a cycle'
  return {
    variables: cards.map((card, i) => ({
      name: nameOf(i),
      states: statesOf(card),
      parents: parents[i]!.map(nameOf),
      table: tables[i]!,
    })),
  }
}

/** Values over (child, parents...) with the child slowest, rewritten with the child fastest. */
const childLast = (values: Float64Array, card: number): Float64Array => {
  const rows = values.length / card
  const out = new Float64Array(values.length)
  for (let s = 0; s < card; s++) for (let r = 0; r < rows; r++) out[r * card + s] = values[s * rows + r]!
  return out
}

/** The sum of the first row further than `tolerance` from 1 (NaN rows included), or undefined. */
const rowOffNormal = (table: Float64Array, card: number, tolerance: number): number | undefined => {
  for (let at = 0; at < table.length; at += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += table[at + k]!
    if (!(Math.abs(sum - 1) <= tolerance)) return sum
  }
  return undefined
}

/** Whether the parent lists contain a directed cycle (iterative three-colour search). */
const hasCycle = (parents: readonly (readonly number[])[]): boolean => {
  const colour = new Uint8Array(parents.length) // 0 new, 1 on the stack, 2 done
  for (let root = 0; root < parents.length; root++) {
    if (colour[root] !== 0) continue
    const stack: [number, number][] = [[root, 0]]
    colour[root] = 1
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const [v, next] = top
      if (next === parents[v]!.length) {
        colour[v] = 2
        stack.pop()
        continue
      }
      top[1] = next + 1
      const p = parents[v]![next]!
      if (colour[p] === 1) return true
      if (colour[p] === 0) {
        colour[p] = 1
        stack.push([p, 0])
      }
    }
  }
  return false
}

/**
 * One line saying how a UAI file was read, for the files whose reading is not
 * the obvious one (children listed first, or tables that are not conditional);
 * undefined otherwise.
 *
 * @example
 * ```ts
 * import { uaiReadingNote } from '@chainrule/io'
 * uaiReadingNote({ kind: 'bayes', child: 'first' }) // => 'each table is the conditional table of the FIRST variable of its scope (not the last, as the UAI format says): read that way'
 * ```
 */
export const uaiReadingNote = (reading: UaiReading): string | undefined => {
  switch (reading.kind) {
    case 'markov':
      return undefined
    case 'bayes':
      return reading.child === 'last'
        ? undefined
        : 'each table is the conditional table of the FIRST variable of its scope (not the last, as the UAI format says): read that way'
    case 'bayes-as-product':
      return `a BAYES file whose tables are not a Bayesian network's (${reading.reason}): read as the product of its tables, a Markov network`
  }
}
