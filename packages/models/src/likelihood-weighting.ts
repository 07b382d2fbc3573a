/**
 * Likelihood weighting: forward-sample the unobserved variables, clamp the
 * observed ones, and weight each row by the likelihood of the evidence given
 * its parents, w = prod_{e in E} P(e | parents(e)) (Koller & Friedman 2009,
 * 12.2.2). Weights are kept as logs: a row of 784 observed pixels has a
 * weight far below the smallest double.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { evidenceIds } from './network.js'
import type { Rng } from './rng.js'
import type { Samples } from './samples.js'
import { emptySamples } from './samples.js'
import { compile } from './compiled.js'
import { checkRows, forwardFill } from './ancestral.js'

/**
 * Draw `rows` weighted samples given evidence. Estimates from them (see
 * `frequencies`, `estimate`) converge on the posterior. `ImpossibleEvidence`
 * when every weight is zero.
 *
 * @example
 * const lw = likelihoodWeighting(bn, { wet: 'yes' }, 50_000, createRng(5))
 * // Right(samples with logWeights); frequencies(lw.right, 'rain') ~ P(rain | wet = yes)
 */
export const likelihoodWeighting = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  evidence: NoInfer<Partial<A>>,
  rows: number,
  rng: Rng,
): E.Either<NetworkError, Samples<A>> => {
  const checked = checkRows('rows', rows, bn.dag.nodes.length)
  if (E.isLeft(checked)) return checked
  const ids = evidenceIds(bn, evidence as Partial<Assignment>)
  if (E.isLeft(ids)) return ids
  const c = compile(bn)
  const samples = emptySamples(bn, rows)
  const clamped = new Uint8Array(c.n)
  for (const [v, s] of ids.right) {
    clamped[v] = 1
    samples.columns[v]!.fill(s)
  }
  forwardFill(c, samples.columns, 0, rows, rng, clamped)
  const logWeights = new Float64Array(rows)
  for (const [v] of ids.right) {
    const ps = c.parents[v]!
    const st = c.parentStrides[v]!
    const table = c.tables[v]!
    const column = samples.columns[v]!
    for (let r = 0; r < rows; r++) {
      let offset = column[r]!
      for (let j = 0; j < ps.length; j++) offset += samples.columns[ps[j]!]![r]! * st[j]!
      logWeights[r] = logWeights[r]! + Math.log(table[offset]!)
    }
  }
  if (rows > 0 && logWeights.every((w) => w === -Infinity))
    return E.left({
      _tag: 'SamplingFailed',
      evidence: evidence as Partial<Assignment> as Assignment,
      reason: `all ${rows} weights are zero`,
    })
  return E.right({ ...samples, logWeights })
}
