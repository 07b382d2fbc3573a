/**
 * The chainrule JSON network form: a `NetworkSpec` as JSON, tagged with a
 * format name and version so that readers can refuse what they do not know.
 *
 * ```json
 * {
 *   "format": "chainrule-network",
 *   "version": 1,
 *   "name": "asia",
 *   "variables": [
 *     {"name": "asia", "states": ["yes", "no"], "parents": [], "table": [0.01, 0.99]},
 *     {"name": "tub", "states": ["yes", "no"], "parents": ["asia"], "table": [0.05, 0.95, 0.01, 0.99]}
 *   ]
 * }
 * ```
 * `table` has the NetworkSpec layout: one row per parent assignment (last
 * parent fastest), the variable's states within a row. `name` is optional.
 * Numbers are written in JavaScript's shortest round-trip form (`-0` kept).
 */
import type { NetworkSpec } from '@chainrule/models'
import { formatNumber } from './bif-write.js'

/** The `format` field of the JSON form. */
export const JSON_FORMAT = 'chainrule-network'
/** The `version` field this package writes and reads. */
export const JSON_VERSION = 1

/**
 * Write a spec in the chainrule JSON form, one variable per line.
 *
 * @example
 * ```ts
 * import { writeJson } from '@chainrule/io'
 *
 * writeJson({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.5, 0.5] }] }).split('\n')
 * // => ['{', '  "format": "chainrule-network",', '  "version": 1,', '  "variables": [', '    {"name": "a", "states": ["x", "y"], "parents": [], "table": [0.5, 0.5]}', '  ]', '}', '']
 * ```
 */
export const writeJson = (spec: NetworkSpec): string => {
  const str = (x: string): string => JSON.stringify(x)
  const list = (xs: readonly string[]): string => `[${xs.map(str).join(', ')}]`
  const lines = spec.variables.map((v) => {
    const table: string[] = []
    for (let i = 0; i < v.table.length; i++) table.push(formatNumber(v.table[i]!))
    return `    {"name": ${str(v.name)}, "states": ${list(v.states)}, "parents": ${list(v.parents)}, "table": [${table.join(', ')}]}`
  })
  const head = [`  "format": ${str(JSON_FORMAT)}`, `  "version": ${JSON_VERSION}`]
  if (spec.name !== undefined) head.push(`  "name": ${str(spec.name)}`)
  const variables = lines.length === 0 ? '  "variables": []' : `  "variables": [\n${lines.join(',\n')}\n  ]`
  return `{\n${[...head, variables].join(',\n')}\n}\n`
}
