/**
 * Writer for BIF in the layout of the Bayesian network repository: one
 * `variable` block per variable, then one `probability` block per variable
 * with keyed rows `(a, b) p...;` (or `table p...;` for a root), in the spec's
 * variable order. Names that are not plain BIF words are double-quoted with
 * `"` and `\` escaped, so any name reads back unchanged with {@link readBif}.
 * Numbers are written with JavaScript's shortest round-trip form, so values
 * read back bit for bit. BIF has no compact tables: a noisy-MAX or
 * deterministic table is written as the full table it stands for.
 */
import type { NetworkSpec } from '@chainrule/models'
import { BIF_CLASSES } from './bif-read.js'
import { denseTable } from './dense.js'

/** A name as BIF text: bare when it is one BIF word, quoted otherwise. */
export const bifName = (name: string): string => {
  let bare = name.length > 0 && !name.startsWith('//') && !name.startsWith('/*') && name.charCodeAt(0) !== 0xfeff
  for (let i = 0; bare && i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 128 && BIF_CLASSES[c] !== 0) bare = false
  }
  return bare ? name : `"${name.replace(/["\\]/g, (m) => `\\${m}`)}"`
}

/** A number in shortest round-trip form (`-0` kept). */
export const formatNumber = (x: number): string => (Object.is(x, -0) ? '-0' : String(x))

/**
 * Write a spec as BIF text. The spec should be structurally valid (as every
 * reader and `defineNetwork` produce); an unnamed network is written as
 * `network unknown`, the repository's convention.
 *
 * @example
 * ```ts
 * import { readBif, writeBif } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const coin = { name: 'coin', variables: [{ name: 'side', states: ['heads', 'tails'], parents: [], table: [0.5, 0.5] }] }
 * const text = writeBif(coin)
 * text.split('\n').slice(0, 4) // => ['network coin {', '}', 'variable side {', '  type discrete [ 2 ] { heads, tails };']
 * // Read back: the same network, its table as a Float64Array.
 * readBif(text) // => E.right({ name: 'coin', variables: [{ ...coin.variables[0]!, table: Float64Array.of(0.5, 0.5) }] })
 * ```
 */
export const writeBif = (spec: NetworkSpec): string => {
  const out: string[] = [`network ${bifName(spec.name ?? 'unknown')} {`, '}']
  const statesOf = new Map<string, readonly string[]>()
  for (const v of spec.variables) {
    statesOf.set(v.name, v.states)
    out.push(`variable ${bifName(v.name)} {`)
    out.push(`  type discrete [ ${v.states.length} ] { ${v.states.map(bifName).join(', ')} };`)
    out.push('}')
  }
  for (const v of spec.variables) {
    const card = v.states.length
    const table = denseTable(spec, v)
    const row = (r: number): string => {
      const values: string[] = []
      for (let k = 0; k < card; k++) values.push(formatNumber(table[r * card + k] ?? Number.NaN))
      return values.join(', ')
    }
    if (v.parents.length === 0) {
      out.push(`probability ( ${bifName(v.name)} ) {`, `  table ${row(0)};`, '}')
      continue
    }
    out.push(`probability ( ${bifName(v.name)} | ${v.parents.map(bifName).join(', ')} ) {`)
    const parentStates = v.parents.map((p) => (statesOf.get(p) ?? []).map(bifName))
    const rows = parentStates.reduce((n, s) => n * s.length, 1)
    const digits = parentStates.map(() => 0)
    for (let r = 0; r < rows; r++) {
      out.push(`  (${digits.map((d, j) => parentStates[j]![d]!).join(', ')}) ${row(r)};`)
      // Odometer over parent assignments, last parent fastest.
      for (let j = digits.length - 1; j >= 0; j--) {
        if (++digits[j]! < parentStates[j]!.length) break
        digits[j] = 0
      }
    }
    out.push('}')
  }
  out.push('')
  return out.join('\n')
}
