/**
 * PC-stable (Colombo & Maathuis 2014, after Spirtes & Glymour's PC):
 * constraint-based learning of a CPDAG from conditional independence tests.
 *
 * 1. Skeleton: start from the complete undirected graph. At level l = 0, 1,
 *    ..., for every adjacent pair (x, y), test x independent of y given each
 *    subset of size l of x's or y's other neighbours, where neighbours are
 *    taken from a snapshot of the graph at the start of the level (this is
 *    what makes the skeleton independent of the variable order; the
 *    separating sets, and the orientations that depend on them, still
 *    follow the order in which subsets are tried). The first
 *    independence (p-value > alpha) removes the edge and records the subset
 *    as the pair's separating set.
 * 2. V-structures: every unshielded triple x - z - y whose separating set does
 *    not hold z becomes x -> z <- y. When two v-structures disagree on an
 *    edge (each puts an arrowhead at the other's tail), the edge is left
 *    undirected, so the result does not depend on the order triples are read
 *    in.
 * 3. Background knowledge (required arcs, one-way forbidden arcs, tiers) then
 *    Meek's rules R1-R4 complete the orientation.
 *
 * Tests of one level are asked for in batches: a few conditioning sets of
 * every pair at once, so that a database source answers many tables per query.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataSource } from '@chainrule/data'
import { compileConstraints, FORBIDDEN, REQUIRED, type ArcRules, type Constraints } from './constraints.js'
import { openCounter, type Counting, type FamilyCounter, type CountingReport } from './counting.js'
import type { StructureError } from './errors.js'
import { independenceTest, type IndependenceTest } from './independence.js'
import { meekClosure, type Pdag } from './pdag.js'

/** Options of {@link pcStable}. */
export interface PcOptions {
  /** Default `{ kind: 'gSquared' }`. */
  readonly test?: IndependenceTest
  /** Significance level: a p-value above it means independent (default 0.05). */
  readonly alpha?: number
  /** Largest conditioning set tried (default: no bound). */
  readonly maxConditioningSize?: number
  /** Required arcs are never tested and stay directed; forbidden arcs and tiers orient edges (an edge forbidden both ways is never drawn). */
  readonly constraints?: Pick<Constraints, 'required' | 'forbidden' | 'tiers'>
  readonly counting?: Counting
  /** Called after each level of the skeleton phase. */
  readonly onLevel?: (level: { readonly size: number; readonly edges: number; readonly tests: number }) => void
}

/** A separating set found for a pair. */
export interface Separation {
  readonly a: string
  readonly b: string
  readonly given: readonly string[]
  readonly pValue: number
}

/** What PC-stable learned. */
export interface PcResult extends CountingReport {
  readonly cpdag: Pdag
  readonly separations: readonly Separation[]
  readonly tests: number
}

/** Subsets of size k of `items`, in lexicographic order of positions. */
function* subsets(items: readonly number[], k: number): Generator<number[]> {
  if (k > items.length) return
  const at = Array.from({ length: k }, (_, i) => i)
  for (;;) {
    yield at.map((i) => items[i]!)
    let i = k - 1
    while (i >= 0 && at[i] === items.length - k + i) i--
    if (i < 0) return
    at[i]!++
    for (let j = i + 1; j < k; j++) at[j] = at[j - 1]! + 1
  }
}

/** The conditioning sets of one pair at one level: subsets of x's other neighbours, then of y's (each set once). */
function* conditioningSets(neighbours: readonly (readonly number[])[], x: number, y: number, size: number): Generator<number[]> {
  const seen = new Set<string>()
  for (const [from, other] of [
    [x, y],
    [y, x],
  ] as const) {
    const pool = neighbours[from]!.filter((v) => v !== other)
    for (const set of subsets(pool, size)) {
      const key = set.join(',')
      if (seen.has(key)) continue
      seen.add(key)
      yield set
    }
  }
}

const CHUNK = 8

/** The skeleton phase: adjacency (symmetric marks) and separating sets. */
export const pcSkeleton = async (
  counter: FamilyCounter,
  rules: ArcRules,
  options: PcOptions,
): Promise<E.Either<StructureError, { adjacent: Uint8Array; sepsets: Map<number, { given: number[]; pValue: number }>; tests: number }>> => {
  const n = counter.variables.length
  const test = options.test ?? { kind: 'gSquared' }
  const alpha = options.alpha ?? 0.05
  const maxSize = options.maxConditioningSize ?? Number.POSITIVE_INFINITY
  const adjacent = new Uint8Array(n * n)
  for (let x = 0; x < n; x++)
    for (let y = 0; y < n; y++)
      if (x !== y && !(rules.allowed[x * n + y] === FORBIDDEN && rules.allowed[y * n + x] === FORBIDDEN)) adjacent[x * n + y] = 1
  const sepsets = new Map<number, { given: number[]; pValue: number }>()
  let tests = 0
  for (let size = 0; size <= maxSize; size++) {
    const neighbours = Array.from({ length: n }, (_, x) => {
      const list: number[] = []
      for (let y = 0; y < n; y++) if (adjacent[x * n + y] === 1) list.push(y)
      return list
    })
    type Pair = { x: number; y: number; sets: Generator<number[]>; open: boolean }
    const pairs: Pair[] = []
    for (let x = 0; x < n; x++)
      for (const y of neighbours[x]!) {
        if (y <= x || rules.allowed[x * n + y] === REQUIRED || rules.allowed[y * n + x] === REQUIRED) continue
        if (neighbours[x]!.length - 1 < size && neighbours[y]!.length - 1 < size) continue
        pairs.push({ x, y, sets: conditioningSets(neighbours, x, y, size), open: true })
      }
    if (pairs.length === 0) break
    const levelStart = tests
    for (;;) {
      const batch: { pair: Pair; given: number[] }[] = []
      for (const pair of pairs) {
        if (!pair.open) continue
        for (let k = 0; k < CHUNK; k++) {
          const next = pair.sets.next()
          if (next.done === true) {
            pair.open = false
            break
          }
          batch.push({ pair, given: next.value })
        }
      }
      if (batch.length === 0) break
      const tables = await counter.countTables(batch.map(({ pair, given }) => [...given, pair.x, pair.y]))
      if (E.isLeft(tables)) return tables
      const decided = new Set<Pair>()
      batch.forEach(({ pair, given }, i) => {
        if (decided.has(pair)) return
        tests++
        const result = independenceTest(test, tables.right[i]!, counter.cards[pair.x]!, counter.cards[pair.y]!)
        if (result.pValue > alpha) {
          decided.add(pair)
          pair.open = false
          adjacent[pair.x * n + pair.y] = adjacent[pair.y * n + pair.x] = 0
          sepsets.set(pair.x * n + pair.y, { given, pValue: result.pValue })
        }
      })
    }
    let edges = 0
    for (let k = 0; k < n * n; k++) edges += adjacent[k]!
    options.onLevel?.({ size, edges: edges / 2, tests: tests - levelStart })
  }
  return E.right({ adjacent, sepsets, tests })
}

/** Orient v-structures (conflicts left undirected), then background knowledge, then Meek's rules. */
export const orientSkeleton = (
  variables: readonly string[],
  adjacent: Uint8Array,
  sepsets: ReadonlyMap<number, { given: readonly number[] }>,
  rules: ArcRules,
): Pdag => {
  const n = variables.length
  const arrowAt = new Uint8Array(n * n) // arrowAt[a * n + b]: an arrowhead at b on the edge a - b
  for (let z = 0; z < n; z++)
    for (let x = 0; x < n; x++) {
      if (x === z || adjacent[x * n + z] === 0) continue
      for (let y = x + 1; y < n; y++) {
        if (y === z || adjacent[y * n + z] === 0 || adjacent[x * n + y] === 1) continue
        const sep = sepsets.get(Math.min(x, y) * n + Math.max(x, y))
        if (sep !== undefined && sep.given.includes(z)) continue
        arrowAt[x * n + z] = 1
        arrowAt[y * n + z] = 1
      }
    }
  const marks = Uint8Array.from(adjacent)
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (adjacent[a * n + b] === 0) continue
      const intoB = arrowAt[a * n + b] === 1
      const intoA = arrowAt[b * n + a] === 1
      if (intoB && !intoA) marks[b * n + a] = 0
    }
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (adjacent[a * n + b] === 0) continue
      if (rules.allowed[a * n + b] === REQUIRED || (rules.allowed[b * n + a] === FORBIDDEN && rules.allowed[a * n + b] !== FORBIDDEN)) {
        marks[a * n + b] = 1
        marks[b * n + a] = 0
      }
    }
  return meekClosure({ nodes: variables, marks })
}

/**
 * Learn a CPDAG with PC-stable.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { pcStable, undirectedOf } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * // b copies a; c is unrelated noise.
 * const a = Uint8Array.from({ length: 400 }, (_, r) => r % 2)
 * const c = Uint8Array.from({ length: 400 }, (_, r) => (r >> 1) % 2)
 * const ds = dataSet({ variables: ['a', 'b', 'c'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [a, a, c] })
 * if (E.isRight(ds)) {
 *   const learned = await pcStable(memorySource(ds.right))
 *   if (E.isRight(learned)) undirectedOf(learned.right.cpdag) // => [['a', 'b']]
 * }
 * ```
 */
export const pcStable = async (source: DataSource, options: PcOptions = {}): Promise<E.Either<StructureError, PcResult>> => {
  const alpha = options.alpha ?? 0.05
  if (!(alpha > 0 && alpha < 1)) return E.left({ _tag: 'InvalidOption', option: 'alpha', value: String(alpha), reason: 'expected a number in (0, 1)' })
  const maxSize = options.maxConditioningSize
  if (maxSize !== undefined && !(Number.isInteger(maxSize) && maxSize >= 0))
    return E.left({ _tag: 'InvalidOption', option: 'maxConditioningSize', value: String(maxSize), reason: 'expected a non-negative integer' })
  const test = options.test ?? { kind: 'gSquared' }
  if (test.kind !== 'gSquared' && test.kind !== 'chiSquared')
    return E.left({ _tag: 'InvalidOption', option: 'test', value: String((test as { kind?: unknown }).kind), reason: "expected 'gSquared' or 'chiSquared'" })
  const rules = compileConstraints(source.variables, options.constraints)
  if (E.isLeft(rules)) return rules
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  const skeleton = await pcSkeleton(counter.right, rules.right, options)
  if (E.isLeft(skeleton)) return skeleton
  const { adjacent, sepsets, tests } = skeleton.right
  const n = source.variables.length
  const variables = source.variables
  return E.right({
    cpdag: orientSkeleton(variables, adjacent, sepsets, rules.right),
    separations: [...sepsets].map(([key, { given, pValue }]) => ({
      a: variables[Math.floor(key / n)]!,
      b: variables[key % n]!,
      given: given.map((v) => variables[v]!),
      pValue,
    })),
    tests,
    rows: counter.right.rows,
    droppedRows: counter.right.droppedRows,
    missing: 'complete-case',
    counting: counter.right.description,
    tablesCounted: counter.right.work.tables,
    cellsCounted: counter.right.work.cells,
  })
}
