/**
 * Test support for binary image chains: random chains (fast-check) with every
 * part a chain can have.
 */
import fc from 'fast-check'
import { createRng } from '@chainrule/models'
import type { BinaryChain, ContextGroup } from './image-chain.js'

/**
 * A random chain: any ordering, optional dense part (always with `dense: true`), 0-2 context groups of up to
 * two random earlier parents, and with `hidden: true` 0-3 hidden units (none without); small by default (up to
 * 3 x 2 pixels, so every image can be enumerated).
 */
export const arbitraryChain = ({
  maxWidth = 3,
  maxHeight = 2,
  dense: withDense,
  hidden: withHidden,
}: { maxWidth?: number; maxHeight?: number; dense?: true; hidden?: true } = {}): fc.Arbitrary<BinaryChain> =>
  fc
    .record({
      width: fc.integer({ min: 1, max: maxWidth }),
      height: fc.integer({ min: 1, max: maxHeight }),
      seed: fc.nat(),
      dense: withDense === true ? fc.constant(true) : fc.boolean(),
      groups: fc.integer({ min: 0, max: 2 }),
      units: withHidden === true ? fc.integer({ min: 0, max: 3 }) : fc.constant(0),
    })
    .map(({ width, height, seed, dense, groups, units }): BinaryChain => {
      const rng = createRng(seed)
      const n = width * height
      const ordering = Int32Array.from({ length: n }, (_, i) => i)
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[ordering[i], ordering[j]] = [ordering[j]!, ordering[i]!]
      }
      const w = () => rng.float() * 6 - 3
      const bias = Float64Array.from({ length: n }, w)
      const contexts: ContextGroup[] = []
      for (let g = 0; g < groups; g++) {
        const k = 2
        const counts = new Uint8Array(n)
        const parents = new Int32Array(n * k)
        for (let p = 0; p < n; p++) {
          const pool = Array.from({ length: p }, (_, q) => q)
          const c = Math.min(p, rng.int(k + 1))
          counts[p] = c
          for (let j = 0; j < c; j++) parents[p * k + j] = pool.splice(rng.int(pool.length), 1)[0]!
        }
        contexts.push({ k, counts, parents, logits: Float64Array.from({ length: n * 4 }, w) })
      }
      const hidden = units === 0 ? {} : { hidden: { units, bias: Float64Array.from({ length: units }, w), input: Float64Array.from({ length: n * units }, w), output: Float64Array.from({ length: n * units }, w) } }
      const chain = { width, height, n, ordering, bias, contexts, ...hidden }
      return dense ? { ...chain, dense: Float64Array.from({ length: n * n }, (_, i) => (i % n > Math.floor(i / n) ? w() : 0)) } : chain
    })
