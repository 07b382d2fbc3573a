/**
 * The installed `chainrule` command, as a user runs it: the bundled build
 * (packages/cli/dist/chainrule.mjs, made by `pnpm build`) started by node in
 * its own process. Exit status and the split between stdout and stderr are
 * only observable this way.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'packages', 'chainrule', 'bin', 'chainrule.js')
const asia = join(root, 'packages', 'cli', 'src', 'fixtures', 'asia.bif')

const chainrule = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 })

describe('the chainrule command (bundled build)', () => {
  it('answers a query as one JSON object on stdout, status 0', () => {
    const run = chainrule('query', asia, '--evidence', 'dysp=yes', '--target', 'bronc', '--json')
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    const out = JSON.parse(run.stdout) as { marginals: { bronc: { yes: number; no: number } }; logPEvidence: number }
    expect(Math.abs(out.marginals.bronc.yes + out.marginals.bronc.no - 1)).toBeLessThan(1e-12)
    expect(out.marginals.bronc.yes).toBeGreaterThan(0.8)
  })

  it('reports bad input in one line on stderr with status 2 and nothing on stdout', () => {
    const run = chainrule('query', asia, '--evidence', 'dysp=maybe')
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('chainrule query: unknown state "maybe" of variable "dysp" (states: yes, no)\n')
  })

  it('learns a network from a CSV file: JSON on stdout, the file written, progress on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-bin-'))
    const csv = join(dir, 'asia.csv')
    const sampled = chainrule('sample', asia, '-n', '2000', '--seed', '5', '--out', csv)
    expect(sampled.status).toBe(0)
    const out = join(dir, 'learned.bif')
    const run = chainrule('learn', csv, '--algorithm', 'tabu', '--out', out, '--json')
    expect(run.status).toBe(0)
    const learned = JSON.parse(run.stdout) as { arcs: [string, string][]; score: number; seconds: number }
    expect(learned.arcs.length).toBeGreaterThan(3)
    expect(learned.score).toBeLessThan(0)
    expect(existsSync(out)).toBe(true)
    expect(run.stderr).toMatch(/^tabu: \d+ moves/m)
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n"x\n')
    const bad = chainrule('learn', join(dir, 'bad.csv'), '--out', join(dir, 'bad.bif'))
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe('chainrule learn: line 2, column 1: a quoted cell is never closed\n')
    expect(existsSync(join(dir, 'bad.bif'))).toBe(false)
  })
})

describe('chainrule query --stdin (bundled build, a real pipe)', () => {
  it('answers one JSON line per question line, in order, and goes on past a bad line', () => {
    const input = ['{"evidence": {"dysp": "yes"}, "targets": ["bronc"]}', '{"evidence": {"dysp": "maybe"}}', '{"targets": ["bronc"]}'].join('\n') + '\n'
    const run = spawnSync(process.execPath, [bin, 'query', asia, '--stdin'], { input, encoding: 'utf8', timeout: 30_000 })
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe(chainrule('query', asia, '--evidence', 'dysp=yes', '--target', 'bronc', '--json').stdout.trimEnd())
    expect(JSON.parse(lines[1]!)).toEqual({ error: 'unknown state "maybe" of variable "dysp" (states: yes, no)' })
    expect(lines[2]).toBe(chainrule('query', asia, '--target', 'bronc', '--json').stdout.trimEnd())
  })
})
