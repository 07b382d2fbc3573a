import { fromSamples, hideCells, memorySource, writeCsv } from '@chainrule/data'
import { readCsvFile } from '@chainrule/data/node'
import { csvToParquet } from '@chainrule/data/duckdb'
import { loadNetwork } from '@chainrule/io/node'
import { ancestralSample, createRng, isBayesianNetwork, type BayesianNetwork, type MarkovNetwork } from '@chainrule/models'
import { fitTables, learnStructure, scoreGraph } from '@chainrule/structure'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { run, expectOneLineFailure } from './cli.fixtures.js'

const asiaFile = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'asia.bif')
const scratch = mkdtempSync(join(tmpdir(), 'chainrule-learn-'))

const unwrap = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

/** Network files of these tests hold Bayesian networks (a loader may return a Markov network). */
const bayesian = (model: BayesianNetwork | MarkovNetwork): BayesianNetwork => {
  if (!isBayesianNetwork(model)) throw new Error('expected a Bayesian network')
  return model
}

const asia = bayesian(unwrap(loadNetwork(asiaFile)).network)
const data = unwrap(fromSamples(unwrap(ancestralSample(asia, 5_000, createRng(3)))))
const csv = join(scratch, 'asia.csv')
writeFileSync(csv, writeCsv(data))

describe('chainrule learn', () => {
  it('--json prints the arcs and score the library learns from the same rows, with the rows counted', async () => {
    const r = await run('learn', csv, '--algorithm', 'tabu', '--json', '-q')
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout) as { arcs: [string, string][]; score: number; seconds: number; rows: number; droppedRows: number; missing: string }
    const learned = unwrap(await learnStructure(memorySource(data), { kind: 'tabu' }))
    const expected = learned.dag.parentIds.flatMap((ps, v) => ps.map((p) => [learned.dag.nodes[p], learned.dag.nodes[v]]))
    expect(out.arcs).toEqual(expected)
    expect(out.score).toBeCloseTo(unwrap(await scoreGraph(memorySource(data), learned.dag, { kind: 'bic' })), 6)
    expect(out.seconds).toBeGreaterThan(0)
    expect([out.rows, out.droppedRows, out.missing]).toEqual([5_000, 0, 'complete-case'])
    expect('undirected' in out).toBe(false)
  })

  it('learns the same graph and score from a Parquet file and from the CSV read by DuckDB as from the CSV in memory', async () => {
    const parquet = join(scratch, 'asia.parquet')
    unwrap(await csvToParquet(csv, parquet))
    const fromCsv = JSON.parse((await run('learn', csv, '--algorithm', 'hc', '--json', '-q')).stdout) as { arcs: unknown; score: number; rows: number }
    for (const data of [parquet, `duckdb:${csv}`]) {
      const r = await run('learn', data, '--algorithm', 'hc', '--json', '-q', '--threads', '1')
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      const out = JSON.parse(r.stdout) as { arcs: unknown; score: number; rows: number }
      // The same counts through SQL: the same search, the same arcs, the same score to summation order.
      expect(out.arcs).toEqual(fromCsv.arcs)
      expect(Math.abs(out.score - fromCsv.score)).toBeLessThanOrEqual(1e-9 * Math.abs(fromCsv.score))
      expect(out.rows).toBe(fromCsv.rows)
    }
  })

  it('--out writes a network whose graph is the one printed and whose tables are BDeu estimates', async () => {
    const out = join(scratch, 'learned.bif')
    const r = await run('learn', csv, '--score', 'bdeu', '--ess', '5', '--max-parents', '2', '--out', out, '--json', '-q')
    expect(r.status).toBe(0)
    const printed = JSON.parse(r.stdout) as { arcs: [string, string][]; scoreName: string }
    expect(printed.scoreName).toBe('bdeu(5)')
    const written = bayesian(unwrap(loadNetwork(out)).network)
    const arcs = written.dag.parentIds.flatMap((ps, v) => ps.map((p) => [written.dag.nodes[p], written.dag.nodes[v]]))
    expect(arcs.sort()).toEqual([...printed.arcs].sort())
    expect(Math.max(...written.dag.parentIds.map((ps) => ps.length))).toBeLessThanOrEqual(2)
    // States as the command read them from the CSV (in order of first appearance).
    const fitted = unwrap(await fitTables(memorySource(unwrap(readCsvFile(csv))), written.dag, { estimator: { kind: 'bdeu', equivalentSampleSize: 5 } }))
    written.cpts.forEach((cpt, v) => {
      const values = Array.from(cpt.values)
      Array.from(fitted.cpts[v]!.values).forEach((x, i) => expect(Math.abs(values[i]! - x)).toBeLessThan(1e-12))
    })
  })

  it('pc prints a CPDAG: arcs and undirected edges', async () => {
    const r = await run('learn', csv, '--algorithm', 'pc', '--alpha', '0.01', '--json', '-q')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { arcs: [string, string][]; undirected: [string, string][] }
    const learned = unwrap(await learnStructure(memorySource(data), { kind: 'pc', alpha: 0.01 }))
    expect(out.undirected.length + out.arcs.length).toBeGreaterThan(0)
    expect(out.undirected).toEqual(learned.graph.nodes.length > 0 ? (await import('@chainrule/structure')).undirectedOf(learned.graph) : [])
  })

  it('prints a table of arcs, progress on stderr, and says how many rows a missing cell left out', async () => {
    const hidden = join(scratch, 'hidden.csv')
    writeFileSync(hidden, writeCsv(unwrap(hideCells(data, 0.02, createRng(5)))))
    const r = await run('learn', hidden, '--algorithm', 'chow-liu', '--root', 'smoke')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^chow-liu: 7 arcs over 8 variables, bic score -\d+\.\d{3}, \d+\.\d{3} s\n/)
    const dropped = /rows: (\d+) counted, (\d+) left out for a missing cell \(complete-case\)/.exec(r.stdout)
    expect(Number(dropped![1]) + Number(dropped![2])).toBe(5_000)
    expect(Number(dropped![2])).toBeGreaterThan(0)
    expect(r.stderr).toMatch(/rows have a missing cell and are left out \(complete-case\)/)
    const hc = await run('learn', csv, '--restarts', '2', '--seed', '4')
    expect(hc.stderr).toMatch(/^hc: \d+ moves/m)
    expect(hc.stdout.split('\n').filter((l) => l.includes(' -> ')).length).toBeGreaterThan(3)
  })

  it('bad CSV, unknown flags and contradictory constraints: one line on stderr, status 2, no --out file', async () => {
    const ragged = join(scratch, 'ragged.csv')
    writeFileSync(ragged, 'a,b\nx,y\nx\n')
    const out = join(scratch, 'never.bif')
    expectOneLineFailure(await run('learn', ragged, '--out', out), /line 3: 1 cells, expected 2/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--frobnicate'), /unknown option --frobnicate/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--require', 'smoke>lung', '--forbid', 'smoke>lung'), /smoke -> lung is both required and forbidden/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--require', 'smoke>lung,lung>either,either>smoke'), /close a cycle/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--require', 'tub>asia', '--tiers', 'asia/tub'), /from tier 2 back to tier 1/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--require', 'smoke>nothing'), /"nothing", which is not a column of the data/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--algorithm', 'ges'), /--algorithm must be one of hc, tabu, pc, hybrid, chow-liu/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--score', 'mdl'), /--score must be one of/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--forbid', 'smoke'), /not of the form FROM>TO/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--algorithm', 'pc', '--max-parents', '2'), /apply to hc, tabu and hybrid/)
    expectOneLineFailure(await run('learn', csv, '--out', out, '--alpha', '2', '--algorithm', 'pc'), /--alpha needs a number > 0 and < 1/)
    expectOneLineFailure(await run('learn', csv, '--out', join(scratch, 'net.txt')), /--out must end in/)
    expectOneLineFailure(await run('learn', join(scratch, 'absent.csv')), /cannot read/)
    expectOneLineFailure(await run('learn'), /exactly one DATA argument/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(scratch).filter((f) => f.startsWith('.tmp-'))).toEqual([])
  })
})
