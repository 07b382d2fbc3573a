/**
 * Messages between the Learn tab and its worker. Plain, structured-cloneable
 * data: data sets stay in the worker; the page gets names, counts, moves and
 * arcs, and at the end the learned network as BIF text to open.
 */
import type { Comparison } from '@chainrule/structure'
import type { PlaygroundError } from './errors.js'

/** The algorithms and scores the tab offers (the command line's names). */
export type AlgorithmName = 'hc' | 'tabu' | 'pc' | 'hybrid' | 'chow-liu'
export type ScoreName = 'bic' | 'aic' | 'bdeu' | 'k2'

/** What to learn with. */
export interface LearnChoice {
  readonly algorithm: AlgorithmName
  readonly score: ScoreName
  /** At most this many parents (score-based algorithms); undefined for no bound. */
  readonly maxParents?: number
}

/** A bundled network's text, offered as the possible origin of a CSV. */
export interface Candidate {
  readonly id: string
  readonly file: string
  readonly text: string
}

/** Page -> worker. Every request carries an id that its responses repeat. */
export type LearnRequest =
  | { readonly kind: 'sample'; readonly id: number; readonly network: Candidate; readonly rows: number; readonly seed: number }
  | { readonly kind: 'csv'; readonly id: number; readonly file: string; readonly text: string; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'learn'; readonly id: number; readonly choice: LearnChoice }
  | { readonly kind: 'fit'; readonly id: number }

/** The true graph, when the data came from a bundled network. */
export interface Truth {
  readonly id: string
  readonly nodes: readonly string[]
  readonly parentIds: readonly (readonly number[])[]
}

/** Worker -> page. */
export type LearnResponse =
  | {
      readonly kind: 'data'
      readonly id: number
      readonly variables: readonly string[]
      readonly rows: number
      /** Rows with a missing cell (left out by complete-case learning). */
      readonly incompleteRows: number
      readonly origin: string
      readonly truth?: Truth
    }
  | { readonly kind: 'step'; readonly id: number; readonly iteration: number; readonly move: 'add' | 'remove' | 'reverse'; readonly from: string; readonly to: string; readonly score: number }
  | { readonly kind: 'level'; readonly id: number; readonly size: number; readonly edges: number; readonly tests: number }
  | {
      readonly kind: 'learned'
      readonly id: number
      readonly arcs: readonly (readonly [string, string])[]
      readonly undirected: readonly (readonly [string, string])[]
      readonly score: number
      readonly scoreName: string
      readonly seconds: number
      readonly rows: number
      readonly droppedRows: number
      readonly iterations?: number
      readonly tests?: number
      /** Against the true graph's CPDAG, when the data came from a bundled network. */
      readonly comparison?: Comparison
    }
  | { readonly kind: 'fitted'; readonly id: number; readonly bif: string; readonly title: string }
  | { readonly kind: 'failed'; readonly id: number; readonly request: LearnRequest['kind']; readonly error: PlaygroundError }
