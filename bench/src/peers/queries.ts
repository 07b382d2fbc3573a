/**
 * The queries every engine of the inference benchmark answers, and how their
 * answers are compared: evidence drawn reproducibly from one forward sample
 * (so that P(e) > 0), and the largest absolute difference between two sets of
 * posterior marginals over the unobserved variables.
 */
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'

/**
 * `count` observed variables (distinct, chosen with a seeded RNG) set to their
 * states in one forward sample of the network drawn with the same RNG: the
 * evidence has positive probability by construction.
 *
 * @example
 * const evidence = sampledEvidence(bn, 3, 2026) // e.g. { HR: 'HIGH', VENTLUNG: 'ZERO', PCWP: 'NORMAL' }
 */
export const sampledEvidence = (bn: BayesianNetwork, count: number, seed: number): Record<string, string> => {
  const rng = createRng(seed)
  const drawn = ancestralSample(bn, 1, rng)
  if (E.isLeft(drawn)) throw new Error(`sampledEvidence: cannot sample the network (${drawn.left._tag})`)
  const n = bn.dag.nodes.length
  const picked = new Set<number>()
  while (picked.size < Math.min(count, n)) picked.add(rng.int(n))
  const evidence: Record<string, string> = {}
  for (const v of [...picked].sort((a, b) => a - b))
    evidence[bn.dag.nodes[v]!] = drawn.right.states[v]![drawn.right.columns[v]![0]!]!
  return evidence
}

/**
 * The largest |reference - estimate| over every state of every variable not in `evidence`
 * (a missing answer for such a variable counts as an infinite error).
 *
 * @example
 * maxAbsError(bn, exact.probabilities, peer, evidence) // 3.1e-16
 */
export const maxAbsError = (
  bn: BayesianNetwork,
  reference: readonly (Float64Array | undefined)[],
  estimate: readonly (Float64Array | undefined)[],
  evidence: Readonly<Record<string, string>>,
): number => {
  let worst = 0
  for (const v of bn.domain.variables) {
    if (v.name in evidence) continue
    const a = reference[v.id]
    const b = estimate[v.id]
    if (a === undefined || b === undefined || a.length !== b.length) return Number.POSITIVE_INFINITY
    for (let k = 0; k < a.length; k++) {
      const d = Math.abs(a[k]! - b[k]!)
      // NaN never compares greater: count it as the worst possible error.
      worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(worst, d)
    }
  }
  return worst
}
