/**
 * The `InfluenceDiagram` value (Howard & Matheson 1984; as a LIMID,
 * Lauritzen & Nilsson 2001): chance variables with conditional tables,
 * decisions whose parents are information arcs (what is known when the
 * decision is made), and utility nodes, each an additive term of the utility
 * over some chance variables and decisions.
 *
 * Chance variables and decisions are held together as one `BayesianNetwork`
 * (so that acyclicity, names and tables are checked once, by `models`): a
 * decision is a variable whose table is a placeholder, uniform over its
 * options, until a strategy puts a policy there (`strategyNetwork`).
 */
import type { VarId } from '@chainrule/factor'
import { networkFromSpec, type Assignment, type BayesianNetwork, type DiagramSpec, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { DecisionError } from './errors.js'

/** One additive term of the utility: a number per assignment of its scope (last variable fastest). */
export interface Utility {
  readonly name: string
  readonly scope: readonly VarId[]
  readonly values: Float64Array
}

/** An influence diagram. `A` types a complete assignment of its chance variables and decisions by name. */
export interface InfluenceDiagram<A extends Assignment = Assignment> {
  readonly name?: string
  /** Chance variables and decisions; a decision's parents are its information arcs, its table a uniform placeholder. */
  readonly network: BayesianNetwork<A>
  /** Variable ids of the decisions, in declaration order. */
  readonly decisions: readonly number[]
  readonly utilities: readonly Utility[]
}

/** Whether variable `v` of the diagram is a decision. */
export const isDecision = (diagram: InfluenceDiagram, v: number): boolean => diagram.decisions.includes(v)

/**
 * Check a plain {@link DiagramSpec} (from a file or from code) and build the
 * diagram. Errors: `Network` (every problem of the chance and decision
 * variables at once, as `defineNetwork` lists them), `DuplicateUtility`,
 * `UnknownParent`, `DuplicateParent`, `UtilityTableShape`, `InvalidUtility`.
 *
 * @example
 * ```ts
 * import { diagramFromSpec } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * const umbrella = diagramFromSpec({
 *   variables: [
 *     { kind: 'chance', name: 'rain', states: ['no', 'yes'], parents: [], table: [0.7, 0.3] },
 *     { kind: 'decision', name: 'take', states: ['no', 'yes'], parents: [] },
 *   ],
 *   utilities: [{ name: 'comfort', parents: ['take', 'rain'], table: [100, 0, 80, 70] }],
 * })
 * E.isRight(umbrella) && umbrella.right.decisions // => [1]
 * ```
 */
export const diagramFromSpec = (spec: DiagramSpec): E.Either<DecisionError, InfluenceDiagram> => {
  const variables: VariableSpec[] = spec.variables.map((v) =>
    v.kind === 'chance'
      ? { name: v.name, states: v.states, parents: v.parents, table: v.table }
      : { name: v.name, states: v.states, parents: v.parents, table: placeholder(v.states.length, v.parents, spec) },
  )
  const built = networkFromSpec(spec.name === undefined ? { variables } : { name: spec.name, variables })
  if (E.isLeft(built)) return E.left({ _tag: 'Network', errors: built.left })
  const network = built.right.network
  const decisions = spec.variables.flatMap((v, id) => (v.kind === 'decision' ? [id] : []))
  const utilities: Utility[] = []
  const taken = new Set(network.dag.nodes)
  for (const u of spec.utilities) {
    if (taken.has(u.name)) return E.left({ _tag: 'DuplicateUtility', utility: u.name })
    taken.add(u.name)
    const scope: VarId[] = []
    for (const parent of u.parents) {
      const id = network.domain.byName.get(parent)
      if (id === undefined) return E.left({ _tag: 'UnknownParent', utility: u.name, parent })
      if (scope.includes(id)) return E.left({ _tag: 'DuplicateParent', utility: u.name, parent })
      scope.push(id)
    }
    const size = scope.reduce((s, v) => s * network.domain.variables[v]!.states.length, 1)
    if (u.table.length !== size) return E.left({ _tag: 'UtilityTableShape', utility: u.name, reason: `expected ${size} entries (one per parent assignment), got ${u.table.length}` })
    const values = Float64Array.from(u.table)
    for (let k = 0; k < size; k++) if (!Number.isFinite(values[k])) return E.left({ _tag: 'InvalidUtility', utility: u.name, entry: k, value: Number(u.table[k]) })
    utilities.push(Object.freeze({ name: u.name, scope: Object.freeze(scope), values }))
  }
  return E.right(
    Object.freeze({
      ...(spec.name === undefined ? {} : { name: spec.name }),
      network,
      decisions: Object.freeze(decisions),
      utilities: Object.freeze(utilities),
    }),
  )
}

/** A uniform table for a decision with these parents (unknown parents are left to the network check: size 1 each). */
const placeholder = (card: number, parents: readonly string[], spec: DiagramSpec): number[] => {
  const rows = parents.reduce((s, p) => s * (spec.variables.find((v) => v.name === p)?.states.length ?? 1), 1)
  return new Array<number>(rows * card).fill(1 / card)
}
