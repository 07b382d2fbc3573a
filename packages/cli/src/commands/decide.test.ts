import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run, expectOneLineFailure } from '../cli.fixtures.js'

const oil = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'oil-wildcatter.net')
const scratch = mkdtempSync(join(tmpdir(), 'chainrule-decide-'))

type Decided = { meu: number; policies: Record<string, { given: Record<string, string>; choice: string }[]> }

describe('chainrule decide', () => {
  it('--json prints the MEU (the published 22.5 of the oil wildcatter) and each policy by its information set', async () => {
    const r = await run('decide', oil, '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as Decided
    expect(Object.keys(out)).toEqual(['meu', 'policies'])
    expect(Math.abs(out.meu - 22.5)).toBeLessThan(1e-12)
    expect(out.policies.Test).toEqual([{ given: {}, choice: 'yes' }])
    const drill = Object.fromEntries(out.policies.Drill!.map((row) => [`${row.given.Test}/${row.given.Seismic}`, row.choice]))
    expect(out.policies.Drill).toHaveLength(8)
    expect([drill['yes/closed'], drill['yes/open'], drill['yes/diffuse'], drill['no/none']]).toEqual(['yes', 'yes', 'no', 'yes'])
  })

  it('reads the same diagram from GeNIe xdsl (decision and utility nodes) and prints the same answer as from Hugin NET', async () => {
    const fromXdsl = await run('decide', oil.replace(/\.net$/, '.xdsl'), '--json')
    expect(fromXdsl.status).toBe(0)
    expect(fromXdsl.stdout).toBe((await run('decide', oil, '--json')).stdout)
    const report = await run('decide', oil.replace(/\.net$/, '.xdsl'))
    expect(report.stdout).toMatch(/^maximum expected utility = 22\.5/)
  })

  it('--evidence fixes a decision already taken, or a reading once it can be known', async () => {
    const untested = JSON.parse((await run('decide', oil, '--evidence', 'Test=no', '--json')).stdout) as Decided
    expect(Math.abs(untested.meu - 20)).toBeLessThan(1e-12)
    expect(untested.policies.Test).toEqual([{ given: {}, choice: 'no' }])
    const closed = JSON.parse((await run('decide', oil, '--evidence', 'Test=yes,Seismic=closed', '--json')).stdout) as Decided
    expect(Math.abs(closed.meu - 77.5)).toBeLessThan(1e-12)
  })

  it('prints a readable report by default', async () => {
    const r = await run('decide', oil)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^maximum expected utility = 22\.5/)
    expect(r.stdout).toMatch(/^Drill:\nTest\s+Seismic\s+choice\s+P\(row\)$/m)
    // Under the best strategy the test is always done: P(diffuse) = 0.5(0.6) + 0.3(0.3) + 0.2(0.1) = 0.41.
    expect(r.stdout).toMatch(/^yes\s+diffuse\s+no\s+0\.410000$/m)
    expect(r.stdout).toMatch(/^no\s+none\s+yes\s+0\.000000$/m)
  })

  it('solves a LIMID whose decisions have no order by single policy updating, and says so', async () => {
    const limid = join(scratch, 'meet.net')
    writeFileSync(limid, 'decision A { states = ("left" "right"); }\ndecision B { states = ("left" "right"); }\nutility U { }\npotential (U | A B) { data = ((1 0) (0 2)); }\n')
    const r = await run('decide', limid, '--json')
    expect(r.status).toBe(0)
    expect((JSON.parse(r.stdout) as Decided).meu).toBe(2)
    expect(r.stderr).toContain('single policy updating')
    expect(r.stderr).toContain('locally optimal')
  })

  it('fails with one line on bad files, evidence that comes after a decision, and bad usage', async () => {
    expectOneLineFailure(await run('decide', join(scratch, 'none.net')), /cannot read/)
    expectOneLineFailure(await run('decide', oil.replace('.net', '.bif')), /cannot read|unknown/)
    expectOneLineFailure(await run('decide', oil, '--evidence', 'Seismic=open'), /cannot be known before deciding/)
    expectOneLineFailure(await run('decide', oil, '--evidence', 'Oil=oily'), /unknown state "oily"/)
    const broken = join(scratch, 'broken.net')
    writeFileSync(broken, 'utility U { }\n')
    expectOneLineFailure(await run('decide', broken), /broken\.net:1:9: variable U has no table/)
    expectOneLineFailure(await run('decide'), /decide takes exactly one/)
  })
})
