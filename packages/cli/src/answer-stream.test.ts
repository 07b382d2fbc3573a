import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PARALLEL_FROM_LINES, parseQuestionLine } from './answer-stream.js'
import { runWithInput as run } from './cli.fixtures.js'
import { main } from './main.js'

const asiaFile = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'asia.bif')

/** What `query --json` prints for a question given by flags. */
const single = async (command: 'query' | 'mpe', flags: string[]): Promise<string> => {
  const r = await run([command, asiaFile, ...flags, '--json'])
  return r.status === 0 ? r.stdout.trimEnd() : JSON.stringify({ error: r.stderr.trimEnd().replace(/^chainrule \w+: /, '') })
}

const asiaStates: Record<string, readonly string[]> = {
  asia: ['yes', 'no'], tub: ['yes', 'no'], smoke: ['yes', 'no'], lung: ['yes', 'no'], bronc: ['yes', 'no'], either: ['yes', 'no'], xray: ['yes', 'no'], dysp: ['yes', 'no'],
}
const names = Object.keys(asiaStates)

/** A question as flags and as a JSON line: evidence, a soft finding, interventions (sometimes on an observed variable), targets. */
const arbQuestion = fc
  .record({
    evidence: fc.subarray(names, { maxLength: 3 }).chain((vs) => fc.tuple(...vs.map((v) => fc.constantFrom(...asiaStates[v]!, 'maybe').map((s) => [v, s] as const)))),
    soft: fc.option(fc.tuple(fc.constantFrom(...names), fc.double({ min: 0.1, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 1, noNaN: true }))),
    interventions: fc.subarray(names, { maxLength: 2 }).chain((vs) => fc.tuple(...vs.map((v) => fc.constantFrom(...asiaStates[v]!).map((s) => [v, s] as const)))),
    targets: fc.subarray(names, { maxLength: 2 }),
  })
  .map(({ evidence, soft, interventions, targets }) => {
    const flags: string[] = []
    if (evidence.length > 0) flags.push('--evidence', evidence.map(([v, s]) => `${v}=${s}`).join(','))
    if (soft !== null) flags.push('--soft', `${soft[0]}=${soft[1]}:${soft[2]}`)
    if (interventions.length > 0) flags.push('--do', interventions.map(([v, s]) => `${v}=${s}`).join(','))
    if (targets.length > 0) flags.push('--target', targets.join(','))
    const line = JSON.stringify({
      evidence: Object.fromEntries(evidence),
      ...(soft === null ? {} : { soft: { [soft[0]]: [soft[1], soft[2]] } }),
      ...(interventions.length === 0 ? {} : { do: Object.fromEntries(interventions) }),
      ...(targets.length === 0 ? {} : { targets }),
    })
    return { flags, line }
  })

describe('query --stdin and mpe --stdin', () => {
  it('each answer line is what --json prints for the same question (--do included), in order, on one engine, wherever the input is split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbQuestion, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), async (questions, cuts) => {
        const text = questions.map((q) => q.line).join('\n') + '\n'
        const at = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b)
        const chunks = [0, ...at].map((start, i, all) => text.slice(start, all[i + 1] ?? text.length)).filter((c) => c !== '')
        const streamed = await run(['query', asiaFile, '--stdin'], chunks)
        expect(streamed.status).toBe(0)
        const lines = streamed.stdout.trimEnd().split('\n')
        expect(lines).toHaveLength(questions.length)
        for (let i = 0; i < questions.length; i++) {
          const expected = await single('query', questions[i]!.flags)
          // A failing question prints the error's line; the stream says the same in {"error": ...}.
          if (expected.startsWith('{"error"')) expect(JSON.parse(lines[i]!).error).toBe(JSON.parse(expected).error)
          else expect(lines[i]).toBe(expected)
        }
      }),
      { numRuns: 25 },
    )
  })

  it('bad lines get {"error": ...} on their own line and the stream goes on', async () => {
    const input = ['{"evidence": {"dysp": "yes"}, "targets": ["bronc"]}', 'not json', '', '[1, 2]', '{"evidence": {"dysp": "maybe"}}', '{"evidnce": {}}', '{"targets": "bronc"}', '{"evidence": {"tub": "yes", "either": "no"}}', '{"do": {"smoke": "yes"}, "targets": ["lung"]}']
    const r = await run(['query', asiaFile, '--stdin'], [input.join('\r\n')])
    expect(r.status).toBe(0)
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: string; marginals?: Record<string, Record<string, number>> })
    expect(lines).toHaveLength(input.length)
    expect(lines[0]!.marginals!.bronc!.yes).toBeGreaterThan(0.8)
    expect(lines[1]!.error).toMatch(/not a JSON object/)
    expect(lines[2]!.error).toMatch(/empty line/)
    expect(lines[3]!.error).toMatch(/JSON object/)
    expect(lines[4]!.error).toBe('unknown state "maybe" of variable "dysp" (states: yes, no)')
    expect(lines[5]!.error).toMatch(/unknown field "evidnce"/)
    expect(lines[6]!.error).toMatch(/"targets" must be an array/)
    expect(lines[7]!.error).toBe('the evidence has probability zero: tub=yes, either=no')
    // An intervention: smoking forced on, P(lung) is P(lung | smoke = yes).
    expect(Math.abs(lines[8]!.marginals!.lung!.yes! - 0.1)).toBeLessThan(1e-12)
  })

  it('mpe --stdin answers as mpe --json does', async () => {
    const questions = [['--evidence', 'dysp=yes'], [], ['--evidence', 'xray=yes,smoke=no']]
    const lines = questions.map((flags) => JSON.stringify({ evidence: Object.fromEntries((flags[1] ?? '').split(',').filter((x) => x !== '').map((x) => x.split('='))) }))
    const r = await run(['mpe', asiaFile, '--stdin'], [lines.join('\n')])
    expect(r.status).toBe(0)
    const out = r.stdout.trimEnd().split('\n')
    for (let i = 0; i < questions.length; i++) expect(out[i]).toBe(await single('mpe', questions[i]!))
  })

  it('on a Markov network: query --stdin --method lbp and mpe --stdin --map answer as --json does with the same flags', async () => {
    const square = join(dirname(asiaFile), 'square.uai')
    const evidence = [{}, { x3: '1' }, { x0: '0', x2: '1' }]
    const lines = evidence.map((e) => JSON.stringify({ evidence: e })).join('\n')
    const flagsOf = (e: Record<string, string>): string[] => (Object.keys(e).length === 0 ? [] : ['--evidence', Object.entries(e).map(([k, v]) => `${k}=${v}`).join(',')])
    for (const [command, extra] of [
      ['query', ['--method', 'lbp', '--schedule', 'residual', '--damping', '0.3']],
      ['mpe', ['--map', 'x0,x1']],
    ] as const) {
      const r = await run([command, square, '--stdin', ...extra], [lines])
      expect(r.status).toBe(0)
      const out = r.stdout.trimEnd().split('\n')
      expect(out).toHaveLength(evidence.length)
      for (let i = 0; i < evidence.length; i++) {
        const json = await run([command, square, ...extra, ...flagsOf(evidence[i]!), '--json'])
        expect(json.status).toBe(0)
        expect(out[i]).toBe(json.stdout.trimEnd())
      }
      if (command === 'query') expect(JSON.parse(out[0]!)).toMatchObject({ approximate: true, method: 'lbp', schedule: 'residual', damping: 0.3 })
      else expect(Object.keys((JSON.parse(out[1]!) as { assignment: object }).assignment)).toEqual(['x0', 'x1'])
    }
    const file = await run(['query', square, '--stdin', '--evidence-file', `${square}.evid`], ['{}\n'])
    expect(file.status).toBe(2)
    expect(file.stderr).toMatch(/drop --evidence-file/)
  })

  it('question flags beside --stdin, and --stdin without standard input, are usage errors', async () => {
    const both = await run(['query', asiaFile, '--stdin', '--evidence', 'dysp=yes'], ['{}\n'])
    expect(both.status).toBe(2)
    expect(both.stderr).toMatch(/--stdin reads whole questions.*drop --evidence/)
    const none = await run(['mpe', asiaFile, '--stdin'])
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/--stdin needs standard input/)
  })

  it('a long stream is answered on worker threads too: the same answer lines, in order', async () => {
    const questions = [
      '{"evidence": {"dysp": "yes"}}',
      '{"evidence": {"xray": "yes", "smoke": "no"}, "targets": ["lung", "tub"]}',
      '{"soft": {"asia": [0.9, 0.2]}}',
      '{"do": {"smoke": "yes"}, "targets": ["lung"]}',
      '{"evidence": {"dysp": "maybe"}}',
      '{}',
    ]
    const block = `${questions.join('\n')}\n`
    const serial = await run(['query', asiaFile, '--stdin'], [block])
    expect(serial.stdout.split('\n')).toHaveLength(questions.length + 1)
    // Past the first PARALLEL_FROM_LINES lines the worker starts; the pause gives it time to be ready for the rest.
    const before = Math.ceil(PARALLEL_FROM_LINES / questions.length)
    const after = 200
    const stdin = (async function* () {
      for (let i = 0; i < before; i++) yield new TextEncoder().encode(block)
      await new Promise((resolve) => setTimeout(resolve, 3000))
      for (let i = 0; i < after; i++) yield new TextEncoder().encode(block)
    })()
    let stdout = ''
    let stderr = ''
    const decoder = new TextDecoder()
    const status = await main(['query', asiaFile, '--stdin', '--threads', '1'], {
      stdout: { write: (t: string | Uint8Array) => (stdout += typeof t === 'string' ? t : decoder.decode(t)) },
      stderr: { write: (t: string) => (stderr += t) },
      stdin,
    })
    expect(status).toBe(0)
    expect(stdout).toBe(serial.stdout.repeat(before + after))
    const note = /--stdin: ([\d,]+) questions; after the first ([\d,]+), ([\d,]+) were answered by 1 worker thread/.exec(stderr)
    expect(note).not.toBeNull()
    const [total, first, byWorker] = note!.slice(1).map((x) => Number(x.replaceAll(',', '')))
    expect(total).toBe((before + after) * questions.length)
    expect(first).toBeGreaterThanOrEqual(PARALLEL_FROM_LINES)
    expect(byWorker).toBeGreaterThan(0)
  }, 30_000)

  it('--threads goes with --stdin only, as a count', async () => {
    const without = await run(['query', asiaFile, '--threads', '2'])
    expect(without.status).toBe(2)
    expect(without.stderr).toMatch(/--threads sets the worker threads of --stdin/)
    const bad = await run(['mpe', asiaFile, '--stdin', '--threads', 'many'], ['{}\n'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--threads needs a non-negative integer/)
    // No worker threads: the main thread answers every line, and says nothing about workers.
    const none = await run(['query', asiaFile, '--stdin', '--threads', '0'], ['{}\n'.repeat(PARALLEL_FROM_LINES + 10)])
    expect(none.status).toBe(0)
    expect(none.stdout.trimEnd().split('\n')).toHaveLength(PARALLEL_FROM_LINES + 10)
    expect(none.stderr).not.toMatch(/worker/)
  })

  it('parseQuestionLine checks the shape of a question', () => {
    expect(parseQuestionLine('{"evidence": {"a": "x"}, "soft": {"b": [1, 0]}, "do": {"c": "y"}, "targets": ["d"]}')).toEqual(
      E.right({ evidence: { a: 'x' }, soft: { b: [1, 0] }, do: { c: 'y' }, targets: ['d'] }),
    )
    for (const bad of ['{', '3', 'null', '{"evidence": [1]}', '{"soft": null}', '{"targets": [1]}', '{"why": 1}']) expect(E.isLeft(parseQuestionLine(bad))).toBe(true)
  })
})
