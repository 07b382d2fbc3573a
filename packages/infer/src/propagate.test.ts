import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbEvidence, arbNetwork, bruteMarginals, enumerate, type SmallModel } from './brute-force.fixtures.js'
import { compileTables, type CompiledTree } from './compile-tables.js'
import { logEvidence, maxCalibrate, maxPropagate, propagate, readMarginal, readTableMax, readTablePosterior } from './propagate.js'
import { defaultStrategies } from '@chainrule/factor'

const compiled = (model: SmallModel, strategy = defaultStrategies[0]!, keepPriorCollection = true): CompiledTree => {
  const tree = compileTables(model.cards, model.tables, { strategies: [strategy], keepPriorCollection })
  if (E.isLeft(tree)) throw new Error('compile failed')
  return tree.right
}

/**
 * Propagate `states` and check log P(e), every marginal (read before anything
 * reuses the working clusters) and the collect-only log P(e) against enumeration.
 */
const expectExact = (tree: CompiledTree, model: SmallModel, states: Int32Array, likelihoods?: readonly (Float64Array | undefined)[]): void => {
  const evidence = likelihoods === undefined ? { states } : { states, likelihoods }
  const exact = bruteMarginals(model, states, likelihoods)
  const logPe = propagate(tree, evidence)
  if (!(exact.pEvidence > 0)) {
    expect(logPe).toBe(-Infinity)
    return
  }
  expect(Math.abs(logPe - Math.log(exact.pEvidence))).toBeLessThan(1e-12)
  model.cards.forEach((card, v) => {
    const out = new Float64Array(card)
    readMarginal(tree, v, out)
    for (let s = 0; s < card; s++) expect(Math.abs(out[s]! - exact.marginals[v]![s]!)).toBeLessThan(1e-12)
  })
  expect(Math.abs(logEvidence(tree, evidence) - logPe)).toBeLessThan(1e-12)
}

const withEvidence = arbNetwork().chain((model) => fc.tuple(fc.constant(model), arbEvidence(model.cards)))

describe('sum propagation equals brute-force enumeration', () => {
  it('marginals and log P(e), for every triangulation heuristic, with and without the prior collection', () =>
    fc.assert(
      fc.property(withEvidence, fc.constantFrom(...defaultStrategies), fc.boolean(), ([model, states], strategy, keepPriorCollection) =>
        expectExact(compiled(model, strategy, keepPriorCollection), model, states),
      ),
      { numRuns: 300 },
    ))

  it('soft evidence multiplies each state by its likelihood', () =>
    fc.assert(
      fc.property(
        withEvidence.chain(([model, states]) =>
          fc.tuple(
            fc.constant(model),
            fc.constant(states),
            fc.tuple(
              ...model.cards.map((card) =>
                fc.option(
                  // Likelihoods below 1e-6 would be subnormal after a few products, where no
                  // two summation orders agree to 1e-12; zero stays in to test exclusion.
                  fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: card, maxLength: card }).map((l) => Float64Array.from(l)),
                  { nil: undefined },
                ),
              ),
            ),
          ),
        ),
        ([model, states, likelihoods]) => expectExact(compiled(model), model, states, likelihoods),
      ),
      { numRuns: 200 },
    ))

  it('queries on one compiled tree do not leak into each other (only clusters with evidence below are recollected)', () =>
    fc.assert(
      fc.property(
        arbNetwork().chain((model) => fc.tuple(fc.constant(model), fc.array(arbEvidence(model.cards), { minLength: 2, maxLength: 4 }))),
        ([model, sequence]) => {
          const tree = compiled(model)
          const none = new Int32Array(model.cards.length).fill(-1)
          const assignment = new Int32Array(model.cards.length)
          // Interleave evidence, no evidence and max-propagation (which recollects every cluster).
          for (const states of [...sequence, none]) {
            maxPropagate(tree, { states }, assignment)
            expectExact(tree, model, states)
          }
        },
      ),
      { numRuns: 150 },
    ))

  it('a model whose tables give probability 0 everywhere answers every query with P(e) = 0', () => {
    const tables = [
      { scope: [0], values: [0.5, 0.5] },
      { scope: [0, 1], values: [0, 0, 0, 0] },
      { scope: [1, 2], values: [0.1, 0.9, 0.6, 0.4] },
    ]
    const tree = compileTables([2, 2, 2], tables)
    if (E.isLeft(tree)) throw new Error('compile failed')
    expect(tree.right.priorValid).toBe(false)
    expect(propagate(tree.right, { states: Int32Array.of(-1, -1, -1) })).toBe(-Infinity)
    expect(propagate(tree.right, { states: Int32Array.of(-1, -1, 1) })).toBe(-Infinity)
    expect(logEvidence(tree.right, { states: Int32Array.of(0, -1, -1) })).toBe(-Infinity)
  })
})

describe('table posteriors (EM expected counts)', () => {
  it('P(scope of each input table | e) equals brute-force enumeration', () =>
    fc.assert(
      fc.property(withEvidence, ([model, states]) => {
        const tree = compiled(model)
        const { assignments, weights } = enumerate(model, states)
        const mass = weights.reduce((s, w) => s + w, 0)
        if (mass === 0) return
        propagate(tree, { states })
        model.tables.forEach((table, t) => {
          const size = table.scope.reduce((s, v) => s * model.cards[v]!, 1)
          const expected = new Float64Array(size)
          assignments.forEach((a, i) => {
            let index = 0
            for (const v of table.scope) index = index * model.cards[v]! + a[v]!
            expected[index] = expected[index]! + weights[i]! / mass
          })
          const out = new Float64Array(size)
          readTablePosterior(tree, t, out)
          out.forEach((p, k) => expect(Math.abs(p - expected[k]!)).toBeLessThan(1e-12))
        })
      }),
      { numRuns: 200 },
    ))
})

describe('max propagation finds a most probable assignment', () => {
  it('its value is the brute-force maximum of P(x, e), and it agrees with the evidence', () =>
    fc.assert(
      fc.property(withEvidence, fc.constantFrom(...defaultStrategies), ([model, states], strategy) => {
        const tree = compiled(model, strategy)
        const { assignments, weights } = enumerate(model, states)
        const best = Math.max(...weights)
        const assignment = new Int32Array(model.cards.length)
        const logMax = maxPropagate(tree, { states }, assignment)
        if (best === 0) {
          expect(logMax).toBe(-Infinity)
          return
        }
        expect(Math.abs(logMax - Math.log(best))).toBeLessThan(1e-12)
        const index = assignments.findIndex((a) => a.every((s, v) => s === assignment[v]))
        expect(Math.abs(Math.log(weights[index]!) - Math.log(best))).toBeLessThan(1e-12)
        for (let v = 0; v < states.length; v++) if (states[v]! >= 0) expect(assignment[v]).toBe(states[v])
      }),
      { numRuns: 300 },
    ))
})

describe('max calibration gives every table its max-marginal', () => {
  it('max over the other variables of P(x, e), peak 1, equals brute force; log max P(x, e) too', () =>
    fc.assert(
      fc.property(withEvidence, fc.constantFrom(...defaultStrategies), fc.boolean(), fc.boolean(), ([model, states], strategy, keep, webAssembly) => {
        // Both kernel sets: typed arrays, and WebAssembly over one memory block.
        const built = compileTables(model.cards, model.tables, { strategies: [strategy], keepPriorCollection: keep, webAssembly })
        if (E.isLeft(built)) throw new Error('compile failed')
        const tree = built.right
        const { assignments, weights } = enumerate(model, states)
        const best = Math.max(...weights)
        const logMax = maxCalibrate(tree, { states })
        if (best === 0) {
          expect(logMax).toBe(-Infinity)
          return
        }
        expect(Math.abs(logMax - Math.log(best))).toBeLessThan(1e-12)
        model.tables.forEach((table, t) => {
          const size = table.scope.reduce((s, v) => s * model.cards[v]!, 1)
          const expected = new Float64Array(size)
          assignments.forEach((a, i) => {
            let index = 0
            for (const v of table.scope) index = index * model.cards[v]! + a[v]!
            expected[index] = Math.max(expected[index]!, weights[i]! / best)
          })
          const out = new Float64Array(size)
          readTableMax(tree, t, out)
          out.forEach((m, k) => expect(Math.abs(m - expected[k]!)).toBeLessThan(1e-12))
        })
        // A sum propagation afterwards is unaffected (every cluster is rebuilt where needed).
        expectExact(tree, model, states)
      }),
      { numRuns: 250 },
    ))
})

describe('underflow', () => {
  it('log P(e) of a 2,000-variable chain with every variable observed is exact', () => {
    const n = 2000
    const cards = Array.from({ length: n }, () => 2)
    const tables = [
      { scope: [0], values: [0.3, 0.7] },
      ...Array.from({ length: n - 1 }, (_, i) => ({ scope: [i, i + 1], values: [0.9, 0.1, 0.2, 0.8] })),
    ]
    const states = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0))
    let expected = Math.log(states[0] === 1 ? 0.7 : 0.3)
    for (let i = 1; i < n; i++) expected += Math.log(tables[i]!.values[states[i - 1]! * 2 + states[i]!]!)
    const tree = compileTables(cards, tables)
    if (E.isLeft(tree)) throw new Error('compile failed')
    const logPe = propagate(tree.right, { states })
    expect(expected).toBeLessThan(Math.log(1e-300))
    expect(Math.abs(logPe - expected) / Math.abs(expected)).toBeLessThan(1e-12)
  })
})
