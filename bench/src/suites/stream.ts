/**
 * Suite `stream`: many questions through one process. For alarm and
 * hailfinder, a file of questions (each with 0 to 3 observed variables, at
 * their states in a forward sample, seeded) is piped into
 * `node packages/chainrule/bin/chainrule.js query NET --stdin` and the answers
 * counted (each must be an answer line, not an error); `questionsPerSecond`
 * is questions over the wall time from process start to exit (start-up and
 * compile included). Beside it, the same questions asked one process each
 * (`query NET --evidence ... --json`, the first 20), and the same stream with
 * `mpe --stdin`. Each stream runs twice: with the default worker threads (one
 * per other core) and with `--threads 0` (the main thread alone), whose answers
 * must be the same bytes.
 *
 * Flags: `--networks=alarm`, `--questions=100000`.
 */
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flagValue, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networkFile } from '../networks.js'

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const cliBin = join(repositoryRoot, 'packages', 'chainrule', 'bin', 'chainrule.js')
const SINGLE_CALLS = 20

/** `count` questions, each observing 0 to 3 variables at their states in one forward sample. */
export const questionLines = (bn: BayesianNetwork, count: number, seed: number): string[] => {
  const drawn = ancestralSample(bn, count, createRng(seed))
  if (E.isLeft(drawn)) throw new Error('sampling failed')
  const rng = createRng(seed + 1)
  const n = bn.dag.nodes.length
  return Array.from({ length: count }, (_, r) => {
    const evidence: Record<string, string> = {}
    const k = Math.floor(rng.float() * 4)
    for (let i = 0; i < k; i++) {
      const v = Math.floor(rng.float() * n)
      evidence[bn.dag.nodes[v]!] = drawn.right.states[v]![drawn.right.columns[v]![r]!]!
    }
    return JSON.stringify({ evidence })
  })
}

/** Run the CLI with `input` on stdin and stdout into a file; wall ms, the answer lines, how many are errors. */
const runCli = (args: readonly string[], input: string | undefined, out: string): { ms: number; lines: number; errors: number; ok: boolean } => {
  const fd = openSync(out, 'w')
  const start = performance.now()
  const run = spawnSync(process.execPath, [cliBin, ...args], {
    ...(input === undefined ? {} : { input }),
    stdio: ['pipe', fd, 'pipe'],
    timeout: 1_800_000,
  })
  const ms = performance.now() - start
  closeSync(fd)
  // Answers may be larger than a string can hold: count lines and error lines in the bytes.
  const bytes = readFileSync(out)
  const error = Buffer.from('{"error"')
  let lines = 0
  let errors = 0
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.indexOf(10, at)
    const stop = end < 0 ? bytes.length : end
    if (stop > at) {
      lines++
      if (bytes.subarray(at, at + error.length).equals(error)) errors++
    }
    at = stop + 1
  }
  return { ms, lines, errors, ok: run.status === 0 }
}

export const suite: Suite = {
  name: 'stream',
  description: 'questions per second through query --stdin and mpe --stdin on one process, against one process per question',
  run: () => {
    const args = process.argv.slice(2)
    const networks = (flagValue(args, 'networks') ?? 'alarm,hailfinder').split(',')
    const count = Number(flagValue(args, 'questions') ?? 100_000)
    const rows: Row[] = []
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-stream-'))
    for (const name of networks) {
      const file = networkFile(name)
      if (file === undefined) continue
      const bn = loadOrThrow(file)
      const lines = questionLines(bn, count, 2026)
      const questions = join(dir, `${name}.jsonl`)
      writeFileSync(questions, `${lines.join('\n')}\n`)
      const input = readFileSync(questions, 'utf8')
      for (const command of ['query', 'mpe'] as const)
        for (const threads of ['default', '0'] as const) {
          const out = join(dir, `${name}-${command}-${threads}.out`)
          const streamed = runCli([command, file, '--stdin', '--quiet', ...(threads === 'default' ? [] : ['--threads', threads])], input, out)
          const answered = streamed.lines - streamed.errors
          if (!streamed.ok || answered !== count) throw new Error(`${command} --stdin on ${name}: ${answered} answers of ${count}`)
          // Worker threads or not, the answers are the same bytes.
          if (threads === '0' && !readFileSync(out).equals(readFileSync(join(dir, `${name}-${command}-default.out`)))) throw new Error(`${command} --stdin on ${name}: the answers differ with --threads 0`)
          rows.push({
            suite: 'stream',
            case: `${name} ${command}`,
            engine: threads === 'default' ? `${command} --stdin (one process, worker threads)` : `${command} --stdin --threads 0 (one thread)`,
            medianMs: streamed.ms,
            repeats: 1,
            questions: count,
            questionsPerSecond: count / (streamed.ms / 1000),
            msPerQuestion: streamed.ms / count,
          })
        }
      // One process per question: start-up, load and compile every time.
      let singleMs = 0
      for (const line of lines.slice(0, SINGLE_CALLS)) {
        const evidence = Object.entries((JSON.parse(line) as { evidence: Record<string, string> }).evidence)
          .map(([v, s]) => `${v}=${s}`)
          .join(',')
        const single = runCli(['query', file, '--json', '--quiet', ...(evidence === '' ? [] : ['--evidence', evidence])], undefined, join(dir, 'single.out'))
        if (!single.ok || single.lines !== 1) throw new Error(`query on ${name} failed`)
        singleMs += single.ms
      }
      rows.push({
        suite: 'stream',
        case: `${name} query`,
        engine: 'one process per question',
        medianMs: singleMs,
        repeats: 1,
        questions: SINGLE_CALLS,
        questionsPerSecond: SINGLE_CALLS / (singleMs / 1000),
        msPerQuestion: singleMs / SINGLE_CALLS,
      })
    }
    return rows
  },
}
