import { describe, expect, it } from 'vitest'
import { describeError, type LearnError } from './errors.js'
import { progressBar } from './progress-bar.js'
import { imageMatrix } from './image-data.js'

// One sample per tag; the Record type stops compiling when a tag is added.
const samples: { readonly [T in LearnError['_tag']]: Extract<LearnError, { _tag: T }> } = {
  NotBinary: { _tag: 'NotBinary', index: 3, value: 7 },
  ShapeMismatch: { _tag: 'ShapeMismatch', what: 'pixels per image', expected: 784, got: 100 },
  EmptyData: { _tag: 'EmptyData', what: 'training images' },
  InvalidOption: { _tag: 'InvalidOption', option: 'epochs', value: '0', reason: 'out of range' },
  InvalidWeight: { _tag: 'InvalidWeight', variable: '4', index: 2, value: NaN },
  ParentOutOfRange: { _tag: 'ParentOutOfRange', variable: 'x1_y0', parent: 900 },
  CpdMismatch: { _tag: 'CpdMismatch', variable: 'c', reason: 'table scope [1, 0] is not [0, 1]' },
  TooManyParents: { _tag: 'TooManyParents', variable: 'x27_y27', parents: 783, limit: 16 },
  NonBinaryVariable: { _tag: 'NonBinaryVariable', variable: 'a', states: 3 },
  WorkerFailed: { _tag: 'WorkerFailed', reason: 'not found' },
  MissingCells: { _tag: 'MissingCells', variable: 'wet', row: 12 },
  MissingCellsInSource: { _tag: 'MissingCellsInSource', source: 'duckdb:events.parquet', rows: 3 },
  EmptyParentRow: { _tag: 'EmptyParentRow', variable: 'wet', parents: { rain: 'yes' } },
  TableTooLarge: { _tag: 'TableTooLarge', variable: 'wet', entries: 2 ** 30, limit: 2 ** 24 },
  ImpossibleRow: { _tag: 'ImpossibleRow', row: 4, iteration: 2 },
  UndeclaredLatent: { _tag: 'UndeclaredLatent', variable: 'z' },
  Data: { _tag: 'Data', error: { _tag: 'CsvEmpty' } },
  Network: { _tag: 'Network', errors: [{ _tag: 'Cycle', cycle: ['a', 'b', 'a'] }] },
  Factor: { _tag: 'Factor', error: { _tag: 'NoStates', variable: 'a' } },
  Infer: { _tag: 'Infer', error: { _tag: 'UnknownVariable', variable: 'snow' } },
}

describe('describeError', () => {
  it('renders every tag as one line naming its facts', () => {
    for (const e of Object.values(samples)) {
      const line = describeError(e)
      expect(line).not.toContain('\n')
      expect(line.length).toBeGreaterThan(10)
    }
    expect(describeError(samples.TooManyParents)).toContain('2^783')
    expect(describeError(samples.NotBinary)).toBe('value 7 at index 3 is not 0 or 1')
  })
})

describe('imageMatrix', () => {
  it('wraps binary matrices and refuses others', () => {
    expect(imageMatrix(new Uint8Array([0, 1, 1, 0]), 2, 1)).toMatchObject({ right: { rows: 2 } })
    expect(imageMatrix(new Uint8Array([0, 2]), 2, 1)).toMatchObject({ left: { _tag: 'NotBinary', index: 1, value: 2 } })
    expect(imageMatrix(new Uint8Array(3), 2, 1)).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
    expect(imageMatrix(new Uint8Array(3), 0, 1)).toMatchObject({ left: { _tag: 'InvalidOption', option: 'width' } })
  })
})

describe('progressBar', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = []
    return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } }
  }
  it('draws on a terminal after the delay and clears the line when finished', () => {
    const s = sink(true)
    const bar = progressBar('scoring', { stream: s.stream, delayMs: 0 })
    bar.update(5, 10, 'epoch 1')
    expect(s.writes.join('')).toContain('scoring [############............]  50%')
    expect(s.writes.join('')).toContain('epoch 1')
    bar.finish()
    expect(s.writes[s.writes.length - 1]).toBe('\r\x1b[K')
  })
  it('is silent when not a terminal, when quiet, and before the delay', () => {
    for (const [tty, options] of [[false, { delayMs: 0 }], [true, { quiet: true, delayMs: 0 }], [true, { delayMs: 60_000 }]] as const) {
      const s = sink(tty)
      const bar = progressBar('x', { ...options, stream: s.stream })
      bar.update(1, 2)
      bar.finish()
      expect(s.writes).toEqual([])
    }
  })
})
