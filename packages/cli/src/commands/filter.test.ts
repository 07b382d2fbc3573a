import { compileDynamic, filter, fromTwoSlice, smooth, viterbi } from '@chainrule/dynamic'
import { loadNetwork } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run, expectOneLineFailure } from '../cli.fixtures.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')
const net = join(fixtures, 'umbrella-2tbn.bif')
const days = join(fixtures, 'umbrella-days.csv')
const scratch = mkdtempSync(join(tmpdir(), 'chainrule-filter-'))

/** The library's answers on the same files: Umbrella is column 0 of the CSV, Rain column 1. */
const library = () => {
  const loaded = loadNetwork(net)
  if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error('fixture')
  const dbn = fromTwoSlice(loaded.right.network)
  if (E.isLeft(dbn)) throw new Error('2TBN')
  const engine = compileDynamic(dbn.right)
  if (E.isLeft(engine)) throw new Error('compile')
  // Slice variables: Rain (0), Umbrella (1). Rows of the CSV: yes,; yes,; no,; yes,; ,; yes,no
  const obs = { slices: 6, states: Int32Array.of(-1, 1, -1, 1, -1, 0, -1, 1, -1, -1, 0, 1) }
  const f = filter(engine.right, obs)
  const s = smooth(engine.right, obs)
  const v = viterbi(engine.right, obs)
  if (E.isLeft(f) || E.isLeft(s) || E.isLeft(v)) throw new Error('library')
  return { filtered: f.right, smoothed: s.right, best: v.right }
}

describe('chainrule filter', () => {
  it('--json prints the filtered posterior of every unobserved variable per slice and log P(observations)', async () => {
    const r = await run('filter', net, days, '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { slices: Record<string, Record<string, number>>[]; logLikelihood: number }
    expect(Object.keys(out)).toEqual(['slices', 'logLikelihood'])
    const { filtered } = library()
    expect(out.logLikelihood).toBe(filtered.logLikelihood)
    expect(out.slices.map((s) => Object.keys(s))).toEqual([['Rain'], ['Rain'], ['Rain'], ['Rain'], ['Rain', 'Umbrella'], []])
    out.slices.forEach((slice, t) => {
      if (slice.Rain !== undefined) expect(slice.Rain).toEqual({ no: filtered.slices[t]![0]![0], yes: filtered.slices[t]![0]![1] })
    })
    // Russell & Norvig: P(rain on day 1 | umbrellas on days 0 and 1) = 0.883.
    expect(out.slices[1]!.Rain!.yes).toBeCloseTo(0.883, 3)
  })

  it('--smooth conditions every slice on all observations; --viterbi adds the most probable sequence', async () => {
    const r = await run('filter', net, days, '--smooth', '--viterbi', '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as {
      slices: Record<string, Record<string, number>>[]
      logLikelihood: number
      viterbi: { sequence: Record<string, string>[]; logProbability: number }
    }
    const { smoothed, best } = library()
    out.slices.forEach((slice, t) => {
      if (slice.Rain !== undefined) expect(slice.Rain.yes).toBe(smoothed.slices[t]![0]![1])
    })
    expect(out.viterbi.logProbability).toBe(best.logProbability)
    expect(out.viterbi.sequence.map((s) => s.Rain)).toEqual(Array.from({ length: 6 }, (_, t) => ['no', 'yes'][best.states[t * 2]!]))
    expect(out.viterbi.sequence[5]).toEqual({ Rain: 'no', Umbrella: 'yes' })
  })

  it('prints readable tables by default', async () => {
    const r = await run('filter', net, days, '--viterbi')
    expect(r.status).toBe(0)
    const { filtered } = library()
    expect(r.stdout).toMatch(new RegExp(`^1\\s+Rain\\s+no\\s+${filtered.slices[1]![0]![0]!.toFixed(6)}`, 'm'))
    expect(r.stdout).toContain(`log P(observations) = ${filtered.logLikelihood}`)
    expect(r.stdout).toContain('most probable sequence')
  })

  it('fails with one line on a network that is not a 2TBN, a bad CSV, impossible observations and bad usage', async () => {
    expectOneLineFailure(await run('filter', join(fixtures, 'asia.bif'), days), /in no time slice/)
    const badColumn = join(scratch, 'snow.csv')
    writeFileSync(badColumn, 'Snow\nyes\n')
    expectOneLineFailure(await run('filter', net, badColumn), /Snow/)
    const sure = join(scratch, 'sure.bif')
    writeFileSync(sure, 'variable A0 { type discrete [ 2 ] { a, b }; }\nvariable At { type discrete [ 2 ] { a, b }; }\nprobability ( A0 ) { table 1, 0; }\nprobability ( At | A0 ) { (a) 1, 0; (b) 0, 1; }\n')
    const impossible = join(scratch, 'impossible.csv')
    writeFileSync(impossible, 'A\na\nb\n')
    expectOneLineFailure(await run('filter', sure, impossible), /probability zero.*A\[1\]=b/)
    expectOneLineFailure(await run('filter', net), /filter takes a 2TBN/)
    expectOneLineFailure(await run('filter', net, days, '--lag', '2'), /unknown option --lag/)
  })
})
