import fc from 'fast-check'
import { hideCells, MISSING, memorySource, type DataSet } from '@chainrule/data'
import { openDuckDbSource } from '@chainrule/data/duckdb'
import { writeCsv } from '@chainrule/data'
import { createRng } from '@chainrule/models'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scoreSource, scoreSourceRows, writeSourceScores } from './source-scoring.js'
import { arbitraryNetwork, bruteRowLogLikelihood, leftOf, right, sampleData } from './table-learning.fixtures.js'

const scratch = mkdtempSync(join(tmpdir(), 'chainrule-source-scoring-'))
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)))

const rowsOf = async (bn: Parameters<typeof scoreSourceRows>[0], source: Parameters<typeof scoreSourceRows>[1], batchSize: number): Promise<number[]> => {
  const out: number[] = []
  for await (const batch of scoreSourceRows(bn, source, { batchSize })) out.push(...right(batch).scores)
  return out
}

let file = 0
describe('scoreSource and scoreSourceRows', () => {
  it('equal enumeration of every completion, per row and in total, in memory and pushed down to DuckDB (whose sorted states differ from the network order)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryNetwork({ maxVariables: 4, maxCard: 3 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 7 }),
        async (bn, rows, seed, p, batchSize) => {
          const data: DataSet = right(hideCells(sampleData(bn, rows, seed), p, createRng(seed ^ 0x77)))
          // Network states renamed so that sorting them reverses their order.
          const renamed = bn.domain.variables.map((v) => v.states.map((_, s) => `z${String.fromCharCode(120 - s)}`))
          const expected = Array.from({ length: rows }, (_, r) => bruteRowLogLikelihood(bn, data, r))
          // A threshold well between two scores, so that rounding (ours against enumeration's) cannot move a row across it.
          const sorted = [...expected].sort((a, b) => a - b)
          const gap = sorted.findIndex((x, k) => k > 0 && x - sorted[k - 1]! > 1e-6)
          const threshold = gap > 0 ? (sorted[gap]! + sorted[gap - 1]!) / 2 : sorted[0]! - 1
          const total = expected.reduce((a, b) => a + b, 0)
          const missing = Array.from({ length: rows }, (_, r) => r).filter((r) => data.columns.some((c) => c[r] === MISSING)).length
          const memory = memorySource(data)
          const perRow = await rowsOf(bn, memory, batchSize)
          perRow.forEach((s, r) => close(s, expected[r]!))
          const inMemory = right(await scoreSource(bn, memory, { threshold, batchSize }))
          close(inMemory.logLikelihood, total)
          expect(inMemory).toMatchObject({ rows, rowsWithMissing: missing, anomalies: expected.filter((s) => s < threshold).length, pushedDown: false })
          const csv = join(scratch, `s${++file}.csv`)
          writeFileSync(csv, writeCsv({ ...data, states: renamed }))
          const duck = right(await openDuckDbSource({ kind: 'csv', path: csv }))
          const renamedNetwork = { ...bn, domain: { ...bn.domain, variables: bn.domain.variables.map((v, k) => ({ ...v, states: renamed[k]! })) } }
          const pushed = right(await scoreSource(renamedNetwork, duck, { threshold, batchSize }))
          close(pushed.logLikelihood, total)
          expect(pushed).toMatchObject({ rows, rowsWithMissing: missing, anomalies: expected.filter((s) => s < threshold).length, pushedDown: true })
          ;(await rowsOf(renamedNetwork, duck, batchSize)).forEach((s, r) => close(s, expected[r]!))
          await duck.close()
        },
      ),
      { numRuns: 20 },
    )
  })

  it('typed errors: writing scores needs a database source; a bad batch size or threshold', async () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 3 }), { seed: 5, numRuns: 1 })[0]!
    const source = memorySource(sampleData(bn, 10, 1))
    expect(leftOf(await writeSourceScores(bn, source, { table: 'scores', key: ['id'] }))).toEqual({
      _tag: 'Data',
      error: { _tag: 'Unsupported', source: 'memory', operation: 'writing scores to a table' },
    })
    expect(leftOf(await scoreSource(bn, source, { batchSize: 0 }))).toMatchObject({ _tag: 'InvalidOption', option: 'batchSize' })
    expect(leftOf(await scoreSource(bn, source, { threshold: Number.NaN }))).toMatchObject({ _tag: 'InvalidOption', option: 'threshold' })
  })
})
