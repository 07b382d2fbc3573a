/**
 * A network's variables found in a data source: which column holds each
 * variable (by name) and how the source's state indices map to the
 * network's (by name). Sources opened with the network's domain line up
 * exactly and nothing is remapped.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MISSING, type DataSource, type RowBatch } from '@chainrule/data'
import type { LearnError } from './errors.js'
import type { TableStructure } from './table-learning.js'

/** Where each network variable is in a source. */
export interface SourceColumns {
  /** Source column of network variable v. */
  readonly column: readonly number[]
  /** `stateMap[v][s]`: network state of source state s of variable v's column (undefined when the source lists the same states). */
  readonly stateMap: readonly (Uint8Array | undefined)[]
}

/**
 * Match a structure's variables to a source's columns and states by name.
 * `MissingVariable` when a variable has no column, `UnknownDataState` when a
 * column lists a state the variable does not have.
 */
export const sourceColumns = (source: Pick<DataSource, 'variables' | 'states' | 'description'>, structure: TableStructure): E.Either<LearnError, SourceColumns> => {
  const column: number[] = []
  const stateMap: (Uint8Array | undefined)[] = []
  for (const variable of structure.domain.variables) {
    const c = source.variables.indexOf(variable.name)
    if (c < 0) return E.left({ _tag: 'Data', error: { _tag: 'MissingVariable', variable: variable.name } })
    column.push(c)
    const states = source.states[c]!
    if (states.length === variable.states.length && states.every((s, k) => s === variable.states[k])) {
      stateMap.push(undefined)
      continue
    }
    const map = new Uint8Array(256).fill(MISSING)
    for (let s = 0; s < states.length; s++) {
      const target = variable.states.indexOf(states[s]!)
      if (target < 0)
        return E.left({ _tag: 'Data', error: { _tag: 'UnknownDataState', variable: variable.name, state: states[s]!, states: variable.states, source: source.description } })
      map[s] = target
    }
    stateMap.push(map)
  }
  return E.right({ column, stateMap })
}

/** A batch's columns in the network's variable order and states (shared when nothing is remapped). */
export const networkColumns = (batch: RowBatch, mapping: SourceColumns): Uint8Array[] =>
  mapping.column.map((c, v) => {
    const map = mapping.stateMap[v]
    const column = batch.columns[c]!
    return map === undefined ? column : Uint8Array.from(column.subarray(0, batch.rows), (s) => map[s]!)
  })
