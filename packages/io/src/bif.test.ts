import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { flatTable } from './test-support.js'
import { readBif } from './bif-read.js'
import { bifName, writeBif } from './bif-write.js'
import { describeError, type IoError } from './errors.js'

const right = <A>(r: E.Either<IoError, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected a value, got ${describeError(r.left)}`)
  return r.right
}
const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error, got a value')
  return r.left
}

// Written by hand: every dialect feature the repository files use, plus the
// JavaBayes ones (quoted names, no commas, no '|', `table` with parents, default).
const SAMPLE = `// a comment
/* a block
   comment */
network "test net" {
  property author = someone ;
}
variable age {
  type discrete [ 3 ] { <5, 5-12, >=7.5 };
  property position = (1, 2) ;
}
variable "risk level" {
  type discrete [ 2 ] { LOW_NORMAL, "very high" };
}
variable x.y {
  type discrete[2] { "a" "b" };
}
probability ( age ) {
  table 0.2, 0.3, 0.5;
}
probability ( "risk level" | age ) {
  (>=7.5) 0.9, 0.1;
  (<5) 0.6, 0.4;
  (5-12) 0.7, 0.3;
}
probability ( x.y "risk level" age ) { // JavaBayes header: child first, no bar
  table 0.1 0.2 0.3 0.4 0.5 0.6   0.9 0.8 0.7 0.6 0.5 0.4;
}
`

describe('readBif on a hand-written file', () => {
  const spec = right(readBif(SAMPLE, { file: 'sample.bif' }))

  it('reads names, states and parents as written, in declaration order', () => {
    expect(spec.name).toBe('test net')
    expect(spec.variables.map((v) => v.name)).toEqual(['age', 'risk level', 'x.y'])
    expect(spec.variables.map((v) => v.states)).toEqual([['<5', '5-12', '>=7.5'], ['LOW_NORMAL', 'very high'], ['a', 'b']])
    expect(spec.variables.map((v) => v.parents)).toEqual([[], ['age'], ['risk level', 'age']])
  })

  it('places keyed rows by their parent states, whatever their order in the file', () => {
    expect(Array.from(flatTable(spec.variables[1]!.table))).toEqual([0.6, 0.4, 0.7, 0.3, 0.9, 0.1])
  })

  it('reads a `table` with parents child-slowest and converts it to rows (last parent fastest)', () => {
    // File: P(a | r, g) for rows r*3+g = 0..5 is 0.1..0.6, P(b | ...) is 0.9..0.4.
    expect(Array.from(flatTable(spec.variables[2]!.table))).toEqual([0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5, 0.6, 0.4])
  })

  it('fills rows without an entry from `default`, and keyed rows override it', () => {
    const text = `variable a { type discrete [ 3 ] { p, q, r }; }
      variable b { type discrete [ 2 ] { y, n }; }
      probability ( a ) { table 0.2, 0.3, 0.5; }
      probability ( b | a ) { default 0.5, 0.5; (q) 0.1, 0.9; }`
    expect(Array.from(flatTable(right(readBif(text)).variables[1]!.table))).toEqual([0.5, 0.5, 0.1, 0.9, 0.5, 0.5])
  })

  it('has no network name when there is no network block', () => {
    const spec2 = right(readBif('variable a { type discrete [ 1 ] { s }; } probability ( a ) { table 1; }'))
    expect(spec2.name).toBeUndefined()
  })

  it('reads numbers in every decimal form exactly as Number() does', () => {
    const text = 'variable a { type discrete [ 6 ] { s1, s2, s3, s4, s5, s6 }; } probability ( a ) { table 1, .5, 2.5e-3, 1E+2, -0, 0.1234567890123456789; }'
    expect(Array.from(flatTable(right(readBif(text)).variables[0]!.table))).toEqual([1, 0.5, 0.0025, 100, -0, 0.1234567890123456789])
  })
})

describe('writeBif', () => {
  it('quotes exactly the names that are not one BIF word', () => {
    expect(['<5', '>=7.5', 'LOW_NORMAL', 'a.b-c', 'Asy/Patch', 'é', 'back\\slash'].map(bifName)).toEqual([
      '<5',
      '>=7.5',
      'LOW_NORMAL',
      'a.b-c',
      'Asy/Patch',
      'é',
      'back\\slash',
    ])
    expect(['a b', 'x,y', 'q"r', '"\\', '', '//c', '/*c', 'p|q', '{'].map(bifName)).toEqual([
      '"a b"',
      '"x,y"',
      '"q\\"r"',
      '"\\"\\\\"',
      '""',
      '"//c"',
      '"/*c"',
      '"p|q"',
      '"{"',
    ])
  })

  it('writes the repository layout: keyed rows in odometer order', () => {
    const text = writeBif({
      name: 'n',
      variables: [
        { name: 'a', states: ['0', '1'], parents: [], table: [0.25, 0.75] },
        { name: 'b', states: ['u', 'v'], parents: [], table: [0.5, 0.5] },
        { name: 'c', states: ['t', 'f'], parents: ['a', 'b'], table: [1, 0, 0.5, 0.5, 0.125, 0.875, 0, 1] },
      ],
    })
    expect(text).toContain('probability ( a ) {\n  table 0.25, 0.75;\n}')
    expect(text).toContain('probability ( c | a, b ) {\n  (0, u) 1, 0;\n  (0, v) 0.5, 0.5;\n  (1, u) 0.125, 0.875;\n  (1, v) 0, 1;\n}')
    expect(text).toContain('variable c {\n  type discrete [ 2 ] { t, f };\n}')
  })
})

/** Reads `text`, expects an error with this tag and location, returns it. */
const failsWith = (text: string, tag: IoError['_tag'], line: number, column: number): IoError => {
  const e = left(readBif(text, { file: 'bad.bif' }))
  expect(e._tag).toBe(tag)
  expect(e).toMatchObject({ file: 'bad.bif', line, column })
  return e
}

const A = 'variable a { type discrete [ 2 ] { y, n }; }\n'
const B = 'variable b { type discrete [ 2 ] { y, n }; }\n'
const PA = 'probability ( a ) { table 0.5, 0.5; }\n'

describe('readBif errors: each names the place and what was expected', () => {
  it('UnexpectedInput: an unknown block keyword', () => {
    const e = failsWith('varible a {}', 'UnexpectedInput', 1, 1)
    expect(describeError(e)).toBe("bad.bif:1:1: expected 'network', 'variable' or 'probability', found 'varible'")
  })
  it('UnexpectedInput: truncated file', () => {
    const e = failsWith(`${A}probability ( a ) { table 0.5,`, 'UnexpectedInput', 2, 31)
    expect(describeError(e)).toContain("expected a number or ';', found end of input")
  })
  it('UnexpectedInput: a row with the wrong number of parent states', () => {
    failsWith(`${A}${B}${PA}probability ( b | a ) {\n (y, n) 0.5, 0.5; }`, 'UnexpectedInput', 5, 2)
  })
  it('UnexpectedInput: unterminated block comment and string', () => {
    failsWith(`${A}/* never closed`, 'UnexpectedInput', 2, 16)
    failsWith('variable "a { }', 'UnexpectedInput', 1, 16)
  })
  it('NonFiniteNumber', () => {
    const e = failsWith(`${A}probability ( a ) { table 1e999, 0; }`, 'NonFiniteNumber', 2, 27)
    expect(describeError(e)).toBe('bad.bif:2:27: number 1e999 is not finite')
  })
  it('DuplicateVariable', () => {
    failsWith(`${A}${A}${PA}`, 'DuplicateVariable', 2, 10)
  })
  it('DuplicateState', () => {
    failsWith('variable a { type discrete [ 2 ] { y, y }; }', 'DuplicateState', 1, 10)
  })
  it('StateCountMismatch: declared count differs from the list, or no state', () => {
    const e = failsWith('variable a { type discrete [ 3 ] { y, n }; }', 'StateCountMismatch', 1, 10)
    expect(describeError(e)).toBe('bad.bif:1:10: variable a declares 3 states but lists 2')
    failsWith('variable a { type discrete [ 0 ] { }; }', 'StateCountMismatch', 1, 10)
  })
  it('UnknownVariable: a table for an undeclared child or parent', () => {
    failsWith(`${A}${PA}probability ( c ) { table 1; }`, 'UnknownVariable', 3, 15)
    failsWith(`${A}probability ( a | zz ) { table 1; }`, 'UnknownVariable', 2, 19)
  })
  it('UnknownState: a row keyed by a state the parent lacks', () => {
    failsWith(`${A}${B}${PA}probability ( b | a ) {\n  (maybe) 0.5, 0.5; }`, 'UnknownState', 5, 4)
  })
  it('DuplicateParent: twice, or itself', () => {
    failsWith(`${A}${B}${PA}probability ( b | a, a ) { table 1,1,1,1,1,1,1,1; }`, 'DuplicateParent', 4, 22)
    const e = failsWith(`${A}probability ( a | a ) { table 1,1,1,1; }`, 'DuplicateParent', 2, 19)
    expect(describeError(e)).toContain('is listed as its own parent')
  })
  it('DuplicateTable', () => {
    failsWith(`${A}${PA}${PA}`, 'DuplicateTable', 3, 15)
  })
  it('MissingTable: located at the declaration', () => {
    failsWith(`${A}${B}${PA}`, 'MissingTable', 2, 10)
  })
  it('TableSizeMismatch: whole table and single row', () => {
    failsWith(`${A}probability ( a ) { table 0.5, 0.25, 0.25; }`, 'TableSizeMismatch', 2, 21)
    failsWith(`${A}${B}${PA}probability ( b | a ) { (y) 0.5; (n) 0.5, 0.5; }`, 'TableSizeMismatch', 4, 25)
  })
  it('DuplicateRow and MissingRow', () => {
    failsWith(`${A}${B}${PA}probability ( b | a ) { (y) 0.5, 0.5;\n (y) 0.5, 0.5; }`, 'DuplicateRow', 5, 2)
    const e = failsWith(`${A}${B}${PA}probability ( b | a ) { (y) 0.5, 0.5; }`, 'MissingRow', 4, 15)
    expect(describeError(e)).toBe('bad.bif:4:15: table of b has no row for (n)')
  })
  it('TableTooLarge: refused before allocating', () => {
    const e = left(readBif(`${A}${B}${PA}probability ( b | a ) { default 0.5, 0.5; }`, { maxTableEntries: 3 }))
    expect(e).toMatchObject({ _tag: 'TableTooLarge', entries: 4, limit: 3, line: 4, column: 15 })
  })
  it('Unsupported: a continuous variable', () => {
    failsWith('variable a { type continuous; }', 'Unsupported', 1, 19)
  })
})
