import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { domain } from '@chainrule/factor'
import { openDataSource, parseDataSpec } from './open.js'

const scratch = mkdtempSync(join(tmpdir(), 'chainrule-open-'))

describe('parseDataSpec', () => {
  it.each([
    ['events.csv', { kind: 'csv', path: 'events.csv', engine: 'auto' }],
    ['dir/events.CSV.gz', { kind: 'csv', path: 'dir/events.CSV.gz', engine: 'auto' }],
    ['memory:a.csv', { kind: 'csv', path: 'a.csv', engine: 'memory' }],
    ['duckdb:a.csv', { kind: 'csv', path: 'a.csv', engine: 'duckdb' }],
    ['events.parquet', { kind: 'duckdb', target: { kind: 'parquet', path: 'events.parquet' } }],
    ['duckdb:/data/e.parquet', { kind: 'duckdb', target: { kind: 'parquet', path: '/data/e.parquet' } }],
    ['duckdb:w.duckdb?table=events', { kind: 'duckdb', target: { kind: 'table', database: 'w.duckdb', table: 'events' } }],
    ['clickhouse://127.0.0.1:18123/logs?table=events', { kind: 'clickhouse', target: { url: 'http://127.0.0.1:18123', database: 'logs', table: 'events' } }],
    ['clickhouse://u:p%40ss@localhost/?table=t', { kind: 'clickhouse', target: { url: 'http://localhost:8123', database: 'default', table: 't', username: 'u', password: 'p@ss' } }],
    ['clickhouse://[::1]:9/db?table=t', { kind: 'clickhouse', target: { url: 'http://[::1]:9', database: 'db', table: 't' } }],
  ])('%s', (spec, expected) => expect(parseDataSpec(spec)).toEqual(E.right(expected)))

  it.each([
    ['events.json', 'not a .csv'],
    ['mysql://h/db?table=t', 'unknown scheme mysql'],
    ['clickhouse://h/db', 'needs ?table=NAME'],
    ['clickhouse://h/db?table=t&user=x', 'unknown parameter user'],
    ['duckdb:w.duckdb', 'duckdb: takes'],
    ['duckdb:?table=t', 'needs both'],
    ['memory:e.parquet', 'memory: reads a .csv'],
  ])('%s is DataSpecInvalid', (spec, reason) => {
    const parsed = parseDataSpec(spec)
    expect(E.isLeft(parsed) && parsed.left._tag).toBe('DataSpecInvalid')
    expect(E.isLeft(parsed) && 'reason' in parsed.left && parsed.left.reason).toContain(reason)
  })
})

describe('openDataSource', () => {
  const weather = domain([
    { name: 'rain', states: ['yes', 'no'] },
    { name: 'wet', states: ['no', 'yes'] },
  ])
  if (E.isLeft(weather)) throw new Error('domain')
  const csv = join(scratch, 'w.csv')
  writeFileSync(csv, 'id,wet,rain\n1,yes,no\n2,no,yes\n3,?,yes\n')

  it('a small CSV in memory, a larger one (or a forced one) through DuckDB: the same variables, states and counts', async () => {
    const opened = [
      await openDataSource(csv, { domain: weather.right }),
      await openDataSource(csv, { domain: weather.right, inMemoryUpTo: 0 }),
      await openDataSource(`duckdb:${csv}`, { domain: weather.right }),
    ]
    const descriptions: string[] = []
    for (const source of opened) {
      if (E.isLeft(source)) throw new Error(JSON.stringify(source.left))
      descriptions.push(source.right.description)
      expect(source.right.variables).toEqual(['rain', 'wet'])
      expect(source.right.states).toEqual([['yes', 'no'], ['no', 'yes']])
      const counts = await source.right.counts([[0, 1]], { missing: 'available-case' })
      expect(E.isRight(counts) && Array.from(counts.right[0]!.counts)).toEqual([1, 0, 0, 1])
      await source.right.close()
    }
    expect(descriptions).toEqual([`memory:${csv}`, `duckdb:${csv}`, `duckdb:${csv}`])
  })

  it('without a domain: every column, states as found (DuckDB sorts them, numbers numerically)', async () => {
    const source = await openDataSource(`duckdb:${csv}`)
    if (E.isLeft(source)) throw new Error(JSON.stringify(source.left))
    expect(source.right.variables).toEqual(['id', 'wet', 'rain'])
    expect(source.right.states).toEqual([['1', '2', '3'], ['no', 'yes'], ['no', 'yes']])
    await source.right.close()
  })

  it('typed errors: a missing file, a missing column, a server that does not answer', async () => {
    const missing = await openDataSource(join(scratch, 'none.parquet'))
    expect(E.isLeft(missing) && missing.left._tag).toBe('FileUnreadable')
    const noColumn = domain([{ name: 'snow', states: ['no', 'yes'] }])
    if (E.isLeft(noColumn)) throw new Error('domain')
    for (const spec of [csv, `duckdb:${csv}`]) {
      const opened = await openDataSource(spec, { domain: noColumn.right })
      expect(E.isLeft(opened) && opened.left).toEqual({ _tag: 'MissingVariable', variable: 'snow' })
    }
    // Port 9 (discard) on loopback: nothing listens there.
    const refused = await openDataSource('clickhouse://127.0.0.1:9/default?table=t')
    expect(E.isLeft(refused) && refused.left._tag).toBe('SourceUnavailable')
  })
})
