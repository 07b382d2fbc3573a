/**
 * Declaring an influence diagram in code, typed from itself like
 * `defineNetwork`: the states of every variable, which of them are decisions
 * (with their information arcs), the parents and tables of the chance
 * variables, and the utilities (their parents, then their tables). A typo in
 * a parent list, a table function or a state compares is a compile error.
 *
 * A utility table is given as flat numbers (one per parent assignment, last
 * parent fastest), nested by parent state (arrays by index or records by
 * state name, numbers innermost), or a function of the parent states.
 */
import type { AssignmentOf, NamedAssignment, NestedTable, ParentStates, StateMap, TableDeclaration } from '@chainrule/models'
import type { ChanceSpec, DecisionSpec, UtilitySpec } from '@chainrule/models'
import { defineNetwork, toSpec, type BayesianNetwork, type NetworkError } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { diagramFromSpec, type InfluenceDiagram } from './diagram.js'
import type { DecisionError } from './errors.js'

/** Parent lists by variable (or utility) name, over the declared variables. */
export type ParentLists<S extends StateMap> = { readonly [K in string]?: readonly (keyof S & string)[] }

/** A utility table: flat numbers, nested by parent state, or a function of the parent states. */
export type UtilityTable<S, U, K> = ArrayLike<number> | NestedTable | ((parents: ParentStates<S, U, K>) => number)

/** An influence diagram declared in code. */
export interface DiagramDeclaration<
  S extends StateMap,
  D extends { readonly [K in keyof S]?: readonly (keyof S & string)[] },
  P extends { readonly [K in keyof S]?: readonly (keyof S & string)[] },
  U extends Readonly<Record<string, readonly (keyof S & string)[]>>,
> {
  readonly name?: string
  /** Every chance variable and decision, with its states (a decision's states are its options). */
  readonly states: S
  /** The decisions, each with its information arcs: the variables known when it is made. */
  readonly decisions: D
  /** Parents of the chance variables (chance variables or decisions). */
  readonly parents?: P
  /**
   * One conditional table per chance variable, as in `defineNetwork`. (Typed
   * as a homomorphic map, optional, so that table functions get their
   * parents' types; the second part makes every chance variable's table required.)
   */
  readonly tables: { readonly [K in keyof S]?: K extends keyof D ? never : TableDeclaration<S, P, K> } & { readonly [K in Exclude<keyof S, keyof D>]: unknown }
  /** The utility nodes and their parents. */
  readonly utilities: U
  /** One utility table per utility node. */
  readonly utilityTables: { readonly [K in keyof U]: UtilityTable<S, U, K> }
}

/**
 * Declare an influence diagram. Every problem of the chance part is listed
 * at once (`Network`, in the declaration's names); utility problems as
 * `diagramFromSpec` reports them.
 *
 * @example
 * ```ts
 * import { defineInfluenceDiagram, solve } from '@chainrule/decision'
 * import { either as E } from 'fp-ts'
 * const umbrella = defineInfluenceDiagram({
 *   states: { rain: ['no', 'yes'], forecast: ['sunny', 'rainy'], take: ['no', 'yes'] },
 *   decisions: { take: ['forecast'] },
 *   parents: { forecast: ['rain'] },
 *   tables: { rain: [0.7, 0.3], forecast: { no: [0.8, 0.2], yes: [0.3, 0.7] } },
 *   utilities: { comfort: ['take', 'rain'] },
 *   utilityTables: { comfort: ({ take, rain }) => (take === 'yes' ? (rain === 'yes' ? 70 : 80) : rain === 'yes' ? 0 : 100) },
 * })
 * const solved = E.isRight(umbrella) ? solve(umbrella.right) : undefined
 * // Take the umbrella when the forecast says rain: 0.65 x 86.15 + 0.35 x 74
 * solved !== undefined && E.isRight(solved) && Math.round(solved.right.meu * 10) / 10 // => 81.9
 * ```
 */
export const defineInfluenceDiagram = <
  const S extends StateMap,
  const D extends { readonly [K in keyof S]?: readonly (keyof S & string)[] },
  const P extends { readonly [K in keyof S]?: readonly (keyof S & string)[] } = Record<never, never>,
  const U extends Readonly<Record<string, readonly (keyof S & string)[]>> = Record<never, never>,
>(
  declaration: DiagramDeclaration<S, D, P, U>,
): E.Either<DecisionError, InfluenceDiagram<AssignmentOf<S>>> => {
  const states = declaration.states as StateMap
  const decisions = declaration.decisions as Readonly<Record<string, readonly string[] | undefined>>
  const isDecision = (name: string): boolean => Object.hasOwn(decisions, name)
  const names = Object.keys(states)
  // The chance part and the decisions as one network, decisions with uniform placeholder tables.
  const parents: Record<string, readonly string[]> = {}
  for (const name of names) {
    const own = isDecision(name) ? decisions[name] : (declaration.parents as Readonly<Record<string, readonly string[] | undefined>> | undefined)?.[name]
    if (own !== undefined) parents[name] = own
  }
  for (const name of Object.keys(decisions)) if (!Object.hasOwn(states, name)) parents[name] = decisions[name] ?? []
  const tables: Record<string, unknown> = { ...(declaration.tables as Readonly<Record<string, unknown>>) }
  for (const name of names) if (isDecision(name)) tables[name] = () => states[name]!.map(() => 1 / states[name]!.length)
  const network = defineNetwork({ states, parents, tables } as never) as E.Either<NetworkError[], BayesianNetwork>
  if (E.isLeft(network)) return E.left({ _tag: 'Network', errors: network.left })
  const spec = toSpec(network.right)
  const utilities: UtilitySpec[] = []
  for (const [name, utilityParents] of Object.entries(declaration.utilities as Readonly<Record<string, readonly string[]>>)) {
    const table = (declaration.utilityTables as Readonly<Record<string, unknown>>)[name]
    const flat = flattenUtility(name, utilityParents, states, table)
    if (E.isLeft(flat)) return flat
    utilities.push({ name, parents: utilityParents, table: flat.right })
  }
  for (const name of Object.keys(declaration.utilityTables as object))
    if (!Object.hasOwn(declaration.utilities, name)) return E.left({ _tag: 'UtilityTableShape', utility: name, reason: 'a table for a utility that is not declared' })
  return diagramFromSpec({
    ...(declaration.name === undefined ? {} : { name: declaration.name }),
    variables: spec.variables.map((v): ChanceSpec | DecisionSpec =>
      isDecision(v.name) ? { kind: 'decision', name: v.name, states: v.states, parents: v.parents } : { kind: 'chance', ...v },
    ),
    utilities,
  }) as E.Either<DecisionError, InfluenceDiagram<AssignmentOf<S>>>
}

/** A utility table in any declared form, flattened to one number per parent assignment (last parent fastest). */
const flattenUtility = (utility: string, parents: readonly string[], states: StateMap, table: unknown): E.Either<DecisionError, number[]> => {
  const shape = (reason: string): E.Either<DecisionError, never> => E.left({ _tag: 'UtilityTableShape', utility, reason })
  if (table === undefined) return shape('missing')
  for (const p of parents) if (!Object.hasOwn(states, p)) return E.left({ _tag: 'UnknownParent', utility, parent: p })
  const parentStates = parents.map((p) => states[p]!)
  const rows = parentStates.reduce((s, list) => s * list.length, 1)
  if (ArrayBuffer.isView(table) || (Array.isArray(table) && table.every((x) => typeof x === 'number'))) return E.right(Array.from(table as ArrayLike<number>))
  const out: number[] = []
  for (let r = 0; r < rows; r++) {
    const picked: NamedAssignment = assignmentOf(parents, parentStates, r)
    let node: unknown = table
    if (typeof table === 'function') node = (table as (p: NamedAssignment) => unknown)(picked)
    else
      for (let j = 0; j < parents.length; j++) {
        const state = picked[parents[j]!]!
        if (Array.isArray(node)) {
          if (node.length !== parentStates[j]!.length) return shape(`level ${j} (parent "${parents[j]}") has ${node.length} entries, expected ${parentStates[j]!.length}`)
          node = node[parentStates[j]!.indexOf(state)]
        } else if (typeof node === 'object' && node !== null) {
          if (!Object.hasOwn(node, state)) return shape(`no entry for ${parents[j]}=${state}`)
          node = (node as Readonly<Record<string, unknown>>)[state]
        } else return shape(`level ${j} is neither an array nor a record`)
      }
    if (typeof node !== 'number') return shape(`the entry for ${Object.entries(picked).map(([k, s]) => `${k}=${s}`).join(', ') || '(no parents)'} is not a number`)
    out.push(node)
  }
  return E.right(out)
}

/** Row r of the parent assignments (last parent fastest), by name. */
const assignmentOf = (parents: readonly string[], parentStates: readonly (readonly string[])[], r: number): NamedAssignment => {
  const picked: Record<string, string> = {}
  let rest = r
  for (let j = parents.length - 1; j >= 0; j--) {
    const card = parentStates[j]!.length
    picked[parents[j]!] = parentStates[j]![rest % card]!
    rest = Math.floor(rest / card)
  }
  return Object.fromEntries(parents.map((p) => [p, picked[p]!]))
}
