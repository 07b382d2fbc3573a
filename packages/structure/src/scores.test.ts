import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkScore, familyScore, scoreName, type Score } from './scores.js'
import { arbitraryScore, closeTo } from './testing/oracle.js'

/** Scores of a count table by the definitions (parent rows of `card` entries). */
const byDefinition = (score: Score, counts: readonly number[], card: number, rows: number): number => {
  const q = counts.length / card
  let ll = 0
  let dirichlet = 0
  const alpha = score.kind === 'bdeu' ? score.equivalentSampleSize / (q * card) : 1
  const rising = (a: number, n: number) => Array.from({ length: n }, (_, i) => Math.log(a + i)).reduce((s, x) => s + x, 0)
  for (let j = 0; j < q; j++) {
    const row = counts.slice(j * card, (j + 1) * card)
    const nj = row.reduce((a, b) => a + b, 0)
    for (const n of row) if (n > 0) ll += n * Math.log(n / nj)
    dirichlet -= rising(alpha * card, nj)
    for (const n of row) dirichlet += rising(alpha, n)
  }
  const k = q * (card - 1)
  return score.kind === 'logLikelihood' ? ll : score.kind === 'bic' ? ll - 0.5 * Math.log(rows) * k : score.kind === 'aic' ? ll - k : dirichlet
}

describe('familyScore', () => {
  it('equals every score written from its definition', () =>
    fc.assert(
      fc.property(
        arbitraryScore,
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(40), { minLength: 24, maxLength: 24 }),
        (score, card, q, pool) => {
          const counts = Array.from({ length: card * q }, (_, i) => pool[i % pool.length]!)
          const rows = Math.max(1, counts.reduce((a, b) => a + b, 0))
          expect(closeTo(familyScore(score, counts, counts.length, card, rows), byDefinition(score, counts, card, rows))).toBe(true)
        },
      ),
    ))

  it('scores an empty table 0 (log-likelihood) and charges BIC and AIC for every parameter', () => {
    expect(familyScore({ kind: 'logLikelihood' }, [0, 0, 0, 0], 4, 2, 10)).toBe(0)
    expect(familyScore({ kind: 'aic' }, [0, 0, 0, 0], 4, 2, 10)).toBe(-2)
    expect(familyScore({ kind: 'bic' }, [5, 5, 0, 0], 4, 2, 10)).toBeCloseTo(10 * Math.log(0.5) - Math.log(10), 12)
  })
})

describe('checkScore', () => {
  it('accepts the five scores and refuses a bad equivalent sample size or kind', () => {
    for (const score of [{ kind: 'bic' }, { kind: 'aic' }, { kind: 'logLikelihood' }, { kind: 'k2' }, { kind: 'bdeu', equivalentSampleSize: 1 }] as const)
      expect(checkScore(score)._tag).toBe('Right')
    for (const ess of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const checked = checkScore({ kind: 'bdeu', equivalentSampleSize: ess })
      expect(checked._tag === 'Left' && checked.left._tag).toBe('InvalidOption')
    }
    const unknown = checkScore({ kind: 'mdl' } as unknown as Score)
    expect(unknown._tag === 'Left' && unknown.left._tag === 'InvalidOption' && unknown.left.option).toBe('score')
  })

  it('names scores as the command line spells them', () => {
    expect(scoreName({ kind: 'bdeu', equivalentSampleSize: 10 })).toBe('bdeu(10)')
    expect(scoreName({ kind: 'logLikelihood' })).toBe('loglik')
    expect(scoreName({ kind: 'k2' })).toBe('k2')
  })
})
