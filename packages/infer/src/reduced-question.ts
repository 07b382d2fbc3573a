/**
 * Questions that need every variable (the most probable explanation,
 * posterior samples) on an engine whose whole tree was not built: one
 * evidence-reduced tree per question pattern, compiled on first use and kept.
 * MPE needs every table (a barren variable still takes its most probable
 * state); samples need the ancestral closure of what is observed (the rest is
 * drawn forward from its tables afterwards). When that tree would exceed the
 * memory budget, the answer comes from elimination in log space instead
 * (`undefined` here).
 */
import * as E from 'fp-ts/lib/Either.js'
import { relevantModel } from './covers.js'
import type { Engine, EngineState } from './engine.js'
import type { InferError } from './errors.js'
import { patternKey, questionTables, type QuestionTables } from './question-tables.js'
import type { ResolvedQuestion } from './question.js'
import { ancestralTables } from './relevance.js'
import { compileReduced, type Part } from './relevant-trees.js'

/** Reduced trees an engine keeps (least recently used dropped first). */
const KEPT = 8

/**
 * The reduced tree of a question, with the question's tables; undefined when
 * over the budget. `'mpe'`: every table; `'closure'`: the ancestral closure of
 * what is observed and of `targets` (samples, log P(e) of data rows,
 * predictions of one variable per row).
 */
export const reducedTree = (
  engine: Engine,
  state: EngineState,
  question: ResolvedQuestion,
  purpose: 'mpe' | 'closure',
  targets: readonly number[] = [],
): E.Either<InferError, { readonly part: Part; readonly question: QuestionTables } | undefined> => {
  const qt = questionTables(state.cards, state.tables, engine.kind === 'bayesian', question)
  const key = `${purpose}|${patternKey(qt, targets)}`
  let part = state.reduced.get(key)
  if (part === undefined) {
    const every = state.cards.map((_, v) => v)
    const given: number[] = [...targets]
    qt.observed.forEach((s, v) => {
      if (s >= 0) given.push(v)
    })
    qt.likelihoods?.forEach((l, v) => {
      if (l !== undefined) given.push(v)
    })
    const tables = purpose === 'mpe' ? qt.tables.map((_, t) => t) : ancestralTables(qt.tables.map((t) => t.scope), engine.kind === 'bayesian', given)
    const compiled = compileReduced(relevantModel(engine, state), qt, tables, purpose === 'mpe' || engine.kind === 'markov' ? every : targets)
    if (E.isLeft(compiled) && compiled.left._tag !== 'OverBudget') return compiled
    part = E.isLeft(compiled) ? 'over-budget' : compiled.right
  }
  state.reduced.delete(key)
  state.reduced.set(key, part)
  if (state.reduced.size > KEPT) state.reduced.delete(state.reduced.keys().next().value!)
  return E.right(part === 'over-budget' ? undefined : { part, question: qt })
}
