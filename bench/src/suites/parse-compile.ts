/**
 * Suite `parse-compile`: the cost of getting from a file to a compiled engine,
 * per network of `../shared/networks` (smallest tree first), and of one
 * command-line query end to end.
 * - `loadNetwork`: read, gunzip, parse and validate the file into a
 *   BayesianNetwork (@chainrule/io), median of repeats;
 * - `compile`: build the junction tree (@chainrule/infer, default options and
 *   memory budget), median of repeats; a network over the budget gets a row
 *   saying so, with the size `compile` planned;
 * - `peakMB`: VmHWM of the process that loaded and compiled that one network
 *   (each network runs in a child process of its own, so the high-water mark
 *   is that network's, Node's own ~50 MB included);
 * - `chainrule query --json` on alarm: `node packages/chainrule/bin/chainrule.js
 *   query ../shared/networks/alarm.bif.gz --json` from process start to the
 *   JSON on stdout and exit (median of 11 runs; the output must parse and hold
 *   every variable), beside `node -e 0` as the floor of starting Node itself.
 *
 * Flags after the suite name: `--quick` (trees of at most 1e5 entries),
 * `--networks=alarm,child`.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES, formatBytes } from '@chainrule/factor'
import { compile, describeError, type CompilePlan } from '@chainrule/infer'
import { loadNetwork } from '@chainrule/io/node'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { flagValue, measure, median, type RepeatOptions, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networksDir, peakMB, time } from '../networks.js'

const thisFile = fileURLToPath(import.meta.url)
// bench/dist/suites/parse-compile.js -> the repository root, and its sibling shared/networks.
const repositoryRoot = join(dirname(thisFile), '..', '..', '..')
const cliBin = join(repositoryRoot, 'packages', 'chainrule', 'bin', 'chainrule.js')

const QUICK_MAX_TREE_ENTRIES = 1e5
const CHILD_TIMEOUT_MS = 240_000
const CLI_RUNS = 11

const nameOf = (file: string): string => file.replace(/\.bif\.gz$/, '')

/** Repeats adapted to the cost of one load or compile (already run once): thresholds of their own, lower than a query's. */
const repeatsForCompile = (firstMs: number): RepeatOptions =>
  firstMs > 2_000
    ? { minRepeats: 1, minTimeMs: 0, warmup: 0 }
    : firstMs > 300
      ? { minRepeats: 3, minTimeMs: 0, warmup: 0 }
      : { minRepeats: 5, minTimeMs: 300, maxRepeats: 500, warmup: 1 }


const load = loadOrThrow

/** A row printed by a child; JSON has no NaN, so an unmeasured time comes back as null. */
const rowFromJson = (line: string): Row =>
  JSON.parse(line, (key, value: unknown) => (value === null && key !== '' ? Number.NaN : value)) as Row

const emit = (row: Row): void => {
  process.stdout.write(`${JSON.stringify(row)}\n`)
}

/** Child process: load and compile one network; one JSON row per line. */
const child = (file: string): void => {
  const path = join(networksDir, file)
  const name = nameOf(file)
  const [bn, firstLoadMs] = time(() => load(path))
  const loadTime = measure(() => loadNetwork(path), repeatsForCompile(firstLoadMs))
  const parameters = bn.cpts.reduce((n, f) => n + f.values.length, 0)
  emit({
    suite: 'parse-compile',
    case: name,
    engine: 'loadNetwork',
    medianMs: loadTime.medianMs,
    repeats: loadTime.repeats,
    fileKB: statSync(path).size / 1024,
    variables: bn.dag.nodes.length,
    tableEntries: parameters,
  })
  const [compiled, firstCompileMs] = time(() => compile(bn))
  if (E.isLeft(compiled)) {
    const plan: CompilePlan | undefined = compiled.left._tag === 'OverBudget' ? compiled.left.plan : undefined
    emit({
      suite: 'parse-compile',
      case: name,
      engine: 'compile',
      medianMs: firstCompileMs,
      repeats: 1,
      ...(plan === undefined ? {} : { treeEntries: plan.clusterEntries, treeMB: plan.bytes / 1e6 }),
      peakMB: peakMB(),
      note: `refused: ${describeError(compiled.left)}`,
    })
    return
  }
  const plan = compiled.right.plan
  const peak = peakMB()
  // Timed compiles drop their engine at once, so that at most two trees are alive at a time.
  const compileTime = measure(() => E.isRight(compile(bn)), repeatsForCompile(firstCompileMs))
  emit({
    suite: 'parse-compile',
    case: name,
    engine: 'compile',
    medianMs: compileTime.medianMs,
    repeats: compileTime.repeats,
    treeEntries: plan.clusterEntries,
    treeMB: plan.bytes / 1e6,
    peakMB: peak,
    // Past the default memory budget `compile` plans the tree but does not build it.
    ...(plan.bytes > DEFAULT_MEMORY_BUDGET_BYTES
      ? { note: `tree not built: ${formatBytes(plan.bytes)} > the ${formatBytes(DEFAULT_MEMORY_BUDGET_BYTES)} budget` }
      : {}),
  })
}

/** Wall time of one process run, with its stdout. */
const runProcess = (args: readonly string[]): { ms: number; stdout: string; status: number | null } => {
  const start = performance.now()
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, cwd: repositoryRoot })
  return { ms: performance.now() - start, stdout: result.stdout, status: result.status }
}

/** `chainrule query alarm --json` end to end, checked, against `node -e 0`. */
const cliRows = (): Row[] => {
  const alarm = join(networksDir, 'alarm.bif.gz')
  if (!existsSync(cliBin) || !existsSync(alarm)) return []
  const cases: [string, readonly string[], (stdout: string) => boolean][] = [
    ['node -e 0 (process start floor)', ['-e', '0'], () => true],
    [
      'chainrule query --json',
      [cliBin, 'query', alarm, '--json'],
      (stdout) => {
        const parsed = JSON.parse(stdout) as { marginals?: Record<string, unknown>; logPEvidence?: unknown }
        return Object.keys(parsed.marginals ?? {}).length === 37 && typeof parsed.logPEvidence === 'number' && Math.abs(parsed.logPEvidence) < 1e-9
      },
    ],
  ]
  return cases.map(([engine, args, check]) => {
    runProcess(args) // warm the file cache
    const times: number[] = []
    for (let i = 0; i < CLI_RUNS; i++) {
      const { ms, stdout, status } = runProcess(args)
      if (status !== 0 || !check(stdout)) throw new Error(`parse-compile: ${engine} failed (status ${String(status)})`)
      times.push(ms)
    }
    return { suite: 'parse-compile', case: 'alarm', engine, medianMs: median(times), repeats: times.length }
  })
}

const run = (): Row[] => {
  if (!existsSync(networksDir)) {
    process.stderr.write(`parse-compile: ${networksDir} not found, no rows\n`)
    return []
  }
  const args = process.argv.slice(2)
  const wanted = flagValue(args, 'networks')?.split(',')
  const quick = args.includes('--quick')
  // Order by planned tree size (a zero budget stops compile right after planning).
  const planned = readdirSync(networksDir)
    .filter((f) => f.endsWith('.bif.gz') && (wanted === undefined || wanted.includes(nameOf(f))))
    .map((file) => {
      let entries = Number.POSITIVE_INFINITY
      compile(load(join(networksDir, file)), { memoryBudgetBytes: 0, onPlan: (p) => (entries = p.clusterEntries) })
      return { file, entries }
    })
    .filter((p) => !quick || p.entries <= QUICK_MAX_TREE_ENTRIES)
    .sort((a, b) => a.entries - b.entries || a.file.localeCompare(b.file))
  const rows: Row[] = []
  for (const { file } of planned) {
    process.stderr.write(`parse-compile: ${nameOf(file)}\n`)
    const result = spawnSync(process.execPath, [thisFile, '--child', file], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 })
    const got = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(rowFromJson)
    rows.push(...got)
    if (result.status !== 0) {
      const why = result.error !== undefined ? `did not finish within ${CHILD_TIMEOUT_MS / 1000} s` : `failed: ${result.stderr.split('\n').find((line) => /Error\b/.test(line))?.trim() ?? `exit ${String(result.status)}`}`
      rows.push({ suite: 'parse-compile', case: nameOf(file), engine: got.length === 0 ? 'loadNetwork' : 'compile', medianMs: Number.NaN, repeats: 0, note: why })
    }
  }
  rows.push(...cliRows())
  return rows
}

export const suite: Suite = {
  name: 'parse-compile',
  description: 'loadNetwork (parse + validate) and compile per network with peak memory; `chainrule query` on alarm end to end',
  run,
}

// Child-process entry: `node parse-compile.js --child FILE`.
if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'))
  if (file === undefined || !process.argv.includes('--child')) {
    process.stderr.write('usage: parse-compile.js --child FILE\n')
    process.exit(2)
  }
  child(file)
}
