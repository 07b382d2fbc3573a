import { describe, expect, it } from 'vitest'
import { describeError, type PlaygroundError } from './errors.js'

describe('describeError', () => {
  it('renders every error as one line naming what went wrong', () => {
    const cases: [PlaygroundError, RegExp][] = [
      [{ _tag: 'UnknownFormat', file: 'a.txt' }, /^a\.txt: unknown network format/],
      [
        { _tag: 'Unreadable', error: { _tag: 'UnexpectedInput', file: 'b.bif', line: 3, column: 7, expected: "';'", found: "'x'" } },
        /^b\.bif:3:7: /,
      ],
      [{ _tag: 'InvalidNetwork', file: 'c.bif', errors: [{ _tag: 'MissingTable', variable: 'a' }, { _tag: 'MissingTable', variable: 'b' }] }, /^c\.bif: .*"?a"?.*\(and 1 more problem\)$/],
      [{ _tag: 'InvalidNetwork', file: 'c.bif', errors: [] }, /^c\.bif: invalid network$/],
      [{ _tag: 'TooManyVariables', file: 'd.bif', count: 300, limit: 250 }, /^d\.bif: 300 variables .*at most 250/],
      [{ _tag: 'NotGzip', file: 'e.bif.gz', reason: 'incorrect header check' }, /^e\.bif\.gz: could not decompress: incorrect header check$/],
      [{ _tag: 'FetchFailed', file: 'f.bif.gz', reason: 'HTTP 404 Not Found' }, /^f\.bif\.gz: could not fetch: HTTP 404 Not Found$/],
      [{ _tag: 'Inference', error: { _tag: 'ImpossibleEvidence', evidence: ['either=no', 'tub=yes'] } }, /probability zero: either=no, tub=yes/],
      [{ _tag: 'Structure', error: { _tag: 'UnknownNode', node: 'cough' } }, /cough/],
      [{ _tag: 'NoNetwork' }, /^no network is open$/],
      [{ _tag: 'InvalidWeight', variable: 'xray', state: 'yes', text: 'abc', reason: 'is not a finite number' }, /^likelihood of xray=yes: "abc" is not a finite number$/],
      [{ _tag: 'AllWeightsZero', variable: 'xray' }, /^likelihood of xray: at least one weight must be positive$/],
      [{ _tag: 'ModelFileInvalid', reason: 'bad magic' }, /^digits model file: bad magic$/],
      [{ _tag: 'NoModel' }, /^the digits model is not loaded yet$/],
      [{ _tag: 'Data', file: 'rows.csv', error: { _tag: 'CsvRaggedRow', line: 4, expected: 3, got: 2 } }, /^rows\.csv: line 4: 2 cells, expected 3/],
      [{ _tag: 'Learning', error: { _tag: 'RequiredAndForbidden', from: 'a', to: 'b' } }, /^the arc a -> b is both required and forbidden$/],
      [{ _tag: 'NothingToLearn', needs: 'data' }, /^load data \(drop a CSV or sample from a network\) first$/],
      [{ _tag: 'NothingToLearn', needs: 'a learned graph' }, /^load data and learn a graph first$/],
    ]
    for (const [error, pattern] of cases) {
      const line = describeError(error)
      expect(line).toMatch(pattern)
      expect(line).not.toContain('\n')
    }
  })
})
