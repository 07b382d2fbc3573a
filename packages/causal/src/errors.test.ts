import { describeError as describeDataError } from '@chainrule/data'
import { describeError as describeInferError } from '@chainrule/infer'
import { describeError as describeNetworkError } from '@chainrule/models'
import { describe, expect, it } from 'vitest'
import { describeError, type CausalError } from './errors.js'

describe('describeError', () => {
  it('renders every error as one line naming what went wrong', () => {
    const cases: [CausalError, string][] = [
      [{ _tag: 'UnknownVariable', variable: 'q' }, 'unknown variable "q"'],
      [{ _tag: 'UnknownState', variable: 'x', state: 'z', states: ['a', 'b'] }, 'unknown state "z" of variable "x" (states: a, b)'],
      [{ _tag: 'HiddenVariable', variable: 'u', role: 'outcome' }, 'the outcome "u" is a hidden variable'],
      [{ _tag: 'OverlappingRoles', variable: 'x', roles: ['treatment', 'outcome'] }, '"x" is both treatment and outcome'],
      [{ _tag: 'EmptySet', role: 'treatment' }, 'no treatment given'],
      [{ _tag: 'InvalidOption', option: 'limit', reason: 'expected a positive integer, got 0' }, 'invalid limit: expected a positive integer, got 0'],
      [{ _tag: 'NotStructural', variable: 'x', reason: 'r' }, '"x" does not fit a structural causal model: r'],
      [{ _tag: 'NotBinary', variable: 'x', states: 3 }, 'the bounds on the probabilities of causation need a binary treatment; "x" has 3 states'],
      [{ _tag: 'InvalidProbabilities', reason: 'r' }, 'invalid probabilities: r'],
      [{ _tag: 'DataMismatch', variable: 'x', reason: 'no column of that name' }, 'the data do not fit "x": no column of that name'],
      // Errors of the packages below are theirs, rendered by them.
      [{ _tag: 'Network', errors: [{ _tag: 'MissingTable', variable: 'x' }, { _tag: 'EmptyNetwork' }] }, `${describeNetworkError({ _tag: 'MissingTable', variable: 'x' })}; ${describeNetworkError({ _tag: 'EmptyNetwork' })}`],
      [{ _tag: 'Infer', error: { _tag: 'TreeNotBuilt' } }, describeInferError({ _tag: 'TreeNotBuilt' })],
      [{ _tag: 'Data', error: { _tag: 'InvalidOption', option: 'size', value: '0', reason: 'r' } }, describeDataError({ _tag: 'InvalidOption', option: 'size', value: '0', reason: 'r' })],
    ]
    for (const [error, line] of cases) {
      expect(describeError(error)).toBe(line)
      expect(describeError(error)).not.toContain('\n')
    }
  })
})
