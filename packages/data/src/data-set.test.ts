import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { domain } from '@chainrule/factor'
import { ancestralSample, createRng, defineNetwork } from '@chainrule/models'
import { dataSet, fromRowMajor, fromSamples, hideCells, missingCells, rowMajor, selectRows, sliceRows, splitRows, MISSING } from './data-set.js'
import { alignToDomain } from './align.js'
import { describeError, type DataError } from './errors.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const left = (e: E.Either<DataError, unknown>): DataError => {
  if (E.isRight(e)) throw new Error('expected an error')
  return e.left
}
const toy = () =>
  right(
    dataSet({
      variables: ['a', 'b'],
      states: [['x', 'y', 'z'], ['0', '1']],
      columns: [Uint8Array.of(0, 1, 2, 1, MISSING), Uint8Array.of(1, 1, 0, MISSING, 0)],
    }),
  )

const arbData = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 })
  .chain((cards) =>
    fc.record({
      cards: fc.constant(cards),
      rows: fc.array(fc.tuple(...cards.map((c) => fc.integer({ min: 0, max: c }))), { maxLength: 30 }),
    }),
  )
  .map(({ cards, rows }) =>
    right(
      dataSet({
        variables: cards.map((_, v) => `v${v}`),
        states: cards.map((c) => Array.from({ length: c }, (_, s) => `s${s}`)),
        // state index c means missing
        columns: cards.map((c, v) => Uint8Array.from(rows, (row) => (row[v] === c ? MISSING : row[v]!))),
      }),
    ),
  )

describe('dataSet', () => {
  it('checks shapes, names and states', () => {
    expect(left(dataSet({ variables: ['a'], states: [], columns: [] }))).toMatchObject({ _tag: 'ColumnCountMismatch' })
    expect(left(dataSet({ variables: ['a', 'a'], states: [['x'], ['x']], columns: [new Uint8Array(1), new Uint8Array(1)] }))).toEqual({
      _tag: 'DuplicateVariable',
      variable: 'a',
    })
    expect(left(dataSet({ variables: ['a', 'b'], states: [['x'], ['x']], columns: [new Uint8Array(2), new Uint8Array(3)] }))).toEqual({
      _tag: 'ColumnLengthMismatch',
      variable: 'b',
      expected: 2,
      got: 3,
    })
    expect(left(dataSet({ variables: ['a'], states: [['x', 'y']], columns: [Uint8Array.of(0, 2)] }))).toEqual({
      _tag: 'StateOutOfRange',
      variable: 'a',
      row: 1,
      state: 2,
      card: 2,
    })
    const many = Array.from({ length: 256 }, (_, i) => `s${i}`)
    expect(left(dataSet({ variables: ['a'], states: [many], columns: [new Uint8Array(1)] }))).toMatchObject({ _tag: 'TooManyStates', states: 256 })
    expect(toy().rows).toBe(5)
  })

  it('slices share memory; splits cover the rows; bad ranges are RowRangeInvalid', () => {
    const ds = toy()
    const s = right(sliceRows(ds, 1, 4))
    expect(s.rows).toBe(3)
    expect(s.columns[0]!.buffer).toBe(ds.columns[0]!.buffer)
    expect([...s.columns[0]!]).toEqual([1, 2, 1])
    const [head, tail] = right(splitRows(ds, 2))
    expect(head.rows + tail.rows).toBe(5)
    expect([...tail.columns[1]!]).toEqual([0, MISSING, 0])
    expect(left(sliceRows(ds, 3, 2))).toEqual({ _tag: 'RowRangeInvalid', start: 3, end: 2, rows: 5 })
    expect(left(splitRows(ds, 6))).toMatchObject({ _tag: 'RowRangeInvalid' })
    expect(left(selectRows(ds, [0, 5]))).toMatchObject({ _tag: 'RowRangeInvalid', start: 5 })
    expect([...right(selectRows(ds, [4, 0, 0])).columns[0]!]).toEqual([MISSING, 0, 0])
  })

  it('rowMajor and fromRowMajor are inverse (random data)', () =>
    fc.assert(
      fc.property(arbData, (ds) => {
        const m = rowMajor(ds)
        for (let r = 0; r < ds.rows; r++) for (let v = 0; v < ds.variables.length; v++) expect(m[r * ds.variables.length + v]).toBe(ds.columns[v]![r])
        const back = right(fromRowMajor(m, ds.variables, ds.states))
        back.columns.forEach((c, v) => expect([...c]).toEqual([...ds.columns[v]!]))
      }),
      { numRuns: 100 },
    ))

  it('fromRowMajor rejects a matrix that is not rows x variables', () => {
    expect(left(fromRowMajor(new Uint8Array(3), ['a', 'b'], [['x'], ['x']]))).toMatchObject({ _tag: 'ColumnLengthMismatch' })
  })

  it('missingCells counts per variable', () => {
    const m = missingCells(toy())
    expect(m.total).toBe(2)
    expect([...m.perVariable]).toEqual([1, 1])
  })

  it('hideCells hides about the requested fraction, reproducibly, and leaves the input alone', () => {
    const ds = right(dataSet({ variables: ['a'], states: [['x', 'y']], columns: [new Uint8Array(20_000)] }))
    const h = right(hideCells(ds, 0.2, createRng(5)))
    const k = missingCells(h).total
    // 0.2 * 20000 = 4000, sd = sqrt(20000 * 0.16) = 56.6; 5 sd
    expect(Math.abs(k - 4000)).toBeLessThan(5 * 56.6)
    expect(missingCells(ds).total).toBe(0)
    expect([...right(hideCells(ds, 0.2, createRng(5))).columns[0]!]).toEqual([...h.columns[0]!])
    expect(left(hideCells(ds, 1.5, createRng(5)))).toMatchObject({ _tag: 'InvalidOption', option: 'probability' })
  })

  it('fromSamples shares the sampled columns', () => {
    const bn = right(defineNetwork({ states: { a: ['x', 'y'] }, parents: {}, tables: { a: [0.3, 0.7] } }))
    const s = right(ancestralSample(bn, 100, createRng(1)))
    const ds = right(fromSamples(s))
    expect(ds.columns[0]).toBe(s.columns[0])
    expect(ds.rows).toBe(100)
    expect(left(fromSamples({ ...s, columns: [new Int32Array(100)] }))).toMatchObject({ _tag: 'TooManyStates' })
  })
})

describe('alignToDomain', () => {
  it('reorders columns, remaps states by name, shares matching columns', () => {
    const ds = toy()
    const d = right(domain([{ name: 'b', states: ['0', '1'] }, { name: 'a', states: ['z', 'y', 'x', 'w'] }]))
    const a = right(alignToDomain(ds, d))
    expect(a.variables).toEqual(['b', 'a'])
    expect(a.columns[0]).toBe(ds.columns[1])
    expect([...a.columns[1]!]).toEqual([2, 1, 0, 1, MISSING])
  })
  it('MissingVariable, UnknownDataState and TooManyStates', () => {
    const ds = toy()
    expect(left(alignToDomain(ds, right(domain([{ name: 'c', states: ['0'] }]))))).toEqual({ _tag: 'MissingVariable', variable: 'c' })
    const e = left(alignToDomain(ds, right(domain([{ name: 'a', states: ['x', 'y'] }]))))
    expect(e).toEqual({ _tag: 'UnknownDataState', variable: 'a', state: 'z', states: ['x', 'y'] })
    expect(describeError(e)).toContain('"z"')
    const many = Array.from({ length: 256 }, (_, i) => `s${i}`)
    expect(left(alignToDomain(ds, right(domain([{ name: 'a', states: many }]))))).toMatchObject({ _tag: 'TooManyStates' })
  })
})
