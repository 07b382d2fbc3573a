/** Test data for the strided kernels (typed-array and WebAssembly). */
import fc from 'fast-check'

/**
 * A table over variables 0..d-1 (cards up to `maxCard`, at most `maxVariables`)
 * with its values, and a second table over a random ordered subset of them.
 */
export const arbTablePair = (maxCard = 4, maxVariables = 6) =>
  fc
    .array(fc.integer({ min: 1, max: maxCard }), { minLength: 0, maxLength: maxVariables })
    .chain((cards) =>
      fc.record({
        cards: fc.constant(cards),
        other: fc.shuffledSubarray(
          cards.map((_, v) => v),
          { minLength: 0, maxLength: cards.length },
        ),
        values: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), {
          minLength: cards.reduce((s, c) => s * c, 1),
          maxLength: cards.reduce((s, c) => s * c, 1),
        }),
      }),
    )
