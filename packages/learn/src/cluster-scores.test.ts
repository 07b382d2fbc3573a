import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { clusterScores } from './cluster-scores.js'
import { right } from './table-learning.fixtures.js'

describe('clusterScores', () => {
  it('matches a hand count: purity and NMI of a 2 x 2 table', () => {
    // clusters 0: labels a a b; 1: labels b b b
    const s = right(clusterScores(Int32Array.of(0, 0, 0, 1, 1, 1), Int32Array.of(0, 0, 1, 1, 1, 1)))
    expect(s.purity).toBeCloseTo(5 / 6, 15)
    const h = (ps: number[]) => -ps.reduce((a, p) => a + (p > 0 ? p * Math.log(p) : 0), 0)
    const mutual = (2 / 6) * Math.log((2 * 6) / (3 * 2)) + (1 / 6) * Math.log((1 * 6) / (3 * 4)) + (3 / 6) * Math.log((3 * 6) / (3 * 4))
    expect(s.nmi).toBeCloseTo(mutual / ((h([0.5, 0.5]) + h([2 / 6, 4 / 6])) / 2), 14)
    expect(s.clustersUsed).toBe(2)
  })

  it('is 1 and 1 for a relabelling of the labels, and NMI is 0 for one cluster', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 9 }), (labels, shift) => {
        const relabelled = labels.map((l) => (l * 7 + shift) % 11)
        const s = right(clusterScores(relabelled, labels))
        expect(s.purity).toBe(1)
        expect(s.nmi).toBeCloseTo(1, 12)
        const one = right(clusterScores(labels.map(() => 0), labels))
        if (new Set(labels).size > 1) expect(one.nmi).toBeCloseTo(0, 12)
        expect(one.purity).toBeLessThanOrEqual(1)
      }),
    ))

  it('typed errors: lengths, empty input, negative or fractional ids', () => {
    expect(clusterScores([0], [0, 1])).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(clusterScores([], [])).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(clusterScores([-1], [0])).toMatchObject({ left: { _tag: 'InvalidOption', option: 'clusters' } })
    expect(clusterScores([0], [0.5])).toMatchObject({ left: { _tag: 'InvalidOption', option: 'labels' } })
  })
})
