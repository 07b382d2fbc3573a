import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromParents } from '@chainrule/graph'
import { domain, tableOf, type VarId } from '@chainrule/factor'
import { createRng } from '@chainrule/models'
import { logisticCpd, logisticLogProb, logisticProbability, logisticToTable, type LogisticCpd } from './logistic-cpd.js'
import { mixedNetwork, toBayesianNetwork } from './mixed-network.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

describe('logisticCpd', () => {
  const cpd = right(logisticCpd({ variable: 2, bias: -1, parents: [0, 1], weights: [2, 0.5] }))

  it('computes sigmoid(bias + w . x) and its log', () => {
    expect(logisticProbability(cpd, [1, 0, 0])).toBeCloseTo(0.7310585786300049, 15)
    expect(logisticLogProb(cpd, [1, 1, 1])).toBeCloseTo(Math.log(1 / (1 + Math.exp(-1.5))), 15)
    expect(logisticLogProb(cpd, [0, 0, 0])).toBeCloseTo(Math.log(1 - 1 / (1 + Math.exp(1))), 15)
  })

  it('expands into a table whose rows are the probabilities, in CPT order (last parent fastest)', () => {
    const t = right(logisticToTable(cpd))
    expect(t.scope).toEqual([0, 1, 2])
    const s = (x: number) => 1 / (1 + Math.exp(-x))
    const expected = [-1, -0.5, 1, 1.5].flatMap((l) => [1 - s(l), s(l)])
    expected.forEach((v, i) => expect(t.values[i]).toBeCloseTo(v, 15))
    const reordered = right(logisticToTable(cpd, { order: [1, 0] }))
    // Parents ordered [x1, x0]: row 1 is (x1 = 0, x0 = 1), logit -1 + 2; row 2 is (x1 = 1, x0 = 0), logit -1 + 0.5.
    expect(reordered.scope).toEqual([1, 0, 2])
    expect(reordered.values[3]).toBeCloseTo(s(1), 15)
    expect(reordered.values[5]).toBeCloseTo(s(-0.5), 15)
  })

  it('context tables: the row index follows the CPT layout and the table agrees with the probability', () =>
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const rng = createRng(seed)
        const w = () => rng.float() * 4 - 2
        const c = right(
          logisticCpd({ variable: 4, bias: w(), parents: [0, 3], weights: [w(), w()], contexts: [{ parents: [2, 1], logits: [w(), w(), w(), w()] }] }),
        )
        const t = right(logisticToTable(c))
        expect(t.scope).toEqual([0, 3, 2, 1, 4])
        for (let r = 0; r < 16; r++) {
          const row = [0, 0, 0, 0, 0]
          ;[0, 3, 2, 1].forEach((v, j) => (row[v] = (r >> (3 - j)) & 1))
          let l = c.bias + c.weights[0]! * row[0]! + c.weights[1]! * row[3]!
          l += c.contexts[0]!.logits[row[2]! * 2 + row[1]!]!
          expect(Math.abs(t.values[2 * r + 1]! - 1 / (1 + Math.exp(-l)))).toBeLessThan(1e-15)
        }
      }),
      { numRuns: 30 },
    ))

  it('refuses bad input with typed errors', () => {
    const tag = (e: E.Either<{ _tag: string }, unknown>) => (E.isLeft(e) ? e.left._tag : 'Right')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [1, 2], weights: [1] }))).toBe('ShapeMismatch')
    expect(tag(logisticCpd({ variable: 0, bias: NaN, parents: [], weights: [] }))).toBe('InvalidWeight')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [1], weights: [Infinity] }))).toBe('InvalidWeight')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [0], weights: [1] }))).toBe('ParentOutOfRange')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [1, 1], weights: [1, 1] }))).toBe('CpdMismatch')
    expect(tag(logisticCpd({ variable: -1, bias: 0, parents: [], weights: [] }))).toBe('InvalidOption')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [], weights: [], contexts: [{ parents: [1], logits: [0] }] }))).toBe('ShapeMismatch')
    expect(tag(logisticCpd({ variable: 0, bias: 0, parents: [], weights: [], contexts: [{ parents: Array.from({ length: 31 }, (_, i) => i + 1), logits: [] }] }))).toBe(
      'TooManyParents',
    )
    const many: LogisticCpd = right(logisticCpd({ variable: 0, bias: 0, parents: Array.from({ length: 17 }, (_, i) => i + 1), weights: new Array(17).fill(0.1) }))
    expect(tag(logisticToTable(many))).toBe('TooManyParents')
    expect(tag(logisticToTable(many, { maxParents: 17 }))).toBe('Right')
    expect(tag(logisticToTable(cpd, { order: [0] }))).toBe('CpdMismatch')
  })
})

describe('mixedNetwork', () => {
  const dag = right(fromParents(new Map([['a', []], ['b', ['a']], ['c', ['a', 'b']]])))
  const binary = right(domain(['a', 'b', 'c'].map((name) => ({ name, states: ['0', '1'] }))))
  const a = { kind: 'table' as const, factor: tableOf([0 as VarId], [2], Float64Array.of(0.3, 0.7)) }
  const b = right(logisticCpd({ variable: 1, bias: 0.2, parents: [0], weights: [-1] }))
  const c = right(logisticCpd({ variable: 2, bias: 0, parents: [1, 0], weights: [1, 1] }))

  it('accepts matching CPDs and converts to a BayesianNetwork', () => {
    const net = right(mixedNetwork(dag, binary, [a, b, c]))
    const bn = right(toBayesianNetwork(net))
    expect(bn.cpts[2]!.scope).toEqual([0, 1, 2])
    expect(bn.cpts[2]!.values[3]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15)
    expect(toBayesianNetwork(net, { maxParents: 1 })).toMatchObject({ left: { _tag: 'TooManyParents', variable: 'c' } })
  })

  it('reports every mismatch', () => {
    const tags = (e: E.Either<{ _tag: string }[], unknown>) => (E.isLeft(e) ? e.left.map((x) => x._tag) : [])
    expect(tags(mixedNetwork(dag, binary, [a, b]))).toEqual(['ShapeMismatch'])
    const ternary = right(domain([{ name: 'a', states: ['0', '1', '2'] }, { name: 'b', states: ['0', '1'] }, { name: 'c', states: ['0', '1'] }]))
    expect(tags(mixedNetwork(dag, ternary, [a, b, c]))).toContain('NonBinaryVariable')
    expect(tags(mixedNetwork(dag, binary, [a, c, c]))).toContain('CpdMismatch')
    const wrongScope = { kind: 'table' as const, factor: tableOf([1 as VarId, 0 as VarId], [2, 2], new Float64Array(4).fill(0.5)) }
    expect(tags(mixedNetwork(dag, binary, [wrongScope, b, c]))).toEqual(['CpdMismatch'])
    const far = right(logisticCpd({ variable: 1, bias: 0, parents: [7], weights: [1] }))
    expect(tags(mixedNetwork(dag, binary, [a, far, c]))).toEqual(['ParentOutOfRange'])
    expect(tags(mixedNetwork(dag, right(domain([{ name: 'a', states: ['0', '1'] }])), [a]))).toEqual(['ShapeMismatch'])
  })
})
