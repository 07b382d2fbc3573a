/**
 * The expected value of perfect information (EVPI) of a chance variable
 * before a decision: how much the maximum expected utility grows when the
 * variable is observed before the decision is made, i.e. with an information
 * arc from it to the decision (Howard 1966; Jensen & Nielsen 2007, 11.1).
 * Both diagrams are solved exactly with perfect recall, so the value is
 * never negative: knowing more cannot hurt a decision maker who may ignore it.
 */
import type { Assignment, DiagramSpec } from '@chainrule/models'
import { toSpec } from '@chainrule/models'
import { descendants } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import { diagramFromSpec, type InfluenceDiagram } from './diagram.js'
import type { DecisionError } from './errors.js'
import { solve, type Solution } from './solve.js'
import type { EvaluationOptions } from './strategy.js'

/** The diagram as plain data (tables copied). */
export const toDiagramSpec = (diagram: InfluenceDiagram): DiagramSpec => {
  const spec = toSpec(diagram.network)
  const names = diagram.network.dag.nodes
  return {
    ...(diagram.name === undefined ? {} : { name: diagram.name }),
    variables: spec.variables.map((v, id) =>
      diagram.decisions.includes(id) ? { kind: 'decision', name: v.name, states: v.states, parents: v.parents } : { kind: 'chance', ...v },
    ),
    utilities: diagram.utilities.map((u) => ({ name: u.name, parents: u.scope.map((v) => names[v]!), table: Array.from(u.values) })),
  }
}

/** The value of observing a variable before a decision, with both solutions. */
export interface InformationValue {
  /** MEU with the variable observed before the decision, minus the MEU without: >= 0. */
  readonly value: number
  readonly without: Solution
  readonly with: Solution
}

/**
 * EVPI of chance variable `variable` before decision `decision`: the MEU of
 * the diagram with an information arc variable -> decision, minus the MEU of
 * the diagram as it is (both exact, no-forgetting, same evidence). Zero when
 * the variable is already known then, or observed. A difference within
 * rounding (1e-12 relative) of zero is reported as 0. Errors:
 * `NotAChanceVariable`, `NotADecision`, `NotObservableBefore` (the variable
 * depends on the decision), and those of `solve`.
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, valueOfInformation } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * const umbrella = defineInfluenceDiagram({
 *   states: { rain: ['no', 'yes'], take: ['no', 'yes'] },
 *   decisions: { take: [] },
 *   tables: { rain: [0.7, 0.3] },
 *   utilities: { comfort: ['take', 'rain'] },
 *   utilityTables: { comfort: [100, 0, 80, 70] },
 * })
 * // Knowing the rain: 0.7 * 100 + 0.3 * 70 = 91, against 77 without.
 * const evpi = E.isRight(umbrella) ? valueOfInformation(umbrella.right, 'rain', 'take') : undefined
 * evpi !== undefined && E.isRight(evpi) && Math.round(evpi.right.value * 1e9) / 1e9 // => 14
 * ```
 */
export const valueOfInformation = <A extends Assignment>(
  diagram: InfluenceDiagram<A>,
  variable: keyof A & string,
  decision: keyof A & string,
  options: EvaluationOptions = {},
): E.Either<DecisionError, InformationValue> => {
  const { domain, dag } = diagram.network
  const v = domain.byName.get(variable)
  const d = domain.byName.get(decision)
  if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable })
  if (d === undefined) return E.left({ _tag: 'UnknownVariable', variable: decision })
  if (diagram.decisions.includes(v)) return E.left({ _tag: 'NotAChanceVariable', variable })
  if (!diagram.decisions.includes(d)) return E.left({ _tag: 'NotADecision', variable: decision })
  const after = descendants(dag, decision)
  if (E.isRight(after) && after.right.includes(variable)) return E.left({ _tag: 'NotObservableBefore', variable, decision, reason: `it depends on "${decision}"` })
  const without = solve(diagram, options)
  if (E.isLeft(without)) return without
  if (dag.parentIds[d]!.includes(v) || options.evidence?.[variable] !== undefined) return E.right({ value: 0, without: without.right, with: without.right })
  const spec = toDiagramSpec(diagram)
  const informed = diagramFromSpec({
    ...spec,
    variables: spec.variables.map((x) => (x.name === decision && x.kind === 'decision' ? { ...x, parents: [...x.parents, variable] } : x)),
  })
  if (E.isLeft(informed)) return informed
  const better = solve(informed.right, options)
  if (E.isLeft(better)) return better
  const difference = better.right.meu - without.right.meu
  // Both MEUs are sums of the same terms in different orders: a true 0 may come out as -1e-15.
  const rounding = 1e-12 * Math.max(1, Math.abs(without.right.meu), Math.abs(better.right.meu))
  return E.right({ value: difference < 0 && difference >= -rounding ? 0 : difference, without: without.right, with: better.right })
}
