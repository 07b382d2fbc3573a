/**
 * Suite `inference`: all-marginals queries (every unobserved variable's
 * posterior) on every network of `../shared/networks`, smallest tree first,
 * for chainrule and, on the same queries in the same run, the JavaScript peers:
 * - bayesjs 0.6.5 (exact junction tree; warm: its tree is cached per network,
 *   each query re-propagates), on trees of at most `BAYESJS_MAX_TREE_ENTRIES`
 *   entries and within a per-network time limit;
 * - jsbayes 0.1.0 (likelihood weighting), once for the same wall time as
 *   chainrule's compile + query and once with a fixed 1e4 samples, with its
 *   largest absolute error against chainrule's answer.
 * Queries: `prior` (no evidence) and `evidence` (three variables observed at
 * their states in one seeded forward sample, so P(e) > 0). Every peer answer is
 * compared with chainrule's before it is timed (`maxAbsErr`).
 *
 * Columns: `medianMs` (median of repeats; repeats adapt to the run time),
 * `ratio` (engine / chainrule on the same network and query), `compileMs`
 * (chainrule: `compile`; bayesjs: its first, cold query, which builds its tree),
 * the plan (`largestCluster` and `treeEntries` in entries, `treeMB` as planned
 * by `compile`), `nsPerEntry` (chainrule's query time per cluster entry, one
 * propagation per query), `floorNs` (a Float64Array read-multiply-add-write
 * pass over the same number of entries, bench/src/floor.ts) and `vsFloor`
 * (their ratio), `peakMB` (VmHWM of the process that compiled and queried
 * the network), `samples` (jsbayes) and `note`.
 *
 * Each network runs in a child process of its own (a clean heap and a peak
 * memory of its own; a hang or crash cannot block the suite), and bayesjs in
 * another one, killed at the time limit. Flags after the suite name:
 * `--quick` (trees of at most 1e5 entries), `--networks=alarm,child`,
 * `--no-peers`, `--peer-timeout=SECONDS` (bayesjs, per network; default 60),
 * `--seed=N` (evidence; default 2026).
 */
import { DEFAULT_MEMORY_BUDGET_BYTES, formatBytes } from '@chainrule/factor'
import { compile, describeError, marginals, type CompilePlan, type Engine } from '@chainrule/infer'
import { createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { measureFloor } from '../floor.js'
import { flagValue, measure, median, repeatsFor, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networksDir, peakMB, time } from '../networks.js'
import { bayesjsMarginals, toBayesjs } from '../peers/bayesjs.js'
import { jsbayesMarginals, toJsbayes } from '../peers/jsbayes.js'
import { maxAbsError, sampledEvidence } from '../peers/queries.js'

const thisFile = fileURLToPath(import.meta.url)
// bench/dist/suites/inference.js -> the repository's sibling folder shared/networks.

/**
 * bayesjs is attempted only on trees (chainrule's) up to this many entries.
 * Measured on this machine (2026-11-25, one warm all-marginals query):
 * win95pts (2,684 entries) 14 s, hepar2 (2,617) 0.8 s, alarm (1,020) 0.22 s;
 * hailfinder (9,406) did not finish within 120 s, insurance (46,872), water
 * and pigs not within 60 s, so larger trees are not attempted.
 */
const BAYESJS_MAX_TREE_ENTRIES = 5e3
/** `--quick` keeps trees up to this many entries. */
const QUICK_MAX_TREE_ENTRIES = 1e5
/** jsbayes's fixed-count run. */
const JSBAYES_FIXED_SAMPLES = 1e4
/** jsbayes's equal-time run never samples longer than this. */
const JSBAYES_MAX_MS = 5_000
/** jsbayes's speed is calibrated on a run of at least this long (or half the target time). */
const JSBAYES_CALIBRATION_MS = 50
/** A chainrule child (one network, both queries, compile repeats, floor, jsbayes) is killed after this. */
const CHAINRULE_TIMEOUT_MS = 240_000

interface Flags {
  readonly quick: boolean
  readonly networks: readonly string[] | undefined
  readonly peers: boolean
  readonly peerTimeoutS: number
  readonly seed: number
}

const parseFlags = (args: readonly string[]): Flags => {
  const networks = flagValue(args, 'networks')
  return {
    quick: args.includes('--quick'),
    networks: networks === undefined ? undefined : networks.split(',').filter((n) => n.length > 0),
    peers: !args.includes('--no-peers'),
    peerTimeoutS: Number(flagValue(args, 'peer-timeout') ?? 60),
    seed: Number(flagValue(args, 'seed') ?? 2026),
  }
}

const nameOf = (file: string): string => file.replace(/\.bif\.gz$/, '')

type Query = readonly [kind: 'prior' | 'evidence', evidence: Readonly<Record<string, string>>]

const queriesOf = (bn: BayesianNetwork, seed: number): readonly Query[] => [
  ['prior', {}],
  ['evidence', sampledEvidence(bn, 3, seed)],
]

const loadFile = (file: string): BayesianNetwork => loadOrThrow(join(networksDir, file))

/** The engine's answer (copied), and how it was computed where the engine says (`tree` or `elimination`). */
const exactOrThrow = (engine: Engine, name: string, query: Query): { probabilities: (Float64Array | undefined)[]; method: string } => {
  const posterior = marginals(engine, { evidence: query[1] })
  if (E.isLeft(posterior)) throw new Error(`inference: ${name} ${query[0]}: ${describeError(posterior.left)}`)
  const { method } = posterior.right as { readonly method?: string }
  const probabilities = (posterior.right.probabilities as readonly (Float64Array | undefined)[]).map((p) => (p === undefined ? undefined : Float64Array.from(p)))
  return { probabilities, method: method ?? 'tree' }
}

const planColumns = (plan: CompilePlan) => ({
  largestCluster: plan.largestCluster.entries,
  treeEntries: plan.clusterEntries,
  treeMB: plan.bytes / 1e6,
})

/** A row printed by a child; JSON has no NaN, so an unmeasured time comes back as null. */
const rowFromJson = (line: string): Row =>
  JSON.parse(line, (key, value: unknown) => (value === null && key !== '' ? Number.NaN : value)) as Row

/** Past the default memory budget `compile` plans the tree but does not build it. */
const overBudgetNote = (plan: CompilePlan): { note?: string } =>
  plan.bytes > DEFAULT_MEMORY_BUDGET_BYTES
    ? { note: `tree not built: ${formatBytes(plan.bytes)} > the ${formatBytes(DEFAULT_MEMORY_BUDGET_BYTES)} budget` }
    : {}

const emit = (row: Row): void => {
  process.stdout.write(`${JSON.stringify(row)}\n`)
}

/** Child process: chainrule (and jsbayes) on one network; one JSON row per line on stdout. */
const childChainrule = async (file: string, flags: Flags): Promise<void> => {
  const name = nameOf(file)
  const bn = loadFile(file)
  const [compiled, coldCompileMs] = time(() => compile(bn))
  if (E.isLeft(compiled)) {
    const plan = compiled.left._tag === 'OverBudget' ? compiled.left.plan : undefined
    emit({
      suite: 'inference',
      case: name,
      engine: 'chainrule',
      query: '-',
      medianMs: Number.NaN,
      repeats: 0,
      ...(plan === undefined ? {} : planColumns(plan)),
      note: `refused: ${describeError(compiled.left)}`,
    })
    return
  }
  let engine: Engine | undefined = compiled.right
  const plan = engine.plan
  const queries = queriesOf(bn, flags.seed)
  const exact = queries.map((q) => exactOrThrow(engine!, name, q))
  const queryTimes = queries.map((q) => {
    const evidence = q[1]
    const [, firstMs] = time(() => marginals(engine!, { evidence }))
    const timed = measure(() => marginals(engine!, { evidence }), repeatsFor(firstMs))
    // How the timed (repeated) queries were answered: a repeated pattern may move
    // from the whole tree to cached relevant parts after its first query.
    const steady = marginals(engine!, { evidence })
    return { ...timed, method: E.isRight(steady) ? steady.right.method : 'failed', firstMs }
  })
  const peak = peakMB()
  // Drop the engine before timing more compiles, so that at most one tree is alive at a time.
  engine = undefined
  const compileMs =
    coldCompileMs > 2_000
      ? measure(() => E.isRight(compile(bn)), { minRepeats: 1, minTimeMs: 0, warmup: 0 }).medianMs
      : measure(() => E.isRight(compile(bn)), repeatsFor(coldCompileMs)).medianMs
  // Per tree entry figures only mean something when the query ran on the tree.
  const floor = queryTimes.some((x) => x.method === 'tree') ? measureFloor(plan.clusterEntries) : undefined
  queries.forEach(([kind], q) => {
    const { medianMs, repeats, method, firstMs } = queryTimes[q]!
    const nsPerEntry = (medianMs * 1e6) / plan.clusterEntries
    emit({
      suite: 'inference',
      case: name,
      engine: 'chainrule',
      query: kind,
      medianMs,
      repeats,
      method,
      firstMs,
      compileMs,
      ...planColumns(plan),
      ...(method === 'tree' && floor !== undefined
        ? { nsPerEntry, floorNs: floor.nsPerEntry, vsFloor: nsPerEntry / floor.nsPerEntry }
        : {}),
      peakMB: peak,
      ...overBudgetNote(plan),
    })
  })
  if (!flags.peers) return

  // jsbayes: per query, warm up and calibrate its speed, then sample for chainrule's compile + query
  // time, and for a fixed count. The error is that of the first run; the time is a median where runs are short.
  const model = toJsbayes(bn)
  const rng = createRng(flags.seed)
  const random = () => rng.float()
  for (const [q, query] of queries.entries()) {
    const evidence = query[1]
    const targetMs = Math.min(compileMs + queryTimes[q]!.medianMs, JSBAYES_MAX_MS)
    // Calibrate on growing runs (the first ones warm the JIT) until one lasts long enough to time well.
    let msPerSample = Number.POSITIVE_INFINITY
    for (let n = 100; ; n *= 4) {
      const start = performance.now()
      await jsbayesMarginals(bn, model, evidence, n, random)
      const ms = performance.now() - start
      msPerSample = ms / n
      if (ms >= Math.min(JSBAYES_CALIBRATION_MS, targetMs / 2) && n >= 1_600) break
    }
    const equal = Math.max(100, Math.round(targetMs / msPerSample))
    for (const [engineName, samples] of [
      ['jsbayes (equal time)', equal],
      [`jsbayes (${JSBAYES_FIXED_SAMPLES.toExponential(0).replace('+', '')} samples)`, JSBAYES_FIXED_SAMPLES],
    ] as const) {
      const first = performance.now()
      const estimate = await jsbayesMarginals(bn, model, evidence, samples, random)
      const firstMs = performance.now() - first
      const times = [firstMs]
      for (let spent = firstMs; times.length < 3 || (spent < 200 && times.length < 50); ) {
        const again = performance.now()
        await jsbayesMarginals(bn, model, evidence, samples, random)
        times.push(performance.now() - again)
        spent += times[times.length - 1]!
        if (firstMs > 200) break
      }
      emit({
        suite: 'inference',
        case: name,
        engine: engineName,
        query: query[0],
        medianMs: median(times),
        repeats: times.length,
        samples,
        maxAbsErr: maxAbsError(bn, exact[q]!.probabilities, estimate, evidence),
      })
    }
  }
}

/** Child process: bayesjs on one network; answers checked against chainrule first, then timed warm. */
const childBayesjs = (file: string, flags: Flags): void => {
  const name = nameOf(file)
  const bn = loadFile(file)
  const compiled = compile(bn)
  if (E.isLeft(compiled)) throw new Error(`inference: ${name}: ${describeError(compiled.left)}`)
  const network = toBayesjs(bn)
  for (const query of queriesOf(bn, flags.seed)) {
    const exact = exactOrThrow(compiled.right, name, query).probabilities
    const evidence = query[1]
    // The first call answers the query (checked below) and, on the first query, builds bayesjs's tree.
    const [first, firstMs] = time(() => bayesjsMarginals(bn, network, evidence))
    const maxAbsErr = maxAbsError(bn, exact, first, evidence)
    const timed = query[0] === 'evidence' && firstMs > 5_000
      ? { medianMs: firstMs, repeats: 1 }
      : measure(() => bayesjsMarginals(bn, network, evidence), repeatsFor(firstMs))
    emit({
      suite: 'inference',
      case: name,
      engine: 'bayesjs',
      query: query[0],
      medianMs: timed.medianMs,
      repeats: timed.repeats,
      ...(query[0] === 'prior' ? { compileMs: firstMs } : {}),
      maxAbsErr,
    })
  }
}

interface Planned {
  readonly file: string
  readonly name: string
  /** Undefined when planning failed (the child then reports why). */
  readonly plan: CompilePlan | undefined
}

/** The plan of every network, known before anything is allocated (a zero budget stops compile right after planning). */
const planAll = (files: readonly string[]): Planned[] =>
  files.map((file) => {
    let plan: CompilePlan | undefined
    const result = compile(loadFile(file), { memoryBudgetBytes: 0, onPlan: (p) => (plan = p) })
    if (plan === undefined && E.isLeft(result) && result.left._tag === 'OverBudget') plan = result.left.plan
    return { file, name: nameOf(file), plan }
  })

/** Run one child; parse the rows it printed before it ended (or was killed at the time limit). */
const runChild = (
  kind: 'chainrule' | 'bayesjs',
  file: string,
  args: readonly string[],
  timeoutMs: number,
): { rows: Row[]; failure: string | undefined } => {
  const result = spawnSync(process.execPath, [thisFile, `--child=${kind}`, file, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  })
  const rows = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map(rowFromJson)
  const failure =
    result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
      ? `did not finish within ${(timeoutMs / 1000).toFixed(0)} s`
      : result.status !== 0
        ? `failed: ${result.stderr.split('\n').find((line) => /Error\b/.test(line))?.trim() ?? `exit ${String(result.status)}`}`
        : undefined
  return { rows, failure }
}

const missingRows = (name: string, engine: string, kinds: readonly string[], note: string): Row[] =>
  kinds.map((query) => ({ suite: 'inference', case: name, engine, query, medianMs: Number.NaN, repeats: 0, note }))

const run = (): Row[] => {
  if (!existsSync(networksDir)) {
    process.stderr.write(`inference: ${networksDir} not found, no rows\n`)
    return []
  }
  const flags = parseFlags(process.argv.slice(2))
  const files = readdirSync(networksDir)
    .filter((f) => f.endsWith('.bif.gz'))
    .filter((f) => flags.networks === undefined || flags.networks.includes(nameOf(f)))
  const size = (p: Planned) => p.plan?.bytes ?? Number.POSITIVE_INFINITY
  const planned = planAll(files)
    .filter((p) => !flags.quick || (p.plan !== undefined && p.plan.clusterEntries <= QUICK_MAX_TREE_ENTRIES))
    .sort((a, b) => size(a) - size(b) || a.name.localeCompare(b.name))
  const childArgs = [`--seed=${flags.seed}`, ...(flags.peers ? [] : ['--no-peers'])]
  const rows: Row[] = []
  for (const { file, name, plan } of planned) {
    process.stderr.write(`inference: ${name}\n`)
    const own = runChild('chainrule', file, childArgs, CHAINRULE_TIMEOUT_MS)
    rows.push(...own.rows)
    if (own.failure !== undefined) rows.push(...missingRows(name, 'chainrule', ['-'], own.failure))
    const answered = own.rows.some((r) => r.engine === 'chainrule' && r.query !== '-')
    if (!flags.peers || !answered) continue
    if (plan !== undefined && plan.clusterEntries > BAYESJS_MAX_TREE_ENTRIES) {
      rows.push(
        ...missingRows(name, 'bayesjs', ['prior', 'evidence'], `not attempted: tree of ${plan.clusterEntries.toExponential(1)} entries > 5e3 (bayesjs did not finish hailfinder, 9.4e3, in 120 s)`),
      )
      continue
    }
    const peer = runChild('bayesjs', file, childArgs, flags.peerTimeoutS * 1000)
    rows.push(...peer.rows)
    if (peer.failure !== undefined) {
      const done = new Set(peer.rows.map((r) => r.query))
      rows.push(...missingRows(name, 'bayesjs', ['prior', 'evidence'].filter((k) => !done.has(k)), peer.failure))
    }
  }
  // ratio: this engine's median over chainrule's on the same network and query.
  return rows.map((row) => {
    const reference = rows.find((r) => r.case === row.case && r.query === row.query && r.engine === 'chainrule')
    const ratio =
      reference === undefined || !(reference.medianMs > 0) || !Number.isFinite(row.medianMs) ? undefined : row.medianMs / reference.medianMs
    return ordered({ ...row, ratio })
  })
}

/** The table's columns in a fixed order (the harness prints the union of keys in order of appearance). */
const COLUMNS = [
  'suite', 'case', 'engine', 'query', 'medianMs', 'ratio', 'repeats', 'method', 'firstMs', 'compileMs', 'largestCluster', 'treeEntries', 'treeMB',
  'nsPerEntry', 'floorNs', 'vsFloor', 'peakMB', 'samples', 'maxAbsErr', 'note',
] as const

const ordered = (row: Readonly<Record<string, string | number | undefined>>): Row => {
  const out: Record<string, string | number | undefined> = {}
  for (const key of COLUMNS) out[key] = row[key]
  return out as unknown as Row
}

export const suite: Suite = {
  name: 'inference',
  description:
    'all marginals (prior, 3 observed) on every network: chainrule vs bayesjs (exact) and jsbayes (likelihood weighting); ns per cluster entry vs a typed-array floor',
  run,
}

// Child-process entry: `node inference.js --child=chainrule|bayesjs FILE [--seed=N] [--no-peers]`.
if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const args = process.argv.slice(2)
  const kind = flagValue(args, 'child')
  const file = args.find((a) => !a.startsWith('--'))
  if (file === undefined || (kind !== 'chainrule' && kind !== 'bayesjs')) {
    process.stderr.write('usage: inference.js --child=chainrule|bayesjs FILE [--seed=N] [--no-peers]\n')
    process.exit(2)
  }
  const flags = parseFlags(args)
  if (kind === 'chainrule') await childChainrule(file, flags)
  else childBayesjs(file, flags)
}
