import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { installAndRun, readmeModule, type InstallReport } from './pack-install.js'
import { repoRoot } from './workspace.js'

describe('readmeModule', () => {
  it("rewrites the README's imports to the umbrella package and keeps its claims", () => {
    const umbrella = readmeModule(repoRoot, true)
    expect(umbrella).not.toMatch(/from '@chainrule\//)
    expect(umbrella).toMatch(/from 'chainrule'/)
    expect(umbrella).toContain('__check(')
  })
})

describe('the packed packages, installed with npm into a fresh project', () => {
  let report: InstallReport | undefined
  afterAll(() => {
    if (report !== undefined) rmSync(report.project, { recursive: true, force: true })
  })

  it("install, compile the README's example under strict NodeNext and Bundler resolution, run it, and run npx chainrule", () => {
    // A network that ships with the repository, so the check runs on a fresh clone.
    report = installAndRun(join(repoRoot, 'packages', 'cli', 'src', 'fixtures', 'asia.bif'))
    console.log(report.packed.map((p) => `packed ${p.name}: ${p.bytes} bytes`).join('\n'))
    const failed = report.steps.filter((s) => s.status !== 0).map((s) => `${s.command} (exit ${s.status})\n${s.stdout}${s.stderr}`)
    expect(failed).toEqual([])
    expect(report.steps.map((s) => s.command.split(' ').slice(0, 3).join(' '))).toHaveLength(report.packed.length + 6)
    // Every workspace package came from its tarball, none from the registry.
    for (const p of report.packed) expect(report.resolved[p.name]).toBe(`file:tarballs/${p.tarball.split(/[\\/]/).pop()}`)
    const installed = JSON.parse(report.installedQuery) as { marginals: { bronc: Record<string, number> }; logPEvidence: number }
    expect(installed).toEqual(JSON.parse(report.workspaceQuery))
    const bronc = Object.values(installed.marginals.bronc)
    expect(bronc).toHaveLength(2)
    expect(Math.abs(bronc.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12)
  }, 600_000)
})
