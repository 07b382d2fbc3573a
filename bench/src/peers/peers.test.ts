/**
 * The benchmark's peer adapters (bench/src/peers) answer the same questions
 * as chainrule: on asia and child, prior and with three observed variables,
 * - bayesjs (exact junction tree) within 1e-9 of chainrule's marginals;
 * - jsbayes (likelihood weighting, n samples) within a bound derived from n:
 *   with weights w in [0, 1] and E[w] = P(e), the delta-method variance of a
 *   weighted frequency is at most p(1-p) / (n P(e)) <= 1 / (4 n P(e)), so a
 *   6-sigma bound is 3 / sqrt(n P(e)) (P(e) = 1 without evidence).
 * The networks live beside the repository (../shared/networks); where that
 * folder is absent, these checks are not registered (one test says so, as in
 * test/networks.test.ts).
 */
import { compile, marginals } from '@chainrule/infer'
import { loadNetwork } from '@chainrule/io/node'
import { createRng, isBayesianNetwork, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bayesjsMarginals, toBayesjs } from './bayesjs.js'
import { jsbayesMarginals, toJsbayes } from './jsbayes.js'
import { maxAbsError, sampledEvidence } from './queries.js'

// bench/src/peers -> the repository root -> the networks beside it.
const networksDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'networks')
const SAMPLES = 20_000

const load = (name: string): BayesianNetwork => {
  const loaded = loadNetwork(join(networksDir, `${name}.bif.gz`))
  if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error(`${name} does not load as a Bayesian network`)
  return loaded.right.network
}

const exact = (bn: BayesianNetwork, evidence: Readonly<Record<string, string>>) => {
  const engine = compile(bn)
  if (E.isLeft(engine)) throw new Error('compile failed')
  const posterior = marginals(engine.right, { evidence })
  if (E.isLeft(posterior)) throw new Error('query failed')
  return posterior.right
}

describe('benchmark peers agree with chainrule', () => {
  if (!existsSync(networksDir)) {
    it('need ../shared/networks, absent here, which is allowed unless CI_NETWORKS_OPTIONAL=0', () => {
      expect(process.env['CI_NETWORKS_OPTIONAL']).not.toBe('0')
    })
    return
  }
  for (const name of ['asia', 'child']) {
    const bn = load(name)
    const queries = [
      ['prior', {}],
      ['evidence', sampledEvidence(bn, 3, 2026)],
    ] as const

    it(`${name}: sampled evidence has three distinct observed variables of positive probability`, () => {
      const evidence = queries[1][1]
      expect(Object.keys(evidence)).toHaveLength(3)
      for (const [variable, state] of Object.entries(evidence)) expect(bn.domain.variables[bn.domain.byName.get(variable)!]!.states).toContain(state)
      expect(exact(bn, evidence).logPEvidence).toBeGreaterThan(Number.NEGATIVE_INFINITY)
      expect(sampledEvidence(bn, 3, 2026)).toEqual(evidence)
    })

    for (const [kind, evidence] of queries) {
      it(`${name} ${kind}: bayesjs within 1e-9`, () => {
        const reference = exact(bn, evidence)
        const peer = bayesjsMarginals(bn, toBayesjs(bn), evidence)
        expect(maxAbsError(bn, reference.probabilities, peer, evidence)).toBeLessThan(1e-9)
        // Observed variables are reported as their indicator.
        for (const [variable, state] of Object.entries(evidence)) {
          const v = bn.domain.byName.get(variable)!
          expect(Array.from(peer[v]!)).toEqual(bn.domain.variables[v]!.states.map((s) => (s === state ? 1 : 0)))
        }
      })

      it(`${name} ${kind}: jsbayes within 3/sqrt(n P(e)) with n = ${SAMPLES}`, async () => {
        const reference = exact(bn, evidence)
        const pEvidence = Math.exp(reference.logPEvidence)
        const bound = 3 / Math.sqrt(SAMPLES * pEvidence)
        const model = toJsbayes(bn)
        const rng = createRng(11)
        const peer = await jsbayesMarginals(bn, model, evidence, SAMPLES, () => rng.float())
        const error = maxAbsError(bn, reference.probabilities, peer, evidence)
        expect(error).toBeLessThan(bound)
        // A sampler, not a copy of the answer: some error remains at this sample count.
        expect(error).toBeGreaterThan(0)
      })
    }
  }

  it('jsbayes runs are reproducible from the seed and leave Math.random in place', async () => {
    const bn = load('asia')
    const model = toJsbayes(bn)
    const original = Math.random
    const draw = async (seed: number) => {
      const rng = createRng(seed)
      return (await jsbayesMarginals(bn, model, {}, 2_000, () => rng.float())).map((p) => Array.from(p))
    }
    const first = await draw(5)
    expect(await draw(5)).toEqual(first)
    expect(await draw(6)).not.toEqual(first)
    expect(Math.random).toBe(original)
  })

  it('maxAbsError skips observed variables and counts NaN as infinite', () => {
    const bn = load('asia')
    const reference = exact(bn, {}).probabilities
    const shifted = reference.map((p) => (p === undefined ? undefined : Float64Array.from(p)))
    const first = bn.domain.variables[0]!
    shifted[0]![0] = shifted[0]![0]! + 0.25
    expect(maxAbsError(bn, reference, shifted, {})).toBeCloseTo(0.25, 12)
    expect(maxAbsError(bn, reference, shifted, { [first.name]: first.states[0]! })).toBe(0)
    shifted[1]![0] = Number.NaN
    expect(maxAbsError(bn, reference, shifted, {})).toBe(Number.POSITIVE_INFINITY)
  })
})
