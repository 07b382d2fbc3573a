/**
 * The `uai` suite's rows as the Markdown tables of bench/README.md: one line
 * per problem, and the count per family.
 *
 *   node bench/dist/main.js uai --json > uai.json && node bench/dist/uai-report.js uai.json
 */
import { readFileSync } from 'node:fs'
import type { Row } from './harness.js'

const text = (x: unknown): string => (x === undefined ? '' : String(x))
const seconds = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '')
const entries = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? x.toExponential(1) : '')

/** Whether a row's answer agreed with everything published for it (undefined: nothing published). */
const agrees = (row: Row, key: string, ok: (value: string) => boolean): boolean | undefined => (row[key] === undefined ? undefined : ok(text(row[key])))

const allOf = (value: string): boolean => {
  const [got, of] = value.split('/')
  return got === of
}

const problemTable = (rows: readonly Row[]): string => {
  const lines = [
    '| problem | kind | vars | tree entries | exact | query s | mpe s | log10 Z | published PR | log10 Z error | PR agrees | vs elimination (rel.) | MAR agree | MPE vs published |',
    '|---|---|--:|--:|---|--:|--:|--:|--:|--:|---|--:|--:|---|',
  ]
  for (const r of rows)
    lines.push(
      `| ${r.case} | ${text(r.kind)} | ${text(r.variables)} | ${entries(r.treeEntries)} | ${text(r.exact)} | ${seconds(r.medianMs)} | ${seconds(r.mpeMs)} | ${text(r.log10Z)} | ${text(r.publishedPR)} | ${text(r.prError)} | ${text(r.prAgrees)} | ${text(r.veRel)} | ${text(r.marAgrees)} | ${[text(r.mpe), r.refChecks === undefined ? '' : `pyGMs reference ${text(r.refChecks)}`].filter((x) => x !== '').join('; ')} |`,
    )
  return lines.join('\n')
}

const familyTable = (rows: readonly Row[]): string => {
  const families = [...new Set(rows.map((r) => r.case.split('/')[0]!))]
  const lines = [
    '| family | problems | solved exactly (60 s) | PR to printed digits | max \\|log10 Z error\\| vs published | MAR to printed digits | MPE value = published | log Z within 1e-9 of elimination | max rel. ln Z error vs elimination |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  const count = (members: readonly Row[], test: (r: Row) => boolean | undefined): string => {
    const known = members.map(test).filter((x) => x !== undefined)
    return known.length === 0 ? '-' : `${known.filter((x) => x).length}/${known.length}`
  }
  /** The largest absolute value of a numeric field over the rows that have one ('-' when none has). */
  const largest = (members: readonly Row[], key: string): string => {
    const values = members.filter((r) => r[key] !== undefined).map((r) => Math.abs(Number(r[key]))).filter(Number.isFinite)
    return values.length === 0 ? '-' : Math.max(...values).toExponential(1)
  }
  const total: Row[] = []
  const line = (name: string, members: readonly Row[]): string =>
    `| ${name} | ${members.length} | ${members.filter((r) => text(r.exact).startsWith('yes')).length} | ${count(members, (r) => agrees(r, 'prAgrees', (v) => v === 'yes'))} | ${largest(members, 'prError')} | ${count(members, (r) => agrees(r, 'marAgrees', allOf))} | ${count(members, (r) => agrees(r, 'publishedMpeLog10', () => r.mpe === 'same value'))} | ${count(members, (r) => (r.exact === 'yes' && !text(r.veRel).startsWith('-') ? agrees(r, 'veRel', (v) => Number(v) <= 1e-9) : undefined))} | ${largest(members.filter((r) => r.exact === 'yes'), 'veRel')} |`
  for (const family of families) {
    const members = rows.filter((r) => r.case.split('/')[0] === family)
    total.push(...members)
    lines.push(line(family, members))
  }
  lines.push(line('**all**', total))
  return lines.join('\n')
}

const file = process.argv[2]
if (file === undefined) {
  process.stderr.write('usage: uai-report.js ROWS.json (from node bench/dist/main.js uai --json)\n')
  process.exit(2)
}
const rows = (JSON.parse(readFileSync(file, 'utf8')) as Row[]).filter((r) => r.suite === 'uai')
process.stdout.write(`${familyTable(rows)}\n\n${problemTable(rows)}\n`)
