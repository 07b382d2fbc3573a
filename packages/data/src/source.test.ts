import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MISSING, dataSet, type DataSet } from './data-set.js'
import { memorySource, readAllRows } from './source.js'

const arbData = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })
  .chain((cards) =>
    fc.array(fc.tuple(...cards.map((c) => fc.oneof(fc.integer({ min: 0, max: c - 1 }), fc.constant(MISSING)))), { maxLength: 40 }).map((rows) => ({ cards, rows })),
  )
  .map(({ cards, rows }) => {
    const ds = dataSet({
      variables: cards.map((_, v) => `v${v}`),
      states: cards.map((c) => Array.from({ length: c }, (_, s) => `s${s}`)),
      columns: cards.map((_, v) => Uint8Array.from(rows, (row) => row[v]!)),
    })
    if (E.isLeft(ds)) throw new Error('arbitrary data set is invalid')
    return { ds: ds.right, rows }
  })

/** Counts by enumeration over the rows, one row at a time. */
const bruteCounts = (ds: DataSet, rows: readonly (readonly number[])[], family: readonly number[], policy: 'complete-case' | 'available-case') => {
  const size = family.reduce((n, c) => n * ds.states[c]!.length, 1)
  const out = new Float64Array(size)
  for (const row of rows) {
    const cells = policy === 'complete-case' ? row : family.map((c) => row[c]!)
    if (cells.some((s) => s === MISSING)) continue
    let k = 0
    for (const c of family) k = k * ds.states[c]!.length + row[c]!
    out[k]! += 1
  }
  return out
}

describe('memorySource', () => {
  it('counts every family as enumeration over the rows does, under both missing-cell policies', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, fc.boolean(), async ({ ds, rows }, complete) => {
        const source = memorySource(ds)
        const families = [[0], ds.variables.map((_, v) => v), ds.variables.map((_, v) => v).reverse()]
        const policy = complete ? 'complete-case' : 'available-case'
        const counted = await source.counts(families, { missing: policy })
        expect(E.isRight(counted)).toBe(true)
        if (E.isLeft(counted)) return
        families.forEach((family, k) => {
          const expected = bruteCounts(ds, rows, family, policy)
          expect(Array.from(counted.right[k]!.counts)).toEqual(Array.from(expected))
          expect(counted.right[k]!.rows).toBe(expected.reduce((s, x) => s + x, 0))
        })
      }),
    )
  })

  it('restricts counts to rows matching `where`', async () => {
    const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1, 1), Uint8Array.of(1, 1, 0, 1)] })
    if (E.isLeft(ds)) throw new Error('bad data')
    const counted = await memorySource(ds.right).counts([[1]], { where: [[0, 1]] })
    expect(counted).toEqual(E.right([{ columns: [1], cards: [2], counts: Float64Array.of(1, 2), rows: 3 }]))
  })

  it('rejects unknown and repeated columns, and bad batch sizes, as typed errors', async () => {
    const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1)] })
    if (E.isLeft(ds)) throw new Error('bad data')
    const source = memorySource(ds.right)
    const unknown = await source.counts([[3]])
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('InvalidOption')
    const twice = await source.counts([[0, 0]])
    expect(E.isLeft(twice) && twice.left._tag).toBe('InvalidOption')
    const batches = []
    for await (const b of source.batches(0)) batches.push(b)
    expect(batches.length).toBe(1)
    expect(E.isLeft(batches[0]!)).toBe(true)
  })

  it('streams every row once, in order, in batches of the requested size', async () => {
    const ds = dataSet({ variables: ['a'], states: [['0', '1']], columns: [Uint8Array.of(0, 1, 1, 0, 1)] })
    if (E.isLeft(ds)) throw new Error('bad data')
    const seen: number[] = []
    const sizes: number[] = []
    for await (const batch of memorySource(ds.right).batches(2)) {
      if (E.isLeft(batch)) throw new Error('unexpected error')
      sizes.push(batch.right.rows)
      seen.push(...batch.right.columns[0]!)
    }
    expect(sizes).toEqual([2, 2, 1])
    expect(seen).toEqual([0, 1, 1, 0, 1])
  })
})

describe('readAllRows', () => {
  it('copies every row of a source into one data set, whatever the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, fc.integer({ min: 1, max: 9 }), async ({ ds }, size) => {
        const copied = await readAllRows(memorySource(ds), size)
        expect(E.isRight(copied) && copied.right.columns.map((c) => [...c])).toEqual(ds.columns.map((c) => [...c]))
      }),
    )
  })
})
