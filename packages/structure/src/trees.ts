/**
 * Tree structures: Chow-Liu trees (Chow & Liu 1968) and the classifiers built
 * on them, naive Bayes and tree-augmented naive Bayes (TAN; Friedman, Geiger
 * & Goldszmidt 1997).
 *
 * - Chow-Liu: the spanning tree of maximum total mutual information
 *   I(X; Y) = sum p(x, y) log(p(x, y) / (p(x) p(y))), which is the tree of
 *   highest likelihood; oriented away from a root (any root gives the same
 *   equivalence class).
 * - Naive Bayes: the class is the only parent of every feature.
 * - TAN: the maximum spanning tree of the features under conditional mutual
 *   information given the class, oriented away from a root feature, plus the
 *   class as a parent of every feature.
 * Pair tables are counted in one batch; the spanning tree is Prim's
 * algorithm on the dense weight matrix (O(n^2)), ties to the lower index.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import type { DataSource } from '@chainrule/data'
import { openCounter, type Counting, type FamilyCounter, type CountingReport } from './counting.js'
import type { StructureError } from './errors.js'
import { dagOf } from './named-dag.js'

/** Options of the tree learners. */
export interface TreeOptions {
  /** The variable the tree hangs from (default: the first variable, or for TAN the first feature). */
  readonly root?: string
  readonly counting?: Counting
}

/** A learned tree-shaped structure. */
export interface TreeResult extends CountingReport {
  readonly dag: Dag
  /** Total (conditional) mutual information of the tree's edges, in nats; 0 for naive Bayes. */
  readonly weight: number
}

/** Mutual information (nats) of the last two columns given the others, from a table laid out (Z..., X, Y). */
export const conditionalMutualInformation = (table: ArrayLike<number>, cardX: number, cardY: number): number => {
  const block = cardX * cardY
  let total = 0
  for (let i = 0; i < table.length; i++) total += table[i]!
  if (total === 0) return 0
  let mi = 0
  const rowSums = new Float64Array(cardX)
  const columnSums = new Float64Array(cardY)
  for (let at = 0; at < table.length; at += block) {
    rowSums.fill(0)
    columnSums.fill(0)
    let stratum = 0
    for (let x = 0; x < cardX; x++)
      for (let y = 0; y < cardY; y++) {
        const o = table[at + x * cardY + y]!
        rowSums[x]! += o
        columnSums[y]! += o
        stratum += o
      }
    for (let x = 0; x < cardX; x++)
      for (let y = 0; y < cardY; y++) {
        const o = table[at + x * cardY + y]!
        if (o > 0) mi += (o / total) * Math.log((o * stratum) / (rowSums[x]! * columnSums[y]!))
      }
  }
  return Math.max(0, mi)
}

/** Prim's maximum spanning tree over `nodes`, oriented away from `root`: the parent of each node (-1 for the root). */
const maximumSpanningTree = (nodes: readonly number[], weight: (a: number, b: number) => number, root: number): { parent: Map<number, number>; total: number } => {
  const parent = new Map<number, number>([[root, -1]])
  const best = new Map<number, { w: number; from: number }>()
  for (const v of nodes) if (v !== root) best.set(v, { w: weight(root, v), from: root })
  let total = 0
  while (best.size > 0) {
    let pick = -1
    let pickW = Number.NEGATIVE_INFINITY
    for (const [v, { w }] of best) if (w > pickW || (w === pickW && v < pick)) [pick, pickW] = [v, w]
    const from = best.get(pick)!.from
    best.delete(pick)
    parent.set(pick, from)
    total += pickW
    for (const [v, entry] of best) {
      const w = weight(pick, v)
      if (w > entry.w) best.set(v, { w, from: pick })
    }
  }
  return { parent, total }
}

const rootIndex = (variables: readonly string[], root: string | undefined, fallback: number): E.Either<StructureError, number> => {
  if (root === undefined) return E.right(fallback)
  const at = variables.indexOf(root)
  return at < 0 ? E.left({ _tag: 'UnknownVariable', variable: root, where: 'root' }) : E.right(at)
}

const resultOf = (counter: FamilyCounter, dag: Dag, weight: number): TreeResult => ({
  dag,
  weight,
  rows: counter.rows,
  droppedRows: counter.droppedRows,
  missing: 'complete-case',
  counting: counter.description,
  tablesCounted: counter.work.tables,
  cellsCounted: counter.work.cells,
})

/** The tree over `features` (given `given` columns), as parent lists over all variables. */
const treeOver = async (
  counter: FamilyCounter,
  features: readonly number[],
  given: readonly number[],
  root: number,
): Promise<E.Either<StructureError, { parents: number[][]; total: number }>> => {
  const n = counter.variables.length
  const pairs: [number, number][] = []
  for (let i = 0; i < features.length; i++) for (let j = i + 1; j < features.length; j++) pairs.push([features[i]!, features[j]!])
  const tables = await counter.countTables(pairs.map(([a, b]) => [...given, a, b]))
  if (E.isLeft(tables)) return tables
  const weights = new Float64Array(n * n)
  pairs.forEach(([a, b], k) => {
    weights[a * n + b] = weights[b * n + a] = conditionalMutualInformation(tables.right[k]!, counter.cards[a]!, counter.cards[b]!)
  })
  const { parent, total } = maximumSpanningTree(features, (a, b) => weights[a * n + b]!, root)
  const parents: number[][] = Array.from({ length: n }, () => [])
  for (const [v, p] of parent) if (p >= 0) parents[v]!.push(p)
  return E.right({ parents, total })
}

/**
 * The Chow-Liu tree: the maximum mutual-information spanning tree, oriented away from `root`.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { chowLiu } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const a = Uint8Array.from({ length: 100 }, (_, r) => r % 2)
 * const b = Uint8Array.from(a, (x, r) => (r % 10 === 0 ? 1 - x : x))
 * const c = Uint8Array.from(b, (x, r) => (r % 7 === 0 ? 1 - x : x))
 * const ds = dataSet({ variables: ['a', 'b', 'c'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [a, b, c] })
 * if (E.isRight(ds)) {
 *   const tree = await chowLiu(memorySource(ds.right), { root: 'a' })
 *   if (E.isRight(tree)) tree.right.dag.parentIds // => [[], [0], [1]]
 * }
 * ```
 */
export const chowLiu = async (source: DataSource, options: TreeOptions = {}): Promise<E.Either<StructureError, TreeResult>> => {
  const root = rootIndex(source.variables, options.root, 0)
  if (E.isLeft(root)) return root
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  const all = source.variables.map((_, v) => v)
  const tree = await treeOver(counter.right, all, [], root.right)
  if (E.isLeft(tree)) return tree
  const dag = dagOf(source.variables, tree.right.parents)
  return E.isLeft(dag) ? dag : E.right(resultOf(counter.right, dag.right, tree.right.total))
}

const classIndex = (variables: readonly string[], classVariable: string): E.Either<StructureError, number> => {
  const at = variables.indexOf(classVariable)
  return at < 0 ? E.left({ _tag: 'UnknownVariable', variable: classVariable, where: 'class variable' }) : E.right(at)
}

/**
 * Naive Bayes: the class variable is the one parent of every other variable.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { naiveBayes } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['y', 'x1', 'x2'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1), Uint8Array.of(0, 1), Uint8Array.of(1, 1)] })
 * if (E.isRight(ds)) {
 *   const nb = await naiveBayes(memorySource(ds.right), 'y')
 *   if (E.isRight(nb)) nb.right.dag.parentIds // => [[], [0], [0]]
 * }
 * ```
 */
export const naiveBayes = async (source: DataSource, classVariable: string, options: Pick<TreeOptions, 'counting'> = {}): Promise<E.Either<StructureError, TreeResult>> => {
  const c = classIndex(source.variables, classVariable)
  if (E.isLeft(c)) return c
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  const dag = dagOf(source.variables, source.variables.map((_, v) => (v === c.right ? [] : [c.right])))
  return E.isLeft(dag) ? dag : E.right(resultOf(counter.right, dag.right, 0))
}

/**
 * Tree-augmented naive Bayes: a Chow-Liu tree of the features under
 * conditional mutual information given the class, plus the class as a parent
 * of every feature.
 *
 * @example
 * ```ts
 * import { dataSet, memorySource } from '@chainrule/data'
 * import { tan } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const y = Uint8Array.from({ length: 200 }, (_, r) => r % 2)
 * const x1 = Uint8Array.from({ length: 200 }, (_, r) => (r >> 1) % 2)
 * const x2 = Uint8Array.from(x1, (x, r) => x ^ y[r]!)
 * const ds = dataSet({ variables: ['y', 'x1', 'x2'], states: [['0', '1'], ['0', '1'], ['0', '1']], columns: [y, x1, x2] })
 * if (E.isRight(ds)) {
 *   const model = await tan(memorySource(ds.right), 'y')
 *   if (E.isRight(model)) model.right.dag.parentIds // => [[], [0], [0, 1]]
 * }
 * ```
 */
export const tan = async (source: DataSource, classVariable: string, options: TreeOptions = {}): Promise<E.Either<StructureError, TreeResult>> => {
  const c = classIndex(source.variables, classVariable)
  if (E.isLeft(c)) return c
  const features = source.variables.map((_, v) => v).filter((v) => v !== c.right)
  const root = rootIndex(source.variables, options.root, features[0] ?? c.right)
  if (E.isLeft(root)) return root
  if (root.right === c.right) return E.left({ _tag: 'InvalidOption', option: 'root', value: classVariable, reason: 'the root of a TAN tree is a feature, not the class' })
  const counter = await openCounter(source, options.counting)
  if (E.isLeft(counter)) return counter
  const tree = features.length === 0 ? E.right({ parents: [[]], total: 0 }) : await treeOver(counter.right, features, [c.right], root.right)
  if (E.isLeft(tree)) return tree
  const parents = tree.right.parents.map((ps, v) => (v === c.right ? [] : [c.right, ...ps]))
  const dag = dagOf(source.variables, parents)
  return E.isLeft(dag) ? dag : E.right(resultOf(counter.right, dag.right, tree.right.total))
}
