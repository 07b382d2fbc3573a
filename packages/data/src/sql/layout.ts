/**
 * The layers every SQL source query is built from: a relation's columns as
 * text cells (`c{v}`, NULL when missing; raw key columns `k{k}` first), then
 * state indices (`i{v}`: -1 missing, -2 a name the variable does not have).
 * And the typed error for such a name, with its row where the engine scans
 * in the data's order.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from '../errors.js'
import type { SqlEngine } from './engine.js'

/** Where a source's variables live in a relation. */
export interface SqlLayout {
  readonly engine: SqlEngine
  /** The FROM clause: a quoted table name or a table function (`read_parquet('x.parquet')`). */
  readonly relation: string
  /** The relation's column holding each variable. */
  readonly columns: readonly string[]
  readonly variables: readonly string[]
  readonly states: readonly (readonly string[])[]
}

/** `(SELECT cell(col) AS c{v}, ... FROM relation [WHERE ...])`, with extra raw columns first; a missing cell is NULL or empty. */
export const cellsOf = (layout: SqlLayout, variables: readonly number[], where: readonly string[] = [], raw: readonly string[] = []): string => {
  const d = layout.engine.dialect
  const select = [
    ...raw.map((name, k) => `${d.identifier(name)} AS k${k}`),
    ...variables.map((v) => `${d.cell(d.identifier(layout.columns[v]!))} AS c${v}`),
  ]
  const inner = `(SELECT ${select.length === 0 ? '1 AS one' : select.join(', ')} FROM ${layout.relation}) AS cells`
  return where.length === 0 ? inner : `(SELECT * FROM ${inner} WHERE ${where.join(' AND ')}) AS kept`
}

/** `(SELECT k..., stateIndex(c{v}) AS i{v} ... FROM cells)`: rows as state indices. */
export const indicesOf = (layout: SqlLayout, variables: readonly number[], raw: readonly string[] = []): string => {
  const d = layout.engine.dialect
  const select = [...raw.map((_, k) => `k${k}`), ...variables.map((v) => `${d.stateIndex(`c${v}`, layout.states[v]!)} AS i${v}`)]
  return `(SELECT ${select.join(', ')} FROM ${cellsOf(layout, variables, [], raw)}) AS indices`
}

/** The first name that is not a state among `variables`, as a typed error (with its row when the engine scans in order). */
export const unknownStateError = async (layout: SqlLayout, variables: readonly number[]): Promise<DataError> => {
  const { engine } = layout
  for (const v of variables) {
    const found = await engine.rows(`SELECT c${v} FROM ${cellsOf(layout, [v], [`${engine.dialect.stateIndex(`c${v}`, layout.states[v]!)} = -2`])} LIMIT 1`)
    if (E.isLeft(found)) return found.left
    const state = found.right[0]?.[0]
    if (state === undefined || state === null) continue
    const error: DataError = { _tag: 'UnknownDataState', variable: layout.variables[v]!, state: String(state), states: layout.states[v]!, source: engine.description }
    if (!engine.ordered) return error
    let row = 0
    for await (const chunk of engine.stream(`SELECT i${v} FROM ${indicesOf(layout, [v])}`, 0, 1)) {
      if (E.isLeft(chunk)) return chunk.left
      const at = chunk.right.ints[0]!.indexOf(-2)
      if (at >= 0) return { ...error, row: row + at + 1 }
      row += chunk.right.rows
    }
    return error
  }
  return { _tag: 'QueryFailed', source: engine.description, reason: 'a cell is not a state of its variable, but no such cell was found again' }
}

