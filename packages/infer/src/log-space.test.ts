import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { type Model, arbitraryEvidence, arbitraryModel, namedEvidence, exactPosterior } from '@chainrule/testing'
import { arbRareEvidence, arbRareModel, logEnumeration, networkOf } from './models.fixtures.js'
import { logLikelihoods, predictions } from './batch.js'
import { compile, engineState } from './engine.js'
import { logSpaceAnswer } from './log-space.js'
import { marginals } from './marginals.js'

/** The model as an engine over variables v0, v1, ... with states s0, s1, ... */
const engineOf = (model: Model) => {
  const engine = compile(networkOf(model))
  if (E.isLeft(engine)) throw new Error('compile')
  return { engine: engine.right, evidenceOf: namedEvidence }
}

/**
 * The log-space answers of a model's engine to dense evidence: on the tree's
 * layout in logs, and by variable elimination in logs (an engine without a
 * tree); both must agree with what the test expects.
 */
const answersInLogs = (model: Model, states: Int32Array, likelihoods: readonly (Float64Array | undefined)[] | undefined, targets: readonly number[]) => {
  const { engine } = engineOf(model)
  const state = engineState(engine)
  // The tree in logs runs on a built whole tree: build it, then answer with and without it.
  expect(state.tree).toBeDefined()
  return [state, { ...state, whole: undefined }].map((s) => {
    const answer = logSpaceAnswer(s, 'bayesian', { states, ...(likelihoods === undefined ? {} : { likelihoods }) }, targets)
    if (E.isLeft(answer)) throw new Error(answer.left._tag)
    return answer.right
  })
}

describe('answers in log space: the tree propagated in logs, and variable elimination in logs', () => {
  it('two events of 1e-200 in a row: P(e) = 1e-400, far below the smallest double, exactly', () => {
    const model = { cards: [2, 2], tables: [{ scope: [0], values: [1 - 1e-200, 1e-200] }, { scope: [0, 1], values: [1, 0, 1 - 1e-200, 1e-200] }] }
    for (const answer of answersInLogs(model, Int32Array.of(-1, 1), undefined, [0])) {
      expect(answer.logPEvidence).toBeCloseTo(-400 * Math.log(10), 10)
      const p = answer.probabilities.get(0)!
      expect(p[0]).toBeLessThan(1e-150)
      expect(p[1]).toBe(1)
    }
  })

  it('equals brute-force enumeration on random networks, with hard and soft evidence', () =>
    fc.assert(
      fc.property(
        arbitraryModel({ variables: { max: 6 } }).chain((model) =>
          fc.tuple(
            fc.constant(model),
            arbitraryEvidence(model.cards).map((e) => e.states),
            fc.tuple(...model.cards.map((card) => fc.option(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: card, maxLength: card }), { nil: undefined }))),
          ),
        ),
        ([model, states, soft]) => {
          const likelihoods = soft.map((l) => (l === undefined ? undefined : Float64Array.from(l)))
          for (const evidenceLikelihoods of [undefined, likelihoods]) {
            const exact = exactPosterior(model, { evidence: states, ...(evidenceLikelihoods === undefined ? {} : { soft: evidenceLikelihoods }) })
            const targets = model.cards.map((_, v) => v)
            for (const answer of answersInLogs(model, states, evidenceLikelihoods, targets)) {
              if (exact.z === 0) {
                expect(answer.logPEvidence).toBe(-Infinity)
                continue
              }
              expect(Math.abs(answer.logPEvidence - Math.log(exact.z))).toBeLessThan(1e-12)
              for (const [v, p] of answer.probabilities) p.forEach((x, s) => expect(Math.abs(x - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
              // Every unobserved target is answered, and no observed one.
              expect([...answer.probabilities.keys()].sort((a, b) => a - b)).toEqual(targets.filter((v) => states[v]! < 0))
            }
          }
        },
      ),
      { numRuns: 200 },
    ))
})

describe('marginals falls back to log space when the tree cannot represent the answer', () => {
  it('rare-event trees: every answer equals enumeration in logs, and impossible evidence is still impossible', () => {
    let inLogSpace = 0
    fc.assert(
      fc.property(arbRareModel.chain((model) => fc.tuple(fc.constant(model), arbRareEvidence(model.cards.length))), ([model, states]) => {
        const { engine, evidenceOf } = engineOf(model)
        const exact = logEnumeration(model, states)
        const posterior = marginals(engine, { evidence: evidenceOf(states) })
        // Every conditional probability here is positive: no evidence is impossible.
        if (E.isLeft(posterior)) throw new Error(`unexpected ${posterior.left._tag}`)
        if (posterior.right.method === 'log-space') inLogSpace++
        const { logPEvidence, targets, probabilities } = posterior.right
        expect(Math.abs(logPEvidence - exact.logPEvidence)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact.logPEvidence)))
        for (const v of targets) probabilities[v]!.forEach((x, s) => expect(Math.abs(x - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
      }),
      { numRuns: 300 },
    )
    // The property must have reached the fallback, not only the tree.
    expect(inLogSpace).toBeGreaterThan(10)
    // A zero in a table still makes evidence impossible, in log space too.
    const { engine } = engineOf({ cards: [2, 2], tables: [{ scope: [0], values: [1 - 1e-300, 1e-300] }, { scope: [0, 1], values: [1, 0, 1, 0] }] })
    const impossible = marginals(engine, { evidence: { v1: 's1' } })
    expect(E.isLeft(impossible) && impossible.left._tag).toBe('ImpossibleEvidence')
  })
})

describe('batched scoring falls back to log space row by row', () => {
  it('log P(row) and P(v0 | row) on rare-event trees equal enumeration in logs', () =>
    fc.assert(
      fc.property(
        arbRareModel.chain((model) => fc.tuple(fc.constant(model), fc.array(arbRareEvidence(model.cards.length), { minLength: 1, maxLength: 6 }))),
        ([model, rows]) => {
          const { engine } = engineOf(model)
          // One column per variable; 255 marks a missing cell.
          const columns = model.cards.map((_, v) => Uint8Array.from(rows, (states) => (states[v]! >= 0 ? states[v]! : 255)))
          const scores = logLikelihoods(engine, columns, rows.length)
          const predicted = predictions(engine, columns, rows.length, 'v0')
          if (E.isLeft(scores) || E.isLeft(predicted)) throw new Error('batch failed')
          rows.forEach((states, r) => {
            const exact = logEnumeration(model, states)
            expect(Math.abs(scores.right[r]! - exact.logPEvidence)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact.logPEvidence)))
            expect(predicted.right.possible[r]).toBe(1)
            for (let s = 0; s < 2; s++) expect(Math.abs(predicted.right.probabilities[2 * r + s]! - exact.marginals![0]![s]!)).toBeLessThan(1e-12)
          })
        },
      ),
      { numRuns: 150 },
    ))
})

