import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { autoregressive } from '@chainrule/models'
import { learnTableChain, MAX_CONTEXT_PARENTS, contextGroupOf } from './context-table.js'
import { chainLogLikelihoods } from './score-chain.js'

const grid = { width: 2, height: 2 }
// Four 2x2 images, row-major (x0_y0, x1_y0, x0_y1, x1_y1).
const pixels = Uint8Array.from([1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1])
const images = { rows: 4, width: 2, height: 2, pixels }
const structure = (parents: Parameters<typeof autoregressive>[0]['parents']) => {
  const s = autoregressive({ grid, ordering: { kind: 'raster' }, parents })
  if (E.isLeft(s)) throw new Error('structure')
  return s.right
}

describe('learnTableChain', () => {
  it('gives the hand-counted smoothed log-odds (x1_y0 given x0_y0)', () => {
    const fit = learnTableChain(images, structure({ kind: 'lastK', k: 1 }), { alpha: 0.5 })
    if (E.isLeft(fit)) throw new Error('fit')
    const g = fit.right.chain.contexts[0]!
    // Position 1 (x1_y0), parent x0_y0: images with x0_y0 = 1 are rows 0, 1, 2 with x1_y0 = 1, 0, 1; x0_y0 = 0 is row 3 with x1_y0 = 0.
    expect(g.logits[1 * 2 + 1]).toBeCloseTo(Math.log((2 + 0.5) / (1 + 0.5)), 14)
    expect(g.logits[1 * 2 + 0]).toBeCloseTo(Math.log((0 + 0.5) / (1 + 0.5)), 14)
    // Position 0 has no parent: 3 of 4 images have x0_y0 = 1.
    expect(g.logits[0]).toBeCloseTo(Math.log(3.5 / 1.5), 14)
  })

  it('chooses the alpha with the best validation likelihood among candidates', () => {
    const fit = learnTableChain(images, structure({ kind: 'window', radius: 1 }), { alpha: [0.01, 1, 100], validation: images })
    if (E.isLeft(fit)) throw new Error('fit')
    const best = Math.min(...fit.right.validationNll.map((s) => s.meanNll))
    expect(fit.right.validationNll.find((s) => s.alpha === fit.right.alpha)!.meanNll).toBe(best)
    // Scored on its own training data, the least smoothing wins, and the scorer agrees with the counts.
    expect(fit.right.alpha).toBe(0.01)
    const ll = chainLogLikelihoods(fit.right.chain, images)
    expect(E.isRight(ll) && -ll.right.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(best, 10)
  })

  it('refuses bad options, mismatched images, no data and oversized contexts', () => {
    const s = structure({ kind: 'lastK', k: 1 })
    expect(learnTableChain(images, s, { alpha: [1, 2] })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'validation' } })
    expect(learnTableChain(images, s, { alpha: -1 })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'alpha' } })
    expect(learnTableChain({ ...images, width: 3, height: 1 }, s)).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(learnTableChain({ ...images, rows: 0, pixels: new Uint8Array(0) }, s, { alpha: 1 })).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(learnTableChain(images, s, { alpha: 1, validation: { ...images, width: 1 } })).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    const wide = autoregressive({ variables: Array.from({ length: MAX_CONTEXT_PARENTS + 2 }, (_, i) => `v${i}`), ordering: { kind: 'random', seed: 1 }, parents: { kind: 'fullHistory' } })
    expect(E.isRight(wide) && contextGroupOf(wide.right)).toMatchObject({ left: { _tag: 'TooManyParents', parents: MAX_CONTEXT_PARENTS + 1 } })
    const ternary = autoregressive({ grid, states: ['a', 'b', 'c'], ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
    expect(E.isRight(ternary) && contextGroupOf(ternary.right)).toMatchObject({ left: { _tag: 'NonBinaryVariable' } })
  })
})
