/**
 * The CLI on Markov networks and UAI files: --evidence-file, every variable
 * reported (the UAI MAR task), log10 beside the natural log (PR), marginal MAP
 * (mpe --map) and loopy belief propagation (--method lbp), against the
 * library's own answers on the same files.
 */
import { approximateMarginals, compile, marginalMap, marginals, mpe as mostProbable } from '@chainrule/infer'
import { loadNetwork } from '@chainrule/io/node'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run, expectOneLineFailure } from './cli.fixtures.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')
const square = join(fixtures, 'square.uai')
const asia = join(fixtures, 'asia.bif')
const scratch = mkdtempSync(join(tmpdir(), 'chainrule-cli-markov-'))

const engineOf = (file: string) => {
  const loaded = loadNetwork(file)
  if (E.isLeft(loaded)) throw new Error('fixture')
  const engine = compile(loaded.right.network)
  if (E.isLeft(engine)) throw new Error('compile')
  return engine.right
}

type QueryJson = { marginals: Record<string, Record<string, number>>; logPEvidence: number; log10PEvidence: number }

describe('a UAI MARKOV file with its evidence file', () => {
  // square.uai.evid: "1 / 3 1", the old one-sample form: x3 = 1.
  it('query reports every variable (x3 as a point mass), ln Z(e) and log10 Z(e)', async () => {
    const r = await run('query', square, '--evidence-file', `${square}.evid`, '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as QueryJson
    expect(Object.keys(out.marginals)).toEqual(['x0', 'x1', 'x2', 'x3'])
    expect(out.marginals.x3).toEqual({ '0': 0, '1': 1 })
    const exact = marginals(engineOf(square), { evidence: { x3: '1' } })
    if (E.isLeft(exact)) throw new Error('query')
    expect(out.logPEvidence).toBe(exact.right.logPEvidence)
    expect(out.log10PEvidence).toBe(exact.right.logPEvidence / Math.LN10)
    for (const v of [0, 1, 2]) exact.right.probabilities[v]!.forEach((p, s) => expect(out.marginals[`x${v}`]![String(s)]).toBe(p))
    // Without the file, the same evidence by name: only the unobserved variables, and the same Z(e).
    const named = JSON.parse((await run('query', square, '--evidence', 'x3=1', '--json')).stdout) as QueryJson
    expect(Object.keys(named.marginals)).toEqual(['x0', 'x1', 'x2'])
    expect(named.logPEvidence).toBe(out.logPEvidence)
  })

  it('the text output names log Z for a Markov network and log P for a Bayesian one', async () => {
    expect((await run('query', square)).stdout).toMatch(/log Z\(evidence\) = [-0-9.e]+ \(log10: [-0-9.e]+\)/)
    expect((await run('query', asia)).stdout).toMatch(/log P\(evidence\) = 0 \(log10: 0\)/)
  })

  it('mpe takes the evidence file; mpe --map gives the exact marginal MAP', async () => {
    const engine = engineOf(square)
    const best = JSON.parse((await run('mpe', square, '--evidence-file', `${square}.evid`, '--json')).stdout) as {
      assignment: Record<string, string>
      logProbability: number
      log10Probability: number
    }
    const exact = mostProbable(engine, { evidence: { x3: '1' } })
    if (E.isLeft(exact)) throw new Error('mpe')
    const { x3: _observed, ...rest } = exact.right.assignment
    expect(best.assignment).toEqual(rest)
    expect(best.logProbability).toBe(exact.right.logProbability)
    expect(best.log10Probability).toBe(exact.right.logProbability / Math.LN10)
    const map = JSON.parse((await run('mpe', square, '--evidence-file', `${square}.evid`, '--map', 'x0,x2', '--json')).stdout) as typeof best
    const exactMap = marginalMap(engine, ['x0', 'x2'], { evidence: { x3: '1' } })
    if (E.isLeft(exactMap)) throw new Error('map')
    expect(map.assignment).toEqual(exactMap.right.assignment)
    expect(Math.abs(map.logProbability - exactMap.right.logProbability)).toBeLessThan(1e-12)
  })

  it('query --method lbp says it is approximate, how it ran and its error against the exact answer', async () => {
    const r = await run('query', square, '--method', 'lbp', '--damping', '0.2', '--schedule', 'residual', '--json')
    const out = JSON.parse(r.stdout) as QueryJson & { approximate: boolean; converged: boolean; schedule: string; damping: number; errorAgainstExact: { maxMarginalError: number } }
    expect(out.approximate).toBe(true)
    expect(out.schedule).toBe('residual')
    expect(out.damping).toBe(0.2)
    const lbp = approximateMarginals(engineOf(square), {}, { kind: 'lbp', damping: 0.2, schedule: 'residual' })
    if (E.isLeft(lbp)) throw new Error('lbp')
    expect(out.converged).toBe(lbp.right.converged)
    expect(out.errorAgainstExact.maxMarginalError).toBe(lbp.right.errorAgainstExact!.maxMarginalError)
    expect(out.logPEvidence).toBe(lbp.right.logPEvidence)
    expect((await run('query', square, '--method', 'lbp')).stdout).toMatch(/^APPROXIMATE: loopy belief propagation/)
    // Over the memory budget there is no exact answer to compare with, and the output says so.
    expect((await run('query', square, '--method', 'lbp', '--max-memory', '100')).stdout).toMatch(/no exact answer to compare with/)
  })

  it('info, sample: a Markov network is described and sampled on its junction tree', async () => {
    const info = JSON.parse((await run('info', square, '--json')).stdout) as { kind: string; variables: number; potentials: number; tableEntries: number }
    expect(info).toMatchObject({ kind: 'markov', variables: 4, potentials: 6, tableEntries: 4 + 6 + 6 + 4 + 2 + 3 })
    const csv = (await run('sample', square, '-n', '20', '--seed', '3')).stdout.trimEnd().split('\n')
    expect(csv[0]).toBe('x0,x1,x2,x3')
    expect(csv).toHaveLength(21)
  })

  it('a BAYES file with the child listed first loads as a Bayesian network, with a note', async () => {
    const r = await run('query', join(fixtures, 'child-first.uai'), '--json')
    expect(r.stderr).toMatch(/^note: .*child-first\.uai: each table is the conditional table of the FIRST variable/)
    const out = JSON.parse(r.stdout) as QueryJson
    // P(x1 = 0) = 0.4 x 0.9 + 0.6 x 0.2 = 0.48.
    expect(Math.abs(out.marginals.x1!['0']! - 0.48)).toBeLessThan(1e-15)
    expect(out.logPEvidence).toBe(0)
  })
})

describe('bad input around Markov networks and evidence files', () => {
  it('commands that need a Bayesian network say so', async () => {
    expectOneLineFailure(await run('dsep', square, 'x0', 'x1'), /square\.uai is a Markov network; dsep needs a Bayesian network/)
    expectOneLineFailure(await run('convert', square, join(scratch, 'square.bif')), /convert needs a Bayesian network/)
  })

  it('evidence files: out of range indices with line and column, evidence given twice, unreadable files', async () => {
    const bad = join(scratch, 'bad.evid')
    writeFileSync(bad, '1\n7 0\n')
    expectOneLineFailure(await run('query', square, '--evidence-file', bad), /bad\.evid:2:1: /)
    writeFileSync(bad, '1 2 3')
    expectOneLineFailure(await run('mpe', square, '--evidence-file', bad), /bad\.evid:1:5: /)
    expectOneLineFailure(await run('query', square, '--evidence-file', `${square}.evid`, '-e', 'x3=0'), /evidence on "x3" given twice/)
    expectOneLineFailure(await run('query', square, '--evidence-file', join(scratch, 'missing.evid')), /missing\.evid/)
  })

  it('lbp settings: out of range, or without --method lbp; --map without variables; unknown MAP variables', async () => {
    expectOneLineFailure(await run('query', square, '--method', 'lbp', '--damping', '1'), /--damping needs a number in \[0, 1\)/)
    expectOneLineFailure(await run('query', square, '--method', 'lbp', '--schedule', 'random'), /--schedule is one of parallel, sequential, residual/)
    expectOneLineFailure(await run('query', square, '--method', 'lbp', '--max-iterations', '0'), /--max-iterations/)
    expectOneLineFailure(await run('query', square, '--tolerance', '1e-6'), /--tolerance goes with --method lbp/)
    expectOneLineFailure(await run('mpe', square, '--map', ''), /--map needs/)
    expectOneLineFailure(await run('mpe', square, '--map', 'x9'), /unknown variable "x9"/)
    expectOneLineFailure(await run('mpe', square, '--map', 'x0,x1,x2', '--max-memory', '8'), /marginal MAP would need .* over the memory budget/)
  })
})
