import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { domain } from '@chainrule/factor'
import { parseCsv, writeCsv } from './csv.js'
import { readCsvFile } from './files.js'
import { MISSING, type DataSet } from './data-set.js'
import { describeError, type DataError } from './errors.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const left = (e: E.Either<DataError, unknown>): DataError => {
  if (E.isRight(e)) throw new Error('expected an error')
  return e.left
}
const weather = right(
  E.mapLeft(() => ({ _tag: 'CsvEmpty' }) as DataError)(
    domain([
      { name: 'rain', states: ['yes', 'no'] },
      { name: 'wet', states: ['no', 'yes'] },
    ]),
  ),
)

describe('parseCsv', () => {
  it('infers states in order of first appearance and reads missing markers', () => {
    const ds = right(parseCsv('rain,wet\nno,no\nyes,yes\nyes,?\nNA,\n'))
    expect(ds.variables).toEqual(['rain', 'wet'])
    expect(ds.states).toEqual([['no', 'yes'], ['no', 'yes']])
    expect(ds.rows).toBe(4)
    expect([...ds.columns[0]!]).toEqual([0, 1, 1, MISSING])
    expect([...ds.columns[1]!]).toEqual([0, 1, MISSING, MISSING])
  })

  it('uses the domain states, in any column order', () => {
    const ds = right(parseCsv('wet,rain\nyes,no\nno,yes\n', { domain: weather }))
    expect(ds.variables).toEqual(['wet', 'rain'])
    expect(ds.states).toEqual([['no', 'yes'], ['yes', 'no']])
    expect([...ds.columns[0]!]).toEqual([1, 0])
    expect([...ds.columns[1]!]).toEqual([1, 0])
  })

  it('handles quotes, escaped quotes, CRLF, lone CR, blank lines, BOM and trimming', () => {
    const text = '\uFEFFa, b\r\n"x,1" , "say ""hi"""\r\n\r\n  y ,"NA"\rx,1,2'.replace(',1,2', ',"two\nlines"') + '\n\n'
    const ds = right(parseCsv(text))
    expect(ds.variables).toEqual(['a', 'b'])
    expect(ds.states[0]).toEqual(['x,1', 'y', 'x'])
    expect(ds.states[1]).toEqual(['say "hi"', 'NA', 'two\nlines'])
    expect(ds.rows).toBe(3)
  })

  it('custom missing markers replace the defaults', () => {
    const ds = right(parseCsv('a\n-\n?\n', { missing: ['-'] }))
    expect([...ds.columns[0]!]).toEqual([MISSING, 0])
    expect(ds.states[0]).toEqual(['?'])
  })

  it('writeCsv then parseCsv gives the same data (random data sets)', () => {
    const stateName = fc.constantFrom('a', 'b', 'NA', '?', 'x,y', 'q"t', ' sp', 'line\nbreak', 'é')
    const arb = fc
      .array(fc.uniqueArray(stateName, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
      .chain((states) =>
        fc.record({
          states: fc.constant(states),
          rows: fc.array(fc.tuple(...states.map((s) => fc.integer({ min: -1, max: s.length - 1 }))), { maxLength: 12 }),
        }),
      )
    fc.assert(
      fc.property(arb, ({ states, rows }) => {
        const variables = states.map((_, v) => `v${v}`)
        const columns = states.map((_, v) => Uint8Array.from(rows, (row) => (row[v]! < 0 ? MISSING : row[v]!)))
        const ds: DataSet = { variables, states, columns, rows: rows.length }
        const d = right(domain(variables.map((name, v) => ({ name, states: states[v]! }))))
        const back = right(parseCsv(writeCsv(ds), { domain: d }))
        expect(back.rows).toBe(ds.rows)
        back.columns.forEach((c, v) => expect([...c]).toEqual([...columns[v]!]))
      }),
      { numRuns: 200 },
    )
  })

  it('reads a 50,000-row file quickly and exactly', () => {
    const lines = ['a,b,c']
    for (let r = 0; r < 50_000; r++) lines.push(`s${r % 3},t${r % 7},${r % 11 === 0 ? '?' : 'u' + (r % 5)}`)
    const ds = right(parseCsv(lines.join('\n')))
    expect(ds.rows).toBe(50_000)
    expect(ds.columns[1]![49_999]).toBe(49_999 % 7)
    expect(ds.columns[2]![0]).toBe(MISSING)
  })
})

describe('parseCsv errors name line and column', () => {
  const cases: readonly [string, string, object, string?][] = [
    ['CsvEmpty', '\n\n', {}],
    ['CsvEmptyHeader', 'a,,c\n', { column: 2 }],
    ['CsvDuplicateColumn', 'a,b,a\n', { column: 3, name: 'a', first: 1 }],
    ['CsvRaggedRow', 'a,b\nx,y\n\nx\n', { line: 4, expected: 2, got: 1 }],
    ['CsvRaggedRow', 'a,b\r\nx,y,z\r\n', { line: 2, expected: 2, got: 3 }],
    ['CsvUnterminatedQuote', 'a,b\nx,"y\n\n', { line: 2, column: 2 }],
    ['CsvStrayQuote', 'a,b\nx,"y"z\n', { line: 2, column: 2 }],
    ['CsvStrayQuote', 'a,b\nx,y"z\n', { line: 2, column: 2 }],
  ]
  it.each(cases)('%s on %j', (tag, text, fields) => {
    const e = left(parseCsv(text))
    expect(e).toMatchObject({ _tag: tag, ...fields })
    expect(describeError(e).length).toBeGreaterThan(10)
  })

  it('CsvUnknownState names line, column and variable, after a multi-line quoted cell', () => {
    const e = left(parseCsv('rain,wet\nyes,"no"\n"n\no",yes\nno,damp\n', { domain: weather }))
    expect(e).toMatchObject({ _tag: 'CsvUnknownState', line: 3, column: 1, state: 'n\no' })
    const e2 = left(parseCsv('rain,wet\nyes,no\nno,damp\n', { domain: weather }))
    expect(e2).toEqual({ _tag: 'CsvUnknownState', line: 3, column: 2, variable: 'wet', state: 'damp', states: ['no', 'yes'] })
    expect(describeError(e2)).toBe('line 3, column 2 ("wet"): unknown state "damp", expected one of "no", "yes"')
  })

  it('CsvUnknownColumn', () => {
    expect(left(parseCsv('rain,snow\n', { domain: weather }))).toEqual({ _tag: 'CsvUnknownColumn', line: 1, column: 2, name: 'snow' })
  })

  it("extraColumns: 'ignore' skips columns the domain does not name, unread (an id with any values)", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `${i},${i % 2 === 0 ? 'yes' : 'no'},"x${i}"`).join('\n')
    const ds = right(parseCsv(`id,rain,note\n${ids}\n`, { domain: weather, extraColumns: 'ignore' }))
    expect(ds.variables).toEqual(['rain'])
    expect(ds.states).toEqual([['yes', 'no']])
    expect(ds.rows).toBe(300)
    expect([...ds.columns[0]!.subarray(0, 4)]).toEqual([0, 1, 0, 1])
  })

  it('CsvTooManyStates past 255 inferred states', () => {
    const text = ['a', ...Array.from({ length: 256 }, (_, i) => `s${i}`)].join('\n')
    expect(left(parseCsv(text))).toEqual({ _tag: 'CsvTooManyStates', line: 257, column: 1, variable: 'a', limit: 255 })
  })

  it('TooManyStates when a domain variable has more than 255 states', () => {
    const big = right(
      E.mapLeft(() => ({ _tag: 'CsvEmpty' }) as DataError)(domain([{ name: 'a', states: Array.from({ length: 256 }, (_, i) => `s${i}`) }])),
    )
    expect(left(parseCsv('a\ns1\n', { domain: big }))).toMatchObject({ _tag: 'TooManyStates', variable: 'a', states: 256 })
  })
})

describe('readCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-csv-'))
  it('reads plain and gzipped files', () => {
    writeFileSync(join(dir, 'w.csv'), 'rain,wet\nyes,no\n')
    writeFileSync(join(dir, 'w.csv.gz'), gzipSync('rain,wet\nyes,no\nno,yes\n'))
    expect(right(readCsvFile(join(dir, 'w.csv'), { domain: weather })).rows).toBe(1)
    expect(right(readCsvFile(join(dir, 'w.csv.gz'))).rows).toBe(2)
  })
  it('FileUnreadable and GzipFailed', () => {
    expect(left(readCsvFile(join(dir, 'absent.csv')))).toMatchObject({ _tag: 'FileUnreadable', path: join(dir, 'absent.csv') })
    writeFileSync(join(dir, 'bad.csv.gz'), 'not gzip')
    expect(left(readCsvFile(join(dir, 'bad.csv.gz')))).toMatchObject({ _tag: 'GzipFailed' })
  })
})
