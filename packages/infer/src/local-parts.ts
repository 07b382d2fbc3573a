/**
 * A candidate part of a question: some of its tables, reduced by the observed
 * states, on local variable ids, and the triangulation that sizes it. Shared
 * by the cover's planning (`cover-plan.ts`) and its compilation
 * (`relevant-trees.ts`); reductions and sizes are computed once per question
 * object.
 */
import { eliminateFrom, eliminationEntries, type EliminationStrategy, type Triangulation } from '@chainrule/factor'
import type { DenseTable } from './compile-tables.js'
import { flatMoralNeighbours } from './moral-graph.js'
import { reductionOf, type QuestionTables, type Reduction } from './question-tables.js'

/** The model as this module sees it. */
export interface RelevantModel {
  readonly cards: readonly number[]
  readonly isBayesianNetwork: boolean
  readonly memoryBudgetBytes: number
  /**
   * The whole tree's elimination order (every variable) and entries: a part
   * triangulated along the order restricted to its variables is never larger
   * than the whole tree, which is how a part larger than it is re-triangulated.
   */
  readonly whole?: { readonly order: readonly number[]; readonly entries: number }
  /** One tree over the ancestral closure answers when it has at most this many entries (default 2^20 entries). */
  readonly splitAbove?: number
}

/** The heuristic that sizes candidate parts (fast, and consistent between candidates). */
const sizing: EliminationStrategy = { kind: 'minWeight' }

/** Tables and variables of a candidate part, reduced by the observed states, on local ids. */
export interface LocalPart {
  readonly cards: number[]
  readonly tables: DenseTable[]
  readonly globalOf: number[]
  /** How many of the variables are in some table (local ids below it); the `extra` ones come after. */
  readonly inTables: number
  readonly reductions: Reduction[]
}

/** The part's variables and tables on local ids, every table reduced by the observed states (and `extra` variables added). */
export const localPart = (model: RelevantModel, question: QuestionTables, kept: readonly number[], extra: readonly number[]): LocalPart => {
  const globalOf: number[] = []
  const localOf = new Map<number, number>()
  const add = (v: number): void => {
    if (!localOf.has(v)) {
      localOf.set(v, globalOf.length)
      globalOf.push(v)
    }
  }
  const reductions = kept.map((t) => reductionFor(model, question, t))
  for (const r of reductions) r.scope.forEach(add)
  const inTables = globalOf.length
  extra.forEach(add)
  return {
    cards: globalOf.map((v) => model.cards[v]!),
    tables: reductions.map((r) => ({ scope: r.scope.map((v) => localOf.get(v)!), values: [] })),
    globalOf,
    inTables,
    reductions,
  }
}

/** Table t's reduction by the question's observed states, computed once per question object. */
const reductionsByQuestion = new WeakMap<QuestionTables, Reduction[]>()
export const reductionFor = (model: RelevantModel, question: QuestionTables, t: number): Reduction => {
  let reductions = reductionsByQuestion.get(question)
  if (reductions === undefined) reductionsByQuestion.set(question, (reductions = []))
  return (reductions[t] ??= reductionOf(question.tables[t]!.scope, model.cards, question.observed))
}

/**
 * A part's entries by the sizing triangulation (on the local ids of `localPart` without extra
 * variables), once per question object: planning sizes hundreds of candidates and keeps only their
 * sizes. With `stopAbove`, sizing stops as soon as the part is known to exceed it and the answer is
 * Infinity (a candidate that cannot win costs part of a triangulation, and is not remembered).
 */
const entriesByQuestion = new WeakMap<QuestionTables, Map<string, number>>()
export const partEntries = (model: RelevantModel, question: QuestionTables, kept: readonly number[], stopAbove = Infinity): number => {
  let sized = entriesByQuestion.get(question)
  if (sized === undefined) entriesByQuestion.set(question, (sized = new Map()))
  const key = kept.join(',')
  let entries = sized.get(key)
  if (entries === undefined) {
    const { cards, neighbours } = sizingGraph(model, question, kept)
    const total = eliminationEntries(neighbours, cards, sizing, stopAbove)
    if (total === undefined) return Infinity
    sized.set(key, (entries = total))
  }
  return entries <= stopAbove ? entries : Infinity
}

/** The sizing triangulation of a part (the one {@link partEntries} sized), with its junction tree, for compiling the part. */
export const sizedPart = (model: RelevantModel, question: QuestionTables, kept: readonly number[]): Triangulation => {
  const { cards, neighbours } = sizingGraph(model, question, kept)
  return eliminateFrom(neighbours, cards, sizing)!
}

/** Per global variable, its local id while a sizing graph is built (-1 otherwise); the kept tables' scopes in local ids. Kept between calls. */
let localIds = new Int32Array(0)
let scopeVariables = new Int32Array(0)
let scopeStarts = new Int32Array(0)
/** The sizing graphs' adjacency lists, refilled for each candidate (each triangulation empties them). */
const sizingLists: number[][] = []

/**
 * The moral graph of a part on the local ids of {@link localPart} (without extra variables), from the
 * tables' scopes less their observed variables: sizing runs for many candidate parts, so it makes no
 * reductions, no maps and no array per table.
 */
const sizingGraph = (model: RelevantModel, question: QuestionTables, kept: readonly number[]): { cards: number[]; neighbours: number[][] } => {
  const { observed, tables } = question
  if (localIds.length < model.cards.length) localIds = new Int32Array(model.cards.length).fill(-1)
  let memberships = 0
  for (let c = 0; c < kept.length; c++) memberships += tables[kept[c]!]!.scope.length
  if (scopeVariables.length < memberships) scopeVariables = new Int32Array(2 * memberships)
  if (scopeStarts.length < kept.length + 1) scopeStarts = new Int32Array(2 * kept.length + 1)
  const globalOf: number[] = []
  let k = 0
  scopeStarts[0] = 0
  for (let c = 0; c < kept.length; c++) {
    const scope = tables[kept[c]!]!.scope
    for (let i = 0; i < scope.length; i++) {
      const v = scope[i]!
      if (observed[v]! >= 0) continue
      let l = localIds[v]!
      if (l < 0) {
        l = localIds[v] = globalOf.length
        globalOf.push(v)
      }
      scopeVariables[k++] = l
    }
    scopeStarts[c + 1] = k
  }
  const cards = new Array<number>(globalOf.length)
  for (let l = 0; l < globalOf.length; l++) {
    cards[l] = model.cards[globalOf[l]!]!
    localIds[globalOf[l]!] = -1
  }
  return { cards, neighbours: flatMoralNeighbours(globalOf.length, { variables: scopeVariables, starts: scopeStarts, count: kept.length }, sizingLists) }
}
