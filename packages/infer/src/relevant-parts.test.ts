import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile } from './engine.js'
import { marginals } from './marginals.js'
import { arbitraryEvidence, arbitraryModel, namedEvidence, exactPosterior } from '@chainrule/testing'
import { networkOf } from './models.fixtures.js'
import { requisiteTables } from './relevance.js'
import { answerCover, coverTargets, depthOf } from './relevant-trees.js'

const withEvidence = arbitraryModel({ variables: { max: 7 } }).chain((model) => fc.tuple(fc.constant(model), arbitraryEvidence(model.cards).map((e) => e.states)))

describe('trees over relevant parts equal brute-force enumeration', () => {
  it('every marginal and log P(e), on Bayesian networks and on general factors', () =>
    fc.assert(
      fc.property(withEvidence, fc.boolean(), ([model, states], isBayesianNetwork) => {
        const relevant = { cards: model.cards, tables: model.tables, isBayesianNetwork, memoryBudgetBytes: 2 ** 30 }
        const exact = exactPosterior(model, { evidence: states })
        const targets = model.cards.map((_, v) => v).filter((v) => states[v]! < 0)
        const out: (Float64Array | undefined)[] = model.cards.map(() => undefined)
        const cover = coverTargets(relevant, targets, states, depthOf(relevant))
        if (E.isLeft(cover) || cover.right === undefined) throw new Error('relevant parts failed')
        const logPe = answerCover(cover.right, states, out)
        // These networks' probabilities are far from the limits of doubles.
        if (logPe === undefined) throw new Error('a product left the range of doubles')
        if (exact.z === 0) {
          expect(logPe).toBe(-Infinity)
          return
        }
        expect(Math.abs(logPe - Math.log(exact.z))).toBeLessThan(1e-12)
        // Each part answers at least one target.
        expect(cover.right.stats.trees).toBeLessThanOrEqual(targets.length)
        for (const v of targets) out[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
      }),
      { numRuns: 300 },
    ))

  it('gives up (undefined) once its trees grow past the given limit', () => {
    const model = { cards: [2, 2], tables: [{ scope: [0], values: [0.5, 0.5] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }], isBayesianNetwork: true, memoryBudgetBytes: 2 ** 20 }
    const out: (Float64Array | undefined)[] = [undefined, undefined]
    const none = Int32Array.from([-1, -1])
    expect(coverTargets(model, [0, 1], none, depthOf(model), 1)).toEqual(E.right(undefined))
    const whole = coverTargets(model, [0, 1], none, depthOf(model))
    if (E.isLeft(whole) || whole.right === undefined) throw new Error('cover failed')
    expect(whole.right.stats).toEqual({ trees: 1, clusterEntries: 4, largestCluster: 4 })
    expect(answerCover(whole.right, none, out)).toBe(0)
    expect(Array.from(out[1]!)).toEqual([0.5 * 0.9 + 0.5 * 0.2, 0.5 * 0.1 + 0.5 * 0.8])
  })
})

describe('the engine chooses between the whole tree and relevant parts, per observation pattern', () => {
  it('repeated queries switch to cached parts when smaller; every answer equals enumeration', () => {
    let answeredByParts = 0
    fc.assert(
      fc.property(withEvidence, ([model, states]) => {
        const engine = compile(networkOf(model), { relevantPartsAbove: 0, relevantPartsAfterMs: 0 })
        if (E.isLeft(engine)) throw new Error('compile')
        const evidence = namedEvidence(states)
        const exact = exactPosterior(model, { evidence: states })
        const methods: string[] = []
        for (let round = 0; round < 3; round++) {
          const posterior = marginals(engine.right, { evidence })
          if (exact.z === 0) {
            expect(E.isLeft(posterior) && posterior.left._tag).toBe('ImpossibleEvidence')
            return
          }
          if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
          methods.push(posterior.right.method)
          expect(Math.abs(posterior.right.logPEvidence - Math.log(exact.z))).toBeLessThan(1e-12)
          for (const v of posterior.right.targets)
            posterior.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
        }
        // The first query of a pattern always uses the whole tree; later ones the cached decision.
        expect(methods[0]).toBe('tree')
        expect(methods[2]).toBe(methods[1])
        if (methods[1] === 'relevant-parts') answeredByParts++
      }),
      { numRuns: 200 },
    )
    // The property must have exercised the parts' path, not only the tree's.
    expect(answeredByParts).toBeGreaterThan(20)
  })

  it('parts wait until the whole tree has spent relevantPartsAfterMs on the pattern', () => {
    const model = { cards: [2, 2, 2, 2], tables: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }, { scope: [1, 2], values: [0.6, 0.4, 0.5, 0.5] }, { scope: [2, 3], values: [0.1, 0.9, 0.7, 0.3] }] }
    const network = networkOf(model)
    const methodsWith = (relevantPartsAfterMs: number): string[] => {
      const engine = compile(network, { relevantPartsAbove: 0, relevantPartsAfterMs })
      if (E.isLeft(engine)) throw new Error('compile')
      return Array.from({ length: 5 }, () => {
        // P(v0) needs v0's table only (the rest is barren): its part is far smaller than the tree.
        const posterior = marginals(engine.right, { targets: ['v0'] })
        if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
        return posterior.right.method
      })
    }
    // A long allowance keeps every query on the tree; none switches on the second query.
    expect(methodsWith(Number.POSITIVE_INFINITY)).toEqual(['tree', 'tree', 'tree', 'tree', 'tree'])
    expect(methodsWith(0)).toEqual(['tree', 'relevant-parts', 'relevant-parts', 'relevant-parts', 'relevant-parts'])
  })
})

describe('requisite tables', () => {
  it('a chain a -> b -> c: P(a) needs a only; P(a | c) needs all; P(c | b) needs c only', () => {
    const scopes = [[0], [0, 1], [1, 2]]
    expect(requisiteTables(scopes, true, [0], [-1, -1, -1])).toEqual([0])
    expect(requisiteTables(scopes, true, [0], [-1, -1, 1])).toEqual([0, 1, 2])
    expect(requisiteTables(scopes, true, [2], [-1, 0, -1])).toEqual([2])
  })

  it('a v-structure a -> c <- b: a and b are independent until c is observed', () => {
    const scopes = [[0], [1], [0, 1, 2]]
    expect(requisiteTables(scopes, true, [0], [-1, -1, -1])).toEqual([0])
    expect(requisiteTables(scopes, true, [0], [-1, -1, 0])).toEqual([0, 1, 2])
  })
})
