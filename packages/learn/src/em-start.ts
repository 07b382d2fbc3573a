/**
 * Where EM starts: the tables of the first E-step. Random starts draw every
 * row from a seeded generator, so restarts from seeds s, s + 1, ... are
 * reproducible; a network start is checked against the structure.
 */
import * as E from 'fp-ts/lib/Either.js'
import { createRng, type BayesianNetwork } from '@chainrule/models'
import { type LearnError, invalidOption as invalid } from './errors.js'
import { cardsOf, estimateAll, type TableStructure } from './table-learning.js'

/** Where EM starts. */
export type EmStart =
  /** Each family counted on the rows where it is fully observed, plus 1 per entry (never a zero). The default without latent variables. */
  | { readonly kind: 'availableCases' }
  | { readonly kind: 'uniform' }
  /**
   * Each row drawn uniform in [0.5, 1.5) per entry, then normalised (createRng(seed)). The default with latent
   * variables (seed 1): a symmetric start would leave the states of a latent variable interchangeable for ever.
   */
  | { readonly kind: 'random'; readonly seed: number }
  /** Start from this network's tables (same variables, states and parents as the structure). */
  | { readonly kind: 'network'; readonly network: BayesianNetwork }

/** Tables whose rows are drawn uniform in [0.5, 1.5) per entry and normalised, from createRng(seed), table after table. */
export const randomTables = (sizes: readonly number[], cards: readonly number[], seed: number): Float64Array[] => {
  const rng = createRng(seed)
  return sizes.map((size, v) => {
    const t = new Float64Array(size)
    const card = cards[v]!
    for (let at = 0; at < size; at += card) {
      let sum = 0
      for (let k = 0; k < card; k++) sum += t[at + k] = 0.5 + rng.float()
      for (let k = 0; k < card; k++) t[at + k] = t[at + k]! / sum
    }
    return t
  })
}

const sameStructure = (network: BayesianNetwork, structure: TableStructure): boolean =>
  network.dag.nodes.length === structure.dag.nodes.length &&
  network.dag.nodes.every((name, v) => name === structure.dag.nodes[v]) &&
  network.domain.variables.every((variable, v) => variable.states.join('\u0000') === structure.domain.variables[v]!.states.join('\u0000')) &&
  network.dag.parentIds.every((ps, v) => ps.join(',') === structure.dag.parentIds[v]!.join(','))

/** Check a start's options without building its tables. */
export const checkStart = (start: EmStart, structure: TableStructure): E.Either<LearnError, EmStart> => {
  switch (start.kind) {
    case 'availableCases':
    case 'uniform':
      return E.right(start)
    case 'random':
      return Number.isSafeInteger(start.seed) ? E.right(start) : invalid('start.seed', start.seed, 'expected an integer')
    case 'network':
      return sameStructure(start.network, structure)
        ? E.right(start)
        : invalid('start.network', start.network.name ?? '(unnamed)', 'expected the same variables, states and parents as the structure')
    default:
      return invalid('start', (start as { kind?: unknown }).kind, "expected 'availableCases', 'uniform', 'random' or 'network'")
  }
}

/** The starting tables of a checked start (`observedCounts`: per family, counts on rows where it is fully observed). */
export const startTables = (
  structure: TableStructure,
  start: EmStart,
  observedCounts: readonly Float64Array[],
  sizes: readonly number[],
): E.Either<LearnError, Float64Array[]> => {
  const cards = cardsOf(structure)
  switch (start.kind) {
    case 'availableCases':
      return estimateAll(structure, observedCounts, { kind: 'dirichlet', alpha: 1 })
    case 'uniform':
      return E.right(sizes.map((size, v) => new Float64Array(size).fill(1 / cards[v]!)))
    case 'random':
      return E.right(randomTables(sizes, cards, start.seed))
    case 'network':
      return E.right(start.network.cpts.map((f) => Float64Array.from(f.values)))
  }
}
