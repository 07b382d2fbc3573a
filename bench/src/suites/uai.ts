/**
 * Suite `uai`: chainrule on every problem of `../shared/uai` (the UAI 2014
 * families, the UAI sample problems, pyGMs', libDAI's and Merlin's test
 * models, bnlearn networks converted to UAI BAYES), through the command line
 * exactly as a user runs it:
 *
 *   chainrule query FILE.uai --evidence-file FILE.uai.evid --json --max-memory 20G
 *   chainrule mpe   FILE.uai --evidence-file FILE.uai.evid --json --max-memory 20G
 *
 * each under limits of 2 cores (`taskset -c 0,1`), 60 s (`timeout -s KILL 60`)
 * and 20 GB (the engine's memory budget; the peak RSS is measured by
 * `/usr/bin/time` and reported). The tree size is the plan of
 * `chainrule info FILE --json`. For every problem, a row:
 * - `exact`: whether the query answered exactly (status 0), else why not;
 * - `queryMs` / `mpeMs`: wall time of the process, start to exit (one run);
 * - `treeEntries`: cluster entries of the planned junction tree;
 * - `log10Z` (= logPEvidence / ln 10) against the published `.PR`: the
 *   difference, and whether ours rounds to the printed number;
 * - `veRel`: relative difference of our ln Z(e) from an independent exact
 *   computation, variable elimination (`@chainrule/factor`) in a child
 *   process under the same limits; the aim is 1e-9;
 * - `mar`: largest difference from the published `.MAR` marginals, and how
 *   many of them ours rounds to;
 * - `mpe`: our MPE value (log10 of the product of the tables at our
 *   assignment) against the value of the published assignment (`.MAP`/`.MPE`),
 *   evaluated on the same tables;
 * - pyGMs' `.ref.json` checks (ln Z, ln max, two marginals) where present.
 *
 * The problems are read from `../shared/uai` beside the repository; the
 * repository carries none of them. `uai-samples/orig` (the three sample
 * problems as first distributed, the same models) is skipped.
 * Flags: `--problems=Grids_11,asia` (names without `.uai`).
 */
import { variableElimination, type ChildOf, type Factor, type VarId } from '@chainrule/factor'
import { readUaiEvidence } from '@chainrule/io'
import { loadNetwork, readTextFile } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { flagValue, type Row, type Suite } from '../harness.js'
import { agreesWithPrinted, readAssignment, readMar, readPr } from '../uai-solutions.js'

const thisFile = fileURLToPath(import.meta.url)
const repositoryRoot = join(dirname(thisFile), '..', '..', '..')
const uaiDir = join(repositoryRoot, '..', 'shared', 'uai')
const cliBin = join(repositoryRoot, 'packages', 'chainrule', 'bin', 'chainrule.js')
const LIMIT_SECONDS = 60
const MEMORY = '20G'

/** One limited process run: wall time, output, exit status, peak RSS. */
interface Run {
  readonly ms: number
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly peakMB: number
  readonly timedOut: boolean
}

const has = (tool: string): boolean => existsSync(tool)

/** `node ARGS` under the suite's limits (each wrapper only where the machine has it). */
const limited = (args: readonly string[]): Run => {
  const scratch = mkdtempSync(join(tmpdir(), 'chainrule-uai-'))
  const rss = join(scratch, 'rss')
  const node = [process.execPath, ...args]
  const cores = has('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0,1', ...node] : node
  const killed = has('/usr/bin/timeout') ? ['/usr/bin/timeout', '-s', 'KILL', String(LIMIT_SECONDS), ...cores] : cores
  const command = has('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M', '-o', rss, ...killed] : killed
  const start = performance.now()
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: repositoryRoot, timeout: (LIMIT_SECONDS + 30) * 1000 })
  const ms = performance.now() - start
  const kb = existsSync(rss) ? Number(/(\d+)\s*$/.exec(readFileSync(rss, 'utf8'))?.[1]) : Number.NaN
  rmSync(scratch, { recursive: true, force: true })
  // `timeout -s KILL` exits 137 when it had to kill; time(1) passes the status on.
  const timedOut = result.status === 137 || result.error !== undefined
  return { ms, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', peakMB: kb / 1024, timedOut }
}

/** The first line of stderr that is not a note or progress: the CLI's one-line error. */
const failure = (run: Run): string =>
  run.timedOut
    ? `over ${LIMIT_SECONDS} s`
    : (run.stderr.split('\n').find((l) => l !== '' && !l.startsWith('note:') && !l.startsWith('compiling:') && !l.includes('Command exited')) ?? `exit ${String(run.status)}`).replace(/^chainrule \w+: /, '')

/** Every problem: its model file, in folder then name order. */
const problems = (): string[] => {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        if (name !== 'orig') walk(path)
      } else if (name.endsWith('.uai')) found.push(path)
    }
  }
  walk(uaiDir)
  return found
}

/** The family of a problem: its UAI 2014 folder, or the collection it comes from. */
const familyOf = (file: string): string => {
  const parts = relative(uaiDir, file).split('/')
  if (parts[0] === 'uai2014') return parts[1]!
  return { 'bnpp-bayes': 'BN (bnlearn, BAYES)', merlin: 'Merlin tests', pygms: 'pyGMs', libdai: 'libDAI', 'uai-samples': 'UAI samples' }[parts[0]!] ?? parts[0]!
}

type QueryJson = { marginals: Record<string, Record<string, number>>; logPEvidence: number; log10PEvidence: number }
type MpeJson = { assignment: Record<string, string>; logProbability: number; log10Probability: number }
type CheckJson = { veLogZ?: number; veNote?: string }

const fixed = (x: number, digits = 6): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))
const sci = (x: number): string => (Number.isFinite(x) ? x.toExponential(1) : String(x))

const problemRow = (file: string): Row => {
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.uai$/, '')
  const evid = `${file}.evid`
  const evidence = existsSync(evid) ? ['--evidence-file', evid] : []
  const info = limited([cliBin, 'info', file, '--json', '-q'])
  const plan = info.status === 0 ? (JSON.parse(info.stdout) as { kind: string; variables: number; junctionTree: { clusterEntries: number; bytes: number } }) : undefined
  const query = limited([cliBin, 'query', file, ...evidence, '--json', '--max-memory', MEMORY])
  const mpe = limited([cliBin, 'mpe', file, ...evidence, '--json', '--max-memory', MEMORY])
  const check = limited([thisFile, '--check', file])
  const checked = check.status === 0 ? (JSON.parse(check.stdout) as CheckJson) : { veNote: failure(check) }
  const notes = query.stderr.split('\n').filter((l) => l.startsWith('note:')).map((l) => l.replace(/^note: [^:]*: /, ''))
  const row: Record<string, string | number> = {
    suite: 'uai',
    case: `${familyOf(file)}/${name}`,
    engine: 'chainrule query',
    medianMs: query.ms,
    repeats: 1,
    kind: plan === undefined ? '?' : notes.some((n) => n.includes('product of its tables')) ? 'bayes as product' : plan.kind,
    variables: plan?.variables ?? Number.NaN,
    treeEntries: plan?.junctionTree.clusterEntries ?? Number.NaN,
    peakMB: query.peakMB,
  }
  if (query.status !== 0) {
    // Evidence of probability zero is an exact answer (Z(e) = 0) when elimination finds it too.
    const impossible = failure(query).includes('probability zero') && checked.veNote === 'VE: evidence impossible'
    row.exact = impossible ? 'yes: Z(e) = 0, the evidence is impossible (elimination agrees)' : `no: ${failure(query)}`
  } else {
    const out = JSON.parse(query.stdout) as QueryJson
    row.exact = 'yes'
    row.log10Z = fixed(out.log10PEvidence)
    const pr = readPr(`${file}.PR`)
    if (pr !== undefined) {
      row.publishedPR = String(pr.value)
      row.prError = sci(out.log10PEvidence - pr.value)
      row.prAgrees = agreesWithPrinted(out.log10PEvidence, pr.value, pr.digits) ? 'yes' : 'NO'
    }
    if (checked.veLogZ !== undefined) row.veRel = sci(Math.abs(out.logPEvidence - checked.veLogZ) / Math.max(1, Math.abs(checked.veLogZ)))
    else row.veRel = `- (${checked.veNote ?? 'not run'})`
    const mar = readMar(`${file}.MAR`)
    if (mar !== undefined) {
      let largest = 0
      let agreeing = 0
      let total = 0
      mar.marginals.forEach((published, v) =>
        published.forEach((p, s) => {
          const ours = out.marginals[`x${v}`]?.[String(s)] ?? Number.NaN
          largest = Math.max(largest, Math.abs(ours - p))
          total++
          if (agreesWithPrinted(ours, p, mar.digits)) agreeing++
        }),
      )
      row.marError = sci(largest)
      row.marAgrees = `${agreeing}/${total}`
    }
    const reference = `${file.replace(/\.uai$/, '')}.ref.json`
    if (existsSync(reference)) row.refChecks = referenceChecks(reference, out, mpe)
  }
  row.mpeMs = mpe.ms
  const published = publishedMpe(file)
  if (mpe.status !== 0) row.mpe = `no: ${failure(mpe)}`
  else {
    const best = JSON.parse(mpe.stdout) as MpeJson
    row.mpeLog10 = fixed(best.log10Probability)
    if (published.log10 !== undefined) {
      const gap = best.log10Probability - published.log10
      row.publishedMpeLog10 = fixed(published.log10)
      row.mpe = Math.abs(gap) <= 1e-9 * Math.max(1, Math.abs(published.log10)) ? 'same value' : gap > 0 ? `ours higher by ${sci(gap)}` : `OURS LOWER by ${sci(-gap)}`
    } else if (published.note !== undefined) row.mpe = published.note
  }
  if (notes.length > 0) row.note = notes.join('; ')
  return row as Row
}

/** pyGMs' reference values: ln Z(e), ln max, and two marginals, each with its tolerance. */
const referenceChecks = (path: string, out: QueryJson, mpe: Run): string => {
  const ref = JSON.parse(readFileSync(path, 'utf8')) as {
    checks: Record<string, { kind: string; value: number; tolerance: number }>
    marginals?: { vars: Record<string, number[]>; tolerance: number }
  }
  const results: boolean[] = []
  for (const check of Object.values(ref.checks)) {
    if (check.kind === 'lnZ') results.push(Math.abs(out.logPEvidence - check.value) <= check.tolerance)
    if (check.kind === 'lnMax' && mpe.status === 0) results.push(Math.abs((JSON.parse(mpe.stdout) as MpeJson).logProbability - check.value) <= check.tolerance)
  }
  for (const [v, expected] of Object.entries(ref.marginals?.vars ?? {}))
    expected.forEach((p, s) => results.push(Math.abs((out.marginals[`x${v}`]?.[String(s)] ?? Number.NaN) - p) <= ref.marginals!.tolerance))
  return `${results.filter((r) => r).length}/${results.length} (joint posteriors not checked: the CLI prints marginals)`
}

/** A problem's model as the CLI loads it, its tables, and its evidence file by index. */
const problemOf = (file: string) => {
  const loaded = loadNetwork(file)
  if (E.isLeft(loaded)) throw new Error(`${file} does not load`)
  const model = loaded.right.network
  const factors: readonly Factor[] = isBayesianNetwork(model) ? model.cpts : model.factors
  const evidence = new Map<VarId, number>()
  const text = existsSync(`${file}.evid`) ? readTextFile(`${file}.evid`) : E.right('0')
  const read = E.isRight(text) ? readUaiEvidence(text.right) : text
  if (E.isLeft(read)) throw new Error(`${file}.evid does not read`)
  for (const [v, s] of read.right) evidence.set(v as VarId, s)
  return { model, factors, evidence }
}

/** log10 of the product of the tables at the published MPE assignment (`.MAP` / `.MPE`), or why there is none. */
const publishedMpe = (file: string): { readonly log10?: number; readonly note?: string } => {
  const published = readAssignment(file)
  if (published === undefined) return {}
  const { model, factors, evidence } = problemOf(file)
  const clash = [...evidence].find(([v, s]) => published[v] !== s)
  if (published.length !== model.domain.variables.length) return { note: `published assignment has ${published.length} states for ${model.domain.variables.length} variables` }
  if (clash !== undefined) return { note: `published assignment contradicts the evidence at x${clash[0]}` }
  let log10 = 0
  for (const f of factors) log10 += Math.log10(f.values[f.scope.reduce((at, v, k) => at + published[v]! * f.strides[k]!, 0)]!)
  return { log10 }
}

/** Child process: the independent exact ln Z(e), by variable elimination on the loaded model's tables and the evidence file. */
const check = (file: string): void => {
  const { model, factors, evidence } = problemOf(file)
  const childOf: ChildOf | undefined = isBayesianNetwork(model) ? { kind: 'last' } : undefined
  const out: CheckJson = {}
  const inSomeTable = new Set<number>(factors.flatMap((f) => f.scope))
  let untouched = 0
  for (const v of model.domain.variables) if (!inSomeTable.has(v.id) && !evidence.has(v.id as VarId)) untouched += Math.log(v.states.length)
  const inTables = new Map([...evidence].filter(([v]) => inSomeTable.has(v)))
  const ve = variableElimination(factors, { targets: [], evidence: inTables, memoryBudgetBytes: 16 * 1024 ** 3, ...(childOf === undefined ? {} : { childOf }) })
  if (E.isRight(ve)) out.veLogZ = ve.right.logEvidence + untouched
  else out.veNote = ve.left._tag === 'ImpossibleEvidence' ? 'VE: evidence impossible' : `VE: ${ve.left._tag}`
  process.stdout.write(`${JSON.stringify(out)}\n`)
}

const run = (): Row[] => {
  if (!existsSync(uaiDir)) {
    process.stderr.write(`uai: ${uaiDir} not found, no rows\n`)
    return []
  }
  if (!existsSync(cliBin)) throw new Error('uai: build the CLI first (pnpm build)')
  const wanted = flagValue(process.argv.slice(2), 'problems')?.split(',')
  const rows: Row[] = []
  for (const file of problems()) {
    const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.uai$/, '')
    if (wanted !== undefined && !wanted.includes(name)) continue
    process.stderr.write(`uai: ${relative(uaiDir, file)}\n`)
    rows.push(problemRow(file))
  }
  return rows
}

export const suite: Suite = {
  name: 'uai',
  description: 'every UAI problem of ../shared/uai through `chainrule query/mpe --evidence-file`: exact or not, time, tree size, log10 Z, MAR and MPE against the published solutions',
  run,
}

// Child-process entry: `node uai.js --check FILE.uai`.
if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'))
  if (file === undefined || !process.argv.includes('--check')) {
    process.stderr.write('usage: uai.js --check FILE.uai\n')
    process.exit(2)
  }
  check(file)
}
