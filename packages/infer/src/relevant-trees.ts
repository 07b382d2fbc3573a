/**
 * All posterior marginals without the whole junction tree: junction trees
 * over the evidence-reduced relevant parts of the model. Every table is first
 * reduced by the observed states (observed variables leave the graph), barren
 * and d-separated tables are dropped (`relevance.ts`), and what remains is
 * triangulated. For a target X the requisite tables give P(X | e) exactly,
 * and so they do for every unobserved variable among them, so one tree over
 * them answers for all of its variables at once.
 *
 * A cover is either one tree over the ancestral closure of the targets and
 * the evidence (which also gives log P(e)), or, when that tree is large,
 * several trees over merged requisite sets (deepest targets first, merging
 * two when their joint tree is smaller than the two apart) with a tree for
 * log P(e): whichever holds fewer entries. Every tree is triangulated with the
 * whole tree's elimination order among its candidates, so no part is ever
 * larger than the whole tree with the evidence absorbed. Trees depend only on
 * which variables are observed (not on their states): a cover is compiled once
 * per pattern and answers each question by re-reducing the tables that touch
 * observed or intervened variables.
 */
import * as E from 'fp-ts/lib/Either.js'
import { compilePlanned, planTriangulated, scratchEntries, withInitialTables, type CompiledTree, type DenseTable } from './compile-tables.js'
import { moralNeighbours } from './moral-graph.js'
import { planCover, type CoverPlan } from './cover-plan.js'
import { localPart, partEntries, sizedPart, type LocalPart, type RelevantModel } from './local-parts.js'
import type { InferError } from './errors.js'
import { answeredInRange, logEvidence, propagate, readMarginal, type DenseEvidence } from './propagate.js'
import { reduceValues, type QuestionTables, type Reduction } from './question-tables.js'
import { eliminateFrom, type Triangulation } from '@chainrule/factor'

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
export const depthOf = (model: { readonly cards: readonly number[]; readonly tables: readonly DenseTable[]; readonly isBayesianNetwork: boolean }): Int32Array => {
  const n = model.cards.length
  const depth = new Int32Array(n).fill(-1)
  if (!model.isBayesianNetwork) return depth.fill(0)
  const visit = (v: number): void => {
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
  }
  for (let v = 0; v < n; v++) if (depth[v]! < 0) visit(v)
  return depth
}

/** A table of a part whose numbers depend on the question: reduced by observed states, or intervened. */
interface Varying {
  readonly local: number
  readonly table: number
  readonly reduction: Reduction
  readonly buffer: Float64Array
}

/** One compiled relevant part: its tree, its variables (global ids), which of them it answers, and how its tables follow the question. */
export interface Part {
  readonly tree: CompiledTree
  /** globalOf[local] = global id of the part's local variable. */
  readonly globalOf: Int32Array
  /** Local ids of the targets this part answers. */
  readonly answers: Int32Array
  readonly varying: readonly Varying[]
  /** Local ids of the variables with soft findings. */
  readonly soft: Int32Array
}

/** Compiled parts covering a set of targets for one pattern of questions. */
export interface Cover {
  readonly parts: readonly Part[]
  /**
   * Where log P(e) comes from: `parts[0]` (one tree over the ancestral
   * closure), a tree of its own, or nothing (a network asked without evidence
   * or soft findings: P(e) = 1).
   */
  readonly evidence: { readonly kind: 'first' } | { readonly kind: 'own'; readonly part: Part } | { readonly kind: 'none' }
  /**
   * Unobserved variables in no table at all (only a Markov network has them),
   * with their numbers of states: each multiplies Z(e) by it, and those that
   * are targets are uniform. No part holds them.
   */
  readonly untouched: readonly (readonly [variable: number, card: number, isTarget: boolean])[]
  readonly stats: CoverStats
}

/** Parts run on WebAssembly kernels from this many cluster entries (smaller ones on typed arrays). */
const PART_WEBASSEMBLY_FROM_ENTRIES = 2 ** 18

/** The plan of the cover of `targets` and the unobserved variables in no table (answered uniform, outside every tree). */
export interface TargetsPlan {
  readonly plan: CoverPlan
  readonly untouched: readonly (readonly [number, number, boolean])[]
}

/** Plan the cover of `targets` for the question (see `planCover`), leaving out the variables in no table. */
export const planTargets = (model: RelevantModel, question: QuestionTables, targets: readonly number[], depth: ArrayLike<number>): TargetsPlan => {
  const inSomeTable = new Uint8Array(model.cards.length)
  for (const table of question.tables) for (const v of table.scope) inSomeTable[v] = 1
  const untouched: (readonly [number, number, boolean])[] = []
  const isTarget = new Uint8Array(model.cards.length)
  for (const v of targets) isTarget[v] = 1
  for (let v = 0; v < model.cards.length; v++)
    if (inSomeTable[v] === 0 && question.observed[v]! < 0) untouched.push([v, model.cards[v]!, isTarget[v] === 1])
  const plan = planCover(model, question, untouched.length === 0 ? targets : targets.filter((v) => inSomeTable[v] === 1), depth)
  return { plan, untouched }
}

/**
 * Compile the relevant parts answering `targets` for the question's pattern
 * (which variables are observed, carry soft findings or are intervened).
 * Returns `undefined` when the cover would reach `limitEntries` cluster
 * entries (the caller's alternative is then cheaper), `Left` when a tree
 * exceeds the memory budget.
 */
export const coverTargets = (
  model: RelevantModel,
  question: QuestionTables,
  targets: readonly number[],
  depth: ArrayLike<number>,
  limitEntries = Infinity,
  planned: TargetsPlan = planTargets(model, question, targets, depth),
): E.Either<InferError, Cover | undefined> => {
  const { plan, untouched } = planned
  if (plan.entries >= limitEntries) return E.right(undefined)
  const wanted = new Uint8Array(model.cards.length)
  for (const v of targets) if (question.observed[v]! < 0) wanted[v] = 1
  const prepared = plan.parts.map(({ tables, variables }) => preparePart(model, question, tables, variables))
  const preparedEvidence = Array.isArray(plan.evidence) ? preparePart(model, question, plan.evidence, []) : undefined
  // The parts are answered one after another, so their scratch (working clusters and messages) is one block,
  // as large as the largest part's.
  const shared = [...prepared, ...(preparedEvidence === undefined ? [] : [preparedEvidence])].filter((part) => !part.webAssembly)
  const scratch = new Float64Array(Math.max(0, ...shared.map((part) => scratchEntries(part.planned.plan))))
  const parts: Part[] = []
  let clusterEntries = 0
  let largestCluster = 0
  for (const part of prepared) {
    const built = buildPart(model, question, part, wanted, scratch)
    if (E.isLeft(built)) return built
    clusterEntries += built.right.tree.plan.clusterEntries
    largestCluster = Math.max(largestCluster, built.right.tree.plan.largestCluster.entries)
    parts.push(built.right)
  }
  let evidence: Cover['evidence'] = { kind: plan.evidence === 'first' ? 'first' : 'none' }
  if (preparedEvidence !== undefined) {
    const built = buildPart(model, question, preparedEvidence, new Uint8Array(model.cards.length), scratch)
    if (E.isLeft(built)) return built
    evidence = { kind: 'own', part: built.right }
  }
  return E.right({ parts, evidence, untouched, stats: { trees: parts.length, clusterEntries, largestCluster } })
}

/**
 * The cover with initial cluster tables in each of its trees (see
 * `withInitialTables`): a pattern asked again is likely asked many times, and
 * copying kept tables costs less per question than rebuilding them. The same
 * cover when its trees have them already.
 */
export const settledCover = (cover: Cover): Cover => {
  const rebuilding = (part: Part): boolean => part.tree.rebuilds
  if (!cover.parts.some(rebuilding) && !(cover.evidence.kind === 'own' && rebuilding(cover.evidence.part))) return cover
  const settle = (part: Part): Part => ({ ...part, tree: withInitialTables(part.tree) })
  return { ...cover, parts: cover.parts.map(settle), evidence: cover.evidence.kind === 'own' ? { kind: 'own', part: settle(cover.evidence.part) } : cover.evidence }
}

/** A part planned, before anything is allocated for its tree: its tables reduced, on local variable ids, and its triangulation. */
interface PreparedPart {
  readonly local: LocalPart
  readonly tables: readonly DenseTable[]
  readonly varying: readonly Varying[]
  readonly planned: ReturnType<typeof planTriangulated>
  readonly webAssembly: boolean
}

/** Reduce and triangulate a part over some of the question's tables (every unobserved variable among `variables` gets a cluster). */
const preparePart = (model: RelevantModel, question: QuestionTables, kept: readonly number[], variables: readonly number[]): PreparedPart => {
  const local = localPart(model, question, kept, variables)
  const varying: Varying[] = []
  const tables = local.tables.map((table, l): DenseTable => {
    const t = kept[l]!
    const reduction = local.reductions[l]!
    const values = question.tables[t]!.values
    if (reduction.observedVars.length === 0 && question.intervened[t] === 0) return { scope: table.scope, values }
    const buffer = new Float64Array(reduction.entries)
    varying.push({ local: l, table: t, reduction, buffer })
    return { scope: table.scope, values: Float64Array.from(reduceValues(values, reduction, question.observed, buffer)) }
  })
  // The cheaper of the sizing triangulation and min-fill; variables in no table (added last) are clusters of their own.
  // Min-fill first, up to the sizing triangulation's entries (remembered from planning): it is usually smaller, and
  // then the sizing triangulation's tree is never built.
  const { inTables } = local
  const byFill = eliminateFrom(moralNeighbours(inTables, local.tables), local.cards.slice(0, inTables), { kind: 'minFill' }, { stopAbove: partEntries(model, question, kept) })
  const sized = byFill ?? sizedPart(model, question, kept)
  const lone = local.globalOf.slice(inTables).map((_, k) => [inTables + k])
  let triangulation: Pick<Triangulation, 'cliques' | 'cliqueParent' | 'order' | 'strategy' | 'largestEntries'> = {
    ...sized,
    cliques: [...sized.cliques, ...lone],
    cliqueParent: Int32Array.from([...sized.cliqueParent, ...lone.map(() => -1)]),
    order: [...sized.order, ...lone.map((c) => c[0]!)],
    largestEntries: Math.max(sized.largestEntries, ...lone.map((c) => local.cards[c[0]!]!)),
  }
  if (model.whole !== undefined && sized.totalEntries > model.whole.entries) {
    // Never larger than the whole tree: along the whole tree's order, each cluster lies inside one of its clusters.
    const localOf = new Int32Array(model.cards.length).fill(-1)
    local.globalOf.forEach((v, l) => (localOf[v] = l))
    const order = model.whole.order.filter((v) => localOf[v]! >= 0).map((v) => localOf[v]!)
    triangulation = eliminateFrom(moralNeighbours(local.cards.length, tables), local.cards, { kind: 'order', order })!
  }
  const planned = planTriangulated(local.cards, triangulation, { keepPriorCollection: false })
  // A WebAssembly block costs most of a millisecond to set up: only large parts earn it back.
  return { local, tables, varying, planned, webAssembly: planned.plan.clusterEntries >= PART_WEBASSEMBLY_FROM_ENTRIES }
}

/**
 * The junction tree of a prepared part. With `sharedScratch` (a cover's parts, answered one after another)
 * the tree keeps no tables of its own but its inputs (see `rebuilds`) and carves its scratch from the block.
 */
const buildPart = (
  model: RelevantModel,
  question: QuestionTables,
  { local, tables, varying, planned, webAssembly }: PreparedPart,
  wanted: Uint8Array,
  sharedScratch?: Float64Array,
): E.Either<InferError, Part> => {
  // The part answers every wanted variable it holds (a variable in no table still gets a cluster of its own).
  const answeredHere = (v: number): boolean => wanted[v] === 1
  const tree = compilePlanned(local.cards, tables, planned, {
    memoryBudgetBytes: model.memoryBudgetBytes,
    keepPriorCollection: false,
    webAssembly,
    ...(sharedScratch === undefined ? {} : { sharedScratch }),
  })
  if (E.isLeft(tree)) return tree
  const answers: number[] = []
  const soft: number[] = []
  local.globalOf.forEach((v, l) => {
    if (answeredHere(v)) {
      answers.push(l)
      wanted[v] = 0
    }
    if (question.likelihoods?.[v] !== undefined) soft.push(l)
  })
  return E.right({ tree: tree.right, globalOf: Int32Array.from(local.globalOf), answers: Int32Array.from(answers), varying, soft: Int32Array.from(soft) })
}

/**
 * One evidence-reduced tree over the given tables of the question (every
 * unobserved variable among `variables` gets a cluster even when in no
 * table): what MPE and posterior samples compile when there is no whole tree.
 */
export const compileReduced = (model: RelevantModel, question: QuestionTables, tables: readonly number[], variables: readonly number[]): E.Either<InferError, Part> =>
  buildPart(model, question, preparePart(model, question, tables, variables.filter((v) => question.observed[v]! < 0)), new Uint8Array(model.cards.length))

/** The evidence a part reads for a question: its tables re-reduced (and intervened) as the question says, its soft findings. */
export const partEvidence = (part: Part, question: QuestionTables): DenseEvidence => {
  const { tree, varying, soft, globalOf } = part
  const tables: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(tree.tableValues.length)
  for (const { local, table, reduction, buffer } of varying) tables[local] = reduceValues(question.tables[table]!.values, reduction, question.observed, buffer)
  let likelihoods: (Float64Array | undefined)[] | undefined
  if (soft.length > 0) {
    likelihoods = new Array<Float64Array | undefined>(globalOf.length)
    for (const l of soft) likelihoods[l] = question.likelihoods![globalOf[l]!]
  }
  // Observed variables are reduced away: nothing in the tree is observed.
  return { states: unobserved(globalOf.length), tables, ...(likelihoods === undefined ? {} : { likelihoods }) }
}

/** Propagate (or only collect) a part for the question; log of its total, -Infinity for zero, undefined when out of range. */
const answerPart = (part: Part, question: QuestionTables, collectOnly: boolean): number | undefined => {
  const evidence = partEvidence(part, question)
  const logTotal = collectOnly ? logEvidence(part.tree, evidence) : propagate(part.tree, evidence)
  return answeredInRange(part.tree) ? logTotal : undefined
}

const unobservedCache: Int32Array[] = []
const unobserved = (n: number): Int32Array => (unobservedCache[n] ??= new Int32Array(n).fill(-1))

/**
 * Answer a cover for a question of its pattern: P(v | e) of each covered
 * target into `out[v]`; returns log P(e), -Infinity when the evidence has
 * probability zero, undefined when some product left the range of doubles
 * (see `answeredInRange`).
 */
export const answerCover = (cover: Cover, question: QuestionTables, out: (Float64Array | undefined)[]): number | undefined => {
  if (question.logConstant === -Infinity) return -Infinity
  let untouched = 0
  for (const [v, card, isTarget] of cover.untouched) {
    untouched += Math.log(card)
    if (isTarget) out[v] = new Float64Array(card).fill(1 / card)
  }
  let logPEvidence = 0
  if (cover.evidence.kind === 'own') {
    const logPe = answerPart(cover.evidence.part, question, true)
    if (logPe === undefined || logPe === -Infinity) return logPe
    logPEvidence = logPe
  }
  for (let p = 0; p < cover.parts.length; p++) {
    const { tree, globalOf, answers } = cover.parts[p]!
    const logTotal = answerPart(cover.parts[p]!, question, answers.length === 0)
    if (logTotal === undefined || logTotal === -Infinity) return logTotal
    if (p === 0 && cover.evidence.kind === 'first') logPEvidence = logTotal
    for (const l of answers) {
      const probabilities = new Float64Array(tree.cards[l]!)
      readMarginal(tree, l, probabilities)
      out[globalOf[l]!] = probabilities
    }
  }
  return logPEvidence + untouched + question.logConstant
}
