import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { flatTable } from './test-support.js'
import { describeError, type IoError } from './errors.js'
import { readJson } from './json-read.js'
import { writeJson } from './json-write.js'

const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

const TEXT = `{
  "format": "chainrule-network",
  "version": 1,
  "comment": {"any": [1, "thing", null, true, false, {}]},
  "name": "two \\"quoted\\" \\u00e9",
  "variables": [
    {"name": "a", "states": ["<5", ">=7.5"], "parents": [], "table": [0.25, 0.75]},
    {"table": [1, 0, 0.5e0, 5E-1], "parents": ["a"], "states": ["y", "n"], "name": "b.c-d"}
  ]
}`

describe('readJson', () => {
  it('reads the documented form, keys in any order, unknown keys skipped', () => {
    const r = readJson(TEXT)
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    expect(r.right.name).toBe('two "quoted" é')
    expect(r.right.variables.map((v) => [v.name, v.states, v.parents, Array.from(flatTable(v.table))])).toEqual([
      ['a', ['<5', '>=7.5'], [], [0.25, 0.75]],
      ['b.c-d', ['y', 'n'], ['a'], [1, 0, 0.5, 0.5]],
    ])
  })

  it('writes what it reads', () => {
    const r = readJson(TEXT)
    if (E.isLeft(r)) throw new Error('read')
    const again = readJson(writeJson(r.right))
    expect(again).toEqual(r)
  })

  it('reports syntax and schema errors with line and column', () => {
    const e = left(readJson(TEXT.replace('"version": 1,', '"version": 1'), { file: 'n.json' }))
    expect(describeError(e)).toBe(`n.json:4:3: expected ',' or '}' in the network, found '"'`)
    expect(left(readJson(TEXT.replace('"version": 1', '"version": 3')))).toMatchObject({ _tag: 'Unsupported', line: 3, column: 14 })
    expect(left(readJson(TEXT.replace('chainrule-network', 'other')))).toMatchObject({ _tag: 'UnexpectedInput', line: 2, column: 13 })
    expect(left(readJson(TEXT.replace('"parents": [], ', '')))).toMatchObject({ _tag: 'UnexpectedInput', line: 7, column: 5 })
    expect(left(readJson(TEXT.replace('[0.25, 0.75]', '[0.25, "x"]')))).toMatchObject({ _tag: 'UnexpectedInput', line: 7, column: 77 })
    expect(left(readJson(TEXT.replace('"comment"', '"name"')))).toMatchObject({ _tag: 'UnexpectedInput', line: 4, column: 11 })
    expect(left(readJson(TEXT.replace('"comment": {"any": [1, "thing", null, true, false, {}]}', '"name": "x"')))).toMatchObject({
      _tag: 'UnexpectedInput',
      line: 5,
      column: 3,
    })
    expect(left(readJson('{"format": "chainrule-network", "version": 1}'))).toMatchObject({ _tag: 'UnexpectedInput', column: 1 })
    expect(left(readJson(`${TEXT} []`))).toMatchObject({ _tag: 'UnexpectedInput', line: 10, column: 3 })
    expect(left(readJson('{"format": "chainrule-network\\q"}'))).toMatchObject({ _tag: 'UnexpectedInput', column: 30 })
  })

  it('skips deeply nested unknown values without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const r = readJson(`{"format": "chainrule-network", "version": 1, "x": ${deep}, "variables": []}`)
    expect(r).toEqual(E.right({ variables: [] }))
  })
})

describe('compact tables and preserved parts in JSON (version 2)', () => {
  const COMPACT = `{
  "format": "chainrule-network",
  "version": 2,
  "variables": [
    {"name": "a", "states": ["no", "yes"], "parents": [], "table": [0.5, 0.5]},
    {"name": "b", "states": ["no", "yes"], "parents": ["a"], "table": {"kind": "noisyMax", "order": [0, 1], "leak": [0.9, 0.1], "parents": [{"distinguished": 0, "probabilities": [0.2, 0.8]}]}},
    {"name": "c", "states": ["x", "y"], "parents": ["a", "b"], "table": {"kind": "deterministic", "states": [0, 1, 1, 1]}}
  ],
  "preserved": {"format": "xdsl", "parts": [
    {"key": "after-nodes", "text": "<extensions />"},
    {"variable": "a", "key": "attributes", "text": " diagtype=\\"target\\""}
  ]}
}
`

  it('reads compact tables as the CompactTable values of @chainrule/models, and what was preserved', () => {
    const r = readJson(COMPACT)
    if (E.isLeft(r)) throw new Error(describeError(r.left))
    expect(r.right.variables[1]!.table).toEqual({ kind: 'noisyMax', order: [0, 1], leak: [0.9, 0.1], parents: [{ distinguished: 0, probabilities: [0.2, 0.8] }] })
    expect(r.right.variables[2]!.table).toEqual({ kind: 'deterministic', states: [0, 1, 1, 1] })
    expect(r.right.preserved).toEqual({
      format: 'xdsl',
      parts: [
        { key: 'after-nodes', text: '<extensions />' },
        { variable: 'a', key: 'attributes', text: ' diagtype="target"' },
      ],
    })
    expect(writeJson(r.right)).toBe(COMPACT)
  })

  it('writes version 1 when there is nothing version 2 adds', () => {
    const plain = readJson(TEXT)
    if (E.isLeft(plain)) throw new Error('read')
    expect(writeJson(plain.right)).toContain('"version": 1,')
  })

  it('checks a compact table against its header, with the location of the table', () => {
    expect(left(readJson(COMPACT.replace('"leak": [0.9, 0.1]', '"leak": [1]')))).toMatchObject({ _tag: 'TableSizeMismatch', line: 6, column: 71, expected: 2, got: 1 })
    expect(left(readJson(COMPACT.replace('"states": [0, 1, 1, 1]', '"states": [0, 1, 1, 2]')))).toMatchObject({
      _tag: 'UnexpectedInput',
      line: 7,
      expected: 'a state index of c below 2',
    })
    expect(left(readJson(COMPACT.replace('"distinguished": 0', '"distinguished": 5')))).toMatchObject({ _tag: 'UnexpectedInput', line: 6 })
    expect(left(readJson(COMPACT.replace('"order": [0, 1]', '"order": [1, 1]')))).toMatchObject({ _tag: 'UnexpectedInput', line: 6 })
    expect(left(readJson(COMPACT.replace('"kind": "noisyMax"', '"kind": "noisyOr"')))).toMatchObject({ _tag: 'UnexpectedInput', line: 6, column: 80 })
    expect(left(readJson(COMPACT.replace('"leak": [0.9, 0.1], ', '')))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'keys "leak" and "parents" in a noisyMax table' })
    expect(left(readJson(COMPACT.replace('{"kind": "deterministic", "states": [0, 1, 1, 1]}', '{"kind": "deterministic"}')))).toMatchObject({
      expected: 'key "states" in a deterministic table',
    })
    expect(left(readJson(COMPACT.replace('"key": "after-nodes", ', '')))).toMatchObject({ expected: 'keys "key" and "text" in a preserved part' })
    expect(left(readJson(COMPACT.replace('"format": "xdsl", ', '')))).toMatchObject({ expected: 'key "format" in the preserved parts' })
  })
})
