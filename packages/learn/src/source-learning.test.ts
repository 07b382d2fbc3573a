import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { cachedSource, hideCells, MISSING, memorySource, type DataSet } from '@chainrule/data'
import { createRng } from '@chainrule/models'
import { describe, expect, it } from 'vitest'
import { learnTablesFromSource, countFamiliesFromSource } from './source-learning.js'
import { learnTables } from './table-learning.js'
import { arbitraryNetwork, bruteCounts, leftOf, right, sampleData } from './table-learning.fixtures.js'

/** The same rows with every variable's states listed in reverse (indices remapped): a source that does not share the network's state order. */
const reversedStates = (data: DataSet): DataSet => ({
  ...data,
  states: data.states.map((s) => [...s].reverse()),
  columns: data.columns.map((c, v) => Uint8Array.from(c, (s) => (s === MISSING ? MISSING : data.states[v]!.length - 1 - s))),
})

const estimators = fc.constantFrom(
  { kind: 'maximumLikelihood' } as const,
  { kind: 'dirichlet', alpha: 0.5 } as const,
  { kind: 'bdeu', equivalentSampleSize: 4 } as const,
)

describe('learnTablesFromSource', () => {
  it('gives learnTables bit for bit, also when the source lists states in another order; counts are the brute-force counts', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryNetwork({ maxVariables: 5, maxCard: 3, maxParents: 3 }), fc.integer({ min: 1, max: 60 }), fc.integer(), estimators, async (bn, rows, seed, estimator) => {
        const data = sampleData(bn, rows, seed)
        const expected = right(learnTables(data, bn, { estimator }))
        for (const source of [memorySource(data), memorySource(reversedStates(data))]) {
          const learned = right(await learnTablesFromSource(source, bn, { estimator }))
          learned.cpts.forEach((f, v) => expect(Array.from(f.values)).toEqual(Array.from(expected.cpts[v]!.values)))
          const counts = right(await countFamiliesFromSource(source, bn))
          expect(counts.counts.map((c) => Array.from(c))).toEqual(bruteCounts(bn, data).map((c) => Array.from(c)))
          expect(counts.rows).toBe(rows)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('missing cells: refused by default (naming how many rows), counted around under complete-case and available-case', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryNetwork({ maxVariables: 4 }), fc.integer({ min: 5, max: 40 }), fc.integer(), async (bn, rows, seed) => {
        const data = right(hideCells(sampleData(bn, rows, seed), 0.2, createRng(seed ^ 7)))
        const incomplete = Array.from({ length: rows }, (_, r) => r).filter((r) => data.columns.some((c) => c[r] === MISSING))
        const source = memorySource(data)
        const refused = await learnTablesFromSource(source, bn)
        if (incomplete.length > 0) expect(leftOf(refused)).toEqual({ _tag: 'MissingCellsInSource', source: 'memory', rows: incomplete.length })
        else expect(E.isRight(refused)).toBe(true)
        const available = right(await countFamiliesFromSource(source, bn, { missing: 'available-case' }))
        bn.cpts.forEach((f, v) => {
          // Available-case: the rows where this family's own cells are observed.
          const expected = new Float64Array(f.values.length)
          for (let r = 0; r < rows; r++) {
            const cells = f.scope.map((u) => data.columns[u]![r]!)
            if (cells.some((s) => s === MISSING)) continue
            expected[cells.reduce((at, s, k) => at + s * f.strides[k]!, 0)]!++
          }
          expect(Array.from(available.counts[v]!)).toEqual(Array.from(expected))
        })
        const completeCase = right(await countFamiliesFromSource(source, bn, { missing: 'complete-case' }))
        expect(completeCase.rows).toBe(rows - incomplete.length)
      }),
      { numRuns: 40 },
    )
  })

  it('through a count cache, a second learning asks the source nothing', async () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 5, maxParents: 2 }), { seed: 3, numRuns: 1 })[0]!
    const source = cachedSource(memorySource(sampleData(bn, 200, 1)))
    const first = right(await learnTablesFromSource(source, bn, { estimator: { kind: 'dirichlet', alpha: 1 } }))
    const second = right(await learnTablesFromSource(source, bn, { estimator: { kind: 'dirichlet', alpha: 1 } }))
    expect(second.cpts.map((f) => Array.from(f.values))).toEqual(first.cpts.map((f) => Array.from(f.values)))
    expect(source.countCacheStats()).toMatchObject({ batches: 1, asked: bn.dag.nodes.length })
  })

  it('typed errors: a variable with no column, a state the network lacks, a bad option', async () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 3 }), { seed: 9, numRuns: 1 })[0]!
    const data = sampleData(bn, 20, 2)
    const noColumn = memorySource({ ...data, variables: data.variables.map((v, k) => (k === 0 ? 'other' : v)) })
    expect(leftOf(await learnTablesFromSource(noColumn, bn))).toEqual({ _tag: 'Data', error: { _tag: 'MissingVariable', variable: bn.dag.nodes[0] } })
    const extraState = memorySource({ ...data, states: data.states.map((s, k) => (k === 0 ? [...s, 'extra'] : s)) })
    expect(leftOf(await learnTablesFromSource(extraState, bn))).toMatchObject({ _tag: 'Data', error: { _tag: 'UnknownDataState', state: 'extra' } })
    expect(leftOf(await learnTablesFromSource(memorySource(data), bn, { missing: 'sometimes' as never }))).toMatchObject({ _tag: 'InvalidOption', option: 'missing' })
  })
})
