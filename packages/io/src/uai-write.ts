/**
 * Writer for the UAI model format, BAYES networks
 * (https://uaicompetition.github.io/uci-2022/file-formats/model-format/):
 * one factor per variable, in the spec's variable order, with scope
 * [...parents, variable] and its full table (last scope variable fastest:
 * the NetworkSpec layout as it is).
 *
 * UAI carries numbers only. Lost on the way: the network's name, variable
 * and state names (`readUaiNetwork` names them `x0`, `x1`, ... and `'0'`,
 * `'1'`, ...), compact tables (written as the full tables they stand for),
 * and anything a reader preserved. Kept: the variables' order, their state
 * counts, the parents in order, and every table entry bit for bit (shortest
 * round-trip numbers).
 */
import type { NetworkSpec } from '@chainrule/models'
import { formatNumber } from './bif-write.js'
import { denseTable } from './dense.js'

/**
 * Write a spec as a UAI BAYES model.
 *
 * @example
 * ```ts
 * import { writeUai } from '@chainrule/io'
 * writeUai({ variables: [
 *   { name: 'rain', states: ['no', 'yes'], parents: [], table: [0.8, 0.2] },
 *   { name: 'wet', states: ['no', 'yes'], parents: ['rain'], table: [0.9, 0.1, 0.2, 0.8] },
 * ] })
 * // => 'BAYES\n2\n2 2\n2\n1 0\n2 0 1\n\n2\n0.8 0.2\n\n4\n0.9 0.1 0.2 0.8\n'
 * ```
 */
export const writeUai = (spec: NetworkSpec): string => {
  const index = new Map(spec.variables.map((v, i) => [v.name, i]))
  const out = ['BAYES', String(spec.variables.length), spec.variables.map((v) => v.states.length).join(' '), String(spec.variables.length)]
  spec.variables.forEach((v, i) => {
    const scope = [...v.parents.map((p) => index.get(p)!), i]
    out.push(`${scope.length} ${scope.join(' ')}`)
  })
  for (const v of spec.variables) {
    const table = denseTable(spec, v)
    const values: string[] = []
    for (let k = 0; k < table.length; k++) values.push(formatNumber(table[k]!))
    out.push('', String(table.length), values.join(' '))
  }
  out.push('')
  return out.join('\n')
}
