/**
 * Identification of P(y | do(x)) and of conditional effects P(y | do(x), z)
 * from the observational distribution of a diagram with hidden variables:
 * the ID algorithm (`id.ts`), and IDC (Shpitser & Pearl, "Identification of
 * conditional interventional distributions", UAI 2006) for the conditional
 * ones. Both are complete: an effect they cannot express is not
 * identifiable, and the answer carries the hedge that shows it.
 *
 * The expression ID builds conditions each factor on every earlier variable;
 * each conditional is then shortened to the variables it depends on given
 * the others (d-separation in the DAG, hidden nodes unobserved: Shachter's
 * requisite observations, then one at a time), and the algebra runs again.
 */
import { reachableMask } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import { free, leaf, product, ratio, rebuild, sumOver, type Expr } from './algebra.js'
import type { CausalDiagram } from './diagram.js'
import type { CausalError } from './errors.js'
import { mapVariables, type Estimand } from './estimand.js'
import { identifyEffect } from './id.js'
import { resolveRoles } from './query.js'
import { cutArcs, maskOf, separated } from './surgery.js'

/** What is asked: the effect on `outcome` of intervening on `treatment`, among the cases where `given` was observed. */
export interface IdentifyQuery {
  readonly treatment: readonly string[]
  readonly outcome: readonly string[]
  /** Observations in the intervened world (a conditional effect, P(y | do(x), given)). */
  readonly given?: readonly string[]
}

/**
 * The answer: an estimand equal to the effect for every distribution the
 * diagram allows, or the hedge (F, F'): two C-forests sharing their root set,
 * F holding treatments and F' none, which make two models agree on every
 * observation and disagree on the effect.
 */
export type Identification =
  | { readonly identifiable: true; readonly estimand: Estimand }
  | { readonly identifiable: false; readonly hedge: { readonly forest: readonly string[]; readonly subforest: readonly string[] } }

/**
 * Identify P(outcome | do(treatment)) (or, with `given`, P(outcome |
 * do(treatment), given)) from observations of the diagram's observed
 * variables. Errors are for questions that cannot be asked (unknown, hidden
 * or overlapping variables); a non-identifiable effect is an answer.
 *
 * @example
 * ```ts
 * import { causalDiagram, identify, renderEstimand } from '@chainrule/causal'
 * import { fromEdges } from '@chainrule/graph'
 * import { either as E } from 'fp-ts'
 * // The front-door graph: x -> z -> y, with a hidden common cause of x and y.
 * const dag = fromEdges([['x', 'z'], ['z', 'y'], ['u', 'x'], ['u', 'y']])
 * const diagram = E.isRight(dag) ? causalDiagram(dag.right, { hidden: ['u'] }) : undefined
 * const answer = diagram !== undefined && E.isRight(diagram) ? identify(diagram.right, { treatment: ['x'], outcome: ['y'] }) : undefined
 * if (answer !== undefined && E.isRight(answer) && answer.right.identifiable)
 *   renderEstimand(answer.right.estimand) // => "Σ_z P(z | x) Σ_x' P(x') P(y | x', z)"
 * ```
 */
export const identify = (diagram: CausalDiagram, query: IdentifyQuery): E.Either<CausalError, Identification> => {
  const roles = resolveRoles(diagram, [
    ['treatment', query.treatment, 'non-empty'],
    ['outcome', query.outcome, 'non-empty'],
    ['given', query.given ?? [], 'may be empty'],
  ])
  if (E.isLeft(roles)) return roles
  const [x, y, z] = roles.right.map((ids) => ids.map((v) => diagram.observedId[v]!).sort((a, b) => a - b)) as [number[], number[], number[]]
  const answer = z.length === 0 ? effect(diagram, y, x) : conditionalEffect(diagram, y, x, z)
  const names = diagram.admg.names
  if (answer.kind === 'hedge') return E.right({ identifiable: false, hedge: { forest: answer.forest.map((v) => names[v]!), subforest: answer.subforest.map((v) => names[v]!) } })
  return E.right({ identifiable: true, estimand: mapVariables(shorten(diagram, answer.expr, [...x, ...y, ...z]), (v) => names[v]!) })
}

type Answer = { readonly kind: 'estimand'; readonly expr: Expr } | { readonly kind: 'hedge'; readonly forest: readonly number[]; readonly subforest: readonly number[] }

const everything = (diagram: CausalDiagram): number[] => diagram.admg.names.map((_, v) => v)

const effect = (diagram: CausalDiagram, y: readonly number[], x: readonly number[]): Answer => {
  const all = everything(diagram)
  return identifyEffect(diagram.admg, y, x, leaf(all, []), all)
}

/** IDC: move each observation that the outcome ignores once it is intervened on into the treatment; then P(y, z | do(x)) / P(z | do(x)). */
const conditionalEffect = (diagram: CausalDiagram, y: readonly number[], x0: readonly number[], z0: readonly number[]): Answer => {
  const { dag, admg } = diagram
  let x = [...x0]
  let z = [...z0]
  const toDag = (ids: readonly number[]): number[] => ids.map((v) => admg.dagIds[v]!)
  for (let moved = true; moved; ) {
    moved = false
    for (const zi of z) {
      const inX = maskOf(dag.nodes.length, toDag(x))
      const at = admg.dagIds[zi]!
      const cut = cutArcs(dag, (parent, child) => inX[child] === 0 && parent !== at)
      if (separated(cut, toDag(y), [at], toDag([...x, ...z.filter((v) => v !== zi)]))) {
        x = [...x, zi].sort((a, b) => a - b)
        z = z.filter((v) => v !== zi)
        moved = true
        break
      }
    }
  }
  if (z.length === 0) return effect(diagram, y, x)
  const joint = effect(diagram, [...y, ...z].sort((a, b) => a - b), x)
  if (joint.kind === 'hedge') return joint
  return { kind: 'estimand', expr: ratio(joint.expr, sumOver(y, joint.expr)) }
}

/**
 * Shorten every conditional to what it depends on, simplify again, and make
 * the answer a function of the query's variables only: a variable ID set by
 * intervention (its line 3) that is still free does not change the value, so
 * it is averaged out over its own marginal, which keeps the value exact.
 */
const shorten = (diagram: CausalDiagram, expr: Expr, asked: readonly number[]): Expr => {
  let e = expr
  for (let pass = 0; pass < 2; pass++) e = rebuild(e, (l) => leaf(l.of, requisite(diagram, l.of, l.given)))
  const extra = free(e).filter((v) => !asked.includes(v))
  return extra.length === 0 ? e : sumOver(extra, product([leaf(extra, []), e]))
}

/** The conditions of P(of | given) it depends on: requisite ones by Bayes-ball, then each dropped while independent given the rest. */
const requisite = (diagram: CausalDiagram, of: readonly number[], given: readonly number[]): number[] => {
  const { dag, admg } = diagram
  const sources = of.map((v) => admg.dagIds[v]!)
  const marked = new Uint8Array(dag.nodes.length)
  reachableMask(dag, sources, given.map((v) => admg.dagIds[v]!), marked)
  let kept = given.filter((v) => marked[admg.dagIds[v]!] === 1)
  for (const b of [...kept].reverse()) {
    const others = kept.filter((v) => v !== b)
    const reached = reachableMask(dag, sources, others.map((v) => admg.dagIds[v]!))
    if (reached[admg.dagIds[b]!] === 0) kept = others
  }
  return kept
}
