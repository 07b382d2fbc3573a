/**
 * What EM needs from the data, computed once before the first iteration (and
 * shared by every restart): the columns in the structure's order, with one
 * column of missing cells for each latent variable; per family, the counts
 * on rows where the family is fully observed and on rows that are complete
 * (both constant over iterations); and the distinct patterns of the rows with
 * gaps (same cells, same gaps), each propagated once per iteration.
 *
 * A latent variable is a variable of the structure with no column in the
 * data: it goes through exactly the same path as a missing cell. A variable
 * without a column that was not declared latent is an error, so a typo in a
 * column name never silently becomes a hidden variable.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSet } from '@chainrule/data'
import type { LearnError } from './errors.js'
import { countFamily, markMissing } from './counts.js'
import { alignData, cardsOf, type TableStructure } from './table-learning.js'

/** The constant statistics of an EM run. */
export interface EmData {
  readonly columns: readonly Uint8Array[]
  readonly rows: number
  /** Per family: counts on the rows where the family is fully observed. */
  readonly observedCounts: readonly Float64Array[]
  /** Per family: counts on the rows with no missing cell at all. */
  readonly completeCounts: readonly Float64Array[]
  /** 1 for rows with some missing cell. */
  readonly rowMask: Uint8Array
  /** Distinct patterns of the rows with gaps: states (-1 = missing). */
  readonly patternStates: readonly Int32Array[]
  /** A row of each pattern (for error reports) and how many rows share it. */
  readonly patternRow: readonly number[]
  readonly weights: readonly number[]
  /** Per pattern, the families with a gap (their posterior is read after propagation). */
  readonly gappedFamilies: readonly Int32Array[]
}

/**
 * The data with an all-missing column for each latent variable, checked: a
 * latent name must be a variable of the structure, named once, and absent
 * from the data; every other variable of the structure needs a column.
 */
export const withLatentColumns = (data: DataSet, structure: TableStructure, latent: readonly string[]): E.Either<LearnError, DataSet> => {
  const seen = new Set<string>()
  for (const name of latent) {
    const v = structure.dag.nodes.indexOf(name)
    if (v < 0) return E.left({ _tag: 'InvalidOption', option: 'latent', value: name, reason: 'not a variable of the structure' })
    if (seen.has(name)) return E.left({ _tag: 'InvalidOption', option: 'latent', value: name, reason: 'named twice' })
    if (data.variables.includes(name))
      return E.left({ _tag: 'InvalidOption', option: 'latent', value: name, reason: 'the data has a column for it (a latent variable is never observed; leave its cells missing instead)' })
    seen.add(name)
  }
  for (const name of structure.dag.nodes) if (!seen.has(name) && !data.variables.includes(name)) return E.left({ _tag: 'UndeclaredLatent', variable: name })
  if (latent.length === 0) return E.right(data)
  const hidden = latent.map(() => new Uint8Array(data.rows).fill(MISSING))
  return E.right({
    variables: [...data.variables, ...latent],
    states: [...data.states, ...latent.map((name) => structure.domain.variables[structure.dag.nodes.indexOf(name)]!.states)],
    columns: [...data.columns, ...hidden],
    rows: data.rows,
  })
}

/** Align the data (latent columns added) and compute EM's constant statistics. */
export const prepareEmData = (
  data: DataSet,
  structure: TableStructure,
  latent: readonly string[],
  sizes: readonly number[],
): E.Either<LearnError, EmData> => {
  const augmented = withLatentColumns(data, structure, latent)
  if (E.isLeft(augmented)) return augmented
  const aligned = alignData(augmented.right, structure)
  if (E.isLeft(aligned)) return aligned
  const { columns, rows } = aligned.right
  const n = columns.length
  const cards = cardsOf(structure)
  const parentIds = structure.dag.parentIds
  const rowMask = new Uint8Array(rows)
  markMissing(columns, rows, cards.map((_, v) => v), rowMask)
  const index = new Int32Array(rows)
  const familyMask = new Uint8Array(rows)
  const observedCounts: Float64Array[] = []
  const completeCounts: Float64Array[] = []
  for (let v = 0; v < n; v++) {
    familyMask.fill(0)
    markMissing(columns, rows, [...parentIds[v]!, v], familyMask)
    const observed = new Float64Array(sizes[v]!)
    countFamily(columns, rows, parentIds[v]!, v, cards, observed, index, familyMask)
    observedCounts.push(observed)
    const complete = new Float64Array(sizes[v]!)
    countFamily(columns, rows, parentIds[v]!, v, cards, complete, index, rowMask)
    completeCounts.push(complete)
  }
  const patternOf = new Map<string, number>()
  const patternStates: Int32Array[] = []
  const patternRow: number[] = []
  const weights: number[] = []
  const cells = new Array<number>(n)
  for (let r = 0; r < rows; r++) {
    if (rowMask[r] === 0) continue
    for (let v = 0; v < n; v++) cells[v] = columns[v]![r]!
    const key = String.fromCharCode(...cells)
    const p = patternOf.get(key)
    if (p !== undefined) {
      weights[p]!++
      continue
    }
    patternOf.set(key, patternStates.length)
    patternStates.push(Int32Array.from(cells, (s) => (s === MISSING ? -1 : s)))
    patternRow.push(r)
    weights.push(1)
  }
  const gappedFamilies = patternStates.map((states) => {
    const out: number[] = []
    for (let v = 0; v < n; v++) if (states[v]! < 0 || parentIds[v]!.some((p) => states[p]! < 0)) out.push(v)
    return Int32Array.from(out)
  })
  return E.right({ columns, rows, observedCounts, completeCounts, rowMask, patternStates, patternRow, weights, gappedFamilies })
}
