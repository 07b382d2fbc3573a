/**
 * All posterior marginals without the whole junction tree: the variables are
 * covered by junction trees over relevant parts of the model only. For a
 * target X, the requisite tables R (ancestral set of X and the evidence,
 * reduced to X's d-connected component, see `requisiteTables`) give P(X | e)
 * exactly, and so they do for every unobserved variable of R: such a variable
 * lies in the same ancestral set and the same component. So one small tree
 * over R answers for all of R's variables at once. Targets are taken deepest
 * first (largest ancestral sets), so a few trees usually cover everything.
 * Which parts a query needs depends only on which variables are observed, so
 * callers compile a cover once per observation pattern and reuse it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { compileTables, moralNeighbours, type CompiledTree, type DenseTable } from './compile-tables.js'
import type { InferError } from './errors.js'
import { answeredInRange, logEvidence, propagate, readMarginal } from './propagate.js'
import { requisiteTables } from './relevance.js'
import { triangulate, type EliminationStrategy } from '@chainrule/factor'

/** Two cheap heuristics suffice for the small trees of relevant parts. */
const partStrategies: readonly EliminationStrategy[] = [{ kind: 'minFill' }, { kind: 'minWeight' }]

/** The model as this module sees it: cardinalities and tables over dense variable ids. */
export interface RelevantModel {
  readonly cards: readonly number[]
  readonly tables: readonly DenseTable[]
  readonly isBayesianNetwork: boolean
  readonly memoryBudgetBytes: number
}

/** What covering the targets cost: how many trees, and their total cluster entries. */
export interface CoverStats {
  readonly trees: number
  readonly clusterEntries: number
  readonly largestCluster: number
}

/**
 * Longest path from a root to each variable of a Bayesian network (0 for
 * general factors): deeper variables have larger ancestral sets.
 */
export const depthOf = (model: Pick<RelevantModel, 'cards' | 'tables' | 'isBayesianNetwork'>): Int32Array => {
  const n = model.cards.length
  const depth = new Int32Array(n).fill(-1)
  if (!model.isBayesianNetwork) return depth.fill(0)
  const visit = (v: number): number => {
    // Iterative DFS over parents (scopes list the parents before the child).
    const stack = [v]
    while (stack.length > 0) {
      const u = stack[stack.length - 1]!
      const scope = model.tables[u]!.scope
      let ready = true
      let d = 0
      for (let k = 0; k < scope.length - 1; k++) {
        const p = scope[k]!
        if (depth[p]! < 0) {
          ready = false
          stack.push(p)
        } else d = Math.max(d, depth[p]! + 1)
      }
      if (ready) {
        depth[u] = d
        stack.pop()
      }
    }
    return depth[v]!
  }
  for (let v = 0; v < n; v++) if (depth[v]! < 0) visit(v)
  return depth
}

/** One compiled relevant part: its tree, its variables (global ids) and which of them it answers. */
export interface Part {
  readonly tree: CompiledTree
  /** globalOf[local] = global id of the part's local variable. */
  readonly globalOf: Int32Array
  /** Local ids of the targets this part answers. */
  readonly answers: Int32Array
}

/** Compiled parts covering a set of targets for one pattern of observed variables. */
export interface Cover {
  readonly parts: readonly Part[]
  /** The tables log P(e) needs (undefined: a network with nothing observed, P(e) = 1). */
  readonly evidencePart: Omit<Part, 'answers'> | undefined
  /**
   * Unobserved variables in no table at all (only a Markov network has them),
   * with their numbers of states: each multiplies Z(e) by it, and those that
   * are targets are uniform.
   */
  readonly untouched: readonly (readonly [variable: number, card: number, isTarget: boolean])[]
  readonly stats: CoverStats
}

/**
 * Compile the relevant parts covering `targets` when the variables with
 * `states[v] >= 0` are observed (only which are observed matters, not their
 * states, so a cover serves every query with the same observed variables).
 * Returns `undefined` as soon as the parts reach `limitEntries` cluster
 * entries (the caller's alternative is then cheaper), `Left` when a part's
 * tree exceeds the memory budget.
 */
export const coverTargets = (
  model: RelevantModel,
  targets: readonly number[],
  states: ArrayLike<number>,
  depth: ArrayLike<number>,
  limitEntries = Infinity,
): E.Either<InferError, Cover | undefined> => {
  const scopes = model.tables.map((t) => t.scope)
  const inSomeTable = new Uint8Array(model.cards.length)
  for (const scope of scopes) for (const v of scope) inSomeTable[v] = 1
  const pending = new Uint8Array(model.cards.length)
  for (const v of targets) pending[v] = 1
  const untouched: (readonly [number, number, boolean])[] = []
  for (let v = 0; v < model.cards.length; v++)
    if (inSomeTable[v] === 0 && states[v]! < 0) {
      untouched.push([v, model.cards[v]!, pending[v] === 1])
      pending[v] = 0
    }
  const queue = [...targets].sort((a, b) => depth[b]! - depth[a]! || a - b)
  const parts: Part[] = []
  let clusterEntries = 0
  let largestCluster = 0
  // Each target's requisite set is asked for once per earlier target it might join: computed once.
  const requisiteOf = new Map<number, number[]>()
  const requisite = (v: number): number[] => {
    let kept = requisiteOf.get(v)
    if (kept === undefined) requisiteOf.set(v, (kept = requisiteTables(scopes, model.isBayesianNetwork, [v], states)))
    return kept
  }
  const aloneEntries = new Map<number, number>()
  const entriesAlone = (v: number, kept: readonly number[]): number => {
    let entries = aloneEntries.get(v)
    if (entries === undefined) aloneEntries.set(v, (entries = partEntries(model, kept)))
    return entries
  }
  for (let q = 0; q < queue.length; q++) {
    const target = queue[q]!
    if (pending[target] === 0) continue
    // A union of requisite sets answers each of its targets exactly (the
    // extra tables are barren or disconnected for each of them), so another
    // target joins this part when the joint tree is smaller than the two apart.
    let kept = requisite(target)
    let entries = entriesAlone(target, kept)
    const covers = new Set<number>()
    for (const t of kept) for (const v of scopes[t]!) covers.add(v)
    for (let r = q + 1; r < queue.length; r++) {
      const other = queue[r]!
      if (pending[other] === 0 || covers.has(other)) continue
      const own = requisite(other)
      const keptSet = new Set(kept)
      const extra = own.filter((t) => !keptSet.has(t))
      // Only parts that overlap much can merge into something smaller.
      if (2 * extra.length > own.length) continue
      const union = [...kept, ...extra]
      const joint = partEntries(model, union)
      if (joint >= entries + entriesAlone(other, own)) continue
      kept = union
      entries = joint
      for (const t of extra) for (const v of scopes[t]!) covers.add(v)
    }
    const part = compilePart(model, kept)
    if (E.isLeft(part)) return part
    const { tree, globalOf } = part.right
    clusterEntries += tree.plan.clusterEntries
    if (clusterEntries >= limitEntries) return E.right(undefined)
    largestCluster = Math.max(largestCluster, tree.plan.largestCluster.entries)
    // Every unobserved pending variable of the part is answered by it.
    const answers: number[] = []
    globalOf.forEach((v, local) => {
      if (pending[v] === 1 && states[v]! < 0) {
        answers.push(local)
        pending[v] = 0
      }
    })
    parts.push({ tree, globalOf, answers: Int32Array.from(answers) })
  }
  // The part P(e) needs: in a network, the ancestral set of the evidence.
  const observed: number[] = []
  for (let v = 0; v < model.cards.length; v++) if (states[v]! >= 0) observed.push(v)
  let evidencePart: Omit<Part, 'answers'> | undefined
  if (!model.isBayesianNetwork || observed.length > 0) {
    const none = new Int32Array(model.cards.length).fill(-1)
    const kept = model.isBayesianNetwork ? requisiteTables(scopes, true, observed, none) : scopes.map((_, t) => t)
    const part = compilePart(model, kept)
    if (E.isLeft(part)) return part
    evidencePart = part.right
  }
  return E.right({ parts, evidencePart, untouched, stats: { trees: parts.length, clusterEntries, largestCluster } })
}

/** Local variable ids and tables of a part. */
const localPart = (model: RelevantModel, kept: readonly number[]): { cards: number[]; tables: DenseTable[]; globalOf: number[] } => {
  const globalOf: number[] = []
  const localOf = new Map<number, number>()
  for (const t of kept)
    for (const v of model.tables[t]!.scope)
      if (!localOf.has(v)) {
        localOf.set(v, globalOf.length)
        globalOf.push(v)
      }
  return {
    cards: globalOf.map((v) => model.cards[v]!),
    tables: kept.map((t) => ({ scope: model.tables[t]!.scope.map((v) => localOf.get(v)!), values: model.tables[t]!.values })),
    globalOf,
  }
}

/** Cluster entries of a part's junction tree (min-fill), triangulated without building it. */
const partEntries = (model: RelevantModel, kept: readonly number[]): number => {
  const { cards, tables } = localPart(model, kept)
  return triangulate(moralNeighbours(cards.length, tables), cards, { kind: 'minFill' })!.totalEntries
}

/** A junction tree over some of the model's tables, on local variable ids. */
const compilePart = (model: RelevantModel, kept: readonly number[]): E.Either<InferError, Omit<Part, 'answers'>> => {
  const { cards, tables, globalOf } = localPart(model, kept)
  const tree = compileTables(cards, tables, { strategies: partStrategies, memoryBudgetBytes: model.memoryBudgetBytes, keepPriorCollection: false })
  return E.map((compiled: CompiledTree) => ({ tree: compiled, globalOf: Int32Array.from(globalOf) }))(tree)
}

/**
 * Answer a cover for the observed states: P(v | e) of each covered target
 * into `out[v]`; returns log P(e), -Infinity when the evidence has probability
 * zero, undefined when some product left the range of doubles (see
 * `answeredInRange`).
 */
export const answerCover = (cover: Cover, states: ArrayLike<number>, out: (Float64Array | undefined)[]): number | undefined => {
  let logPEvidence = 0
  for (const [v, card, isTarget] of cover.untouched) {
    logPEvidence += Math.log(card)
    if (isTarget) out[v] = new Float64Array(card).fill(1 / card)
  }
  if (cover.evidencePart !== undefined) {
    const { tree, globalOf } = cover.evidencePart
    const logPe = logEvidence(tree, { states: Int32Array.from(globalOf, (v) => states[v]!) })
    if (!answeredInRange(tree)) return undefined
    if (logPe === -Infinity) return -Infinity
    logPEvidence += logPe
  }
  for (const { tree, globalOf, answers } of cover.parts) {
    const local = Int32Array.from(globalOf, (v) => states[v]!)
    const logPe = propagate(tree, { states: local })
    if (!answeredInRange(tree)) return undefined
    if (logPe === -Infinity) return -Infinity
    for (const l of answers) {
      const p = new Float64Array(tree.cards[l]!)
      readMarginal(tree, l, p)
      out[globalOf[l]!] = p
    }
  }
  return logPEvidence
}
