import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { enumerateJoint, jointPosterior, logTotal, marginals, mostProbable, exactPosterior, tableOver, total } from './enumerate.js'
import type { Model } from './model.js'
import { arbitraryModel } from './random-model.js'

// P(a) = [0.6, 0.4]; P(b | a) = [[0.9, 0.1], [0.2, 0.8]] (scope [a, b], b fastest).
const chain: Model = { cards: [2, 2], tables: [{ scope: [0], values: [0.6, 0.4] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }] }

describe('enumerateJoint', () => {
  it('lists assignments row-major with the products of the entries', () => {
    const joint = enumerateJoint(chain)
    expect(joint.assignments.map((a) => [...a])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]])
    expect([...joint.weights]).toEqual([0.6 * 0.9, 0.6 * 0.1, 0.4 * 0.2, 0.4 * 0.8])
    expect([...joint.logWeights]).toEqual([...joint.weights].map(Math.log))
  })

  it('hard evidence zeroes other states; soft evidence multiplies; a replaced table stands for the model one', () => {
    const observed = enumerateJoint(chain, { evidence: [-1, 1] })
    expect([...observed.weights]).toEqual([0, 0.6 * 0.1, 0, 0.4 * 0.8])
    expect(total(observed)).toBeCloseTo(0.38, 15)
    const soft = enumerateJoint(chain, { soft: [undefined, [0.5, 1]] })
    expect([...soft.weights]).toEqual([0.6 * 0.9 * 0.5, 0.6 * 0.1, 0.4 * 0.2 * 0.5, 0.4 * 0.8])
    // do(a = 1): a's table replaced by a point mass.
    const intervened = enumerateJoint(chain, { tables: [{ scope: [0], values: [0, 1] }] })
    expect(jointPosterior(intervened, [1])).toEqual(Float64Array.of(0.2, 0.8))
  })

  it('marginals, the joint posterior, log P(e), the most probable assignment', () => {
    const joint = enumerateJoint(chain, { evidence: [-1, 1] })
    const m = marginals(joint)!
    expect(m[0]![0]).toBeCloseTo(0.06 / 0.38, 15)
    expect([...m[1]!]).toEqual([0, 1])
    expect(logTotal(joint)).toBeCloseTo(Math.log(0.38), 15)
    expect(tableOver(joint, [1, 0]).table).toEqual(Float64Array.of(0, 0, 0.6 * 0.1, 0.4 * 0.8))
    expect(mostProbable(joint)).toEqual({ logWeight: Math.log(0.4 * 0.8), assignments: [Int32Array.of(1, 1)] })
    expect(exactPosterior(chain, { evidence: [-1, 1] }).logZ).toBe(logTotal(joint))
  })

  it('impossible evidence: no marginals, log P(e) = -Infinity, no most probable assignment', () => {
    const model: Model = { cards: [2], tables: [{ scope: [0], values: [1, 0] }] }
    const joint = enumerateJoint(model, { evidence: [1] })
    expect(marginals(joint)).toBeUndefined()
    expect(jointPosterior(joint, [0])).toBeUndefined()
    expect(logTotal(joint)).toBe(-Infinity)
    expect(mostProbable(joint)).toBeUndefined()
  })

  it('rare events: P(e) = 1e-400 below the smallest double keeps its log and its posterior', () => {
    const model: Model = { cards: [2, 2], tables: [{ scope: [0], values: [1 - 1e-200, 1e-200] }, { scope: [0, 1], values: [1, 0, 1 - 1e-200, 1e-200] }] }
    const joint = enumerateJoint(model, { evidence: [-1, 1] })
    expect(total(joint)).toBe(0)
    expect(logTotal(joint)).toBeCloseTo(-400 * Math.LN10, 10)
    expect(marginals(joint)![0]).toEqual(Float64Array.of(0, 1))
    expect(mostProbable(joint)!.logWeight).toBeCloseTo(-400 * Math.LN10, 10)
  })

  it('weights that doubles hold are the plain products, to the bit, and the log of every weight is the sum of the logs', () =>
    fc.assert(
      fc.property(arbitraryModel({ rare: true }), (model) => {
        const joint = enumerateJoint(model)
        joint.assignments.forEach((a, k) => {
          let plain = 1
          let log = 0
          for (const t of model.tables) {
            const x = t.values[t.scope.reduce((i, v) => i * model.cards[v]! + a[v]!, 0)]!
            plain *= x
            log += Math.log(x)
          }
          if (plain >= 2.3e-308 || plain === 0) expect(joint.weights[k]).toBe(plain)
          if (log === -Infinity) expect(joint.logWeights[k]).toBe(-Infinity)
          else expect(Math.abs(joint.logWeights[k]! - log)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(log)))
        })
      }),
      { numRuns: 200 },
    ))
})
