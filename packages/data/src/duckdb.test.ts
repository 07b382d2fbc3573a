import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCsv } from './csv.js'
import { MISSING, dataSet, type DataSet } from './data-set.js'
import { csvToParquet, openDuckDbSource } from './duckdb.js'
import { memorySource, type DataSource, type LogTable } from './source.js'

const scratch = mkdtempSync(join(tmpdir(), 'chainrule-duckdb-'))
const opened: DataSource[] = []
afterAll(async () => {
  for (const s of opened) await s.close()
})

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

/** Small random data sets with missing cells and state names that need quoting in SQL. */
const arbData = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })
  .chain((cards) =>
    fc
      .array(fc.tuple(...cards.map((c) => fc.oneof(fc.integer({ min: 0, max: c - 1 }), fc.constant(MISSING)))), { minLength: 1, maxLength: 30 })
      .map((rows) =>
        right(
          dataSet({
            variables: cards.map((_, v) => `v ${v}"`),
            states: cards.map((c, v) => Array.from({ length: c }, (_, s) => (s === 1 && v === 0 ? "it's" : `s\\${s}`))),
            columns: cards.map((_, v) => Uint8Array.from(rows, (row) => row[v]!)),
          }),
        ),
      ),
  )

let file = 0
/** The data as CSV and as Parquet, each opened through DuckDB with the data's own domain. */
const throughDuckDb = async (ds: DataSet): Promise<DataSource[]> => {
  const csv = join(scratch, `d${++file}.csv`)
  writeFileSync(csv, writeCsv(ds))
  const parquet = csv.replace(/csv$/, 'parquet')
  right(await csvToParquet(csv, parquet))
  const domain = { variables: ds.variables.map((name, v) => ({ id: v, name, states: ds.states[v]! })), ids: [], byName: new Map() } as never
  const sources = [right(await openDuckDbSource({ kind: 'csv', path: csv }, { domain })), right(await openDuckDbSource({ kind: 'parquet', path: parquet }, { domain }))]
  opened.push(...sources)
  return sources
}

const logTablesOf = (ds: DataSet, seed: number): LogTable[] =>
  ds.variables.map((_, v) => {
    const columns = v === 0 ? [0] : [v - 1, v]
    const size = columns.reduce((n, c) => n * ds.states[c]!.length, 1)
    return { columns, values: Float64Array.from({ length: size }, (_, k) => (k === seed % size && size > 1 ? -Infinity : -0.1 * ((k * 7 + seed) % 11) - 0.05)) }
  })

describe('DuckDB source', () => {
  it('counts, streams and sums exactly what the in-memory source does, on CSV and on Parquet', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, fc.nat(), async (ds, seed) => {
        const memory = memorySource(ds)
        const all = ds.variables.map((_, v) => v)
        const families = [all, [...all].reverse(), [0], []]
        for (const source of await throughDuckDb(ds)) {
          expect(source.states).toEqual(ds.states)
          expect(right(await source.rowCount())).toBe(ds.rows)
          for (const missing of ['complete-case', 'available-case'] as const) {
            const where = ds.states[0]!.length > 1 ? [[0, 1] as const] : []
            for (const options of [{ missing }, { missing, where }]) {
              expect(right(await source.counts(families, options))).toEqual(right(await memory.counts(families, options)))
            }
          }
          const seen: number[][] = all.map(() => [])
          for await (const batch of source.batches(7)) for (const v of all) seen[v]!.push(...right(batch).columns[v]!)
          expect(seen).toEqual(ds.columns.map((c) => [...c]))
          const incomplete: number[][] = all.map(() => [])
          for await (const batch of source.batches(4, { incompleteIn: all })) for (const v of all) incomplete[v]!.push(...right(batch).columns[v]!)
          for await (const batch of memory.batches(1000, { incompleteIn: all })) expect(incomplete).toEqual(right(batch).columns.map((c) => [...c]))
          // Pushed-down sum against the same sum in process.
          const tables = logTablesOf(ds, seed)
          let total = 0
          let rows = 0
          let below = 0
          for (let r = 0; r < ds.rows; r++) {
            if (ds.columns.some((c) => c[r] === MISSING)) continue
            let s = 0
            for (const t of tables) {
              let k = 0
              for (const c of t.columns) k = k * ds.states[c]!.length + ds.columns[c]![r]!
              s += t.values[k]!
            }
            total += s
            rows++
            if (s < -0.5) below++
          }
          const summed = right(await source.sumLogTables!(tables, { threshold: -0.5 }))
          expect(summed.rows).toBe(rows)
          expect(summed.below).toBe(below)
          expect(summed.incompleteRows).toBe(ds.rows - rows)
          if (Number.isFinite(total)) expect(Math.abs(summed.total - total)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(total)))
          else expect(summed.total).toBe(total)
        }
      }),
      { numRuns: 25 },
    )
  })
})

describe('DuckDB source edge cases', () => {
  it('a column with no observed cell has no states: its cells stream as missing, sums and counts still work', async () => {
    const csv = join(scratch, 'empty-column.csv')
    writeFileSync(csv, 'a,b\nx,?\ny,\nx,NA\n')
    const source = right(await openDuckDbSource({ kind: 'csv', path: csv }))
    opened.push(source)
    expect(source.states).toEqual([['x', 'y'], []])
    const seen: number[][] = [[], []]
    for await (const batch of source.batches(2)) right(batch).columns.forEach((c, v) => seen[v]!.push(...c))
    expect(seen).toEqual([[0, 1, 0], [MISSING, MISSING, MISSING]])
    expect(right(await source.counts([[0], [1]], { missing: 'available-case' })).map((t) => [Array.from(t.counts), t.rows])).toEqual([[[2, 1], 3], [[], 0]])
    const summed = right(await source.sumLogTables!([{ columns: [0], values: Float64Array.of(Math.log(0.25), Math.log(0.75)) }], { threshold: -1 }))
    expect(summed).toEqual({ rows: 3, total: 2 * Math.log(0.25) + Math.log(0.75), below: 2, incompleteRows: 0 })
  })
})
