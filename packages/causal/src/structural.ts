/**
 * Structural causal models, discrete: exogenous variables with priors, and
 * endogenous variables each a function of its parents (Pearl, Causality,
 * 2009, definition 7.1.1). As a Bayesian network, an endogenous variable's
 * table is deterministic: one 1 per row. Exogenous variables have no
 * parents; they may be shared (a hidden common cause).
 */
import { networkFromSpec, type BayesianNetwork, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'

/** A structural causal model: a network whose endogenous tables are functions of their parents. */
export interface StructuralModel {
  readonly network: BayesianNetwork
  /** Exogenous variables (roots with priors), in declaration order. */
  readonly exogenous: readonly string[]
  /** Endogenous variables, in a topological order. */
  readonly endogenous: readonly string[]
}

/** A structural causal model declared in code. */
export interface StructuralDeclaration {
  /** Exogenous variables: states and prior distribution. */
  readonly exogenous: Readonly<Record<string, { readonly states: readonly string[]; readonly prior: readonly number[] }>>
  /** Endogenous variables: states, parents (exogenous or endogenous) and the structural equation. */
  readonly endogenous: Readonly<
    Record<
      string,
      {
        readonly states: readonly string[]
        readonly parents: readonly string[]
        /** The variable's state given its parents' states, by name. */
        readonly equation: (parents: Readonly<Record<string, string>>) => string
      }
    >
  >
}

/**
 * Declare a structural causal model: exogenous priors and one equation per
 * endogenous variable. Errors: `Network` (a table or graph the network
 * refuses: a cycle, a prior not summing to 1, an unknown parent),
 * `NotStructural` (an equation returning an unknown state, or throwing).
 *
 * @example
 * ```ts
 * import { defineStructuralModel } from '@chainrule/causal'
 * import { either as E } from 'fp-ts'
 * const scm = defineStructuralModel({
 *   exogenous: { u: { states: ['0', '1'], prior: [0.7, 0.3] } },
 *   endogenous: {
 *     x: { states: ['0', '1'], parents: ['u'], equation: ({ u }) => u! },
 *     y: { states: ['0', '1'], parents: ['x', 'u'], equation: ({ x, u }) => (x === '1' || u === '1' ? '1' : '0') },
 *   },
 * })
 * E.isRight(scm) && scm.right.endogenous // => ['x', 'y']
 * ```
 */
export const defineStructuralModel = (declaration: StructuralDeclaration): E.Either<CausalError, StructuralModel> => {
  const variables: VariableSpec[] = []
  const statesOf = new Map<string, readonly string[]>()
  for (const [name, { states }] of [...Object.entries(declaration.exogenous), ...Object.entries(declaration.endogenous)]) statesOf.set(name, states)
  for (const [name, { states, prior }] of Object.entries(declaration.exogenous)) variables.push({ name, states, parents: [], table: prior })
  for (const [name, { states, parents, equation }] of Object.entries(declaration.endogenous)) {
    const parentStates = parents.map((p) => statesOf.get(p))
    const missing = parents.find((_, i) => parentStates[i] === undefined)
    if (missing !== undefined) return E.left({ _tag: 'Network', errors: [{ _tag: 'UnknownParent', variable: name, parent: missing }] })
    const rows = parentStates.reduce((n, s) => n * s!.length, 1)
    const table = new Float64Array(rows * states.length)
    for (let r = 0; r < rows; r++) {
      const assignment: Record<string, string> = Object.create(null) as Record<string, string>
      let rest = r
      for (let i = parents.length - 1; i >= 0; i--) {
        const card = parentStates[i]!.length
        assignment[parents[i]!] = parentStates[i]![rest % card]!
        rest = Math.floor(rest / card)
      }
      let value: unknown
      try {
        value = equation(assignment)
      } catch (e) {
        return E.left({ _tag: 'NotStructural', variable: name, reason: `its equation threw: ${e instanceof Error ? e.message : String(e)}` })
      }
      const s = typeof value === 'string' ? states.indexOf(value) : -1
      if (s < 0) return E.left({ _tag: 'NotStructural', variable: name, reason: `its equation returned ${JSON.stringify(value)}, not one of its states` })
      table[r * states.length + s] = 1
    }
    variables.push({ name, states, parents, table })
  }
  const built = networkFromSpec({ variables })
  if (E.isLeft(built)) return E.left({ _tag: 'Network', errors: built.left })
  return structuralModel(built.right.network, Object.keys(declaration.exogenous))
}

/**
 * A network read as a structural causal model with the given exogenous
 * variables: each must be a root, and every other variable's table must be
 * deterministic (each row one 1 and zeros). `NotStructural` names the first
 * that is not.
 *
 * @example
 * ```ts
 * import { describeError, structuralModel } from '@chainrule/causal'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({ states: { u: ['0', '1'], x: ['0', '1'] }, parents: { x: ['u'] }, tables: { u: [0.5, 0.5], x: { '0': [0.9, 0.1], '1': [0, 1] } } })
 * const scm = E.isRight(net) ? structuralModel(net.right, ['u']) : undefined
 * scm !== undefined && E.isLeft(scm) && describeError(scm.left) // => '"x" does not fit a structural causal model: its table is not a function of its parents (row 0 is not one 1 and zeros)'
 * ```
 */
export const structuralModel = (network: BayesianNetwork, exogenous: readonly string[]): E.Either<CausalError, StructuralModel> => {
  const { dag, cpts, domain } = network
  const isExogenous = new Uint8Array(dag.nodes.length)
  for (const name of exogenous) {
    const v = domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    if (dag.parentIds[v]!.length > 0) return E.left({ _tag: 'NotStructural', variable: name, reason: 'an exogenous variable has no parents' })
    isExogenous[v] = 1
  }
  for (let v = 0; v < dag.nodes.length; v++) {
    if (isExogenous[v] === 1) continue
    const values = cpts[v]!.values
    const card = domain.variables[v]!.states.length
    for (let at = 0, row = 0; at < values.length; at += card, row++) {
      let ones = 0
      let others = 0
      for (let k = 0; k < card; k++) {
        const p = values[at + k]!
        if (p === 1) ones++
        else if (p !== 0) others++
      }
      if (ones !== 1 || others > 0)
        return E.left({ _tag: 'NotStructural', variable: dag.nodes[v]!, reason: `its table is not a function of its parents (row ${row} is not one 1 and zeros)` })
    }
  }
  return E.right({
    network,
    exogenous: dag.nodes.filter((_, v) => isExogenous[v] === 1),
    endogenous: dag.topologicalIds.filter((v) => isExogenous[v] === 0).map((v) => dag.nodes[v]!),
  })
}
