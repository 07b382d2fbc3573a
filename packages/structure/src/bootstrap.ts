/**
 * Bootstrap model averaging (Friedman, Goldszmidt & Wyner 1999; bnlearn's
 * `boot.strength` and `averaged.network`, Scutari & Nagarajan 2013).
 *
 * Draw `replicates` samples of the rows with replacement (seeded), learn a
 * structure from each, and count, for every pair of variables, how often
 * they are joined and in which direction. Each learned DAG is first turned
 * into its CPDAG (unless `equivalenceClasses: false`), so that an edge the
 * data cannot orient counts half for each direction instead of favouring
 * whichever way the search happened to draw it.
 *
 * - strength(a, b): the fraction of replicates with an edge between a and b;
 * - direction(a -> b): among those, the fraction oriented a -> b (undirected
 *   edges count 1/2 each way).
 * The consensus network keeps the edges whose strength exceeds a threshold
 * (default 0.5), directed where one direction has more than half the weight,
 * undirected at exactly half; an arc that would close a cycle with stronger
 * arcs is dropped.
 */
import * as E from 'fp-ts/lib/Either.js'
import { memorySource, selectRows, type DataSet, type DataSource } from '@chainrule/data'
import { createRng } from '@chainrule/models'
import { findCycle } from './constraints.js'
import type { StructureError } from './errors.js'
import { learnStructure, type Algorithm } from './learn-structure.js'
import { cpdagOf, type Pdag } from './pdag.js'

/** Options of {@link bootStrength}. */
export interface BootstrapOptions {
  /** The learner run on every replicate (default hill climbing with BIC). */
  readonly algorithm?: Algorithm
  /** Replicates (default 200, as bnlearn). */
  readonly replicates?: number
  /** Rows per replicate (default: as many as the data has). */
  readonly rows?: number
  readonly seed?: number
  /** Count each learned DAG's equivalence class rather than the DAG (default true). */
  readonly equivalenceClasses?: boolean
  /** Called after each replicate. */
  readonly onReplicate?: (done: number, of: number) => void
}

/** How strongly the data support an arc. */
export interface ArcStrength {
  readonly from: string
  readonly to: string
  /** Fraction of replicates with an edge between `from` and `to`. */
  readonly strength: number
  /** Among those, the fraction directed `from -> to`. */
  readonly direction: number
}

/** The rows of a source in memory: the source's own, or read in batches. */
export const rowsInMemory = async (source: DataSource): Promise<E.Either<StructureError, DataSet>> => {
  if (source.inMemory !== undefined) return E.right(source.inMemory)
  const parts: DataSet[] = []
  for await (const batch of source.batches(65_536)) {
    if (E.isLeft(batch)) return E.left({ _tag: 'DataError', error: batch.left })
    parts.push(batch.right)
  }
  const rows = parts.reduce((s, p) => s + p.rows, 0)
  const columns = source.variables.map((_, v) => {
    const out = new Uint8Array(rows)
    let at = 0
    for (const p of parts) {
      out.set(p.columns[v]!.subarray(0, p.rows), at)
      at += p.rows
    }
    return out
  })
  return E.right({ variables: source.variables, states: source.states, columns, rows })
}

/**
 * Arc strengths from bootstrap replicates, for every ordered pair joined at least once.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { bootStrength } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const a = Uint8Array.from({ length: 300 }, (_, r) => r % 2)
 * const b = Uint8Array.from(a, (x, r) => (r % 5 === 0 ? 1 - x : x))
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [a, b] })
 * if (E.isRight(ds)) {
 *   const arcs = await bootStrength(memorySource(ds.right), { replicates: 20, seed: 3 })
 *   if (E.isRight(arcs)) arcs.right[0] // => { from: 'a', to: 'b', strength: 1, direction: 0.5 }
 * }
 * ```
 */
export const bootStrength = async (source: DataSource, options: BootstrapOptions = {}): Promise<E.Either<StructureError, ArcStrength[]>> => {
  const replicates = options.replicates ?? 200
  if (!(Number.isInteger(replicates) && replicates >= 1))
    return E.left({ _tag: 'InvalidOption', option: 'replicates', value: String(replicates), reason: 'expected a positive integer' })
  const data = await rowsInMemory(source)
  if (E.isLeft(data)) return data
  const size = options.rows ?? data.right.rows
  if (!(Number.isInteger(size) && size >= 1))
    return E.left({ _tag: 'InvalidOption', option: 'rows', value: String(size), reason: 'expected a positive integer' })
  if (data.right.rows === 0) return E.left({ _tag: 'NoCompleteRows', rows: 0 })
  const n = source.variables.length
  const weight = new Float64Array(n * n)
  const rng = createRng(options.seed ?? 1)
  const indices = new Int32Array(size)
  const algorithm = options.algorithm ?? { kind: 'hc' }
  for (let i = 0; i < replicates; i++) {
    for (let r = 0; r < size; r++) indices[r] = rng.int(data.right.rows)
    const sample = selectRows(data.right, indices)
    if (E.isLeft(sample)) return E.left({ _tag: 'DataError', error: sample.left })
    const learned = await learnStructure(memorySource(sample.right), algorithm)
    if (E.isLeft(learned)) return learned
    const graph = options.equivalenceClasses === false || algorithm.kind === 'pc' ? learned.right.graph : cpdagOf(learned.right.dag)
    const at = graph.nodes.map((name) => source.variables.indexOf(name))
    for (let u = 0; u < n; u++)
      for (let v = 0; v < n; v++) {
        if (graph.marks[u * n + v] === 0) continue
        weight[at[u]! * n + at[v]!]! += graph.marks[v * n + u] === 1 ? 0.5 : 1
      }
    options.onReplicate?.(i + 1, replicates)
  }
  const out: ArcStrength[] = []
  for (let u = 0; u < n; u++)
    for (let v = 0; v < n; v++) {
      const both = weight[u * n + v]! + weight[v * n + u]!
      if (u === v || both === 0) continue
      out.push({ from: source.variables[u]!, to: source.variables[v]!, strength: both / replicates, direction: weight[u * n + v]! / both })
    }
  return E.right(out)
}

/**
 * The consensus PDAG of arc strengths: edges stronger than `threshold`,
 * oriented by majority (undirected at a tie), strongest first, skipping arcs
 * that would close a cycle.
 *
 * @example
 * ```ts
 * import { averagedNetwork, arcsOf } from '@chainrule/structure'
 * const strengths = [{ from: 'a', to: 'b', strength: 0.9, direction: 0.8 }, { from: 'b', to: 'a', strength: 0.9, direction: 0.2 }]
 * arcsOf(averagedNetwork(['a', 'b'], strengths)) // => [['a', 'b']]
 * ```
 */
export const averagedNetwork = (variables: readonly string[], strengths: readonly ArcStrength[], threshold = 0.5): Pdag => {
  const n = variables.length
  const index = new Map(variables.map((name, i) => [name, i]))
  const marks = new Uint8Array(n * n)
  const children: number[][] = Array.from({ length: n }, () => [])
  const kept = [...strengths].filter((s) => s.strength > threshold && s.direction >= 0.5).sort((a, b) => b.strength - a.strength || b.direction - a.direction)
  for (const s of kept) {
    const u = index.get(s.from)
    const v = index.get(s.to)
    if (u === undefined || v === undefined || marks[u * n + v] === 1) continue
    if (s.direction === 0.5) {
      marks[u * n + v] = marks[v * n + u] = 1
      continue
    }
    children[u]!.push(v)
    if (findCycle(n, children) !== undefined) {
      children[u]!.pop()
      continue
    }
    marks[u * n + v] = 1
  }
  return { nodes: variables, marks }
}
