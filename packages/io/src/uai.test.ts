import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { isBayesianNetwork, type NetworkSpec } from '@chainrule/models'
import { FILE_RENORMALIZE_TOLERANCE } from './assemble.js'
import { flatTable } from './tables.fixtures.js'
import type { IoError } from './errors.js'
import { networkFromText } from './network-text.js'
import { interpretUai, isMarkovSpec, uaiReadingNote, type ModelSpec } from './uai-model.js'
import { readUai, readUaiEvidence, readUaiNetwork } from './uai-read.js'

// The example of the UAI format page: three variables, a chain 0 -> 1 -> 2.
const BAYES = `BAYES
3
2 2 3
3
1 0
2 0 1
2 1 2

2
 0.436 0.564

4
 0.128 0.872
 0.920 0.080

6
 0.210 0.333 0.457
 0.811 0.000 0.189
`

const MARKOV = `MARKOV
2
2 3
2
1 0
2 0 1
2 1 2
6 1 2 3 4 5 6
`

const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

describe('readUai', () => {
  it('reads a MARKOV model as plain factors (last scope variable fastest)', () => {
    const r = readUai(MARKOV)
    expect(r).toEqual(E.right({ kind: 'MARKOV', cards: [2, 3], factors: [
      { scope: [0], values: Float64Array.from([1, 2]) },
      { scope: [0, 1], values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
    ] }))
  })

  it('checks counts, indices and the trailing input', () => {
    expect(left(readUai(MARKOV.replace('6 1 2 3 4 5 6', '5 1 2 3 4 5')))).toMatchObject({ _tag: 'TableSizeMismatch', line: 8, column: 1, expected: 6, got: 5 })
    expect(left(readUai(MARKOV.replace('2 0 1', '2 0 7')))).toMatchObject({ _tag: 'UnexpectedInput', line: 6, column: 5 })
    expect(left(readUai(MARKOV.replace('2 0 1', '2 0 0')))).toMatchObject({ _tag: 'UnexpectedInput', line: 6, column: 5 })
    expect(left(readUai(`${MARKOV} 7`))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'end of input after the last table' })
    expect(left(readUai('BAYSE 1 2'))).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 1 })
    expect(left(readUai('MARKOV 1 0 0'))).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 10 })
    expect(left(readUai('MARKOV 1 2 1 1 0 2 0.5'))).toMatchObject({ _tag: 'UnexpectedInput', found: 'end of input' })
    // A declared cardinality past the table limit is refused before anything is allocated for it.
    expect(left(readUai('BAYES 2 2 99999999999 1 1 0 2 0.5 0.5'))).toMatchObject({ _tag: 'TableTooLarge', line: 1, column: 11, entries: 99999999999 })
  })
})

describe('readUaiNetwork and interpretUai: which model a UAI file is', () => {
  const interpreted = (text: string) => {
    const model = readUai(text)
    if (E.isLeft(model)) throw new Error('model')
    return interpretUai(model.right, FILE_RENORMALIZE_TOLERANCE)
  }
  const bayesian = (spec: ModelSpec): NetworkSpec => {
    if (isMarkovSpec(spec)) throw new Error('expected a Bayesian network')
    return spec
  }

  it('BAYES: names variables x{i} with states 0.., each factor the table of its last variable', () => {
    const r = readUaiNetwork(BAYES)
    if (E.isLeft(r)) throw new Error('read')
    expect(bayesian(r.right).variables.map((v) => [v.name, v.states, v.parents, Array.from(flatTable(v.table))])).toEqual([
      ['x0', ['0', '1'], [], [0.436, 0.564]],
      ['x1', ['0', '1'], ['x0'], [0.128, 0.872, 0.92, 0.08]],
      ['x2', ['0', '1', '2'], ['x1'], [0.21, 0.333, 0.457, 0.811, 0, 0.189]],
    ])
    expect(interpreted(BAYES).reading).toEqual({ kind: 'bayes', child: 'last' })
  })

  it('BAYES with the child listed first (child slowest): transposed to the child last, and said so', () => {
    // The same chain written child first: P(x1 | x0) as [x1, x0], P(x2 | x1) as [x2, x1].
    const first = BAYES.replace('2 0 1\n2 1 2', '2 1 0\n2 2 1')
      .replace('0.128 0.872\n 0.920 0.080', '0.128 0.920\n 0.872 0.080')
      .replace('0.210 0.333 0.457\n 0.811 0.000 0.189', '0.210 0.811\n 0.333 0.000\n 0.457 0.189')
    const { spec, reading } = interpreted(first)
    expect(reading).toEqual({ kind: 'bayes', child: 'first' })
    const r = readUaiNetwork(BAYES)
    if (E.isLeft(r)) throw new Error('read')
    expect(bayesian(spec).variables.map((v) => [v.name, v.parents, Array.from(flatTable(v.table))])).toEqual(
      bayesian(r.right).variables.map((v) => [v.name, v.parents, Array.from(flatTable(v.table))]),
    )
    expect(uaiReadingNote(reading)).toMatch(/FIRST variable of its scope/)
  })

  it('MARKOV: a Markov network over the same names, factors as read', () => {
    const r = readUaiNetwork(MARKOV)
    if (E.isLeft(r)) throw new Error('read')
    expect(r.right).toEqual({
      variables: [{ name: 'x0', states: ['0', '1'] }, { name: 'x1', states: ['0', '1', '2'] }],
      factors: [
        { scope: ['x0'], values: Float64Array.from([1, 2]) },
        { scope: ['x0', 'x1'], values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
      ],
    })
    expect(interpreted(MARKOV).reading).toEqual({ kind: 'markov' })
    expect(uaiReadingNote({ kind: 'markov' })).toBeUndefined()
  })

  it('a BAYES file whose tables are not a Bayesian network is read as the product of its tables, with the reason', () => {
    // A row summing to 0 (a single-state child that rules a parent state out).
    const zeroRow = interpreted(BAYES.replace('0.128 0.872\n 0.920 0.080', '0 0\n 0.920 0.080'))
    expect(zeroRow.reading).toMatchObject({ kind: 'bayes-as-product', reason: expect.stringMatching(/table 1 .* sums to 0/) })
    expect(isMarkovSpec(zeroRow.spec)).toBe(true)
    // Two tables of one child (the last scope variable), and a cycle x1 -> x2 -> x1.
    const twice = interpreted(BAYES.replace('2 1 2\n', '2 2 1\n').replace('0.210 0.333 0.457\n 0.811 0.000 0.189', '1 0 0 1 0.5 0.5'))
    expect(twice.reading).toMatchObject({ kind: 'bayes-as-product', reason: expect.stringMatching(/child of two tables/) })
    const cyclic = interpreted('BAYES 2  2 2  2  2 1 0  2 0 1  4 0.5 0.5 0.5 0.5  4 0.5 0.5 0.5 0.5')
    expect(cyclic.reading).toMatchObject({ kind: 'bayes-as-product', reason: expect.stringMatching(/cycle/) })
    expect(uaiReadingNote(cyclic.reading)).toMatch(/read as the product of its tables/)
    expect(interpreted('BAYES 1  2  2  1 0  1 0  2 0.5 0.5  2 1 1').reading).toMatchObject({ kind: 'bayes-as-product', reason: expect.stringMatching(/2 tables for 1 variables/) })
  })

  it('readUaiNetwork reads by the format alone: a BAYES file without one table per variable is a located error', () => {
    expect(left(readUaiNetwork(BAYES.replace('2 1 2\n', '2 2 1\n').replace('0.210 0.333 0.457\n 0.811 0.000 0.189', '1 0 0 1 0.5 0.5')))).toMatchObject({
      _tag: 'DuplicateTable',
      line: 7,
    })
  })

  it('rows printed rounded (within the tolerance) still make a Bayesian network', () => {
    const rounded = interpreted(BAYES.replace('0.436 0.564', '0.436 0.56399'))
    expect(rounded.reading).toEqual({ kind: 'bayes', child: 'last' })
  })
})

describe('networkFromText on UAI files', () => {
  it('a MARKOV file loads as a Markov network, a BAYES file as a Bayesian network; unusual readings are noted', () => {
    const markov = networkFromText(MARKOV, 'm.uai')
    if (E.isLeft(markov)) throw new Error('load')
    expect(isBayesianNetwork(markov.right.network)).toBe(false)
    expect(markov.right.notes).toEqual([])
    const bayes = networkFromText(BAYES, 'b.uai')
    if (E.isLeft(bayes)) throw new Error('load')
    expect(isBayesianNetwork(bayes.right.network)).toBe(true)
    const product = networkFromText(BAYES.replace('0.128 0.872\n 0.920 0.080', '0 0\n 0.920 0.080'), 'p.uai')
    if (E.isLeft(product)) throw new Error('load')
    expect(isBayesianNetwork(product.right.network)).toBe(false)
    expect(product.right.notes).toHaveLength(1)
    expect(product.right.notes[0]).toMatch(/product of its tables/)
  })
  it('negative potentials are an invalid network, named', () => {
    const bad = networkFromText(MARKOV.replace('6 1 2 3', '6 1 -2 3'), 'bad.uai')
    expect(bad).toMatchObject({ left: { _tag: 'InvalidNetwork', errors: [{ _tag: 'InvalidPotential', factor: 1, entry: 1 }] } })
  })
})

describe('readUaiEvidence', () => {
  it('reads the 2014 form and the older one-sample form', () => {
    expect(readUaiEvidence('2 0 1 2 2')).toEqual(E.right(new Map([[0, 1], [2, 2]])))
    expect(readUaiEvidence('1\n2 0 1 2 2\n')).toEqual(E.right(new Map([[0, 1], [2, 2]])))
    expect(readUaiEvidence('0')).toEqual(E.right(new Map()))
  })
  it('checks pairs, repeats and, given the model, indices and states', () => {
    const model = readUai(BAYES)
    if (E.isLeft(model)) throw new Error('model')
    expect(left(readUaiEvidence('2 0 1'))).toMatchObject({ _tag: 'UnexpectedInput', found: 'end of input' })
    expect(left(readUaiEvidence('1 0 1 4'))).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 7 })
    expect(left(readUaiEvidence('2 0 1 0 0'))).toMatchObject({ _tag: 'UnexpectedInput', column: 7 })
    expect(left(readUaiEvidence('1 5 0', { model: model.right, file: 'e.evid' }))).toMatchObject({ _tag: 'UnknownVariable', file: 'e.evid', column: 3 })
    expect(left(readUaiEvidence('1 2 3', { model: model.right }))).toMatchObject({ _tag: 'UnknownState', column: 5 })
    expect(left(readUaiEvidence('1 0.5 1'))).toMatchObject({ _tag: 'UnexpectedInput', column: 3 })
  })
})
