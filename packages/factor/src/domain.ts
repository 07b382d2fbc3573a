/**
 * `Domain`: the catalogue of variables (VarId -> name and state names) that lives beside factors.
 * Factors only hold dense ids and numbers; a domain is what lets `conditional`, `condition`, `bayes`
 * and `variableElimination` accept evidence by name and name things in errors.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { FactorError } from './errors.js'
import type { StateIndex, VarId } from './factor.js'

/** One variable of a domain. Its id is its position in `Domain.variables`. */
export interface DomainVariable {
  readonly id: VarId
  readonly name: string
  readonly states: readonly string[]
}

/** A validated catalogue of variables; `variables[i].id === i`. */
export interface Domain {
  readonly variables: readonly DomainVariable[]
  /** `ids[i] === i` as a `VarId`: the way to get the id of the i-th declared variable. */
  readonly ids: readonly VarId[]
  readonly byName: ReadonlyMap<string, VarId>
}

/** Observed states: variable -> state index. Validate with `checkEvidence` or build with `evidenceByName`. */
export type Evidence = ReadonlyMap<VarId, number>

/**
 * Build a domain; ids are the declaration positions. Names and state names must be non-empty and
 * distinct (`EmptyName`, `DuplicateName`, `DuplicateState`), and every variable needs a state (`NoStates`).
 *
 * @example
 * ```ts
 * import { domain } from '@chainrule/factor'
 * import { either as E } from 'fp-ts'
 * const d = domain([
 *   { name: 'Disease', states: ['absent', 'present'] },
 *   { name: 'Test', states: ['negative', 'positive'] },
 * ])
 * // Ids are positions: Disease is 0, Test is 1.
 * E.map((x: { byName: ReadonlyMap<string, number> }) => [...x.byName])(d) // => E.right([['Disease', 0], ['Test', 1]])
 * ```
 */
export const domain = (
  variables: readonly { readonly name: string; readonly states: readonly string[] }[],
): E.Either<FactorError, Domain> => {
  const byName = new Map<string, VarId>()
  const out: DomainVariable[] = []
  for (let i = 0; i < variables.length; i++) {
    const { name, states } = variables[i]!
    if (typeof name !== 'string' || name.length === 0) return E.left({ _tag: 'EmptyName', index: i })
    if (byName.has(name)) return E.left({ _tag: 'DuplicateName', name })
    if (states.length === 0) return E.left({ _tag: 'NoStates', variable: name })
    const seen = new Set<string>()
    for (let s = 0; s < states.length; s++) {
      const state = states[s]!
      if (typeof state !== 'string' || state.length === 0) return E.left({ _tag: 'EmptyName', index: i, state: s })
      if (seen.has(state)) return E.left({ _tag: 'DuplicateState', variable: name, state })
      seen.add(state)
    }
    const id = i as VarId
    byName.set(name, id)
    out.push({ id, name, states: [...states] })
  }
  return E.right({ variables: out, ids: out.map((v) => v.id), byName })
}

/**
 * The id of a variable by name (`UnknownVariable` if absent).
 *
 * @example
 * ```ts
 * import { domain, varOf } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(domain([{ name: 'Rain', states: ['no', 'yes'] }]), E.chain((d) => varOf(d, 'Rain'))) // => E.right(0)
 * ```
 */
export const varOf = (d: Domain, name: string): E.Either<FactorError, VarId> => {
  const id = d.byName.get(name)
  return id === undefined ? E.left({ _tag: 'UnknownVariable', variable: JSON.stringify(name), where: 'domain' }) : E.right(id)
}

/**
 * The index of a state of a variable by name (`UnknownVariable`, `UnknownState`).
 *
 * @example
 * ```ts
 * import { domain, stateOf, type VarId } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(domain([{ name: 'Rain', states: ['no', 'yes'] }]), E.chain((d) => stateOf(d, 0 as VarId, 'yes'))) // => E.right(1)
 * ```
 */
export const stateOf = (d: Domain, v: VarId, state: string): E.Either<FactorError, StateIndex> => {
  const variable = d.variables[v]
  if (variable === undefined) return E.left({ _tag: 'UnknownVariable', variable: `#${v}`, where: 'domain' })
  const s = variable.states.indexOf(state)
  return s < 0
    ? E.left({ _tag: 'UnknownState', variable: variable.name, state: JSON.stringify(state) })
    : E.right(s as StateIndex)
}

/**
 * Cardinality (number of states) of a domain variable, or `undefined` if the id is not in the domain.
 *
 * @example
 * ```ts
 * import { cardOf, domain, type VarId } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(domain([{ name: 'Die', states: ['1', '2', '3', '4', '5', '6'] }]), E.map((d) => cardOf(d, 0 as VarId))) // => E.right(6)
 * ```
 */
export const cardOf = (d: Domain, v: VarId): number | undefined => d.variables[v]?.states.length

/**
 * How errors name a variable: its domain name when known, else `#id`.
 *
 * @example
 * ```ts
 * import { labelOf, type VarId } from '@chainrule/factor'
 * labelOf(undefined, 4 as VarId) // => '#4'
 * ```
 */
export const labelOf = (d: Domain | undefined, v: VarId): string => d?.variables[v]?.name ?? `#${v}`

/**
 * How errors name a state: its domain name when known, else its index.
 *
 * @example
 * ```ts
 * import { stateLabelOf, type VarId } from '@chainrule/factor'
 * stateLabelOf(undefined, 4 as VarId, 1) // => '1'
 * ```
 */
export const stateLabelOf = (d: Domain | undefined, v: VarId, s: number): string =>
  d?.variables[v]?.states[s] ?? String(s)

/**
 * Render an assignment as `A=a, B=b` (names from the domain when given).
 *
 * @example
 * ```ts
 * import { describeAssignment, type VarId } from '@chainrule/factor'
 * describeAssignment(undefined, [0 as VarId, 1 as VarId], [1, 0]) // => '#0=1, #1=0'
 * ```
 */
export const describeAssignment = (
  d: Domain | undefined,
  vars: readonly VarId[],
  states: ArrayLike<number>,
): string => vars.map((v, i) => `${labelOf(d, v)}=${stateLabelOf(d, v, states[i]!)}`).join(', ')

/**
 * Render evidence as one `A=a` item per observed variable.
 *
 * @example
 * ```ts
 * import { describeEvidence, type VarId } from '@chainrule/factor'
 * describeEvidence(undefined, new Map([[2 as VarId, 1]])) // => ['#2=1']
 * ```
 */
export const describeEvidence = (d: Domain | undefined, evidence: Evidence): readonly string[] =>
  [...evidence].map(([v, s]) => `${labelOf(d, v)}=${stateLabelOf(d, v, s)}`)

/**
 * Evidence from variable and state names, checked against the domain.
 *
 * @example
 * ```ts
 * import { domain, evidenceByName } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(
 *   domain([{ name: 'Test', states: ['negative', 'positive'] }]),
 *   E.chain((d) => evidenceByName(d, { Test: 'positive' })),
 * ) // => E.right(new Map([[0, 1]]))
 * ```
 */
export const evidenceByName = (
  d: Domain,
  observed: Readonly<Record<string, string>>,
): E.Either<FactorError, Evidence> => {
  const out = new Map<VarId, number>()
  for (const [name, state] of Object.entries(observed)) {
    const v = varOf(d, name)
    if (E.isLeft(v)) return v
    const s = stateOf(d, v.right, state)
    if (E.isLeft(s)) return s
    out.set(v.right, s.right)
  }
  return E.right(out)
}

/**
 * Check evidence given by ids against a domain: every variable known, every state index in range.
 *
 * @example
 * ```ts
 * import { checkEvidence, domain, type VarId } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 * F.pipe(
 *   domain([{ name: 'Test', states: ['negative', 'positive'] }]),
 *   E.chain((d) => checkEvidence(d, new Map([[0 as VarId, 2]]))),
 *   E.mapLeft((e) => e._tag),
 * ) // => E.left('UnknownState')
 * ```
 */
export const checkEvidence = (d: Domain, evidence: Evidence): E.Either<FactorError, Evidence> => {
  for (const [v, s] of evidence) {
    const variable = d.variables[v]
    if (variable === undefined) return E.left({ _tag: 'UnknownVariable', variable: `#${v}`, where: 'evidence' })
    if (!Number.isSafeInteger(s) || s < 0 || s >= variable.states.length)
      return E.left({ _tag: 'UnknownState', variable: variable.name, state: String(s) })
  }
  return E.right(evidence)
}
