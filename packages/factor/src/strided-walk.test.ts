import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sizeOf, stridesOf } from './factor.js'
import { planWalk, runWalk } from './strided-walk.js'

describe('strided walk', () => {
  it('visits every point of the iteration space once, with the right offset for every operand', () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 5 }),
        fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 3 }),
        fc.nat(1000),
        (cards, masks, base) => {
          // Operand 0: the space itself (row-major). Others: row-major over a subset of dims, reversed order.
          const operands = [stridesOf(cards)]
          for (const mask of masks) {
            const dims = cards.map((_, d) => d).filter((d) => mask[d]).reverse()
            const s = stridesOf(dims.map((d) => cards[d]!))
            operands.push(cards.map((_, d) => (dims.includes(d) ? s[dims.indexOf(d)]! : 0)))
          }
          const plan = planWalk(cards, operands)
          const seen: number[][] = []
          runWalk(
            plan,
            (off) => {
              for (let m = 0; m < plan.blockLength; m++)
                for (let k = 0; k < plan.innerLength; k++)
                  seen.push(off.map((o, op) => o + m * plan.blockStrides[op]! + k * plan.innerStrides[op]! - (op === 1 ? base : 0)))
            },
            operands.map((_, op) => (op === 1 ? base : 0)),
          )
          const expected: number[][] = []
          const a = new Array<number>(cards.length).fill(0)
          for (let i = 0; i < sizeOf(cards); i++) {
            expected.push(operands.map((s) => a.reduce((acc, x, d) => acc + x * s[d]!, 0)))
            for (let d = cards.length - 1; d >= 0; d--) {
              if (++a[d]! < cards[d]!) break
              a[d] = 0
            }
          }
          expect(seen).toEqual(expected)
          expect(plan.runs * plan.blockLength * plan.innerLength).toBe(sizeOf(cards))
        },
      ),
      { numRuns: 300 },
    ))
  it('fuses dimensions contiguous in every operand into one run', () => {
    const plan = planWalk([4, 8, 16], [[128, 16, 1], [128, 16, 1]])
    expect(plan.innerLength).toBe(512)
    expect(plan.runs).toBe(1)
    const broadcast = planWalk([4, 8, 16], [[128, 16, 1], [0, 16, 1]])
    expect([broadcast.blockLength, broadcast.innerLength, broadcast.runs]).toEqual([4, 128, 1])
  })
  it('hands short innermost runs over in blocks', () => {
    // summing out a trailing binary variable: one block of 512 rows of 2, in memory order
    const plan = planWalk([512, 2], [[1, 0], [2, 1]])
    expect([plan.blockLength, plan.innerLength, plan.runs]).toEqual([512, 2, 1])
    expect(plan.innerStrides).toEqual([0, 1])
    expect(plan.blockStrides).toEqual([1, 2])
  })
})
