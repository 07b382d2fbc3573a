/**
 * Runs every built example under plain `node` (not vitest's transform), the way
 * a user runs them after `pnpm build`. This catches what vitest cannot: ESM
 * resolution of the built packages (e.g. fp-ts directory imports) and examples
 * that throw. Each example's output is checked for facts computed here,
 * independently of the library.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples')
const distDir = join(examplesDir, 'dist')

const scratch = mkdtempSync(join(tmpdir(), 'chainrule-examples-'))

/** Arguments for examples that write files: into a scratch folder, not the repository. */
const argumentsOf: Readonly<Record<string, readonly string[]>> = {
  'mnist-samples': ['--model', 'neighbourhood', '--seed', '7', '--quiet', '--out', join(scratch, 'samples.png')],
  'mnist-latent': ['--model', 'latent-class', '--train-rows', '2000', '--states', '10', '--quiet', '--out-dir', scratch],
}

/**
 * Examples not run here, and why. Each is covered by a reduced test of the
 * same code paths (test/mnist-models.test.ts) and documented with its
 * measured output in examples/README.md.
 */
const longRunning: Readonly<Record<string, string>> = {
  'mnist-table': 'learns every zoo model on 50,000 images and probes their features: about 20 minutes',
  'mnist-anomaly': "needs Debian's dataset-fashion-mnist and trains on a full training set",
}

const run = (name: string): string =>
  execFileSync(process.execPath, [join(distDir, `${name}.js`), ...(argumentsOf[name] ?? [])], { encoding: 'utf8', timeout: 60_000 })

/** What each example must print, derived from first principles in this file. */
const row = (out: string, ...cells: string[]): boolean =>
  out.split('\n').some((line) => {
    const parts = line.trim().split(/\s{2,}/)
    return cells.every((c, i) => parts[i] === c)
  })

/** Russell & Norvig's sprinkler network, P(rain = yes | wet = yes) by enumeration. */
const sprinklerRainGivenWet = (): number => {
  const pRain = (cloudy: boolean) => (cloudy ? 0.8 : 0.2)
  const pSprinkler = (cloudy: boolean) => (cloudy ? 0.1 : 0.5)
  const pWet = (sprinkler: boolean, rain: boolean) => (sprinkler ? (rain ? 0.99 : 0.9) : rain ? 0.9 : 0)
  let wet = 0
  let rainAndWet = 0
  for (const c of [true, false])
    for (const s of [true, false])
      for (const r of [true, false]) {
        const p = 0.5 * (s ? pSprinkler(c) : 1 - pSprinkler(c)) * (r ? pRain(c) : 1 - pRain(c)) * pWet(s, r)
        wet += p
        if (r) rainAndWet += p
      }
  return rainAndWet / wet
}

const expectations: Readonly<Record<string, (out: string) => void>> = {
  'seed-walkthrough': (out) => {
    expect(out).toContain(String(256 ** 3 - 1))
    expect(out).toContain((2n ** 784n - 1n).toString())
    for (const n of [8, 64]) {
      const full = String(2n ** BigInt(n) - 1n)
      expect(row(out, String(n), full, full, String(n), String(2 * n - 1))).toBe(true)
    }
    // Bayes rule: prior 1%, sensitivity 90%, false-positive rate 5%.
    const positive = 0.01 * 0.9 + 0.99 * 0.05
    expect(row(out, 'P(present | positive), by hand', ((0.01 * 0.9) / positive).toFixed(6))).toBe(true)
    expect(row(out, 'P(present | positive), exact inference', ((0.01 * 0.9) / positive).toFixed(6))).toBe(true)
  },
  sprinkler: (out) => {
    expect(out).toContain(`exact P(rain = yes | wet = yes): ${sprinklerRainGivenWet().toFixed(6)}`)
  },
  'pixel-chain': (out) => {
    // Binary pixels: a pixel with k parents costs 2^k parameters.
    const histogram = /pixels by parent count\s+(.*)/.exec(out)![1]!
    const counts = [...histogram.matchAll(/(\d+): (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const)
    expect(counts.reduce((s, [, c]) => s + c, 0)).toBe(784)
    const free = counts.reduce((s, [k, c]) => s + c * 2 ** k, 0)
    expect(out).toMatch(new RegExp(`^free parameters\\s+${free}$`, 'm'))
    expect(row(out, 'previous pixel (Markov)', String(2 * 784 - 1))).toBe(true)
    expect(out).toContain((2n ** 784n - 1n).toString().slice(0, 100))
    // Three ASCII images of 28 rows of 28 pixels each.
    expect(out.split('\n').filter((l) => /^[#.]{28}( {3}[#.]{28}){2}$/.test(l)).length).toBe(28)
  },
  'bayes-rule': (out) => {
    // Prevalence 1%, sensitivity 95%, false-positive rate 5%: P(+) = 59/1000, P(present | +) = 19/118.
    const positive = 0.01 * 0.95 + 0.99 * 0.05
    expect(row(out, 'Test=positive', '59/1000', positive.toFixed(15), positive.toFixed(15), '19/118', (19 / 118).toFixed(15))).toBe(true)
    expect(row(out, 'Test=negative', '941/1000', (1 - positive).toFixed(15))).toBe(true)
    // The garden: P(wet) = sum over rain, sprinkler of P(r) P(s | r) P(wet | s, r).
    const pWet = 0.8 * 0.4 * 0.9 + 0.2 * 0.99 * 0.8 + 0.2 * 0.01 * 0.99
    expect(out).toContain(`P(Grass=wet) = ${pWet.toFixed(12)} (condition), ${pWet.toFixed(12)} (VE)`)
  },
  'learn-sprinkler': (out) => {
    expect(out).toContain('Learning from the same rows written as CSV gives the same tables: true')
    // Maximum likelihood maximises the data's likelihood: never below the true network's.
    const [, truth, learned] = /true network (-[\d.]+) nats, ML network (-[\d.]+) nats/.exec(out)!
    expect(Number(learned)).toBeGreaterThanOrEqual(Number(truth))
    // EM's log-likelihood never decreases.
    const trace = [...out.matchAll(/^\d+\s+(-[\d.]+)/gm)].map((m) => Number(m[1]))
    expect(trace.length).toBeGreaterThan(3)
    trace.slice(1).forEach((x, i) => expect(x).toBeGreaterThanOrEqual(trace[i]!))
  },
  'mnist-latent': (out) => {
    // Ten clusters found without labels: purity far above the 0.11 of the largest digit class alone.
    const [, purity, nmi] = /purity ([\d.]+), NMI ([\d.]+) on the test labels/.exec(out)!
    expect(Number(purity)).toBeGreaterThan(0.4)
    expect(Number(nmi)).toBeGreaterThan(0.3)
    expect(out).toContain("root states' expected images (exact)")
    for (const file of ['prototypes', 'samples', 'reconstructions']) expect(statSync(join(scratch, `latent-latent-class-${file}.png`)).size).toBeGreaterThan(1000)
  },
  'mnist-samples': (out) => {
    expect(out).toMatch(/^100 samples \(seed 7\) in [\d.]+ ms$/m)
    expect(out).toContain('same seed, same images: true')
    expect(statSync(join(scratch, 'samples.png')).size).toBeGreaterThan(1000)
  },
  demo: (out) => {
    expect(out).toContain(String(256 ** 3 - 1))
    // Best explanation of wet grass: cloudy, rain, no sprinkler: 0.5 x 0.9 x 0.8 x 0.9.
    expect(out).toContain(`most probable explanation: cloudy=yes, sprinkler=off, rain=yes, wet=yes (P = ${(0.5 * 0.9 * 0.8 * 0.9).toFixed(4)})`)
    expect(out).toContain('sprinkler independent of rain given cloudy? yes')
    expect(out).toContain('sprinkler independent of rain given cloudy, wet? no: active trail sprinkler - wet - rain')
    expect(out).toContain(`P(rain = yes | wet = yes) = ${sprinklerRainGivenWet().toFixed(6)}`)
    // Seeing the sprinkler on: P(rain | sprinkler = on) by Bayes over cloudy; doing it: P(rain) = 0.5 x 0.2 + 0.5 x 0.8.
    const rainAndOn = 0.5 * 0.5 * 0.2 + 0.5 * 0.1 * 0.8
    const on = 0.5 * 0.5 + 0.5 * 0.1
    expect(out).toContain(`P(rain = yes | sprinkler = on)     = ${(rainAndOn / on).toFixed(4)}`)
    expect(out).toContain(`P(rain = yes | do(sprinkler = on)) = ${(0.5 * 0.2 + 0.5 * 0.8).toFixed(4)}`)
    // The learned equivalence class is the true one: the v-structure at wet, the rest undirected.
    expect(out).toContain('sprinkler -> wet, rain -> wet, cloudy - sprinkler, cloudy - rain')
    expect(out).toContain("structural Hamming distance to the true graph's class: 0")
    expect(out).toContain(String(2 * 784 - 1))
  },
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
  smoking: (out) => {
    // By hand from the tables: P(c | do(s)) = sum_t P(t | s) sum_g P(g) P(c | t, g).
    const pg = { yes: 0.3, no: 0.7 }
    const cancer = (t: 'yes' | 'no', g: 'yes' | 'no') => ({ yes: { yes: 0.8, no: 0.4 }, no: { yes: 0.5, no: 0.1 } })[t][g]
    const tar = { yes: { yes: 0.9, no: 0.1 }, no: { yes: 0.1, no: 0.9 } }
    const underDo = (s: 'yes' | 'no') => (['yes', 'no'] as const).reduce((sum, t) => sum + tar[s][t] * (pg.yes * cancer(t, 'yes') + pg.no * cancer(t, 'no')), 0)
    // Seeing: P(g | s = yes) by Bayes, then the same sum.
    const joint = { yes: pg.yes * 0.8, no: pg.no * 0.3 }
    const seen = (['yes', 'no'] as const).reduce((sum, g) => sum + (joint[g] / (joint.yes + joint.no)) * (0.9 * cancer('yes', g) + 0.1 * cancer('no', g)), 0)
    expect(out).toContain(`P(cancer = yes | smoking = yes) = ${seen.toFixed(6)}`)
    expect(out).toContain(`P(cancer = yes | do(smoking = yes)) = ${underDo('yes').toFixed(6)}`)
    expect(out).toContain('backdoor sets [], front-door sets [["tar"]]')
    expect(out).toContain("P(cancer | do(smoking)) = Σ_tar P(tar | smoking) Σ_smoking' P(smoking') P(cancer | smoking', tar)")
    expect(out).toContain(`the estimand on the model's observational distribution: ${underDo('yes').toFixed(6)}`)
    const estimate = Number(/without the genotype: ([0-9.]+)/.exec(out)![1])
    // 100,000 rows: the standard error is about 0.003.
    expect(Math.abs(estimate - underDo('yes'))).toBeLessThan(0.015)
    expect(out).toContain(`average causal effect of smoking on cancer: ${(underDo('yes') - underDo('no')).toFixed(6)}`)
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
    .filter((name) => longRunning[name] === undefined)
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
