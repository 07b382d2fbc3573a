/**
 * Opening a SQL relation as a data source: its columns, and which of them
 * are the variables with which states. With a model's `Domain`, variables
 * and states are the model's (columns matched by name, other columns
 * ignored, names checked lazily by every query). Without one, every column
 * is a variable and its states are discovered in one scan, sorted (numbers
 * numerically): a database has no order of first appearance.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import { MAX_STATES } from '../data-set.js'
import type { DataError } from '../errors.js'
import type { DataSource } from '../source.js'
import type { SqlEngine } from './engine.js'
import { cellsOf } from './layout.js'
import { sqlSource } from './sql-source.js'

/** Natural order of discovered state names: numerically when every name is a number. */
export const sortStates = (names: readonly string[]): string[] =>
  names.every((s) => s.trim() !== '' && Number.isFinite(Number(s)))
    ? [...names].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/**
 * A data source over `relation` of `engine` (the engine is closed with the
 * source; on error the caller still owns it).
 */
export const openSqlSource = async (engine: SqlEngine, relation: string, domain?: Domain): Promise<E.Either<DataError, DataSource>> => {
  const described = await engine.rows(engine.dialect.describe(relation))
  if (E.isLeft(described)) return described
  const names = described.right.map((row) => String(row[0]))
  if (domain !== undefined) {
    for (const v of domain.variables) {
      if (!names.includes(v.name)) return E.left({ _tag: 'MissingVariable', variable: v.name })
      if (v.states.length > MAX_STATES) return E.left({ _tag: 'TooManyStates', variable: v.name, states: v.states.length, limit: MAX_STATES })
    }
    const variables = domain.variables.map((v) => v.name)
    return E.right(sqlSource({ engine, relation, columns: variables, variables, states: domain.variables.map((v) => v.states) }))
  }
  const probe = { engine, relation, columns: names, variables: names, states: [] }
  const all = names.map((_, v) => v)
  const found = await engine.rows(`SELECT ${all.map((v) => engine.dialect.distinct(`c${v}`, MAX_STATES + 1)).join(', ')} FROM ${cellsOf(probe, all)}`)
  if (E.isLeft(found)) return found
  const states: string[][] = []
  for (const v of all) {
    const values = ((found.right[0]?.[v] ?? []) as unknown[]).filter((x) => x !== null && x !== '')
    if (values.length > MAX_STATES) return E.left({ _tag: 'TooManyStates', variable: names[v]!, states: values.length, limit: MAX_STATES })
    states.push(sortStates(values.map(String)))
  }
  return E.right(sqlSource({ engine, relation, columns: names, variables: names, states }))
}
