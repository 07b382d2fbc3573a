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
 *
 * Version 2 adds compact tables, written as the `CompactTable` values of
 * `@chainrule/models` (state indices, flat rows):
 * `{"kind": "noisyMax", "order": [0, 1], "leak": [0.99, 0.01], "parents": [{"distinguished": 0, "probabilities": [0.2, 0.8]}]}`
 * or `{"kind": "deterministic", "states": [0, 1, 1, 1]}`; and `preserved`,
 * what a reader of another format kept uninterpreted (`{"format": "xdsl",
 * "parts": [{"variable": "a", "key": "element", "text": "<property ...>"}]}`),
 * so that a network read from that format and saved as JSON loses nothing.
 */
import { isCompact, type CompactTable, type NetworkSpec, type Preserved } from '@chainrule/models'
import { formatNumber } from './bif-write.js'

/** The `format` field of the JSON form. */
export const JSON_FORMAT = 'chainrule-network'
/**
 * The newest `version` this package writes and reads: 2 adds compact tables
 * and preserved parts. A network without either is written as version 1,
 * which older readers understand.
 */
export const JSON_VERSION = 2

const numbers = (xs: ArrayLike<number>): string => {
  const out: string[] = []
  for (let i = 0; i < xs.length; i++) out.push(formatNumber(xs[i]!))
  return `[${out.join(', ')}]`
}

const compactJson = (t: CompactTable): string => {
  if (t.kind === 'deterministic') return `{"kind": "deterministic", "states": ${numbers(t.states)}}`
  const parents = t.parents.map((p) => `{"distinguished": ${formatNumber(p.distinguished)}, "probabilities": ${numbers(p.probabilities)}}`)
  const order = t.order === undefined ? '' : `, "order": ${numbers(t.order)}`
  return `{"kind": "noisyMax"${order}, "leak": ${numbers(t.leak)}, "parents": [${parents.join(', ')}]}`
}

const preservedJson = (p: Preserved): string => {
  const parts = p.parts.map(
    (part) => `    {${part.variable === undefined ? '' : `"variable": ${JSON.stringify(part.variable)}, `}"key": ${JSON.stringify(part.key)}, "text": ${JSON.stringify(part.text)}}`,
  )
  return `  "preserved": {"format": ${JSON.stringify(p.format)}, "parts": [\n${parts.join(',\n')}\n  ]}`
}

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
    const table = isCompact(v.table) ? compactJson(v.table) : numbers(v.table)
    return `    {"name": ${str(v.name)}, "states": ${list(v.states)}, "parents": ${list(v.parents)}, "table": ${table}}`
  })
  const version = spec.preserved !== undefined || spec.variables.some((v) => isCompact(v.table)) ? JSON_VERSION : 1
  const head = [`  "format": ${str(JSON_FORMAT)}`, `  "version": ${version}`]
  if (spec.name !== undefined) head.push(`  "name": ${str(spec.name)}`)
  const variables = lines.length === 0 ? '  "variables": []' : `  "variables": [\n${lines.join(',\n')}\n  ]`
  return `{\n${[...head, variables, ...(spec.preserved === undefined ? [] : [preservedJson(spec.preserved)])].join(',\n')}\n}\n`
}
