/**
 * A candidate part of a question: some of its tables, reduced by the observed
 * states, on local variable ids, and the triangulation that sizes it. Shared
 * by the cover's planning (`cover-plan.ts`) and its compilation
 * (`relevant-trees.ts`); reductions and triangulations are computed once per
 * question object.
 */
import { eliminateFrom, type EliminationStrategy, type Triangulation } from '@chainrule/factor'
import { moralNeighbours, type DenseTable } from './compile-tables.js'
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
  extra.forEach(add)
  return {
    cards: globalOf.map((v) => model.cards[v]!),
    tables: reductions.map((r) => ({ scope: r.scope.map((v) => localOf.get(v)!), values: [] })),
    globalOf,
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
 * The sizing triangulation of a part (on the local ids of `localPart` without extra variables), once per question object.
 * With `stopAbove`, sizing stops as soon as the part is known to exceed it and the answer is undefined
 * (a candidate that cannot win costs part of a triangulation, and is not remembered).
 */
const sizedByQuestion = new WeakMap<QuestionTables, Map<string, Triangulation>>()
export function sizedPart(model: RelevantModel, question: QuestionTables, kept: readonly number[]): Triangulation
export function sizedPart(model: RelevantModel, question: QuestionTables, kept: readonly number[], stopAbove: number): Triangulation | undefined
export function sizedPart(model: RelevantModel, question: QuestionTables, kept: readonly number[], stopAbove = Infinity): Triangulation | undefined {
  let sized = sizedByQuestion.get(question)
  if (sized === undefined) sizedByQuestion.set(question, (sized = new Map()))
  const key = kept.join(',')
  let t = sized.get(key)
  if (t === undefined) {
    const { cards, neighbours } = sizingGraph(model, question, kept)
    t = eliminateFrom(neighbours, cards, sizing, { stopAbove })
    if (t !== undefined) sized.set(key, t)
  }
  return t !== undefined && t.totalEntries <= stopAbove ? t : undefined
}

/** Per global variable, its local id while a sizing graph is built (-1 otherwise); kept between calls and reset after each. */
let localIds = new Int32Array(0)

/**
 * The moral graph of a part on the local ids of {@link localPart} (without extra variables), from the
 * tables' scopes less their observed variables: sizing runs for many candidate parts, so it makes no
 * reductions and no maps.
 */
const sizingGraph = (model: RelevantModel, question: QuestionTables, kept: readonly number[]): { cards: number[]; neighbours: number[][] } => {
  const { observed, tables } = question
  if (localIds.length < model.cards.length) localIds = new Int32Array(model.cards.length).fill(-1)
  const globalOf: number[] = []
  const scopes = kept.map((t) => {
    const scope: number[] = []
    for (const v of tables[t]!.scope) {
      if (observed[v]! >= 0) continue
      let l = localIds[v]!
      if (l < 0) {
        l = localIds[v] = globalOf.length
        globalOf.push(v)
      }
      scope.push(l)
    }
    return { scope }
  })
  for (const v of globalOf) localIds[v] = -1
  return { cards: globalOf.map((v) => model.cards[v]!), neighbours: moralNeighbours(globalOf.length, scopes) }
}
