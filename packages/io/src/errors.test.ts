import { describe, expect, it } from 'vitest'
import { describeError, type IoError } from './errors.js'

const at = { file: 'n.bif', line: 3, column: 7 }
// One of each tag, with the message a user should see.
const cases: readonly (readonly [IoError, string])[] = [
  [{ _tag: 'UnexpectedInput', ...at, expected: "';'", found: "'}'" }, "n.bif:3:7: expected ';', found '}'"],
  [{ _tag: 'NonFiniteNumber', ...at, text: '1e400' }, 'n.bif:3:7: number 1e400 is not finite'],
  [{ _tag: 'DuplicateVariable', ...at, name: 'A' }, 'n.bif:3:7: variable A is declared twice'],
  [{ _tag: 'DuplicateState', ...at, variable: 'A', state: 's' }, 'n.bif:3:7: variable A lists state s twice'],
  [{ _tag: 'StateCountMismatch', ...at, variable: 'A', declared: 3, listed: 2 }, 'n.bif:3:7: variable A declares 3 states but lists 2'],
  [{ _tag: 'StateCountMismatch', ...at, variable: 'A', declared: 0, listed: 0 }, 'n.bif:3:7: variable A has no state'],
  [{ _tag: 'UnknownVariable', ...at, name: 'Z' }, 'n.bif:3:7: variable Z is not declared'],
  [{ _tag: 'UnknownState', ...at, variable: 'A', state: 'q' }, 'n.bif:3:7: variable A has no state q'],
  [{ _tag: 'DuplicateParent', ...at, variable: 'A', parent: 'B' }, 'n.bif:3:7: parent B of A is listed twice'],
  [{ _tag: 'DuplicateTable', ...at, variable: 'A' }, 'n.bif:3:7: second table for variable A'],
  [{ _tag: 'MissingTable', ...at, variable: 'A' }, 'n.bif:3:7: variable A has no table'],
  [{ _tag: 'TableSizeMismatch', ...at, variable: 'A', expected: 4, got: 3 }, 'n.bif:3:7: table of A needs 4 entries here, got 3'],
  [{ _tag: 'DuplicateRow', ...at, variable: 'A', row: 'x, y' }, 'n.bif:3:7: table of A has two rows for (x, y)'],
  [{ _tag: 'MissingRow', ...at, variable: 'A', row: 'x, y' }, 'n.bif:3:7: table of A has no row for (x, y)'],
  [{ _tag: 'TableTooLarge', ...at, variable: 'A', entries: 10, limit: 5 }, 'n.bif:3:7: table of A would have 10 entries, more than the limit 5'],
  [{ _tag: 'Unsupported', ...at, feature: 'continuous nodes' }, 'n.bif:3:7: unsupported: continuous nodes'],
  [{ _tag: 'FileUnreadable', file: 'n.bif', reason: 'ENOENT' }, 'n.bif: cannot read: ENOENT'],
  [{ _tag: 'UnknownFormat', file: 'n.txt', supported: ['.bif', '.json'] }, 'n.txt: unknown network format (supported extensions: .bif, .json)'],
  [{ _tag: 'Unwritable', file: 'n.xdsl', format: 'xdsl', reason: "name 'a b' has whitespace" }, "n.xdsl: cannot write as xdsl: name 'a b' has whitespace"],
]

describe('describeError', () => {
  it('renders every tag as one line starting with the location', () => {
    const tags = new Set(cases.map(([e]) => e._tag))
    expect(tags.size).toBe(18)
    for (const [error, message] of cases) expect(describeError(error)).toBe(message)
  })
})
