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
 * ```ts
 * import { defineNetwork, createRng, frequencies, likelihoodWeighting } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const sprinkler = defineNetwork({
 *   states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
 *   parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
 *   tables: {
 *     rain: [0.8, 0.2],
 *     sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
 *     wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : [0.1, 0.9]),
 *   },
 * })
 * if (E.isRight(sprinkler)) {
 *   const lw = likelihoodWeighting(sprinkler.right, { wet: 'yes' }, 20_000, createRng(5))
 *   // Weighted frequencies estimate P(rain | wet = yes): P(rain = yes | wet = yes) = 0.18 / 0.468
 *   const rain = E.isRight(lw) ? frequencies(lw.right, 'rain') : undefined
 *   rain !== undefined && E.isRight(rain) && Math.abs(rain.right[1]! - 0.18 / 0.468) < 0.03 // => true
 * }
 * ```
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
