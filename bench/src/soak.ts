/**
 * The soak: one million mixed questions (hard evidence, soft findings, MPE,
 * retractions) on one warm engine, resident memory every 100,000 questions,
 * and every 1,000th question asked again of a freshly compiled engine and
 * compared bit for bit (`soak-run.ts`). Not a test: it runs for minutes.
 *
 *   node bench/dist/soak.js --network=alarm [--questions=1000000] [--sample-every=1000] [--seed=1]
 *
 * Prints one line per report and a summary; exits 1 when an answer differed
 * or a question failed.
 */
import { flagValue } from './harness.js'
import { loadOrThrow, networkFile } from './networks.js'
import { soak } from './soak-run.js'

const args = process.argv.slice(2)
const name = flagValue(args, 'network') ?? 'alarm'
const file = networkFile(name)
if (file === undefined) throw new Error(`no ${name} in ../shared/networks`)
const count = Number(flagValue(args, 'questions') ?? 1_000_000)
const sampleEvery = Number(flagValue(args, 'sample-every') ?? 1_000)
const seed = Number(flagValue(args, 'seed') ?? 1)
process.stdout.write(`soak ${name}: ${count} questions, every ${sampleEvery}th compared with a fresh engine\n`)
const result = soak(loadOrThrow(file), {
  count,
  sampleEvery,
  reportEvery: 100_000,
  seed,
  onReport: (r) =>
    process.stdout.write(`${String(r.questions).padStart(9)} questions  rss ${r.rssMB.toFixed(1)} MB  heap ${r.heapMB.toFixed(1)} MB  ${r.seconds.toFixed(1)} s\n`),
})
process.stdout.write(`kinds ${JSON.stringify(result.kinds)}; ${result.sampled} sampled, ${result.mismatches} differing in any bit; ${result.failures} failed; ${result.patternsKept} patterns kept\n`)
process.exitCode = result.mismatches === 0 && result.failures === 0 ? 0 : 1
