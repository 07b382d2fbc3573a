import { describe, expect, it } from 'vitest'
import { type FactorError, describeError, formatBytes } from './errors.js'

// One sample per tag; the Record type makes this list fail to compile when a tag is added.
const samples: { readonly [T in FactorError['_tag']]: Extract<FactorError, { _tag: T }> } = {
  InvalidVarId: { _tag: 'InvalidVarId', value: -3 },
  EmptyName: { _tag: 'EmptyName', index: 2 },
  DuplicateName: { _tag: 'DuplicateName', name: 'Rain' },
  NoStates: { _tag: 'NoStates', variable: 'Rain' },
  DuplicateState: { _tag: 'DuplicateState', variable: 'Rain', state: 'yes' },
  InvalidCardinality: { _tag: 'InvalidCardinality', variable: '#4', card: 0 },
  DuplicateVariable: { _tag: 'DuplicateVariable', variable: 'Rain', where: 'targets' },
  ShapeMismatch: { _tag: 'ShapeMismatch', what: 'table of Wet', expected: 8, got: 7 },
  InvalidEntry: { _tag: 'InvalidEntry', index: 3, value: -0.5, where: 'fromFlat' },
  InvalidRowEntry: { _tag: 'InvalidRowEntry', child: 'Wet', given: 'Rain=yes', state: 'dry', value: NaN },
  RowNotNormalized: { _tag: 'RowNotNormalized', child: 'Wet', given: 'Rain=yes', sum: 0.9, tolerance: 1e-9 },
  RowLength: { _tag: 'RowLength', child: 'Wet', given: 'Rain=yes', expected: 2, got: 3 },
  DuplicateRow: { _tag: 'DuplicateRow', child: 'Wet', given: 'Rain=yes' },
  MissingRow: { _tag: 'MissingRow', child: 'Wet', given: 'Rain=no' },
  UnknownVariable: { _tag: 'UnknownVariable', variable: '"Snow"', where: 'domain' },
  UnknownState: { _tag: 'UnknownState', variable: 'Rain', state: '"maybe"', states: ['yes', 'no'] },
  CardinalityMismatch: { _tag: 'CardinalityMismatch', variable: 'Rain', cards: [2, 3] },
  ImpossibleEvidence: { _tag: 'ImpossibleEvidence', evidence: ['Rain=yes', 'Wet=dry'] },
  NotNormalizable: { _tag: 'NotNormalizable', total: 0 },
  InvalidOrder: { _tag: 'InvalidOrder', variable: 'Rain', reason: 'it is a target' },
  MemoryBudgetExceeded: { _tag: 'MemoryBudgetExceeded', entries: 2 ** 30, bytes: 2 ** 33, budgetBytes: 2 ** 29, variable: 'Hub' },
  NotACpt: { _tag: 'NotACpt', factor: 2, reason: 'its child Rain is not its last scope variable Wet' },
  DuplicateCpt: { _tag: 'DuplicateCpt', variable: 'Rain' },
  InvalidOption: { _tag: 'InvalidOption', option: 'memoryBudgetBytes', value: '0', reason: 'expected a positive number of bytes' },
}

describe('describeError', () => {
  it('renders every tag as one line carrying its facts', () => {
    for (const e of Object.values(samples)) {
      const line = describeError(e)
      expect(line).not.toContain('\n')
      for (const [key, value] of Object.entries(e))
        if (key !== '_tag' && (typeof value === 'string' || typeof value === 'number') && !(key === 'bytes' || key === 'budgetBytes'))
          expect(line, `${e._tag}.${key}`).toContain(String(value))
    }
  })
  it('says how big a refused table would have been', () => {
    expect(describeError(samples.MemoryBudgetExceeded)).toBe(
      'eliminating Hub needs a table of 1073741824 entries (8.00 GiB), over the memory budget of 512 MiB',
    )
    expect(describeError(samples.RowNotNormalized)).toBe('row P(Wet | Rain=yes) sums to 0.9, not 1 (tolerance 1e-9)')
    expect(formatBytes(100)).toBe('100 B')
    expect(formatBytes(1023)).toBe('1023 B')
    // three significant digits, never exponent notation
    expect(formatBytes(1024)).toBe('1.00 KiB')
    expect(formatBytes(1048)).toBe('1.02 KiB')
    expect(formatBytes(12.5 * 1024 ** 2)).toBe('12.5 MiB')
    expect(formatBytes(1000 * 1024)).toBe('1000 KiB')
    expect(formatBytes(2 ** 70)).toBe('1024 EiB')
  })
})
