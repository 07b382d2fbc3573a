import { formatBytes } from '@chainrule/factor'
import { compile, marginals, mpe as mostProbable } from '@chainrule/infer'
import { loadNetwork } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { readCsvFile } from '@chainrule/data/node'
import { logLikelihood } from '@chainrule/learn'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run, expectOneLineFailure } from './cli.fixtures.js'

const asiaFile = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'asia.bif')
const scratch = mkdtempSync(join(tmpdir(), 'chainrule-cli-'))

/** The library's own answer, for comparison with what the CLI prints. */
const library = (evidence: Record<string, string>) => {
  const loaded = loadNetwork(asiaFile)
  if (E.isLeft(loaded)) throw new Error('fixture')
  const engine = compile(loaded.right.network)
  if (E.isLeft(engine)) throw new Error('compile')
  const posterior = marginals(engine.right, { evidence })
  const best = mostProbable(engine.right, { evidence })
  if (E.isLeft(posterior) || E.isLeft(best)) throw new Error('query')
  return { posterior: posterior.right, best: best.right }
}

/** A failure: status 2, exactly one line on stderr, nothing on stdout, no stack trace. */
describe('chainrule query', () => {
  it('--json prints one object: every unobserved variable, states in file order, and log P(e)', async () => {
    const r = await run('query', asiaFile, '--evidence', 'dysp=yes,smoke=no', '--json')
    expect(r.status).toBe(0)
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1)
    const out = JSON.parse(r.stdout) as { marginals: Record<string, Record<string, number>>; logPEvidence: number }
    expect(Object.keys(out)).toEqual(['marginals', 'logPEvidence', 'log10PEvidence'])
    expect(Object.keys(out.marginals)).toEqual(['asia', 'tub', 'lung', 'bronc', 'either', 'xray'])
    const { posterior } = library({ dysp: 'yes', smoke: 'no' })
    expect(out.logPEvidence).toBe(posterior.logPEvidence)
    for (const v of posterior.domain.variables) {
      if (!(v.name in out.marginals)) continue
      expect(Object.keys(out.marginals[v.name]!)).toEqual(['yes', 'no'])
      expect(out.marginals[v.name]!.yes).toBe(posterior.probabilities[v.id]![0])
    }
  })

  it('--target restricts the output; --soft applies a likelihood', async () => {
    const r = await run('query', asiaFile, '--target', 'lung,tub', '--soft', 'xray=0.8:0.2', '--json')
    const out = JSON.parse(r.stdout) as { marginals: Record<string, Record<string, number>> }
    expect(Object.keys(out.marginals)).toEqual(['lung', 'tub'])
    const plain = JSON.parse((await run('query', asiaFile, '--target', 'lung', '--json')).stdout) as typeof out
    // A positive-leaning x-ray reading makes lung cancer more likely.
    expect(out.marginals.lung!.yes).toBeGreaterThan(plain.marginals.lung!.yes!)
  })

  it('prints a readable table by default', async () => {
    const r = await run('query', asiaFile, '-e', 'dysp=yes')
    expect(r.status).toBe(0)
    const { posterior } = library({ dysp: 'yes' })
    expect(r.stdout).toMatch(new RegExp(`bronc\\s+yes\\s+${posterior.probabilities[4]![0]!.toFixed(6)}`))
    expect(r.stdout).toContain(`log P(evidence) = ${posterior.logPEvidence}`)
  })
})

describe('chainrule query --do: the intervened model through the same query', () => {
  const intervened = (question: { evidence?: Record<string, string>; do: Record<string, string> }) => {
    const loaded = loadNetwork(asiaFile)
    if (E.isLeft(loaded)) throw new Error('fixture')
    const engine = compile(loaded.right.network)
    if (E.isLeft(engine)) throw new Error('compile')
    const posterior = marginals(engine.right, question)
    if (E.isLeft(posterior)) throw new Error('query')
    return posterior.right
  }
  type Answer = { marginals: Record<string, Record<string, number>>; logPEvidence: number }

  it('prints the same JSON as a plain query, for the intervened model; logPEvidence is log P(evidence | do)', async () => {
    const r = await run('query', asiaFile, '--do', 'lung=yes,bronc=no', '--evidence', 'xray=no', '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as Answer
    expect(Object.keys(out)).toEqual(['marginals', 'logPEvidence', 'log10PEvidence'])
    const posterior = intervened({ evidence: { xray: 'no' }, do: { lung: 'yes', bronc: 'no' } })
    expect(out.logPEvidence).toBe(posterior.logPEvidence)
    expect(Object.keys(out.marginals)).toEqual(['asia', 'tub', 'smoke', 'lung', 'bronc', 'either', 'dysp'])
    for (const v of posterior.domain.variables) if (v.name in out.marginals) expect(out.marginals[v.name]!.yes).toBe(posterior.probabilities[v.id]![0])
    // Intervening on lung says nothing about smoking; seeing it does.
    const seen = JSON.parse((await run('query', asiaFile, '--evidence', 'lung=yes', '--json')).stdout) as Answer
    const plain = JSON.parse((await run('query', asiaFile, '--json')).stdout) as Answer
    expect(out.marginals.smoke!.yes).toBeCloseTo(plain.marginals.smoke!.yes!, 14)
    expect(seen.marginals.smoke!.yes).toBeGreaterThan(plain.marginals.smoke!.yes!)
    expect(out.marginals.lung).toEqual({ yes: 1, no: 0 })
  })

  it('a variable observed at its forced state is answered like the same query without that observation', async () => {
    const without = await run('query', asiaFile, '--do', 'either=yes', '--json')
    const withSeen = await run('query', asiaFile, '--do', 'either=yes', '--evidence', 'either=yes', '--json')
    expect(withSeen.stdout).toBe(without.stdout)
    expect((JSON.parse(without.stdout) as Answer).logPEvidence).toBe(0)
    const table = await run('query', asiaFile, '--do', 'either=yes')
    expect(table.stdout).toContain('P(state | evidence, do)')
  })

  it('a contradiction, an unknown variable or state, impossible evidence: one line, status 2', async () => {
    expectOneLineFailure(await run('query', asiaFile, '--do', 'either=yes', '--evidence', 'either=no'), /"either" is observed as "no" but forced to "yes" by do\(\)/)
    expectOneLineFailure(await run('query', asiaFile, '--do', 'wet=yes'), /unknown variable "wet"/)
    expectOneLineFailure(await run('query', asiaFile, '--do', 'lung=maybe'), /unknown state "maybe" of variable "lung"/)
    expectOneLineFailure(await run('query', asiaFile, '--do', 'lung=yes,tub=no', '--evidence', 'either=no'), /probability zero/)
    expectOneLineFailure(await run('query', asiaFile, '--do', 'lung'), /intervention "lung" is not of the form VARIABLE=STATE/)
  })
})

describe('chainrule identify', () => {
  const frontDoor = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'front-door.bif')
  type Identified = { identifiable: boolean; backdoor: string[][]; frontdoor: string[][]; estimand: string | null; adjustment: string[][]; hedge: unknown }

  it('with the genotype hidden, the front door identifies the effect of smoking on cancer', async () => {
    const r = await run('identify', frontDoor, '--treatment', 'smoking', '--outcome', 'cancer', '--hidden', 'genotype', '--json')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as Identified
    expect(Object.keys(out).slice(0, 4)).toEqual(['identifiable', 'backdoor', 'frontdoor', 'estimand'])
    expect(out).toEqual({
      identifiable: true,
      backdoor: [],
      frontdoor: [['tar']],
      estimand: "Σ_tar P(tar | smoking) Σ_smoking' P(smoking') P(cancer | smoking', tar)",
      adjustment: [],
      hedge: null,
    })
    // Observed, the genotype is a backdoor set.
    const observed = JSON.parse((await run('identify', frontDoor, '--treatment', 'smoking', '--outcome', 'cancer', '--json')).stdout) as Identified
    expect(observed.backdoor).toEqual([['genotype']])
    expect(observed.estimand).toBe('Σ_genotype P(genotype) P(cancer | genotype, smoking)')
  })

  it('a hidden confounder of a direct effect leaves a hedge', async () => {
    const r = await run('identify', frontDoor, '--treatment', 'tar', '--outcome', 'cancer', '--hidden', 'genotype,smoking', '--json')
    const out = JSON.parse(r.stdout) as Identified
    expect(out.identifiable).toBe(false)
    expect(out.estimand).toBeNull()
    expect(out.hedge).toEqual({ forest: ['tar', 'cancer'], subforest: ['cancer'] })
    const text = await run('identify', frontDoor, '--treatment', 'tar', '--outcome', 'cancer', '--hidden', 'genotype,smoking')
    expect(text.stdout).toContain('not identifiable: P(cancer | do(tar))')
    expect(text.stdout).toContain("hedge: F = {tar, cancer}, F' = {cancer}")
  })

  it('on the chest clinic, every backdoor set listed meets the criterion, and a readable summary by default', async () => {
    const r = await run('identify', asiaFile, '--treatment', 'either', '--outcome', 'dysp', '--json')
    const out = JSON.parse(r.stdout) as Identified
    expect(out.identifiable).toBe(true)
    // either's parents tub and lung lead back to smoke, which also causes dysp through bronc.
    expect(out.backdoor.map((s) => s.join(',')).sort()).toEqual(['bronc', 'lung', 'smoke'])
    const text = await run('identify', asiaFile, '--treatment', 'either', '--outcome', 'dysp')
    expect(text.stdout.split('\n')[0]).toMatch(/^identifiable: P\(dysp \| do\(either\)\) = /)
    // Listed from the set closest to the treatment.
    expect(text.stdout).toContain('backdoor sets: {lung}  {smoke}  {bronc}')
  })

  it('errors: unknown and hidden variables, overlapping roles, missing flags', async () => {
    expectOneLineFailure(await run('identify', asiaFile, '--treatment', 'wet', '--outcome', 'dysp'), /unknown variable "wet"/)
    expectOneLineFailure(await run('identify', asiaFile, '--treatment', 'smoke', '--outcome', 'dysp', '--hidden', 'smoke'), /the treatment "smoke" is a hidden variable/)
    expectOneLineFailure(await run('identify', asiaFile, '--treatment', 'smoke', '--outcome', 'smoke'), /"smoke" is both treatment and outcome/)
    expectOneLineFailure(await run('identify', asiaFile, '--treatment', 'smoke', '--outcome', 'dysp', '--hidden', 'rain'), /unknown variable "rain"/)
    expectOneLineFailure(await run('identify', asiaFile, '--outcome', 'dysp'), /needs --treatment/)
    expectOneLineFailure(await run('identify', asiaFile, '--treatment', 'smoke'), /needs --outcome/)
  })
})

describe('chainrule mpe, info, sample, dsep, convert', () => {
  it('mpe --json gives the unobserved assignment and log P(x, e)', async () => {
    const r = await run('mpe', asiaFile, '--evidence', 'dysp=yes', '--json')
    const out = JSON.parse(r.stdout) as { assignment: Record<string, string>; logProbability: number }
    const { best } = library({ dysp: 'yes' })
    expect(out.logProbability).toBe(best.logProbability)
    const { dysp: _observed, ...unobserved } = best.assignment
    expect(out.assignment).toEqual(unobserved)
  })

  it('info --json: counts of the chest clinic (8 variables, 8 arcs, 18 free parameters)', async () => {
    const out = JSON.parse((await run('info', asiaFile, '--json')).stdout) as Record<string, unknown>
    expect(out.variables).toBe(8)
    expect(out.edges).toBe(8)
    expect(out.parameters).toBe(18)
    expect(out.tableEntries).toBe(36)
  })

  it('sample: CSV of N rows, reproducible by seed, evidence held', async () => {
    const a = await run('sample', asiaFile, '-n', '50', '--seed', '5', '--evidence', 'either=yes')
    const b = await run('sample', asiaFile, '-n', '50', '--seed', '5', '--evidence', 'either=yes')
    const c = await run('sample', asiaFile, '-n', '50', '--seed', '6', '--evidence', 'either=yes')
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout).not.toBe(c.stdout)
    const [header, ...rows] = a.stdout.trimEnd().split('\n')
    expect(header).toBe('asia,tub,smoke,lung,bronc,either,xray,dysp')
    expect(rows).toHaveLength(50)
    // either = yes forces tub or lung to be yes in every row.
    for (const row of rows) {
      const [, tub, , lung, , either] = row.split(',')
      expect(either).toBe('yes')
      expect(tub === 'yes' || lung === 'yes').toBe(true)
    }
    const out = join(scratch, 'samples.csv')
    expect((await run('sample', asiaFile, '-n', '50', '--seed', '5', '--evidence', 'either=yes', '--out', out)).stdout).toBe('')
    expect(readFileSync(out, 'utf8')).toBe(a.stdout)
  })

  it('dsep: separated pairs, and a witness trail for connected ones', async () => {
    expect((await run('dsep', asiaFile, 'tub', 'smoke')).stdout).toBe('d-separated: tub and smoke\n')
    const r = await run('dsep', asiaFile, 'tub', 'smoke', '--given', 'dysp', '--json')
    expect(JSON.parse(r.stdout)).toEqual({ separated: false, given: ['dysp'], trail: ['tub', 'either', 'lung', 'smoke'] })
  })

  it('convert: BIF to JSON and back answers the same query', async () => {
    const json = join(scratch, 'asia.json')
    const bif = join(scratch, 'asia-again.bif')
    expect((await run('convert', asiaFile, json)).status).toBe(0)
    expect((await run('convert', json, bif)).status).toBe(0)
    const original = (await run('query', asiaFile, '-e', 'xray=yes', '--json')).stdout
    expect((await run('query', json, '-e', 'xray=yes', '--json')).stdout).toBe(original)
    expect((await run('query', bif, '-e', 'xray=yes', '--json')).stdout).toBe(original)
  })
})

describe('GeNIe and Netica files', () => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'io', 'src', 'fixtures')
  const car = join(fixtures, 'car-starts.xdsl')
  const chest = join(fixtures, 'chest-clinic.dne')

  it('info counts compact tables by their own parameters (noisy-MAX: linear in the parents; deterministic: none)', async () => {
    const out = JSON.parse((await run('info', car, '--json')).stdout) as Record<string, unknown>
    expect(out.variables).toBe(7)
    // 1 + 4 + 1 + 1 full; EngineCranks (3 - 1)(1 + 2) = 6; EngineStarts (2 - 1)(1 + 2 + 1 + 1) = 5; NeedsService 0.
    expect(out.parameters).toBe(18)
    // 2 + 6 + 2 + 2 full; 3 x 3 and 2 x 5 noisy; 6 rows deterministic.
    expect(out.tableEntries).toBe(37)
  })

  it('convert: xdsl to xdsl keeps the noisy-MAX and deterministic nodes and the GeNIe layout; the queries agree', async () => {
    const again = join(scratch, 'car-again.xdsl')
    expect((await run('convert', car, again, '--quiet')).status).toBe(0)
    const text = readFileSync(again, 'utf8')
    expect(text).toContain('<noisymax id="EngineStarts" diagtype="observation">')
    expect(text).toContain('<strengths>2 1 0</strengths>')
    expect(text).toContain('<resultingstates>Yes No Yes Yes Yes Yes</resultingstates>')
    expect(text).toContain('<position>220 260 300 300</position>')
    const question = ['-e', 'EngineStarts=No,FuelLevel=Ok', '--target', 'BatteryState,SparkPlugs', '--json', '--quiet']
    const original = JSON.parse((await run('query', car, ...question)).stdout) as { marginals: Record<string, Record<string, number>> }
    const converted = JSON.parse((await run('query', again, ...question)).stdout) as typeof original
    for (const [name, row] of Object.entries(original.marginals))
      for (const [state, p] of Object.entries(row)) expect(Math.abs(converted.marginals[name]![state]! - p)).toBeLessThan(1e-12)
  })

  it('convert: Netica to BIF, xdsl and UAI answer the same query', async () => {
    const question = ['-e', 'XRay=abnormal', '--target', 'Cancer', '--json', '--quiet']
    const original = JSON.parse((await run('query', chest, ...question)).stdout) as { marginals: Record<string, Record<string, number>> }
    for (const out of ['chest.bif', 'chest.xdsl', 'chest.json']) {
      const path = join(scratch, out)
      expect((await run('convert', chest, path)).status).toBe(0)
      const answer = JSON.parse((await run('query', path, ...question)).stdout) as typeof original
      expect(Math.abs(answer.marginals.Cancer!.present! - original.marginals.Cancer!.present!)).toBeLessThan(1e-12)
    }
    const uai = join(scratch, 'chest.uai')
    expect((await run('convert', chest, uai)).status).toBe(0)
    // UAI has no names: XRay is x5, abnormal its state 0, Cancer x3.
    const answer = JSON.parse((await run('query', uai, '-e', 'x5=0', '--target', 'x3', '--json', '--quiet')).stdout) as typeof original
    expect(Math.abs(answer.marginals.x3!['0']! - original.marginals.Cancer!.present!)).toBeLessThan(1e-12)
  })

  it('a decision node in an xdsl file is one line naming it', async () => {
    const id = join(scratch, 'decision.xdsl')
    writeFileSync(id, readFileSync(car, 'utf8').replace('<cpt id="FuelLevel"', '<decision id="Refuel"><state id="yes" /><state id="no" /></decision>\n\t\t<cpt id="FuelLevel"'))
    expectOneLineFailure(await run('info', id), /decision\.xdsl:\d+:\d+: unsupported: decision nodes \(an influence diagram: read it with readXdslDiagram or chainrule decide\): <decision id="Refuel">/)
  })
})

describe('names that are properties of every JavaScript object', () => {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'object-names.bif')
  // By hand: P(toString = a) = 0.3 x 0.9 + 0.7 x 0.2 = 0.41; given __proto__ = yes it is 0.9.
  it('__proto__, toString and constructor are ordinary variables in evidence, targets and output', async () => {
    type Answer = { marginals: Record<string, Record<string, number>> }
    // Read the marginal of toString as an own property (property access would find Object.prototype's method).
    const toStringA = (answer: Answer): number => new Map(Object.entries(answer.marginals)).get('toString')!.a!
    const prior = JSON.parse((await run('query', file, '--json')).stdout) as Answer
    expect(Object.keys(prior.marginals)).toEqual(['__proto__', 'toString', 'constructor'])
    expect(Math.abs(toStringA(prior) - 0.41)).toBeLessThan(1e-12)
    const given = JSON.parse((await run('query', file, '--evidence', '__proto__=yes', '--target', 'toString', '--json')).stdout) as Answer
    expect(Object.keys(given.marginals)).toEqual(['toString'])
    expect(Math.abs(toStringA(given) - 0.9)).toBeLessThan(1e-12)
    // Soft evidence that makes __proto__ = yes certain gives the same answer.
    const soft = JSON.parse((await run('query', file, '--soft', '__proto__=1:0', '--target', 'toString', '--json')).stdout) as Answer
    expect(Math.abs(toStringA(soft) - 0.9)).toBeLessThan(1e-12)
    const best = JSON.parse((await run('mpe', file, '--json')).stdout) as { assignment: Record<string, string> }
    expect(Object.keys(best.assignment)).toEqual(['__proto__', 'toString', 'constructor'])
  })
})

describe('bad input: one line on stderr, status 2', () => {
  it('unknown variable, unknown state, impossible evidence', async () => {
    expectOneLineFailure(await run('query', asiaFile, '-e', 'wet=yes'), /unknown variable "wet"/)
    expectOneLineFailure(await run('query', asiaFile, '-e', 'dysp=maybe'), /unknown state "maybe" of variable "dysp"/)
    expectOneLineFailure(await run('mpe', asiaFile, '-e', 'tub=yes,either=no'), /probability zero: tub=yes, either=no/)
    expectOneLineFailure(await run('query', asiaFile, '--target', 'dysp', '-e', 'dysp=yes'), /--target dysp is observed/)
  })

  it('a malformed file names file, line and column', async () => {
    const broken = join(scratch, 'broken.bif')
    writeFileSync(broken, readFileSync(asiaFile, 'utf8').replace('{ yes, no };\n}\nvariable tub', '{ yes, no ;\n}\nvariable tub'))
    expectOneLineFailure(await run('query', broken), /broken\.bif:\d+:\d+/)
    expectOneLineFailure(await run('info', join(scratch, 'missing.bif')), /missing\.bif/)
  })

  it('rows that do not sum to one, and a tree over the memory budget', async () => {
    const bad = join(scratch, 'bad-row.bif')
    writeFileSync(bad, readFileSync(asiaFile, 'utf8').replace('(yes) 0.6, 0.4;', '(yes) 0.6, 0.3;'))
    expectOneLineFailure(await run('query', bad), /bronc/)
    // 100 bytes hold no junction tree, but elimination holds one small table at a time; 10 bytes hold none.
    expect((await run('query', asiaFile, '--max-memory', '100', '--json')).status).toBe(0)
    expectOneLineFailure(await run('query', asiaFile, '--max-memory', '10'), /over the memory budget of 10 B/)
    // MPE without the whole tree: the question's evidence-reduced tree, or max-product elimination; 10 bytes hold neither.
    const loaded = loadNetwork(asiaFile)
    const engine = E.isRight(loaded) ? compile(loaded.right.network, { keepPriorCollection: false }) : undefined
    if (engine === undefined || E.isLeft(engine)) throw new Error('fixture')
    expect(engine.right.plan.bytes).toBeGreaterThan(1024)
    const tight = await run('mpe', asiaFile, '--max-memory', '1K', '--json')
    expect(tight.stdout).toBe(await run('mpe', asiaFile, '--json').then((r) => r.stdout))
    expectOneLineFailure(await run('mpe', asiaFile, '--max-memory', '10'), /over the memory budget of 10 B/)
  })

  it('usage errors: unknown command, unknown option, missing arguments', async () => {
    expectOneLineFailure(await run('qeury', asiaFile), /unknown command "qeury"/)
    expectOneLineFailure(await run('query', asiaFile, '--jsn'), /unknown option --jsn/)
    expectOneLineFailure(await run('sample', asiaFile, '-n', '5'), /needs --seed/)
    expectOneLineFailure(await run('sample', asiaFile, '-n', 'five', '--seed', '1'), /non-negative integer/)
    expectOneLineFailure(await run('sample', asiaFile, '-n', '5', '--seed', '4294967296'), /below 2\^32/)
    expectOneLineFailure(await run('sample', asiaFile, '-n', '10000000000', '--seed', '1'), /rows/)
    expectOneLineFailure(await run('query', asiaFile, '--soft', 'xray=a:b'), /soft evidence/)
    expectOneLineFailure(await run('query'), /exactly one network file/)
    expect((await run('--help')).status).toBe(0)
  })
})

describe('chainrule score', () => {
  const sampled = join(scratch, 'asia-rows.csv')

  it('prints the total log-likelihood of a CSV, as the library computes it; --out writes each row, and nothing when it fails', async () => {
    expect((await run('sample', asiaFile, '-n', '400', '--seed', '3', '--out', sampled)).status).toBe(0)
    // One row with an empty cell: summed out.
    const lines = readFileSync(sampled, 'utf8').split('\n')
    lines[5] = lines[5]!.replace(/^[^,]*/, '')
    writeFileSync(sampled, lines.join('\n'))
    const loaded = loadNetwork(asiaFile)
    if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error('fixture')
    const data = readCsvFile(sampled, { domain: loaded.right.network.domain })
    if (E.isLeft(data)) throw new Error('data')
    const expected = logLikelihood(loaded.right.network, data.right)
    if (E.isLeft(expected)) throw new Error('score')
    const r = await run('score', asiaFile, sampled, '--json', '--threshold', '-4')
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout) as Record<string, unknown>
    expect(out).toMatchObject({ rows: 400, rowsWithMissing: 1, threshold: -4, anomalies: expected.right.perRow.filter((s) => s < -4).length, pushedDown: false })
    expect(Math.abs((out.logLikelihood as number) - expected.right.total)).toBeLessThan(1e-9 * Math.abs(expected.right.total))
    const text = await run('score', asiaFile, sampled)
    expect(text.stdout).toMatch(/^source +memory:.*\nrows +400\nlog-likelihood \(nats\) +-[0-9.]+\n/)
    const csvOut = join(scratch, 'asia-scores.csv')
    expect((await run('score', asiaFile, sampled, '--out', csvOut)).status).toBe(0)
    const written = readFileSync(csvOut, 'utf8').trimEnd().split('\n')
    expect(written[0]).toBe('row,log_likelihood')
    written.slice(1).forEach((line, r) => expect(Math.abs(Number(line.split(',')[1]) - expected.right.perRow[r]!)).toBeLessThan(1e-12))
  })

  it('usage errors and a missing file: one line, no output', async () => {
    expectOneLineFailure(await run('score', asiaFile), /a network file and a DATA argument/)
    expectOneLineFailure(await run('score', asiaFile, sampled, '--threshold', 'low'), /--threshold needs a number/)
    expectOneLineFailure(await run('score', asiaFile, sampled, '--out', 'scores.txt'), /expected FILE\.csv, FILE\.parquet or table:NAME/)
    expectOneLineFailure(await run('score', asiaFile, sampled, '--out', 'table:scores'), /needs --key/)
    expectOneLineFailure(await run('score', asiaFile, sampled, '--out', join(scratch, 'no', 'dir.csv')), /no directory/)
    expectOneLineFailure(await run('score', asiaFile, sampled, '--out', 'table:scores', '--key', 'id'), /writing scores to a table is not supported/)
    expectOneLineFailure(await run('score', asiaFile, join(scratch, 'absent.csv'), '--out', join(scratch, 'absent-scores.csv')), /cannot read .*absent\.csv/)
    expect(existsSync(join(scratch, 'absent-scores.csv'))).toBe(false)
  })
})
