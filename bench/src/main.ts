/**
 * Benchmark runner: `pnpm bench [suite ...] [--json]`.
 * Runs every suite file in `suites/` (or the named ones), prints one table per
 * suite on stdout, or with `--json` one JSON array of all rows instead.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { formatTable, type Row, type Suite } from './harness.js'

const suitesDir = join(dirname(fileURLToPath(import.meta.url)), 'suites')
const args = process.argv.slice(2)
const json = args.includes('--json')
const wanted = args.filter((a) => !a.startsWith('--'))

const files = readdirSync(suitesDir).filter((f) => f.endsWith('.js')).sort()
const suites: Suite[] = []
for (const file of files) {
  const module = (await import(pathToFileURL(join(suitesDir, file)).href)) as { suite?: Suite }
  if (module.suite !== undefined) suites.push(module.suite)
}
const unknown = wanted.filter((w) => !suites.some((s) => s.name === w))
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite ${unknown.join(', ')} (have: ${suites.map((s) => s.name).join(', ')})\n`)
  process.exit(2)
}

const all: Row[] = []
for (const suite of suites.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  if (!json) process.stderr.write(`running ${suite.name}: ${suite.description}\n`)
  const rows = await suite.run()
  all.push(...rows)
  if (!json) process.stdout.write(`\n## ${suite.name}: ${suite.description}\n\n${formatTable(rows)}\n`)
}
if (json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
process.stdout.write('')
