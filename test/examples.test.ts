/**
 * Runs every built example under plain `node` (not vitest's transform), the way
 * a user runs them after `pnpm build`. This catches what vitest cannot: ESM
 * resolution of the built packages (e.g. fp-ts directory imports) and examples
 * that throw. Each example's output is checked for facts computed here,
 * independently of the library.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples')
const distDir = join(examplesDir, 'dist')

const run = (name: string): string =>
  execFileSync(process.execPath, [join(distDir, `${name}.js`)], { encoding: 'utf8', timeout: 60_000 })

/** What each example must print, derived from first principles in this file. */
const row = (out: string, ...cells: string[]): boolean =>
  out.split('\n').some((line) => {
    const parts = line.trim().split(/\s{2,}/)
    return cells.every((c, i) => parts[i] === c)
  })

const expectations: Readonly<Record<string, (out: string) => void>> = {
  structures: (out) => {
    // n binary pixels: independent n, first-order Markov 2n - 1, chain 2^n - 1 with n(n-1)/2 edges.
    for (const n of [6, 28]) {
      expect(row(out, String(n), 'independent', '0', String(n))).toBe(true)
      expect(row(out, String(n), 'markov k=1', String(n - 1), String(2 * n - 1))).toBe(true)
      expect(row(out, String(n), 'chain', String((n * (n - 1)) / 2), String(2n ** BigInt(n) - 1n))).toBe(true)
    }
    const full = (2n ** 784n - 1n).toString()
    expect(out).toContain(`${full.slice(0, 10)}...(${full.length} digits)`)
  },
  'asia-dsep': (out) => {
    // Lauritzen & Spiegelhalter's chest clinic: textbook answers.
    expect(row(out, 'tub ⟂ smoke', 'yes')).toBe(true)
    expect(row(out, 'tub ⟂ smoke | dysp', 'no')).toBe(true)
    expect(row(out, 'xray ⟂ dysp | either', 'yes')).toBe(true)
    expect(row(out, 'bronc ⟂ lung | smoke', 'yes')).toBe(true)
    expect(out).toContain('bronc -> dysp <- either')
  },
}

describe('built examples run under plain node', () => {
  it('the examples are built (run `pnpm build` first)', () => {
    expect(existsSync(distDir)).toBe(true)
  })
  const sources = readdirSync(join(examplesDir, 'src'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
  for (const name of sources) {
    it(`${name} runs and prints what it should`, () => {
      const out = run(name)
      expect(out.trim().length).toBeGreaterThan(0)
      const check = expectations[name]
      expect(check, `no expectations written for example ${name}`).toBeDefined()
      check!(out)
    })
  }
})
