import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { flatTable } from './test-support.js'
import type { IoError } from './errors.js'
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

describe('readUaiNetwork', () => {
  it('names variables x{i} with states 0.., each factor the table of its last variable', () => {
    const r = readUaiNetwork(BAYES)
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    expect(r.right.variables.map((v) => [v.name, v.states, v.parents, Array.from(flatTable(v.table))])).toEqual([
      ['x0', ['0', '1'], [], [0.436, 0.564]],
      ['x1', ['0', '1'], ['x0'], [0.128, 0.872, 0.92, 0.08]],
      ['x2', ['0', '1', '2'], ['x1'], [0.21, 0.333, 0.457, 0.811, 0, 0.189]],
    ])
  })
  it('refuses MARKOV models and BAYES models without one table per variable', () => {
    expect(left(readUaiNetwork(MARKOV))).toMatchObject({ _tag: 'Unsupported', line: 1, column: 1 })
    expect(left(readUaiNetwork(BAYES.replace('2 1 2\n', '2 2 1\n').replace('0.210 0.333 0.457\n 0.811 0.000 0.189', '1 0 0 1 0.5 0.5')))).toMatchObject({
      _tag: 'DuplicateTable',
      line: 7,
    })
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
