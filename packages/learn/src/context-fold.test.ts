import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { createRng } from '@chainrule/models'
import type { BinaryChain, ContextGroup } from './image-chain.js'
import { foldContexts } from './context-fold.js'
import { chainLogLikelihoods } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'

/** A chain over n positions with a 3-parent group and groups using random subsets of its parents (plus one that is not nested). */
const arbNested = fc.record({ n: fc.integer({ min: 2, max: 7 }), seed: fc.nat(), extra: fc.boolean() }).map(({ n, seed, extra }): BinaryChain => {
  const rng = createRng(seed)
  const w = () => rng.float() * 6 - 3
  const big: ContextGroup = (() => {
    const k = 3
    const counts = new Uint8Array(n)
    const parents = new Int32Array(n * k)
    for (let p = 0; p < n; p++) {
      const pool = Array.from({ length: p }, (_, q) => q)
      counts[p] = Math.min(p, k)
      for (let j = 0; j < counts[p]!; j++) parents[p * k + j] = pool.splice(rng.int(pool.length), 1)[0]!
    }
    return { k, counts, parents, logits: Float64Array.from({ length: n * 8 }, w) }
  })()
  const subset = (k: number): ContextGroup => {
    const counts = new Uint8Array(n)
    const parents = new Int32Array(n * k)
    for (let p = 0; p < n; p++) {
      const pool = Array.from(big.parents.subarray(p * 3, p * 3 + big.counts[p]!))
      counts[p] = Math.min(pool.length, rng.int(k + 1))
      for (let j = 0; j < counts[p]!; j++) parents[p * k + j] = pool.splice(rng.int(pool.length), 1)[0]!
    }
    return { k, counts, parents, logits: Float64Array.from({ length: n << k }, w) }
  }
  const other: ContextGroup = { k: 1, counts: Uint8Array.from({ length: n }, (_, p) => (p > 0 ? 1 : 0)), parents: Int32Array.from({ length: n }, () => 0), logits: Float64Array.from({ length: n * 2 }, w) }
  return {
    width: n,
    height: 1,
    n,
    ordering: Int32Array.from({ length: n }, (_, i) => i),
    bias: Float64Array.from({ length: n }, w),
    contexts: extra ? [subset(2), big, subset(1), other] : [subset(2), big, subset(1)],
  }
})

describe('foldContexts', () => {
  it('folds nested groups into one table without changing any probability', () =>
    fc.assert(
      fc.property(arbNested, (chain) => {
        const folded = foldContexts(chain)
        // The two subsets always fold; the extra group folds only when it happens to be nested too.
        if (chain.contexts.length === 3) expect(folded.contexts.length).toBe(1)
        else expect(folded.contexts.length).toBeLessThanOrEqual(2)
        const images = sampleChain(chain, 200, createRng(1))
        const a = chainLogLikelihoods(chain, images)
        const b = chainLogLikelihoods(folded, images)
        expect(E.isRight(a) && E.isRight(b)).toBe(true)
        if (E.isLeft(a) || E.isLeft(b)) return
        for (let r = 0; r < images.rows; r++) expect(Math.abs(a.right[r]! - b.right[r]!)).toBeLessThan(1e-12)
      }),
      { numRuns: 50 },
    ))

  it('leaves a chain with one group, or with no nested group, as it is', () => {
    const chain: BinaryChain = { width: 1, height: 1, n: 1, ordering: Int32Array.of(0), bias: Float64Array.of(0), contexts: [] }
    expect(foldContexts(chain)).toBe(chain)
  })
})
