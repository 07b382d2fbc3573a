import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { charClasses, locate, Scanner } from './scanner.js'

const CLASSES = charClasses('{}(),;')
const scan = (text: string): Scanner => new Scanner(text, 'f', CLASSES, { slashes: true, percent: true })

describe('Scanner.readNumber', () => {
  it('reads every double written by String() back to the same bits', () =>
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = Object.is(x, -0) ? '-0' : String(x)
        expect(Object.is(scan(text).readNumber('n'), x)).toBe(true)
      }),
      { numRuns: 2000 },
    ))

  it('agrees with Number() on random decimal literals, fast path or not', () =>
    fc.assert(
      fc.property(
        fc.stringMatching(/^-?[0-9]{1,20}(\.[0-9]{0,20})?([eE][+-]?[0-9]{1,3})?$/),
        (text) => {
          const s = scan(text)
          const value = s.readNumber('n')
          if (Number.isFinite(Number(text))) expect(Object.is(value, Number(text))).toBe(true)
          else expect(s.failure?._tag).toBe('NonFiniteNumber')
        },
      ),
      { numRuns: 2000 },
    ))

  it('refuses a number glued to a word, a lone sign or exponent, and names the place', () => {
    for (const text of ['0.5abc', '-', '1e', '.', 'e5', '1.2.3']) {
      const s = scan(`  ${text}`)
      expect(Number.isNaN(s.readNumber('a number'))).toBe(true)
      expect(s.failure).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 3, expected: 'a number' })
    }
  })

  it('stops at punctuation and skips comments between numbers', () => {
    const s = scan('1,/* c */ 2 // x\n % y\n 3;')
    const got = [s.readNumber('n'), (s.tryChar(0x2c), s.readNumber('n')), s.readNumber('n')]
    expect(got).toEqual([1, 2, 3])
    expect(s.tryChar(0x3b)).toBe(true)
    expect(s.atEnd()).toBe(true)
  })
})

describe('Scanner names and positions', () => {
  it('reads bare words up to punctuation and quoted strings with escapes', () => {
    const s = scan(' >=7.5, "a \\"b\\" \\\\ c"')
    expect(s.readName('n')).toBe('>=7.5')
    expect(s.tryChar(0x2c)).toBe(true)
    expect(s.readName('n')).toBe('a "b" \\ c')
  })
  it('locates offsets as 1-based line and column', () => {
    expect(locate('ab\ncd\n', 'f', 4)).toEqual({ file: 'f', line: 2, column: 2 })
    expect(locate('ab', 'f', 99)).toEqual({ file: 'f', line: 1, column: 3 })
  })
})
