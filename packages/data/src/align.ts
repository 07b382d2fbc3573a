/**
 * Put a data set in a model's terms: one column per variable of a `Domain`
 * (a network's `domain`), in the domain's id order, with state indices of the
 * domain. Columns are matched by variable name and states by state name, so
 * a CSV whose states were inferred in order of first appearance lines up with
 * a network that lists them differently. Extra data columns are dropped.
 *
 * Columns whose states already match the domain's are shared, not copied.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Domain } from '@chainrule/factor'
import type { DataError } from './errors.js'
import { MAX_STATES, MISSING, type DataSet } from './data-set.js'

const sameStates = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((s, i) => s === b[i])

/**
 * The data's columns for every variable of `domain`, in domain order.
 * `MissingVariable` when a domain variable has no column; `UnknownDataState`
 * when a column uses a state the domain does not list for it.
 *
 * @example
 * ```ts
 * import { alignToDomain, dataSet } from '@chainrule/data'
 * import { domain } from '@chainrule/factor'
 * import { either as E, function as F } from 'fp-ts'
 *
 * // The data met 'no' first; the model lists 'yes' first.
 * const ds = dataSet({ variables: ['rain'], states: [['no', 'yes']], columns: [Uint8Array.of(0, 1, 1)] })
 * const weather = domain([{ name: 'rain', states: ['yes', 'no'] }])
 * if (E.isRight(ds) && E.isRight(weather)) {
 *   const aligned = alignToDomain(ds.right, weather.right)
 *   F.pipe(aligned, E.map((a) => [a.states[0], Array.from(a.columns[0]!)])) // => E.right([['yes', 'no'], [1, 0, 0]])
 * }
 * ```
 */
export const alignToDomain = (ds: DataSet, domain: Domain): E.Either<DataError, DataSet> => {
  const columns: Uint8Array[] = []
  for (const variable of domain.variables) {
    if (variable.states.length > MAX_STATES)
      return E.left({ _tag: 'TooManyStates', variable: variable.name, states: variable.states.length, limit: MAX_STATES })
    const c = ds.variables.indexOf(variable.name)
    if (c < 0) return E.left({ _tag: 'MissingVariable', variable: variable.name })
    const column = ds.columns[c]!
    const dataStates = ds.states[c]!
    if (sameStates(dataStates, variable.states)) {
      columns.push(column)
      continue
    }
    const map = new Uint8Array(256).fill(MISSING)
    for (let s = 0; s < dataStates.length; s++) {
      const target = variable.states.indexOf(dataStates[s]!)
      if (target >= 0) map[s] = target
    }
    const out = new Uint8Array(ds.rows)
    for (let r = 0; r < ds.rows; r++) {
      const s = column[r]!
      const t = map[s]!
      if (t === MISSING && s !== MISSING)
        return E.left({ _tag: 'UnknownDataState', variable: variable.name, state: dataStates[s] ?? `#${s}`, states: variable.states })
      out[r] = t
    }
    columns.push(out)
  }
  return E.right({
    variables: domain.variables.map((v) => v.name),
    states: domain.variables.map((v) => v.states),
    columns,
    rows: ds.rows,
  })
}
