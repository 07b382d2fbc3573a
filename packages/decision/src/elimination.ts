/**
 * Variable elimination with sums and maxima on potential pairs (Jensen,
 * Jensen & Dittmer 1994; Jensen & Nielsen 2007, 10.3): a probability part
 * phi (a product of tables) and a utility part psi (a sum of tables), where
 * psi is the expected utility given the variables still in scope.
 *
 * Eliminating a chance variable X from the tables that mention it,
 *   phi' = sum_X phi_X          psi' = sum_X phi_X psi_X / phi'   (0 where phi' = 0)
 * with phi_X the product of the probability tables with X and psi_X the sum of
 * the utility tables with X. Eliminating a decision D,
 *   D*(u) = argmax_D psi_D(u, D)    phi' = phi_D(u, D*)    psi' = psi_D(u, D*)
 * (in a strong elimination order phi_D does not depend on D: it is what is
 * left of the tables of D's descendants once they are summed out); the choice
 * D*(u) is the policy, a function of the variables u still in scope, all of
 * them observed before D. Ties go to the first option.
 *
 * Tables are dense over variable ids, last variable fastest. Each step works
 * on the union of the scopes it touches laid out with the eliminated variable
 * last, so every sum and maximum runs over contiguous entries; the union's
 * size is checked against the memory budget before anything is allocated.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DecisionError } from './errors.js'

/** A dense table over variable ids (last fastest). */
export interface Table {
  readonly scope: readonly number[]
  readonly values: Float64Array
}

/** One elimination: sum a chance variable out, or maximise a decision out. */
export interface Step {
  readonly variable: number
  readonly kind: 'sum' | 'max'
}

/** A decision's choice as a function of the variables in scope when it was eliminated (ascending ids, last fastest). */
export interface Choice {
  readonly scope: readonly number[]
  readonly choice: Int32Array
}

/** What is left after the steps: tables over the variables not eliminated, and each maximised decision's choice. */
export interface Eliminated {
  readonly probability: readonly Table[]
  readonly utility: readonly Table[]
  readonly choices: ReadonlyMap<number, Choice>
}

/** The values of `table` along `scope` (a superset of its scope), with `cards`. */
export const expand = (table: Table, scope: readonly number[], cards: readonly number[]): Float64Array => {
  const size = scope.reduce((s, v) => s * cards[v]!, 1)
  const out = new Float64Array(size)
  // Stride of each target position into the table (0 where the table does not have the variable).
  const strides = scope.map((v) => {
    const at = table.scope.indexOf(v)
    if (at < 0) return 0
    let stride = 1
    for (let k = at + 1; k < table.scope.length; k++) stride *= cards[table.scope[k]!]!
    return stride
  })
  const digits = new Int32Array(scope.length)
  let index = 0
  for (let k = 0; k < size; k++) {
    out[k] = table.values[index]!
    for (let j = scope.length - 1; j >= 0; j--) {
      digits[j]! += 1
      index += strides[j]!
      if (digits[j]! < cards[scope[j]!]!) break
      index -= digits[j]! * strides[j]!
      digits[j] = 0
    }
  }
  return out
}

/** Entries of a table over `scope`. */
export const sizeOf = (scope: readonly number[], cards: readonly number[]): number => scope.reduce((s, v) => s * cards[v]!, 1)

/**
 * Run the steps in order on the probability and utility tables. Errors:
 * `EliminationOverBudget` when a step's union of scopes would exceed the budget
 * (three doubles per entry).
 */
export const eliminate = (
  cards: readonly number[],
  probability: readonly Table[],
  utility: readonly Table[],
  steps: readonly Step[],
  budgetBytes: number,
): E.Either<DecisionError, Eliminated> => {
  let phis = [...probability]
  let psis = [...utility]
  const choices = new Map<number, Choice>()
  for (const { variable: x, kind } of steps) {
    const withX = (t: Table): boolean => t.scope.includes(x)
    const phiX = phis.filter(withX)
    const psiX = psis.filter(withX)
    phis = phis.filter((t) => !withX(t))
    psis = psis.filter((t) => !withX(t))
    const rest = [...new Set([...phiX, ...psiX].flatMap((t) => t.scope))].filter((v) => v !== x).sort((a, b) => a - b)
    const union = [...rest, x]
    const entries = sizeOf(union, cards)
    if (!(entries * 24 <= budgetBytes)) return E.left({ _tag: 'EliminationOverBudget', entries, budgetBytes })
    const card = cards[x]!
    const rows = entries / card
    // Products and sums over the union; absent parts are the neutral 1 and 0.
    const phi = new Float64Array(entries).fill(1)
    for (const t of phiX) multiplyInto(phi, expand(t, union, cards))
    const psi = new Float64Array(entries)
    for (const t of psiX) addInto(psi, expand(t, union, cards))
    const phiOut = new Float64Array(rows)
    const psiOut = new Float64Array(rows)
    if (kind === 'sum') {
      for (let r = 0, at = 0; r < rows; r++, at += card) {
        let mass = 0
        let weighted = 0
        for (let k = 0; k < card; k++) {
          mass += phi[at + k]!
          weighted += phi[at + k]! * psi[at + k]!
        }
        phiOut[r] = mass
        psiOut[r] = mass === 0 ? 0 : weighted / mass
      }
    } else {
      const choice = new Int32Array(rows)
      for (let r = 0, at = 0; r < rows; r++, at += card) {
        let best = 0
        for (let k = 1; k < card; k++) if (psi[at + k]! > psi[at + best]!) best = k
        choice[r] = best
        phiOut[r] = phi[at + best]!
        psiOut[r] = psi[at + best]!
      }
      choices.set(x, { scope: rest, choice })
    }
    if (phiX.length > 0) phis.push({ scope: rest, values: phiOut })
    if (psiX.length > 0) psis.push({ scope: rest, values: psiOut })
  }
  return E.right({ probability: phis, utility: psis, choices })
}

const multiplyInto = (into: Float64Array, by: Float64Array): void => {
  for (let k = 0; k < into.length; k++) into[k] = into[k]! * by[k]!
}

const addInto = (into: Float64Array, by: Float64Array): void => {
  for (let k = 0; k < into.length; k++) into[k] = into[k]! + by[k]!
}

/**
 * A greedy order for summing a set of variables out: each time the one
 * whose tables' union of scopes is smallest (min-weight), the scopes then
 * updated as the elimination would. Any order of one group of sums gives the
 * same answer; this one keeps the tables small.
 */
export const greedyOrder = (variables: readonly number[], scopes: readonly (readonly number[])[], cards: readonly number[]): number[] => {
  let live = scopes.map((s) => new Set(s))
  const left = new Set(variables)
  const order: number[] = []
  while (left.size > 0) {
    let best = -1
    let bestSize = Infinity
    for (const x of left) {
      const union = new Set<number>()
      for (const s of live) if (s.has(x)) for (const v of s) union.add(v)
      const size = [...union].reduce((p, v) => p * cards[v]!, 1)
      if (size < bestSize || (size === bestSize && x < best)) {
        best = x
        bestSize = size
      }
    }
    order.push(best)
    left.delete(best)
    const merged = new Set<number>()
    const kept: Set<number>[] = []
    for (const s of live) {
      if (s.has(best)) for (const v of s) merged.add(v)
      else kept.push(s)
    }
    merged.delete(best)
    live = [...kept, merged]
  }
  return order
}
