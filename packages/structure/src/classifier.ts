/**
 * Classification with a Bayesian network (naive Bayes, TAN or any other):
 * the predicted class of a row is the state c maximising
 * P(class = c | every other variable), which for a row with every feature
 * observed is proportional to the product of the tables that mention the
 * class: its own, and those of its children (exact, no inference needed).
 * Rows with a missing feature are left out and counted (complete-case).
 * Data columns are matched to the network's variables by name and states by
 * name (`alignToDomain` of `@chainrule/data`).
 */
import * as E from 'fp-ts/lib/Either.js'
import { alignToDomain, MISSING, type DataSet } from '@chainrule/data'
import type { BayesianNetwork } from '@chainrule/models'
import type { StructureError } from './errors.js'

/** Predictions for each row: the class state index, or -1 where a feature was missing. */
export interface Predictions {
  readonly predicted: Int32Array
  /** Rows left out because a feature was missing. */
  readonly skipped: number
}

/** Accuracy on held-out rows with a known class. */
export interface Accuracy {
  readonly correct: number
  /** Rows scored (complete features and a known class). */
  readonly rows: number
  readonly skipped: number
  readonly accuracy: number
}

/**
 * The most probable class of every row.
 *
 * @example
 * ```ts
 * import { dataSet } from '@chainrule/data'
 * import { defineNetwork } from '@chainrule/models'
 * import { classify } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const nb = defineNetwork({
 *   states: { spam: ['no', 'yes'], link: ['no', 'yes'] },
 *   parents: { link: ['spam'] },
 *   tables: { spam: [0.7, 0.3], link: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * const rows = dataSet({ variables: ['spam', 'link'], states: [['no', 'yes'], ['no', 'yes']], columns: [Uint8Array.of(0, 1), Uint8Array.of(0, 1)] })
 * if (E.isRight(nb) && E.isRight(rows)) {
 *   const p = classify(nb.right, 'spam', rows.right)
 *   if (E.isRight(p)) Array.from(p.right.predicted) // => [0, 1]
 * }
 * ```
 */
export const classify = (network: BayesianNetwork, classVariable: string, data: DataSet): E.Either<StructureError, Predictions> => {
  const c = network.domain.byName.get(classVariable)
  if (c === undefined) return E.left({ _tag: 'UnknownVariable', variable: classVariable, where: 'class variable' })
  const aligned = alignToDomain(data, network.domain)
  if (E.isLeft(aligned)) return E.left({ _tag: 'DataError', error: aligned.left })
  const { columns, rows } = aligned.right
  const n = network.dag.nodes.length
  const card = network.domain.variables[c]!.states.length
  const families = [c, ...network.dag.childIds[c]!]
  const predicted = new Int32Array(rows).fill(-1)
  const logPosterior = new Float64Array(card)
  let skipped = 0
  for (let r = 0; r < rows; r++) {
    let complete = true
    for (let v = 0; v < n && complete; v++) if (v !== c && columns[v]![r] === MISSING) complete = false
    if (!complete) {
      skipped++
      continue
    }
    for (let k = 0; k < card; k++) {
      let lp = 0
      for (const v of families) {
        const cpt = network.cpts[v]!
        let offset = 0
        for (let i = 0; i < cpt.scope.length; i++) {
          const w = cpt.scope[i]!
          offset += (w === c ? k : columns[w]![r]!) * cpt.strides[i]!
        }
        lp += Math.log(cpt.values[offset]!)
      }
      logPosterior[k] = lp
    }
    let best = 0
    for (let k = 1; k < card; k++) if (logPosterior[k]! > logPosterior[best]!) best = k
    predicted[r] = best
  }
  return E.right({ predicted, skipped })
}

/**
 * The share of rows whose class is predicted right, on rows with every
 * feature and the class observed.
 *
 * @example
 * ```ts
 * import { dataSet } from '@chainrule/data'
 * import { defineNetwork } from '@chainrule/models'
 * import { accuracy } from '@chainrule/structure'
 * import { either as E } from 'fp-ts'
 * const nb = defineNetwork({
 *   states: { spam: ['no', 'yes'], link: ['no', 'yes'] },
 *   parents: { link: ['spam'] },
 *   tables: { spam: [0.7, 0.3], link: { no: [0.9, 0.1], yes: [0.2, 0.8] } },
 * })
 * // Three rows: link predicts spam in the first two; the third is spam without a link.
 * const rows = dataSet({ variables: ['spam', 'link'], states: [['no', 'yes'], ['no', 'yes']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, 0)] })
 * if (E.isRight(nb) && E.isRight(rows)) {
 *   const a = accuracy(nb.right, 'spam', rows.right)
 *   if (E.isRight(a)) [a.right.correct, a.right.rows] // => [2, 3]
 * }
 * ```
 */
export const accuracy = (network: BayesianNetwork, classVariable: string, data: DataSet): E.Either<StructureError, Accuracy> => {
  const predictions = classify(network, classVariable, data)
  if (E.isLeft(predictions)) return predictions
  const aligned = alignToDomain(data, network.domain)
  if (E.isLeft(aligned)) return E.left({ _tag: 'DataError', error: aligned.left })
  const truth = aligned.right.columns[network.domain.byName.get(classVariable)!]!
  let correct = 0
  let rows = 0
  let skipped = predictions.right.skipped
  predictions.right.predicted.forEach((p, r) => {
    if (p < 0) return
    if (truth[r] === MISSING) {
      skipped++
      return
    }
    rows++
    if (truth[r] === p) correct++
  })
  return E.right({ correct, rows, skipped, accuracy: rows === 0 ? 0 : correct / rows })
}
