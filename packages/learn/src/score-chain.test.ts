import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { createRng } from '@chainrule/models'
import { SCORE_BLOCK, chainLogLikelihoods, forEachLogitBlock } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import { arbitraryChain } from './chain.fixtures.js'
import { patternRowsKernel } from '@chainrule/infer/internal'

describe('the dense part of a chain in WebAssembly', () => {
  it('gives every logit of every block the same bits as the typed-array loop', () => {
    // Node has WebAssembly with SIMD: the kernel must load, or the comparison below would test nothing.
    expect(patternRowsKernel(5, 2, 32)).toBeDefined()
    fc.assert(
      fc.property(arbitraryChain({ maxWidth: 9, maxHeight: 5, dense: true }), fc.nat(), (chain, seed) => {
        const images = sampleChain(chain, SCORE_BLOCK + 188, createRng(seed))
        const blocks = (webAssembly: boolean): number[][] => {
          const out: number[][] = []
          forEachLogitBlock(chain, images, (_, count, __, logits) => out.push(Array.from(logits.subarray(0, count * chain.n))), { webAssembly })
          return out
        }
        const inWebAssembly = blocks(true)
        expect(inWebAssembly).toHaveLength(2)
        expect(inWebAssembly).toEqual(blocks(false))
      }),
      { numRuns: 25 },
    )
  })

  it('hidden units in WebAssembly give every logit of every block the bits of the typed-array loop', () => {
    fc.assert(
      fc.property(arbitraryChain({ maxWidth: 9, maxHeight: 5, hidden: true }).filter((c) => c.hidden !== undefined), fc.nat(), (chain, seed) => {
        const images = sampleChain(chain, SCORE_BLOCK + 188, createRng(seed))
        const blocks = (webAssembly: boolean): number[][] => {
          const out: number[][] = []
          forEachLogitBlock(chain, images, (_, count, __, logits) => out.push(Array.from(logits.subarray(0, count * chain.n))), { webAssembly })
          return out
        }
        expect(blocks(true)).toEqual(blocks(false))
      }),
      { numRuns: 25 },
    )
  })

  it('scores a chain inside a block of the same chain (the kernel busy) as a call of its own', () => {
    // Dense part and hidden units: both kernels' memories are busy in the outer block.
    const chain = fc.sample(arbitraryChain({ maxWidth: 7, maxHeight: 4, dense: true, hidden: true }).filter((c) => c.hidden !== undefined), { numRuns: 1, seed: 3 })[0]!
    const images = sampleChain(chain, 40, createRng(5))
    // Other images, over three blocks: a nested call that used the busy kernel's memory would overwrite the outer block.
    const others = sampleChain(chain, 2 * SCORE_BLOCK + 76, createRng(6))
    const alone = chainLogLikelihoods(chain, others)
    let inside: E.Either<unknown, Float64Array> | undefined
    const outer: number[] = []
    forEachLogitBlock(chain, images, (_, count, __, logits) => {
      inside = chainLogLikelihoods(chain, others)
      outer.push(...logits.subarray(0, count * chain.n))
    })
    expect(inside).toEqual(alone)
    const again: number[] = []
    forEachLogitBlock(chain, images, (_, count, __, logits) => again.push(...logits.subarray(0, count * chain.n)), { webAssembly: false })
    expect(outer).toEqual(again)
  })
})
