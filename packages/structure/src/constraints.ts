/**
 * What the user knows before the data: arcs that must be in the graph,
 * arcs that must not, tiers (a temporal order: no arc from a later tier to an
 * earlier one, as bnlearn's `tiers2blacklist`), a bound on the number of
 * parents, and a starting graph. Names are checked against the data's
 * columns; contradictions are errors before any counting starts.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import type { StructureError } from './errors.js'

/** An arc by name: `[from, to]`. */
export type Arc = readonly [from: string, to: string]

/** Background knowledge for a search. */
export interface Constraints {
  /** Arcs every learned graph contains (bnlearn's whitelist). */
  readonly required?: readonly Arc[]
  /** Arcs no learned graph contains (bnlearn's blacklist). */
  readonly forbidden?: readonly Arc[]
  /** Groups of variables in temporal order: no arc from a later tier into an earlier one. Unlisted variables are free. */
  readonly tiers?: readonly (readonly string[])[]
  /** The most parents any variable may have (default: no bound). */
  readonly maxParents?: number
}

/** Constraints compiled to the data's column ids. */
export interface ArcRules {
  readonly n: number
  /** `allowed[u * n + v]` for the arc u -> v: 0 forbidden, 1 free, 2 required. */
  readonly allowed: Uint8Array
  readonly maxParents: number
  /** Required parents of each variable. */
  readonly required: readonly (readonly number[])[]
}

export const FORBIDDEN = 0
export const FREE = 1
export const REQUIRED = 2

const idsOf = (index: ReadonlyMap<string, number>, arc: Arc, where: string): E.Either<StructureError, readonly [number, number]> => {
  const [from, to] = arc
  const u = index.get(from)
  if (u === undefined) return E.left({ _tag: 'UnknownVariable', variable: from, where })
  const v = index.get(to)
  if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: to, where })
  if (u === v) return E.left({ _tag: 'InvalidOption', option: where, value: `${from} -> ${to}`, reason: 'an arc needs two different variables' })
  return E.right([u, v] as const)
}

/** One directed cycle among the arcs u -> v with `mark(u, v)`, by depth-first search; ids in edge order, or undefined. */
export const findCycle = (n: number, children: readonly (readonly number[])[]): number[] | undefined => {
  const color = new Uint8Array(n)
  const path: number[] = []
  const visit = (u: number): number[] | undefined => {
    color[u] = 1
    path.push(u)
    for (const v of children[u]!) {
      if (color[v] === 1) return path.slice(path.indexOf(v))
      if (color[v] === 0) {
        const cycle = visit(v)
        if (cycle !== undefined) return cycle
      }
    }
    path.pop()
    color[u] = 2
    return undefined
  }
  for (let u = 0; u < n; u++)
    if (color[u] === 0) {
      const cycle = visit(u)
      if (cycle !== undefined) return cycle
    }
  return undefined
}

/**
 * Compile constraints against the data's variables, or say what contradicts what.
 *
 * @example
 * ```ts
 * import { compileConstraints } from '@chainrule/structure'
 * const rules = compileConstraints(['a', 'b'], { required: [['a', 'b']], forbidden: [['a', 'b']] })
 * rules._tag === 'Left' && rules.left._tag // => 'RequiredAndForbidden'
 * ```
 */
export const compileConstraints = (variables: readonly string[], constraints: Constraints = {}): E.Either<StructureError, ArcRules> => {
  const n = variables.length
  const index = new Map(variables.map((name, i) => [name, i]))
  const allowed = new Uint8Array(n * n).fill(FREE)
  for (let v = 0; v < n; v++) allowed[v * n + v] = FORBIDDEN
  const maxParents = constraints.maxParents ?? Number.POSITIVE_INFINITY
  if (!(maxParents === Number.POSITIVE_INFINITY || (Number.isInteger(maxParents) && maxParents >= 0)))
    return E.left({ _tag: 'InvalidOption', option: 'maxParents', value: String(maxParents), reason: 'expected a non-negative integer' })

  const tierOf = new Int32Array(n).fill(-1)
  const tiers = constraints.tiers ?? []
  for (let t = 0; t < tiers.length; t++)
    for (const name of tiers[t]!) {
      const v = index.get(name)
      if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name, where: 'tiers' })
      if (tierOf[v] !== -1) return E.left({ _tag: 'InvalidOption', option: 'tiers', value: name, reason: `listed in tiers ${tierOf[v]! + 1} and ${t + 1}` })
      tierOf[v] = t
    }
  for (let u = 0; u < n; u++)
    for (let v = 0; v < n; v++) if (tierOf[u]! >= 0 && tierOf[v]! >= 0 && tierOf[u]! > tierOf[v]!) allowed[u * n + v] = FORBIDDEN

  for (const arc of constraints.forbidden ?? []) {
    const ids = idsOf(index, arc, 'forbidden')
    if (E.isLeft(ids)) return ids
    allowed[ids.right[0] * n + ids.right[1]] = FORBIDDEN
  }
  const forbiddenByUser = new Set((constraints.forbidden ?? []).map(([a, b]) => `${a}\u0000${b}`))
  const required: number[][] = Array.from({ length: n }, () => [])
  const children: number[][] = Array.from({ length: n }, () => [])
  for (const arc of constraints.required ?? []) {
    const ids = idsOf(index, arc, 'required')
    if (E.isLeft(ids)) return ids
    const [u, v] = ids.right
    if (forbiddenByUser.has(`${arc[0]}\u0000${arc[1]}`)) return E.left({ _tag: 'RequiredAndForbidden', from: arc[0], to: arc[1] })
    if (allowed[u * n + v] === FORBIDDEN)
      return E.left({ _tag: 'RequiredAgainstTiers', from: arc[0], to: arc[1], fromTier: tierOf[u]!, toTier: tierOf[v]! })
    if (allowed[u * n + v] === REQUIRED) continue
    allowed[u * n + v] = REQUIRED
    required[v]!.push(u)
    children[u]!.push(v)
  }
  const cycle = findCycle(n, children)
  if (cycle !== undefined) return E.left({ _tag: 'RequiredCycle', nodes: cycle.map((v) => variables[v]!) })
  for (let v = 0; v < n; v++)
    if (required[v]!.length > maxParents)
      return E.left({ _tag: 'TooManyRequiredParents', variable: variables[v]!, required: required[v]!.length, maxParents })
  return E.right({ n, allowed, maxParents, required })
}

/**
 * The starting parent sets: the start graph's (matched by name) with the
 * required arcs added, checked against the rules.
 */
export const startingParents = (
  variables: readonly string[],
  rules: ArcRules,
  start: Dag | undefined,
): E.Either<StructureError, number[][]> => {
  const n = variables.length
  const parents: number[][] = rules.required.map((ps) => [...ps])
  if (start !== undefined) {
    const index = new Map(variables.map((name, i) => [name, i]))
    for (const name of start.nodes)
      if (!index.has(name)) return E.left({ _tag: 'UnknownVariable', variable: name, where: 'start' })
    for (let w = 0; w < start.nodes.length; w++) {
      const v = index.get(start.nodes[w]!)!
      for (const pw of start.parentIds[w]!) {
        const u = index.get(start.nodes[pw]!)!
        if (rules.allowed[u * n + v] === FORBIDDEN)
          return E.left({ _tag: 'StartViolates', from: variables[u]!, to: variables[v]!, constraint: 'forbidden' })
        if (!parents[v]!.includes(u)) parents[v]!.push(u)
      }
    }
  }
  const children: number[][] = Array.from({ length: n }, () => [])
  for (let v = 0; v < n; v++) {
    parents[v]!.sort((a, b) => a - b)
    if (parents[v]!.length > rules.maxParents)
      return E.left({ _tag: 'StartViolates', from: variables[parents[v]![0]!]!, to: variables[v]!, constraint: 'maxParents' })
    for (const u of parents[v]!) children[u]!.push(v)
  }
  const cycle = findCycle(n, children)
  if (cycle !== undefined) return E.left({ _tag: 'StartViolates', from: variables[cycle[0]!]!, to: variables[cycle[1 % cycle.length]!]!, constraint: 'cycle' })
  return E.right(parents)
}
