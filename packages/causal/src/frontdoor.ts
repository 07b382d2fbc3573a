/**
 * Front-door sets (Pearl, Causality, 2009, definition 3.3.3 and theorem
 * 3.3.4): Z such that
 *   P(y | do(x)) = sum_z P(z | x) sum_x' P(y | x', z) P(x'),
 * stated as the do-calculus steps that prove the formula:
 *   (i)   Z intercepts every proper causal path from X to Y;
 *   (ii)  X and Z are d-separated in G_{\underline X} (no open backdoor path from X to Z);
 *   (iii) Y and Z are d-separated given X in G_{\underline Z} (X blocks every backdoor path from Z to Y).
 * Z holds observed variables only, neither treatment nor outcome.
 *
 * The listing draws candidates from the mediators, the observed nodes on
 * proper causal paths from X to Y that meet (ii) on their own, and returns
 * the inclusion-minimal subsets meeting (i) and (iii), smallest first. The
 * search over subsets is bounded (`maxCandidates`); past the bound, or past
 * `limit` sets, the list says it is not complete.
 */
import type { Dag } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalDiagram } from './diagram.js'
import type { CausalError } from './errors.js'
import type { ListOptions, SetList } from './adjustment.js'
import { candidateIds, namesOf, resolveQuery, type EffectQuery, type ResolvedQuery } from './query.js'
import { causalPathNodes, cutArcs, maskOf, separated, walk } from './surgery.js'

/** Options of {@link frontdoorSets}: at most `limit` sets; subsets of at most `maxCandidates` mediators searched (default 12: 4,096 subsets). */
export interface FrontdoorOptions extends ListOptions {
  readonly maxCandidates?: number
}

/** The three conditions on DAG ids (Z already known observed and outside X and Y); `withoutOutOfX` is G without X's outgoing arcs. */
const meets = (diagram: CausalDiagram, { x, y }: ResolvedQuery, z: readonly number[], withoutOutOfX: Dag): boolean => {
  const { dag } = diagram
  const n = dag.nodes.length
  const inX = maskOf(n, x)
  const inZ = maskOf(n, z)
  const blocked = Uint8Array.from(inX, (b, v) => b | inZ[v]!)
  const reached = walk(dag, x, true, blocked)
  if (y.some((v) => reached[v] === 1)) return false
  if (!separated(withoutOutOfX, x, z, [])) return false
  return separated(cutArcs(dag, (parent) => inZ[parent] === 0), y, z, x)
}

/**
 * Whether `set` is a front-door set for the effect of the treatment on the
 * outcome (conditions (i)–(iii) above; observed variables only).
 *
 * @example
 * ```ts
 * import { causalDiagram, isFrontdoorSet } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['smoking', 'tar'], ['tar', 'cancer'], ['genotype', 'smoking'], ['genotype', 'cancer']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right, { hidden: ['genotype'] }) : undefined
 * if (diagram !== undefined && E.isRight(diagram))
 *   isFrontdoorSet(diagram.right, { treatment: ['smoking'], outcome: ['cancer'] }, ['tar']) // => { _tag: 'Right', right: true }
 * ```
 */
export const isFrontdoorSet = (diagram: CausalDiagram, query: EffectQuery, set: readonly string[]): E.Either<CausalError, boolean> => {
  const resolved = resolveQuery(diagram, query)
  if (E.isLeft(resolved)) return resolved
  const z = candidateIds(diagram, set)
  if (E.isLeft(z)) return z
  const { x, y } = resolved.right
  const ok = z.right.every((v) => diagram.observedId[v]! >= 0 && !x.includes(v) && !y.includes(v))
  if (!ok) return E.right(false)
  const inX = maskOf(diagram.dag.nodes.length, x)
  return E.right(meets(diagram, resolved.right, z.right, cutArcs(diagram.dag, (parent) => inX[parent] === 0)))
}

/**
 * The minimal front-door sets among the mediators of the effect, smallest
 * first, at most `limit` (default 100).
 *
 * @example
 * ```ts
 * import { causalDiagram, frontdoorSets } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * const dag = fromEdges([['x', 'm1'], ['x', 'm2'], ['m1', 'y'], ['m2', 'y'], ['u', 'x'], ['u', 'y']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right, { hidden: ['u'] }) : undefined
 * const found = diagram !== undefined && E.isRight(diagram) ? frontdoorSets(diagram.right, { treatment: ['x'], outcome: ['y'] }) : undefined
 * found !== undefined && E.isRight(found) && found.right.sets // => [['m1', 'm2']]
 * ```
 */
export const frontdoorSets = (diagram: CausalDiagram, query: EffectQuery, options: FrontdoorOptions = {}): E.Either<CausalError, SetList> => {
  const limit = options.limit ?? 100
  const maxCandidates = options.maxCandidates ?? 12
  if (!Number.isInteger(limit) || limit < 1) return E.left({ _tag: 'InvalidOption', option: 'limit', reason: `expected a positive integer, got ${limit}` })
  if (!Number.isInteger(maxCandidates) || maxCandidates < 0 || maxCandidates > 30)
    return E.left({ _tag: 'InvalidOption', option: 'maxCandidates', reason: `expected an integer from 0 to 30, got ${maxCandidates}` })
  const resolved = resolveQuery(diagram, query)
  if (E.isLeft(resolved)) return resolved
  const { dag, observedId } = diagram
  const { x, y } = resolved.right
  const inX = maskOf(dag.nodes.length, x)
  const onPaths = causalPathNodes(dag, x, y)
  const withoutOut = cutArcs(dag, (parent) => inX[parent] === 0)
  const pool = dag.topologicalIds.filter((v) => onPaths[v] === 1 && observedId[v]! >= 0 && !y.includes(v) && separated(withoutOut, x, [v], []))
  const searched = pool.slice(0, maxCandidates)
  const sets: number[][] = []
  let complete = pool.length === searched.length
  // Subsets by size, then in order; supersets of a set found are not minimal.
  search: for (let size = 0; size <= searched.length; size++) {
    for (const subset of subsetsOfSize(searched.length, size)) {
      const z = subset.map((i) => searched[i]!)
      if (sets.some((found) => found.every((v) => z.includes(v)))) continue
      if (!meets(diagram, resolved.right, z, withoutOut)) continue
      if (sets.length === limit) {
        complete = false
        break search
      }
      sets.push(z)
    }
  }
  return E.right({ sets: sets.map((s) => namesOf(diagram, s)), complete })
}

/** The subsets of {0..n-1} with `size` elements, in lexicographic order. */
function* subsetsOfSize(n: number, size: number): Generator<number[]> {
  const chosen = Array.from({ length: size }, (_, i) => i)
  if (size > n) return
  while (true) {
    yield [...chosen]
    let i = size - 1
    while (i >= 0 && chosen[i] === n - size + i) i--
    if (i < 0) return
    chosen[i]!++
    for (let j = i + 1; j < size; j++) chosen[j] = chosen[j - 1]! + 1
  }
}
