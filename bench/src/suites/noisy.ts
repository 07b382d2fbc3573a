/**
 * Suite `noisy`: a child with an n-parent noisy-OR (n = 10, 15, 20 binary
 * causes with priors, leak 0.01), compiled two ways in the same run:
 * - `expanded`: `compile(bn, { compactTables: 'expand' })`, the full tables:
 *   the causes are married into one cluster of n + 1 variables, 2^(n+1) entries;
 * - `decomposed`: `compile(bn)`, which decomposes the noisy-OR (Heckerman and
 *   Breese's chain of n - 1 auxiliary variables) because that plans a smaller
 *   tree (`compactTables: 'decomposed'` on the engine; checked).
 * Rows, per n: compile (median of repeats) with the planned tree (`planMB`,
 * `clusterEntries`, `largestCluster`) and `peakMB` (VmHWM of a child process
 * that built, compiled and queried one variant: Node's own ~50 MB and the
 * network value included, which holds the child's expanded table in both
 * variants, `tableMB`); and one query (all n cause marginals given the child
 * observed on), median of repeats, with the largest difference between the
 * two variants' answers (`maxAbsDiff`, on the decomposed row).
 *
 * Flags after the suite name: `--parents=20` (one n only).
 */
import { compile, marginals, type Engine } from '@chainrule/infer'
import { networkFromSpec, noisyOr, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { flagValue, keep, measure, repeatsFor, withRatios, type Row, type Suite } from '../harness.js'
import { peakMB, time } from '../networks.js'

const thisFile = fileURLToPath(import.meta.url)
const VARIANTS = ['expanded', 'decomposed'] as const
type Variant = (typeof VARIANTS)[number]

/** n binary causes with priors 0.02..0.2, and y, their noisy-OR with leak 0.01 (cause j alone: 0.3..0.9). */
const network = (n: number): BayesianNetwork => {
  const causes = Array.from({ length: n }, (_, j) => `cause${j + 1}`)
  const built = networkFromSpec({
    name: `noisy-or-${n}`,
    variables: [
      ...causes.map((name, j) => ({ name, states: ['no', 'yes'], parents: [], table: [1 - (0.02 + (0.18 * j) / n), 0.02 + (0.18 * j) / n] })),
      { name: 'y', states: ['no', 'yes'], parents: causes, table: noisyOr({ leak: 0.01, causes: causes.map((_, j) => 0.3 + (0.6 * j) / n) }) },
    ],
  })
  if (E.isLeft(built)) throw new Error('noisy: network does not build')
  return built.right.network
}

const compileVariant = (bn: BayesianNetwork, variant: Variant): Engine => {
  const engine = compile(bn, { method: 'tree', compactTables: variant === 'expanded' ? 'expand' : 'auto' })
  if (E.isLeft(engine)) throw new Error(`noisy: compile failed (${engine.left._tag})`)
  if (engine.right.compactTables !== variant) throw new Error(`noisy: compile chose ${engine.right.compactTables}, expected ${variant}`)
  return engine.right
}

const query = (engine: Engine, causes: readonly string[]): Float64Array[] => {
  const posterior = marginals(engine, { evidence: { y: 'yes' }, targets: causes })
  if (E.isLeft(posterior)) throw new Error(`noisy: query failed (${posterior.left._tag})`)
  return causes.map((name) => posterior.right.probabilities[engine.domain.byName.get(name)!]!)
}

/** Child process: one variant, one n; prints its rows and its answer as JSON lines. */
const child = (variant: Variant, n: number): void => {
  const bn = network(n)
  const causes = bn.dag.nodes.slice(0, n)
  const [engine, firstMs] = time(() => compileVariant(bn, variant))
  const answer = query(engine, causes)
  const peak = peakMB()
  const compiled = measure(() => keep(compileVariant(bn, variant)), repeatsFor(firstMs))
  const [, firstQueryMs] = time(() => query(engine, causes))
  const asked = measure(() => keep(query(engine, causes)), repeatsFor(firstQueryMs))
  const plan = engine.plan
  const base = { suite: 'noisy', engine: variant }
  const rows: Row[] = [
    {
      ...base,
      case: `${n}-parent noisy-OR: compile`,
      ...compiled,
      planMB: plan.bytes / 2 ** 20,
      clusterEntries: plan.clusterEntries,
      largestCluster: plan.largestCluster.entries,
      tableMB: (bn.cpts[n]!.values.length * 8) / 2 ** 20,
      peakMB: peak,
    },
    { ...base, case: `${n}-parent noisy-OR: query`, ...asked },
  ]
  for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`)
  process.stdout.write(`${JSON.stringify({ answer: answer.map((p) => Array.from(p)) })}\n`)
}

const run = (): Row[] => {
  const only = flagValue(process.argv.slice(2), 'parents')
  const sizes = only === undefined ? [10, 15, 20] : [Number(only)]
  const rows: Row[] = []
  for (const n of sizes) {
    const answers = new Map<Variant, number[][]>()
    for (const variant of VARIANTS) {
      process.stderr.write(`noisy: ${n} parents, ${variant}\n`)
      const result = spawnSync(process.execPath, [thisFile, '--child', variant, String(n)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      if (result.status !== 0) throw new Error(`noisy: child ${variant} ${n} failed: ${result.stderr.split('\n').find((l) => /Error/.test(l)) ?? result.status}`)
      for (const line of result.stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as { readonly answer?: number[][] }
        if (parsed.answer !== undefined) answers.set(variant, parsed.answer)
        else rows.push(parsed as Row)
      }
    }
    const [a, b] = [answers.get('expanded')!, answers.get('decomposed')!]
    const diff = Math.max(...a.flatMap((p, j) => p.map((x, s) => Math.abs(x - b[j]![s]!))))
    const i = rows.findIndex((r) => r.case === `${n}-parent noisy-OR: query` && r.engine === 'decomposed')
    rows[i] = { ...rows[i]!, maxAbsDiff: diff }
  }
  return withRatios(rows, 'expanded')
}

export const suite: Suite = {
  name: 'noisy',
  description: 'an n-parent noisy-OR child compiled from its expanded table and from its decomposition: time, tree size, peak memory',
  run,
}

// Child-process entry: `node noisy.js --child expanded|decomposed N`.
if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const [variant, n] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  if (!process.argv.includes('--child') || (variant !== 'expanded' && variant !== 'decomposed') || !(Number(n) > 0)) {
    process.stderr.write('usage: noisy.js --child expanded|decomposed N\n')
    process.exit(2)
  }
  child(variant, Number(n))
}
