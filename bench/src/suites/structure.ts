/**
 * Suite `structure`: structure learning measured against the truth.
 *
 * Protocol: rows sampled ancestrally (`ancestralSample`, seeds 1, 2, 3) from
 * asia, sachs, child, insurance, alarm and hailfinder, N in {1,000, 5,000,
 * 20,000}. Every algorithm learns from the same rows; each learned graph is
 * compared, as a CPDAG (PC's own CPDAG, else the CPDAG of the learned DAG),
 * with the CPDAG of the true network: structural Hamming distance and
 * skeleton F1, averaged over the seeds, and the median wall time.
 *
 * - `plain hc`: the separate textbook hill climber of `peers/plain-hc.ts`
 *   (BIC; add, remove, reverse; no tabu, no restarts), the reference.
 * - `hc`, `tabu`: `hillClimb` with BIC (tabu: list of 10 graphs, stop after 10
 *   steps without a new best, bnlearn's defaults); `hc bdeu`: BDeu with
 *   equivalent sample size 1; `tabu+restarts`: tabu with 5 restarts of 5
 *   random moves each.
 * - `pc`: PC-stable, G-squared, alpha 0.05; `hybrid`: PC-stable's skeleton
 *   then tabu search within it; `chow-liu`: the maximum-MI tree.
 *
 * Speed (alarm and hailfinder, 20,000 rows, seed 1, medians of repeats; also
 * the CPU time of the calling thread, which moves less than wall time on a
 * machine shared with other jobs, and the first, JIT-cold run):
 * hill climbing with BIC through the in-memory fast path, through the
 * source's own `counts` (one batch per step), on 2 worker threads, and the
 * plain reference; `nsPerCell` = time / cells counted (rows x columns of every
 * family table built), against `floorNs`, one histogram pass over three
 * typed-array columns (`h[(a[r] * cb + b[r]) * cc + c[r]]++`) on the same rows.
 *
 * Scale: a generated network of 1,000 variables (2 or 3 states, 0 to 3 parents
 * among the 30 variables before each, seeded), 5,000 rows, hill climbing with
 * at most 3 parents, in a child process of its own for its peak memory.
 *
 * Flags: `--quick` (N in {1,000, 5,000}, seed 1, no hailfinder, no scale),
 * `--networks=alarm,child`, `--no-quality`, `--no-speed`, `--no-scale`,
 * `--scale-only`, `--scale-variables=1000`, `--scale-rows=5000`.
 */
import { fromSamples, memorySource, type DataSet } from '@chainrule/data'
import { fromParents } from '@chainrule/graph'
import { ancestralSample, createRng, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import { compareGraphs, cpdagOf, hillClimb, learnStructure, type Algorithm, type Pdag } from '@chainrule/structure'
import { parallelCounter } from '@chainrule/structure/node'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { flagValue, keep, median, measure, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networkFile, peakMB } from '../networks.js'
import { plainHillClimb } from '../peers/plain-hc.js'

const thisFile = fileURLToPath(import.meta.url)
const NETWORKS = ['asia', 'sachs', 'child', 'insurance', 'alarm', 'hailfinder']
const SIZES = [1_000, 5_000, 20_000]
const SEEDS = [1, 2, 3]

type Learner = { readonly name: string; readonly learn: (data: DataSet) => Promise<Pdag> }

const unwrap = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`bench structure: ${what} failed: ${JSON.stringify(e.left)}`)
  return e.right
}

const viaLibrary = (name: string, algorithm: Algorithm): Learner => ({
  name,
  learn: async (data) => {
    const learned = unwrap(await learnStructure(memorySource(data), algorithm), name)
    return algorithm.kind === 'pc' ? learned.graph : cpdagOf(learned.dag)
  },
})

const plainDag = (data: DataSet) => {
  const { parents } = plainHillClimb({ columns: data.columns, cards: data.states.map((s) => s.length), rows: data.rows })
  return unwrap(fromParents(new Map(data.variables.map((name, v) => [name, parents[v]!.map((p) => data.variables[p]!)]))), 'plain dag')
}

const LEARNERS: readonly Learner[] = [
  { name: 'plain hc', learn: async (data) => cpdagOf(plainDag(data)) },
  viaLibrary('hc', { kind: 'hc' }),
  viaLibrary('hc bdeu', { kind: 'hc', score: { kind: 'bdeu', equivalentSampleSize: 1 } }),
  viaLibrary('tabu', { kind: 'tabu' }),
  viaLibrary('tabu+restarts', { kind: 'tabu', restarts: { count: 5, perturb: 5, seed: 1 } }),
  viaLibrary('pc', { kind: 'pc' }),
  viaLibrary('hybrid', { kind: 'hybrid', tabu: {} }),
  viaLibrary('chow-liu', { kind: 'chowLiu' }),
]

const sample = (bn: BayesianNetwork, rows: number, seed: number): DataSet => unwrap(fromSamples(unwrap(ancestralSample(bn, rows, createRng(seed)), 'sampling')), 'data')

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Quality rows: every network x size x algorithm, over the seeds. */
const quality = async (networks: readonly string[], sizes: readonly number[], seeds: readonly number[]): Promise<Row[]> => {
  const rows: Row[] = []
  for (const name of networks) {
    const file = networkFile(name)
    if (file === undefined) continue
    const bn = loadOrThrow(file)
    const truth = cpdagOf(bn.dag)
    for (const n of sizes) {
      const samples = seeds.map((seed) => sample(bn, n, seed))
      for (const learner of LEARNERS) {
        const shd: number[] = []
        const f1: number[] = []
        const ms: number[] = []
        for (const data of samples) {
          const start = performance.now()
          const graph = await learner.learn(data)
          ms.push(performance.now() - start)
          const c = unwrap(compareGraphs(graph, truth), 'compare')
          shd.push(c.shd)
          f1.push(c.skeleton.f1)
        }
        rows.push({
          suite: 'structure',
          case: `${name} N=${n.toLocaleString('en-US')}`,
          engine: learner.name,
          medianMs: median(ms),
          repeats: seeds.length,
          shd: mean(shd),
          shdRange: `${Math.min(...shd)}-${Math.max(...shd)}`,
          skeletonF1: mean(f1),
          trueArcs: bn.dag.parentIds.flat().length,
        })
        process.stderr.write(`  ${name} N=${n} ${learner.name}: SHD ${mean(shd).toFixed(1)}, ${median(ms).toFixed(0)} ms\n`)
      }
    }
  }
  return rows
}

/** One histogram pass over three typed-array columns, ns per cell (the floor of counting). */
const countingFloor = (data: DataSet): number => {
  const [a, b, c] = [data.columns[0]!, data.columns[1]!, data.columns[2]!]
  const [cb, cc] = [data.states[1]!.length, data.states[2]!.length]
  const h = new Int32Array(data.states[0]!.length * cb * cc)
  const rows = data.rows
  const { medianMs } = measure(
    () => {
      h.fill(0)
      for (let r = 0; r < rows; r++) h[(a[r]! * cb + b[r]!) * cc + c[r]!]!++
      return h[0]
    },
    { minRepeats: 20, minTimeMs: 200, maxRepeats: 2_000, warmup: 5 },
  )
  return (medianMs * 1e6) / (rows * 3)
}

/** Median wall time of repeats after one warm-up run; `cpu` receives the median CPU time of this thread (ms). */
const timeAsync = async (fn: () => Promise<unknown>, repeats: number, cpu?: (ms: number) => void): Promise<number> => {
  keep(await fn())
  const times: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    keep(await fn())
    const used = process.cpuUsage(cpuStart)
    times.push(performance.now() - start)
    cpus.push((used.user + used.system) / 1000)
  }
  cpu?.(median(cpus))
  return median(times)
}

/** Speed rows: hill climbing with BIC at 20,000 rows by every counting path, and the plain reference. */
const speed = async (networks: readonly string[]): Promise<Row[]> => {
  const rows: Row[] = []
  for (const name of networks) {
    const file = networkFile(name)
    if (file === undefined) continue
    const data = sample(loadOrThrow(file), 20_000, 1)
    const floorNs = countingFloor(data)
    const base = { suite: 'structure', case: `${name} N=20,000 hc bic` }
    // The first search of the process, JIT cold (what one command-line run pays), then warm repeats.
    const coldStart = performance.now()
    const coldCpuStart = process.cpuUsage()
    const first = unwrap(await hillClimb(memorySource(data)), 'hc')
    const coldCpu = process.cpuUsage(coldCpuStart)
    const coldMs = performance.now() - coldStart
    let cpuMs = 0
    const fast = await timeAsync(() => hillClimb(memorySource(data)), 9, (ms) => (cpuMs = ms))
    const cells = first.cellsCounted
    rows.push({
      ...base,
      engine: 'hc (memory, incremental)',
      medianMs: fast,
      repeats: 9,
      cpuMs,
      firstRunMs: coldMs,
      firstRunCpuMs: (coldCpu.user + coldCpu.system) / 1000,
      iterations: first.iterations,
      tables: first.tablesCounted,
      nsPerCell: (fast * 1e6) / cells,
      floorNs,
      vsFloor: (fast * 1e6) / cells / floorNs,
    })
    let sourceCpu = 0
    const viaSource = await timeAsync(() => hillClimb(memorySource(data), { counting: { kind: 'source' } }), 5, (ms) => (sourceCpu = ms))
    rows.push({ ...base, engine: 'hc (DataSource.counts)', medianMs: viaSource, repeats: 5, cpuMs: sourceCpu, ratio: viaSource / fast })
    const counter = unwrap(await parallelCounter(data, { workers: 2 }), 'workers')
    try {
      const workers = await timeAsync(() => hillClimb(memorySource(data), { counting: { kind: 'counter', counter } }), 5)
      rows.push({ ...base, engine: 'hc (2 worker threads)', medianMs: workers, repeats: 5, ratio: workers / fast })
    } finally {
      await counter.close()
    }
    let plainCpu = 0
    const plain = await timeAsync(async () => plainHillClimb({ columns: data.columns, cards: data.states.map((s) => s.length), rows: data.rows }), 3, (ms) => (plainCpu = ms))
    rows.push({ ...base, engine: 'plain hc (reference)', medianMs: plain, repeats: 3, cpuMs: plainCpu, ratio: plain / fast })
    process.stderr.write(`  ${name}: hc ${fast.toFixed(0)} ms, via counts ${viaSource.toFixed(0)} ms, plain ${plain.toFixed(0)} ms\n`)
  }
  return rows
}

/** A sparse generated network: variable v takes 0..3 parents among the 30 before it. */
export const generatedNetwork = (variables: number, seed: number): BayesianNetwork => {
  const rng = createRng(seed)
  const cards = Array.from({ length: variables }, () => 2 + rng.int(2))
  const specs = Array.from({ length: variables }, (_, v) => {
    const parents = new Set<number>()
    const k = v === 0 ? 0 : rng.int(Math.min(3, v) + 1)
    while (parents.size < k) parents.add(Math.max(0, v - 1 - rng.int(30)))
    const ps = [...parents]
    const q = ps.reduce((a, p) => a * cards[p]!, 1)
    const table: number[] = []
    for (let j = 0; j < q; j++) {
      const row = Array.from({ length: cards[v]! }, () => 0.05 + rng.float() ** 2)
      const sum = row.reduce((a, b) => a + b, 0)
      table.push(...row.map((x) => x / sum))
    }
    return { name: `x${v}`, states: Array.from({ length: cards[v]! }, (_, s) => `s${s}`), parents: ps.map((p) => `x${p}`), table }
  })
  return unwrap(networkFromSpec({ variables: specs }), 'generated network').network
}

/** Child process: the scale run, one JSON row on stdout. */
const scaleChild = async (variables: number, rows: number, workers: number): Promise<void> => {
  const bn = generatedNetwork(variables, 2026)
  const data = sample(bn, rows, 1)
  const start = performance.now()
  const cpuStart = process.cpuUsage()
  const counter = workers > 0 ? unwrap(await parallelCounter(data, { workers }), 'workers') : undefined
  const learned = unwrap(
    await hillClimb(memorySource(data), { constraints: { maxParents: 3 }, ...(counter === undefined ? {} : { counting: { kind: 'counter', counter } }) }),
    'scale hc',
  )
  const ms = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  await counter?.close()
  const c = unwrap(compareGraphs(cpdagOf(learned.dag), cpdagOf(bn.dag)), 'compare')
  const row: Row = {
    suite: 'structure',
    case: `generated ${variables} variables, N=${rows.toLocaleString('en-US')}, max 3 parents`,
    engine: workers > 0 ? `hc bic (${workers} worker threads)` : 'hc bic',
    medianMs: ms,
    repeats: 1,
    // CPU time of this thread and its workers: on a machine shared with other jobs it moves less than wall time.
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: peakMB(),
    shd: c.shd,
    skeletonF1: c.skeleton.f1,
    trueArcs: bn.dag.parentIds.flat().length,
    learnedArcs: learned.dag.parentIds.flat().length,
    iterations: learned.iterations,
    familiesScored: learned.familiesScored,
    nsPerCell: (ms * 1e6) / learned.cellsCounted,
  }
  process.stdout.write(`${JSON.stringify(row)}\n`)
}

const scale = (variables: number, rows: number): Row[] =>
  [0, 2].flatMap((workers) => {
    const run = spawnSync(process.execPath, [thisFile, '--scale-child', String(variables), String(rows), String(workers)], { encoding: 'utf8', timeout: 1_800_000, maxBuffer: 1 << 24 })
    if (run.status !== 0) throw new Error(`bench structure: the scale run failed: ${run.stderr}`)
    const row = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Row
    process.stderr.write(`  scale (${workers} workers): ${(row.medianMs / 1000).toFixed(1)} s, ${String(row.peakMB)} MB, SHD ${String(row.shd)}\n`)
    return [row]
  })

export const suite: Suite = {
  name: 'structure',
  description: 'structure learning: SHD against the true CPDAG and time on sampled rows (6 networks x N x 3 seeds), hill-climbing speed, a 1,000-variable scale run',
  run: async () => {
    const args = process.argv.slice(2)
    const quick = args.includes('--quick')
    const networks = flagValue(args, 'networks')?.split(',') ?? (quick ? NETWORKS.filter((n) => n !== 'hailfinder') : NETWORKS)
    const sizes = quick ? SIZES.slice(0, 2) : SIZES
    const seeds = quick ? SEEDS.slice(0, 1) : SEEDS
    const only = args.includes('--scale-only')
    const rows: Row[] = []
    if (!only && !args.includes('--no-speed')) rows.push(...(await speed(['alarm', 'hailfinder'].filter((n) => networks.includes(n)))))
    if (!only && !args.includes('--no-quality')) rows.push(...(await quality(networks, sizes, seeds)))
    if (only || (!quick && !args.includes('--no-scale')))
      rows.push(...scale(Number(flagValue(args, 'scale-variables') ?? 1000), Number(flagValue(args, 'scale-rows') ?? 5000)))
    return rows
  },
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv.includes('--scale-child')) {
  const [variables, rows, workers] = process.argv.slice(process.argv.indexOf('--scale-child') + 1).map(Number)
  await scaleChild(variables!, rows!, workers!)
}
