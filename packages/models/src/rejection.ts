/**
 * Rejection sampling: forward-sample, keep the rows that agree with the
 * evidence. The kept rows are exact samples of P(X | evidence); the
 * acceptance rate estimates P(evidence) (Koller & Friedman 2009, 12.1.2).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { evidenceIds } from './network.js'
import type { Rng } from './rng.js'
import type { Samples } from './samples.js'
import { columnFor, emptySamples } from './samples.js'
import { compile } from './compiled.js'
import { checkRows, forwardFill } from './ancestral.js'

/** Options of {@link rejectionSample}. */
export interface RejectionOptions {
  /** How many forward samples to draw; the accepted ones are returned. */
  readonly proposals: number
}

/** Accepted rows and what they cost. */
export interface RejectionResult<A extends Assignment> {
  readonly samples: Samples<A>
  readonly proposals: number
  /** accepted / proposals: an unbiased estimate of P(evidence). */
  readonly acceptanceRate: number
}

const BATCH = 1 << 16

/**
 * Draw `proposals` forward samples and keep those matching the evidence.
 * `ImpossibleEvidence` when none matched (the evidence has probability zero
 * or is too rare for this budget).
 *
 * @example
 * ```ts
 * import { defineNetwork, createRng, frequencies, rejectionSample } from '@chainrule/models'
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
 *   const r = rejectionSample(sprinkler.right, { wet: 'yes' }, { proposals: 20_000 }, createRng(3))
 *   if (E.isRight(r)) {
 *     // P(wet = yes) = 0.468: about that fraction of the proposals is kept, every kept row has wet = yes
 *     Math.abs(r.right.acceptanceRate - 0.468) < 0.02 // => true
 *     r.right.samples.columns[2]!.every((s) => s === 1) // => true
 *     const rain = frequencies(r.right.samples, 'rain')
 *     E.isRight(rain) && Math.abs(rain.right[1]! - 0.18 / 0.468) < 0.03 // => true
 *   }
 * }
 * ```
 */
export const rejectionSample = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  evidence: NoInfer<Partial<A>>,
  options: RejectionOptions,
  rng: Rng,
): E.Either<NetworkError, RejectionResult<A>> => {
  const checked = checkRows('proposals', options.proposals, bn.dag.nodes.length)
  if (E.isLeft(checked)) return checked
  const ids = evidenceIds(bn, evidence as Partial<Assignment>)
  if (E.isLeft(ids)) return ids
  const observed = [...ids.right.entries()]
  const c = compile(bn)
  const batch = emptySamples(bn, Math.min(BATCH, options.proposals))
  const kept: number[][] = c.cards.length === 0 ? [] : Array.from(c.cards, () => [])
  let accepted = 0
  for (let start = 0; start < options.proposals; start += BATCH) {
    const size = Math.min(BATCH, options.proposals - start)
    forwardFill(c, batch.columns, 0, size, rng)
    for (let r = 0; r < size; r++) {
      let match = true
      for (const [v, s] of observed)
        if (batch.columns[v]![r] !== s) {
          match = false
          break
        }
      if (!match) continue
      for (let v = 0; v < c.n; v++) kept[v]!.push(batch.columns[v]![r]!)
      accepted++
    }
  }
  if (accepted === 0)
    return E.left({
      _tag: 'SamplingFailed',
      evidence: evidence as Partial<Assignment> as Assignment,
      reason: `no sample out of ${options.proposals} matched it`,
    })
  const samples: Samples<A> = {
    variables: bn.dag.nodes,
    states: bn.domain.variables.map((v) => v.states),
    columns: kept.map((values, v) => {
      const column = columnFor(c.cards[v]!, accepted)
      column.set(values)
      return column
    }),
    rows: accepted,
  }
  return E.right({ samples, proposals: options.proposals, acceptanceRate: accepted / options.proposals })
}
