import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cachedSource, projectCounts } from './count-cache.js'
import { MISSING, dataSet } from './data-set.js'
import { memorySource, type CountOptions, type DataSource } from './source.js'

const arbData = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })
  .chain((cards) =>
    fc
      .array(fc.tuple(...cards.map((c) => fc.oneof(fc.integer({ min: 0, max: c - 1 }), fc.constant(MISSING)))), { maxLength: 30 })
      .map((rows) => {
        const ds = dataSet({
          variables: cards.map((_, v) => `v${v}`),
          states: cards.map((c) => Array.from({ length: c }, (_, s) => `s${s}`)),
          columns: cards.map((_, v) => Uint8Array.from(rows, (row) => row[v]!)),
        })
        if (E.isLeft(ds)) throw new Error('bad arbitrary')
        return ds.right
      }),
  )

/** A source that records every family it is asked for. */
const recording = (source: DataSource, batches: (readonly (readonly number[])[])[]): DataSource => ({
  ...source,
  counts: (families, options) => {
    batches.push(families)
    return source.counts(families, options)
  },
})

describe('cachedSource', () => {
  it('answers every family as the source does, in any order and mix of cached, derived and new families', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbData,
        fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom<CountOptions>({}, { missing: 'available-case' }, { where: [[0, 0]] }),
        async (ds, raw, options) => {
          const families = raw.map((f) => [...new Set(f.map((c) => c % ds.variables.length))])
          const plain = memorySource(ds)
          const batches: (readonly (readonly number[])[])[] = []
          const cached = cachedSource(recording(plain, batches))
          for (const batch of [families, [...families].reverse(), families.map((f) => f.slice(1))]) {
            const got = await cached.counts(batch, options)
            expect(got).toEqual(await plain.counts(batch, options))
          }
          // Each column set is asked at most once; under complete-case, never a subset of a set asked before.
          const keys = batches.flat().map((f) => [...f].sort().join(','))
          expect(new Set(keys).size).toBe(keys.length)
          if ((options.missing ?? 'complete-case') === 'complete-case')
            batches.forEach((batch, k) => {
              const before = batches.slice(0, k).flat()
              for (const f of batch) expect(before.some((g) => f.every((c) => g.includes(c)))).toBe(false)
            })
        },
      ),
      { numRuns: 80 },
    )
  })

  it('projectCounts sums out and permutes like counting the family directly', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, fc.array(fc.nat(), { maxLength: 4 }), async (ds, picks) => {
        const all = ds.variables.map((_, v) => v)
        const family = [...new Set(picks.map((c) => c % all.length))]
        const source = memorySource(ds)
        const [whole, direct] = await Promise.all([source.counts([all]), source.counts([family])])
        if (E.isLeft(whole) || E.isLeft(direct)) throw new Error('counting failed')
        expect(projectCounts(whole.right[0]!, family)).toEqual(direct.right[0])
      }),
      { numRuns: 80 },
    )
  })
})
