/**
 * Gibbs sampling given evidence: start from a state of positive probability
 * consistent with the evidence, then repeatedly resample each unobserved
 * variable from its distribution given its Markov blanket,
 * P(x_v | mb(v)) ∝ P(x_v | pa(v)) * prod_{c in ch(v)} P(x_c | pa(c))
 * (Koller & Friedman 2009, 12.3.1). One row is kept every `thin` sweeps after
 * `burnIn` sweeps. The chain converges to P(X | evidence) when that
 * distribution is positive (or otherwise connected); rows are correlated.
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
import { logProbOfStates } from './log-prob.js'

/** Options of {@link gibbsSample}. */
export interface GibbsOptions {
  /** Rows to return. */
  readonly rows: number
  /** Sweeps discarded before the first kept row (default 100). */
  readonly burnIn?: number
  /** Sweeps between kept rows (default 1). */
  readonly thin?: number
  /** Forward draws tried to find a starting state of positive probability (default 1000). */
  readonly maxStartAttempts?: number
}

/**
 * Gibbs samples of P(X | evidence), one row per kept sweep.
 *
 * @example
 * ```ts
 * import { defineNetwork, createRng, frequencies, gibbsSample } from '@chainrule/models'
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
 *   const g = gibbsSample(sprinkler.right, { wet: 'yes' }, { rows: 20_000, burnIn: 200 }, createRng(9))
 *   // P(rain = yes | wet = yes) = 0.18 / 0.468, within sampling error
 *   const rain = E.isRight(g) ? frequencies(g.right, 'rain') : undefined
 *   rain !== undefined && E.isRight(rain) && Math.abs(rain.right[1]! - 0.18 / 0.468) < 0.03 // => true
 * }
 * ```
 */
export const gibbsSample = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  evidence: NoInfer<Partial<A>>,
  options: GibbsOptions,
  rng: Rng,
): E.Either<NetworkError, Samples<A>> => {
  const rows = checkRows('rows', options.rows, bn.dag.nodes.length)
  if (E.isLeft(rows)) return rows
  const burnIn = checkRows('burnIn', options.burnIn ?? 100)
  if (E.isLeft(burnIn)) return burnIn
  const thin = options.thin ?? 1
  if (!Number.isSafeInteger(thin) || thin < 1)
    return E.left({ _tag: 'InvalidOption', option: 'thin', value: String(thin), reason: 'expected a positive integer' })
  const attempts = checkRows('maxStartAttempts', options.maxStartAttempts ?? 1000)
  if (E.isLeft(attempts)) return attempts
  const ids = evidenceIds(bn, evidence as Partial<Assignment>)
  if (E.isLeft(ids)) return ids
  const c = compile(bn)

  // Start: forward-sample the free variables with the evidence clamped until the
  // whole state has positive probability (so every later conditional is defined).
  const clamped = new Uint8Array(c.n)
  const start = emptySamples(bn, 1)
  for (const [v, s] of ids.right) {
    clamped[v] = 1
    start.columns[v]![0] = s
  }
  const state = new Int32Array(c.n)
  let found = false
  for (let attempt = 0; attempt < attempts.right && !found; attempt++) {
    forwardFill(c, start.columns, 0, 1, rng, clamped)
    for (let v = 0; v < c.n; v++) state[v] = start.columns[v]![0]!
    found = logProbOfStates(bn, state) > -Infinity
  }
  if (!found)
    return E.left({
      _tag: 'SamplingFailed',
      evidence: evidence as Partial<Assignment> as Assignment,
      reason: `no starting state of positive probability in ${attempts.right} forward draws`,
    })

  const free = Array.from(c.topological).filter((v) => clamped[v] === 0)
  const maxCard = c.cards.reduce((m, k) => Math.max(m, k), 1)
  const scores = new Float64Array(maxCard)
  const sweep = (): void => {
    for (const v of free) {
      const card = c.cards[v]!
      const ps = c.parents[v]!
      const st = c.parentStrides[v]!
      let own = 0
      for (let j = 0; j < ps.length; j++) own += state[ps[j]!]! * st[j]!
      const table = c.tables[v]!
      for (let s = 0; s < card; s++) scores[s] = table[own + s]!
      const children = c.children[v]!
      const strideInChild = c.strideInChild[v]!
      for (let k = 0; k < children.length; k++) {
        const child = children[k]!
        const cps = c.parents[child]!
        const cst = c.parentStrides[child]!
        // Offset of the child's current state with v's contribution removed.
        let base = state[child]!
        for (let j = 0; j < cps.length; j++) base += state[cps[j]!]! * cst[j]!
        const vs = strideInChild[k]!
        base -= state[v]! * vs
        const childTable = c.tables[child]!
        let peak = 0
        for (let s = 0; s < card; s++) {
          scores[s] = scores[s]! * childTable[base + s * vs]!
          if (scores[s]! > peak) peak = scores[s]!
        }
        // Rescale to a peak of 1 after each child: hundreds of children would
        // otherwise underflow every score to 0 and always pick the last state.
        if (peak > 0) for (let s = 0; s < card; s++) scores[s] = scores[s]! / peak
      }
      let total = 0
      for (let s = 0; s < card; s++) total += scores[s]!
      // total > 0: the current state has positive probability, so its own score is positive.
      const x = rng.float() * total
      let s = 0
      let acc = scores[0]!
      while (s < card - 1 && acc <= x) acc += scores[++s]!
      state[v] = s
    }
  }
  for (let i = 0; i < burnIn.right; i++) sweep()
  const columns = Array.from(c.cards, (card) => columnFor(card, rows.right))
  for (let r = 0; r < rows.right; r++) {
    for (let i = 0; i < thin; i++) sweep()
    for (let v = 0; v < c.n; v++) columns[v]![r] = state[v]!
  }
  return E.right({ variables: bn.dag.nodes, states: start.states, columns, rows: rows.right })
}
