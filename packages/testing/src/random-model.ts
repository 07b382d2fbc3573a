/**
 * The one random-model arbitrary: Bayesian networks (a random DAG from
 * {@link arbitraryStructure}, one conditional table per variable, rows summing
 * to 1, optionally compact tables) or Markov models (factor sets: potentials
 * over random scopes, in random variable order). Entries may be exact zeros
 * (deterministic relations, impossible evidence) and, on request, rare events
 * down to 1e-300, where products leave the range of doubles.
 */
import fc from 'fast-check'
import { arbitraryDeterministic, arbitraryDistribution, arbitraryNoisyMax, expandCompact } from './compact-tables.js'
import type { CompactTableData, RandomModel, Table } from './model.js'
import { sizeOf } from './model.js'
import { arbitraryStructure } from './structure.js'

/** A closed range of counts. */
export interface Range {
  readonly min?: number
  readonly max?: number
}

/** What {@link arbitraryModel} draws. */
export interface ModelOptions {
  /** A Bayesian network (default) or a Markov model (a set of potentials). */
  readonly kind?: 'bayesian' | 'markov'
  /** Number of variables (default 1..6). */
  readonly variables?: Range
  /** States per variable (default 1..3). */
  readonly states?: Range
  /** Parents per variable of a Bayesian network (default 0..3; at least min(min, earlier variables)). */
  readonly parents?: Range
  /** Potentials of a Markov model (default 1..6), each over at most `maxScope` variables (default: all). */
  readonly factors?: Range & { readonly maxScope?: number }
  /** Exact zeros among the entries (default true). */
  readonly zeros?: boolean
  /** Entries as small as 1e-300 (default false): products underflow doubles. */
  readonly rare?: boolean
  /**
   * Nonzero entries (before a Bayesian row is normalised) between 10^-spread
   * and 10^spread, as often below 1 as above: potentials over orders of
   * magnitude (default: uniform in [0.01, 1] for a Bayesian table, [0.01, 10]
   * for a Markov potential).
   */
  readonly spread?: number
  /** Compact tables (noisy-MAX, deterministic) for variables with parents, at random (default false). */
  readonly compact?: boolean
}

/** Rare entries: products of two or more fall below the smallest double. */
export const RARE_ENTRIES: readonly number[] = [1e-300, 1e-250, 1e-200, 1e-150, 1e-100]

/** One entry before normalisation: zero sometimes, a double of varied size, or a rare event. */
const arbitraryEntry = (zeros: boolean, rare: boolean, max: number, spread: number | undefined): fc.Arbitrary<number> =>
  fc.oneof(
    ...(zeros ? [{ arbitrary: fc.constant(0), weight: 1 }] : []),
    ...(spread === undefined
      ? [{ arbitrary: fc.double({ min: 0.01, max, noNaN: true }), weight: 2 }]
      : [
          { arbitrary: fc.double({ min: 10 ** -spread, max: 1, noNaN: true }), weight: 1 },
          { arbitrary: fc.double({ min: 1, max: 10 ** spread, noNaN: true }), weight: 1 },
        ]),
    ...(rare ? [{ arbitrary: fc.constantFrom(...RARE_ENTRIES), weight: 2 }] : []),
  )

/** Rows of `card` entries, each row normalised (an all-zero row puts its mass on state 0). */
const normaliseRows = (raw: readonly number[], card: number): Float64Array => {
  const out = Float64Array.from(raw)
  for (let r = 0; r < out.length; r += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += out[r + k]!
    if (sum === 0) out[r] = sum = 1
    for (let k = 0; k < card; k++) out[r + k] = out[r + k]! / sum
  }
  return out
}

const bayesian = (options: ModelOptions): fc.Arbitrary<RandomModel> => {
  const { zeros = true, rare = false, compact = false } = options
  const states = { min: options.states?.min ?? 1, max: options.states?.max ?? 3 }
  return arbitraryStructure({
    minVariables: options.variables?.min ?? 1,
    maxVariables: options.variables?.max ?? 6,
    minParents: options.parents?.min ?? 0,
    maxParents: options.parents?.max ?? 3,
  }).chain(({ parents, order }) =>
    fc.array(fc.integer(states), { minLength: parents.length, maxLength: parents.length }).chain((cards) =>
      fc
        .tuple(
          ...cards.map((card, v) => {
            const parentCards = parents[v]!.map((p) => cards[p]!)
            const rows = sizeOf(parentCards)
            const full = fc
              .array(arbitraryEntry(zeros, rare, 1, options.spread), { minLength: rows * card, maxLength: rows * card })
              .map((raw) => ({ values: normaliseRows(raw, card), compact: undefined as CompactTableData | undefined }))
            if (!compact || parentCards.length === 0) return full
            const expanded = (table: CompactTableData) => ({ values: expandCompact(table, card, parentCards), compact: table })
            return fc.oneof(
              { arbitrary: full, weight: 1 },
              { arbitrary: arbitraryNoisyMax(card, parentCards, zeros).map(expanded), weight: 3 },
              { arbitrary: arbitraryDeterministic(card, rows).map(expanded), weight: 1 },
            )
          }),
        )
        .map((drawn): RandomModel => ({
          kind: 'bayesian',
          cards,
          parents,
          order,
          tables: drawn.map((t, v): Table => ({ scope: [...parents[v]!, v], values: t.values })),
          ...(compact ? { compact: drawn.map((t) => t.compact) } : {}),
        })),
    ),
  )
}

const markov = (options: ModelOptions): fc.Arbitrary<RandomModel> => {
  const { zeros = true, rare = false } = options
  return fc
    .array(fc.integer({ min: options.states?.min ?? 1, max: options.states?.max ?? 3 }), {
      minLength: options.variables?.min ?? 1,
      maxLength: options.variables?.max ?? 6,
    })
    .chain((cards) => {
      const ids = cards.map((_, v) => v)
      const scope = fc.shuffledSubarray(ids, { minLength: 0, maxLength: Math.min(options.factors?.maxScope ?? Infinity, ids.length) })
      const potential = scope.chain((s) => {
        const size = sizeOf(s.map((v) => cards[v]!))
        return fc.array(arbitraryEntry(zeros, rare, 10, options.spread), { minLength: size, maxLength: size }).map((values): Table => ({ scope: s, values: Float64Array.from(values) }))
      })
      return fc
        .array(potential, { minLength: options.factors?.min ?? 1, maxLength: options.factors?.max ?? 6 })
        .map((tables): RandomModel => ({ kind: 'markov', cards, tables, parents: cards.map(() => []), order: ids }))
    })
}

/**
 * A random model (see {@link ModelOptions}): a Bayesian network by default,
 * or a Markov model (a set of potentials) with `kind: 'markov'`.
 */
export const arbitraryModel = (options: ModelOptions = {}): fc.Arbitrary<RandomModel> =>
  options.kind === 'markov' ? markov(options) : bayesian(options)

