/**
 * Comparing a learned graph with the truth, on equivalence classes.
 *
 * - Structural Hamming distance (Tsamardinos, Brown & Aliferis 2006; bnlearn's
 *   `shd`): the number of node pairs whose edge differs between the two
 *   PDAGs: missing, extra, or with another orientation (an arc against an
 *   undirected edge, or the reverse arc). Each pair counts at most once.
 * - Skeleton precision and recall: adjacencies ignoring direction.
 * - Arrowhead precision and recall: the learned PDAG's directed arcs that are
 *   directed the same way in the truth, over the learned arcs (precision) and
 *   over the truth's arcs (recall). Undirected edges carry no arrowhead.
 * Compare CPDAGs (`cpdagOf`) to judge a learner by what data can tell apart.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StructureError } from './errors.js'
import type { Pdag } from './pdag.js'

/** Precision, recall and F1 of one kind of feature, with the counts they come from. */
export interface PrecisionRecall {
  readonly truePositives: number
  /** Features in the learned graph. */
  readonly learned: number
  /** Features in the true graph. */
  readonly truth: number
  /** truePositives / learned (1 when nothing was learned). */
  readonly precision: number
  /** truePositives / truth (1 when the truth has none). */
  readonly recall: number
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number
}

/** How far a learned PDAG is from the true one. */
export interface Comparison {
  readonly shd: number
  readonly skeleton: PrecisionRecall
  readonly arrowheads: PrecisionRecall
}

const precisionRecall = (truePositives: number, learned: number, truth: number): PrecisionRecall => {
  const precision = learned === 0 ? 1 : truePositives / learned
  const recall = truth === 0 ? 1 : truePositives / truth
  return { truePositives, learned, truth, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }
}

/** Status of the pair (u, v) with u < v: 0 none, 1 u -> v, 2 v -> u, 3 undirected. */
const pairStatus = (m: Uint8Array, n: number, u: number, v: number): number => (m[u * n + v]! === 1 ? 1 : 0) | (m[v * n + u]! === 1 ? 2 : 0)

/**
 * Compare a learned PDAG with the true one (nodes matched by name).
 *
 * @example
 * ```ts
 * import { fromEdges } from '@chainrule/graph'
 * import { compareGraphs, cpdagOf } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const truth = fromEdges([['a', 'c'], ['b', 'c']])
 * const learned = fromEdges([['a', 'c'], ['c', 'b']])
 * if (E.isRight(truth) && E.isRight(learned)) {
 *   const c = compareGraphs(cpdagOf(learned.right), cpdagOf(truth.right))
 *   if (E.isRight(c)) [c.right.shd, c.right.skeleton.f1] // => [2, 1]
 * }
 * ```
 */
export const compareGraphs = (learned: Pdag, truth: Pdag): E.Either<StructureError, Comparison> => {
  const n = truth.nodes.length
  const index = new Map(truth.nodes.map((name, i) => [name, i]))
  if (learned.nodes.length !== n || learned.nodes.some((name) => !index.has(name)))
    return E.left({ _tag: 'VariablesDiffer', left: learned.nodes, right: truth.nodes })
  // The learned marks in the truth's node order.
  const m = new Uint8Array(n * n)
  const at = learned.nodes.map((name) => index.get(name)!)
  for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) if (learned.marks[u * n + v] === 1) m[at[u]! * n + at[v]!] = 1
  let shd = 0
  let adjacentBoth = 0
  let adjacentLearned = 0
  let adjacentTruth = 0
  let arrowsBoth = 0
  let arrowsLearned = 0
  let arrowsTruth = 0
  for (let u = 0; u < n; u++)
    for (let v = u + 1; v < n; v++) {
      const a = pairStatus(m, n, u, v)
      const b = pairStatus(truth.marks, n, u, v)
      if (a !== b) shd++
      if (a !== 0) adjacentLearned++
      if (b !== 0) adjacentTruth++
      if (a !== 0 && b !== 0) adjacentBoth++
      const arrowA = a === 1 || a === 2
      const arrowB = b === 1 || b === 2
      if (arrowA) arrowsLearned++
      if (arrowB) arrowsTruth++
      if (arrowA && a === b) arrowsBoth++
    }
  return E.right({
    shd,
    skeleton: precisionRecall(adjacentBoth, adjacentLearned, adjacentTruth),
    arrowheads: precisionRecall(arrowsBoth, arrowsLearned, arrowsTruth),
  })
}
