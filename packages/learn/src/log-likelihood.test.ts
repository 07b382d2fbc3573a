import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dataSet, hideCells, MISSING } from '@chainrule/data'
import { createRng, logProbOfStates } from '@chainrule/models'
import { logLikelihood } from './log-likelihood.js'
import { arbitraryNetwork, bruteRowLogLikelihood, leftOf, right, sampleData } from './data.fixtures.js'

const close = (a: number, b: number, relative = 1e-12): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(b)))

describe('logLikelihood', () => {
  it('complete rows: per row equals the chain rule of models (logProbOfStates), total is the sum', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 6, maxCard: 3 }), fc.integer({ min: 1, max: 200 }), fc.integer(), (bn, rows, seed) => {
        const data = sampleData(bn, rows, seed)
        const ll = right(logLikelihood(bn, data))
        let total = 0
        for (let r = 0; r < rows; r++) {
          const expected = logProbOfStates(bn, Int32Array.from(data.columns, (c) => c[r]!))
          close(ll.perRow[r]!, expected)
          total += expected
        }
        close(ll.total, total)
        expect(ll.rowsWithMissing).toBe(0)
        expect(ll.observedCells).toBe(rows * data.variables.length)
        close(ll.bitsPerDimension, -total / (rows * data.variables.length * Math.LN2))
      }),
      { numRuns: 60 },
    ))

  it('rows with missing cells: equals enumeration of every completion (relative 1e-12)', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 5, maxCard: 3 }), fc.integer({ min: 1, max: 40 }), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (bn, rows, seed, p) => {
        const data = right(hideCells(sampleData(bn, rows, seed), p, createRng(seed ^ 0x5bd1)))
        const ll = right(logLikelihood(bn, data))
        let observed = 0
        for (const c of data.columns) for (const s of c) if (s !== MISSING) observed++
        expect(ll.observedCells).toBe(observed)
        for (let r = 0; r < rows; r++) close(ll.perRow[r]!, bruteRowLogLikelihood(bn, data, r))
      }),
      { numRuns: 60 },
    ))

  it('a row with every cell missing has log-likelihood 0; empty data has total 0', () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 3 }), { seed: 4, numRuns: 1 })[0]!
    const data = right(
      dataSet({
        variables: bn.dag.nodes,
        states: bn.domain.variables.map((v) => v.states),
        columns: bn.dag.nodes.map(() => Uint8Array.of(MISSING)),
      }),
    )
    expect(right(logLikelihood(bn, data)).perRow[0]).toBe(0)
    const empty = right(dataSet({ variables: bn.dag.nodes, states: bn.domain.variables.map((v) => v.states), columns: bn.dag.nodes.map(() => new Uint8Array(0)) }))
    expect(right(logLikelihood(bn, empty))).toMatchObject({ total: 0, bitsPerDimension: 0 })
  })

  it('a zero-probability row is -Infinity, not NaN', () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 2 }), { seed: 9, numRuns: 1 })[0]!
    const zero = { ...bn, cpts: bn.cpts.map((f, v) => (v === 0 ? { ...f, values: Float64Array.from(f.values, (_, k) => (k === 0 ? 1 : 0)) } : f)) }
    const data = right(dataSet({ variables: bn.dag.nodes, states: bn.domain.variables.map((v) => v.states), columns: bn.dag.nodes.map(() => Uint8Array.of(1, 0)) }))
    const ll = right(logLikelihood(zero, data))
    expect(ll.perRow[0]).toBe(-Infinity)
    expect(Number.isFinite(ll.perRow[1])).toBe(true)
  })

  it('Infer (OverBudget) when the junction tree is over the memory budget', () => {
    const bn = fc.sample(arbitraryNetwork({ maxVariables: 3 }), { seed: 2, numRuns: 1 })[0]!
    const data = right(dataSet({ variables: bn.dag.nodes, states: bn.domain.variables.map((v) => v.states), columns: bn.dag.nodes.map(() => Uint8Array.of(MISSING)) }))
    expect(leftOf(logLikelihood(bn, data, { compile: { memoryBudgetBytes: 1 } }))).toMatchObject({ _tag: 'Infer', error: { _tag: 'OverBudget' } })
    expect(leftOf(logLikelihood(bn, right(dataSet({ variables: ['other'], states: [['a']], columns: [Uint8Array.of(0)] }))))).toMatchObject({
      _tag: 'Data',
    })
  })
})
