/**
 * Inference that exploits noisy-MAX tables: the temporal (sequential)
 * decomposition of Heckerman & Breese ("Causal independence for probability
 * assessment and inference using Bayesian networks", IEEE SMC 1996).
 *
 * A noisy-MAX child Y with parents X_1..X_n (n >= 2) is a maximum of
 * independent contributions, and a maximum can be taken one argument at a
 * time. Auxiliary variables A_1..A_{n-1}, each with Y's states, carry the
 * running maximum:
 *
 *     A_1 = max(Z_L, Z_1)        parents [X_1]
 *     A_k = max(A_{k-1}, Z_k)    parents [A_{k-1}, X_k]    k = 2..n-1
 *     Y   = max(A_{n-1}, Z_n)    parents [A_{n-1}, X_n]
 *
 * with P(A_k = a | A_{k-1} = b, X_k = x) = sum over z of c_k(z | x) [max(b, z) = a]:
 * 0 below b, C_k(b | x) at b, c_k(a | x) above. Summing the auxiliary
 * variables out gives back Y's table exactly, so every marginal and P(e) of
 * the original variables is unchanged, while no table has more than
 * m^2 x max_j k_j entries and the parents are no longer married into one
 * clique of n + 1 variables (a 20-parent binary noisy-OR: 19 tables of 8
 * entries instead of one of 2^21).
 *
 * Deterministic tables and full tables are kept as they are (their full
 * tables are already in the network).
 */
import * as E from 'fp-ts/lib/Either.js'
import { cumulative, identityOrder, parentCumulatives } from './compact-expand.js'
import type { NoisyMaxTable } from './compact-table.js'
import { networkFromSpec } from './define-network.js'
import type { NetworkError } from './errors.js'
import type { BayesianNetwork } from './network.js'
import type { VariableSpec } from './network-spec.js'

/**
 * A Bayesian network whose compact tables were replaced by small dense ones
 * over auxiliary variables. Contract: variables `0 .. originalCount - 1` are
 * those of the input network, same ids, names and states; variables from
 * `originalCount` on are auxiliary (listed in `auxiliary`). For any evidence
 * on original variables, the marginals of original variables and P(evidence)
 * are those of the input network; only the tables of noisy children (and
 * their parent lists, now ending with their auxiliary chain) differ.
 */
export interface Decomposition {
  readonly network: BayesianNetwork
  readonly originalCount: number
  /** Ids of the auxiliary variables, ascending (all ids >= originalCount). */
  readonly auxiliary: readonly number[]
}

/** A name not yet taken: `${base}~${k}`, with more `~` if even that is taken. */
const freshName = (base: string, k: number, taken: Set<string>): string => {
  let name = `${base}~${k}`
  while (taken.has(name)) name = `~${name}`
  taken.add(name)
  return name
}

/**
 * P(A = a | previous = b, X = x) in row order [b, x] (b slowest), a within a row:
 * the running maximum after one more contribution with cumulative rows `cum`.
 */
const stepTable = (table: NoisyMaxTable, j: number, parentCard: number, childCard: number, cum: Float64Array): number[] => {
  const m = childCard
  const order = table.order ?? identityOrder(m)
  const parent = table.parents[j]!
  const out = new Array<number>(m * parentCard * m).fill(0)
  for (let rb = 0; rb < m; rb++) {
    const b = order[rb]!
    for (let x = 0; x < parentCard; x++) {
      const row = (b * parentCard + x) * m
      // The contribution's own distribution at x (a point mass on the lowest state when distinguished).
      const rowOfX = x < parent.distinguished ? x : x - 1
      out[row + b] = cum[x * m + rb]!
      for (let ra = rb + 1; ra < m; ra++) {
        const a = order[ra]!
        out[row + a] = x === parent.distinguished ? 0 : parent.probabilities[rowOfX * m + a]!
      }
    }
  }
  return out
}

/** P(A_1 = a | X_1 = x): the maximum of the leak and the first contribution. */
const firstTable = (table: NoisyMaxTable, parentCard: number, childCard: number, cum: Float64Array): number[] => {
  const m = childCard
  const order = table.order ?? identityOrder(m)
  const leak = new Float64Array(m)
  cumulative(table.leak, 0, order, leak)
  const out = new Array<number>(parentCard * m).fill(0)
  for (let x = 0; x < parentCard; x++) {
    let below = 0
    for (let r = 0; r < m; r++) {
      const at = r === m - 1 ? 1 : leak[r]! * cum[x * m + r]!
      out[x * m + order[r]!] = at - below
      below = at
    }
  }
  return out
}

/**
 * Replace every noisy-MAX table with two or more parents by a chain of
 * auxiliary variables (see the file header); a network without one comes
 * back as it is. Errors only if the result fails validation, which would be
 * a bug (it is built from a validated network).
 *
 * @example
 * ```ts
 * import { defineNetwork, decompose, noisyOr } from '@chainrule/models'
 * import { either as E, function as F } from 'fp-ts'
 * const bn = defineNetwork({
 *   states: { a: ['no', 'yes'], b: ['no', 'yes'], c: ['no', 'yes'], y: ['no', 'yes'] },
 *   parents: { y: ['a', 'b', 'c'] },
 *   tables: { a: [0.5, 0.5], b: [0.5, 0.5], c: [0.5, 0.5], y: noisyOr({ leak: 0.01, causes: [0.9, 0.8, 0.7] }) },
 * })
 * // y~1 = max(leak, a), y~2 = max(y~1, b), then y = max(y~2, c):
 * F.pipe(bn, E.flatMap(decompose), E.map((d) => d.auxiliary)) // => E.right([4, 5])
 * ```
 */
export const decompose = (bn: BayesianNetwork): E.Either<NetworkError[], Decomposition> => {
  const n = bn.dag.nodes.length
  const noisy = (v: number): NoisyMaxTable | undefined => {
    const t = bn.compact?.[v]
    return t?.kind === 'noisyMax' && bn.dag.parentIds[v]!.length >= 2 ? t : undefined
  }
  if (bn.dag.nodes.every((_, v) => noisy(v) === undefined)) return E.right({ network: bn, originalCount: n, auxiliary: [] })
  const cards = bn.domain.variables.map((v) => v.states.length)
  const taken = new Set(bn.dag.nodes)
  const auxiliary: VariableSpec[] = []
  const variables: VariableSpec[] = bn.dag.nodes.map((name, v) => {
    const states = bn.domain.variables[v]!.states
    const parentIds = bn.dag.parentIds[v]!
    const parents = parentIds.map((p) => bn.dag.nodes[p]!)
    const table = noisy(v)
    if (table === undefined) return { name, states, parents, table: bn.cpts[v]!.values }
    const m = cards[v]!
    const parentCards = parentIds.map((p) => cards[p]!)
    const cums = parentCumulatives(table, parentCards, m)
    let previous = freshName(name, 1, taken)
    auxiliary.push({ name: previous, states, parents: [parents[0]!], table: firstTable(table, parentCards[0]!, m, cums[0]!) })
    const last = parents.length - 1
    for (let j = 1; j < last; j++) {
      const next = freshName(name, j + 1, taken)
      auxiliary.push({ name: next, states, parents: [previous, parents[j]!], table: stepTable(table, j, parentCards[j]!, m, cums[j]!) })
      previous = next
    }
    return { name, states, parents: [previous, parents[last]!], table: stepTable(table, last, parentCards[last]!, m, cums[last]!) }
  })
  const built = networkFromSpec({ ...(bn.name === undefined ? {} : { name: bn.name }), variables: [...variables, ...auxiliary] })
  if (E.isLeft(built)) return built
  return E.right({ network: built.right.network, originalCount: n, auxiliary: auxiliary.map((_, k) => n + k) })
}
