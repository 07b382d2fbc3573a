/**
 * Test support: unwrap `Either`s, the textbook networks, and brute-force oracles written
 * straight from the definitions (independent of the package's algorithms).
 * (Test support only: nothing in `index.ts` imports this file.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { fromEdges } from '../builders.js'
import type { Dag } from '../dag.js'
import { describeError, type GraphError } from '../errors.js'

/** The right value, or a thrown error naming the left (tests only). */
export const ok = <A>(e: E.Either<GraphError, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${describeError(e.left)}`)
  return e.right
}

/** The left value, or a thrown error (tests only). */
export const err = <A>(e: E.Either<GraphError, A>): GraphError => {
  if (E.isRight(e)) throw new Error('expected Left, got Right')
  return e.left
}

/** Lauritzen & Spiegelhalter (1988) "Asia" chest-clinic network. */
export const asia = (): Dag =>
  ok(
    fromEdges(
      [
        ['asia', 'tub'],
        ['smoke', 'lung'],
        ['smoke', 'bronc'],
        ['tub', 'either'],
        ['lung', 'either'],
        ['either', 'xray'],
        ['either', 'dysp'],
        ['bronc', 'dysp'],
      ],
      ['asia', 'tub', 'smoke', 'lung', 'bronc', 'either', 'xray', 'dysp'],
    ),
  )

/** Koller & Friedman's student network (Fig. 3.4). */
export const student = (): Dag =>
  ok(
    fromEdges([
      ['difficulty', 'grade'],
      ['intelligence', 'grade'],
      ['intelligence', 'sat'],
      ['grade', 'letter'],
    ]),
  )

/** The cloudy / sprinkler / rain / wet-grass network (Pearl; Russell & Norvig). */
export const sprinkler = (): Dag =>
  ok(
    fromEdges([
      ['cloudy', 'sprinkler'],
      ['cloudy', 'rain'],
      ['sprinkler', 'wet'],
      ['rain', 'wet'],
    ]),
  )

/** Naive descendant test by depth-first search over `childIds` (for oracles). */
export const isDescendantOrSelf = (dag: Dag, from: number, target: number): boolean => {
  if (from === target) return true
  return dag.childIds[from]!.some((c) => isDescendantOrSelf(dag, c, target))
}

const adjacent = (dag: Dag, a: number, b: number): boolean =>
  dag.parentIds[a]!.includes(b) || dag.parentIds[b]!.includes(a)

/**
 * Whether `trail` (node ids) is an active trail given `z`, straight from the definition
 * (Koller & Friedman Def. 3.6): distinct nodes, consecutive nodes adjacent, every
 * collider in Z or with a descendant in Z, no non-collider in Z, endpoints not in Z.
 */
export const isActiveTrail = (dag: Dag, trail: readonly number[], z: ReadonlySet<number>): boolean => {
  if (trail.length === 0 || new Set(trail).size !== trail.length) return false
  if (z.has(trail[0]!) || z.has(trail[trail.length - 1]!)) return false
  for (let i = 0; i + 1 < trail.length; i++) if (!adjacent(dag, trail[i]!, trail[i + 1]!)) return false
  for (let i = 1; i + 1 < trail.length; i++) {
    const [a, v, b] = [trail[i - 1]!, trail[i]!, trail[i + 1]!]
    const collider = dag.parentIds[v]!.includes(a) && dag.parentIds[v]!.includes(b)
    if (collider) {
      if (![...z].some((w) => isDescendantOrSelf(dag, v, w))) return false
    } else if (z.has(v)) return false
  }
  return true
}

/** Whether some active trail joins a and b given z, by enumerating every simple trail (small DAGs only). */
export const bruteForceConnected = (dag: Dag, a: number, b: number, z: ReadonlySet<number>): boolean => {
  const neighbors = (v: number) => [...dag.parentIds[v]!, ...dag.childIds[v]!]
  const path = [a]
  const onPath = new Set([a])
  const extend = (): boolean => {
    const last = path[path.length - 1]!
    if (last === b) return isActiveTrail(dag, path, z)
    for (const w of neighbors(last)) {
      if (onPath.has(w)) continue
      path.push(w)
      onPath.add(w)
      if (extend()) return true
      path.pop()
      onPath.delete(w)
    }
    return false
  }
  return extend()
}
