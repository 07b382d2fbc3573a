/**
 * Random evidence for a model's variables, as dense arrays: a state per
 * variable (-1 where unobserved) and, for soft evidence, a likelihood vector
 * per variable (undefined where none), the forms the enumerator reads.
 */
import fc from 'fast-check'

/** Hard and soft evidence by variable id. */
export interface Evidence {
  /** The observed state of each variable, -1 where unobserved. */
  readonly states: Int32Array
  /** A likelihood per state of each variable, undefined where none. */
  readonly soft: readonly (Float64Array | undefined)[]
}

/** What {@link arbitraryEvidence} draws. */
export interface EvidenceOptions {
  /** Observe states (default true): each variable with probability `observed` (default 1/3). */
  readonly hard?: boolean
  readonly observed?: number
  /** Likelihoods on some variables (default false). */
  readonly soft?: boolean
  /** The likelihoods' range (default [0.01, 1]). */
  readonly minLikelihood?: number
  readonly maxLikelihood?: number
  /** Zero likelihoods among them (default false): states excluded by soft evidence (never all of a variable's). */
  readonly softZeros?: boolean
}

/** Random hard and soft evidence for variables of cardinalities `cards` (see {@link EvidenceOptions}). */
export const arbitraryEvidence = (cards: readonly number[], options: EvidenceOptions = {}): fc.Arbitrary<Evidence> => {
  const { hard = true, observed = 1 / 3, soft = false, minLikelihood = 0.01, maxLikelihood = 1, softZeros = false } = options
  const state = (card: number): fc.Arbitrary<number> =>
    hard ? fc.oneof({ arbitrary: fc.constant(-1), weight: Math.round(100 * (1 - observed)) }, { arbitrary: fc.integer({ min: 0, max: card - 1 }), weight: Math.round(100 * observed) }) : fc.constant(-1)
  const likelihood = (card: number): fc.Arbitrary<Float64Array | undefined> =>
    soft
      ? fc.option(
          fc
            .array(fc.oneof(...(softZeros ? [fc.constant(0)] : []), fc.double({ min: minLikelihood, max: maxLikelihood, noNaN: true })), { minLength: card, maxLength: card })
            // A vector of zeros excludes every state: not evidence anyone gives.
            .map((l) => Float64Array.from(l.some((x) => x > 0) ? l : l.map((_, s) => (s === 0 ? 1 : 0)))),
          { nil: undefined },
        )
      : fc.constant(undefined)
  return fc.record({
    states: fc.tuple(...cards.map(state)).map((s) => Int32Array.from(s)),
    soft: fc.tuple(...cards.map(likelihood)),
  })
}
