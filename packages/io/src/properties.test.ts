/**
 * Properties over random networks and random damage:
 * - round trips: random NetworkSpec -> writeBif / writeJson -> read -> the same spec, bit for bit;
 * - fuzzing: every reader, on mutated and truncated files of its format, returns
 *   either a typed error or a structurally valid spec, and never throws. The
 *   readers are called directly, with no try/catch: a throw fails the test.
 */
import type { NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { ReadOptions } from './assemble.js'
import { readBif } from './bif-read.js'
import { writeBif } from './bif-write.js'
import { describeError, type IoError } from './errors.js'
import { readJson } from './json-read.js'
import { writeJson } from './json-write.js'
import { readHuginNet } from './net-read.js'
import { isMarkovSpec, type ModelSpec } from './uai-model.js'
import { readUai, readUaiEvidence, readUaiNetwork } from './uai-read.js'
import { readXmlBif } from './xmlbif-read.js'

// Characters that stress names: BIF punctuation, quotes, escapes, comment
// starts, operators seen in real state names, spaces, non-ASCII.
const NAME_CHARS = ['a', 'B', 'z', '0', '7', '_', '.', '-', '<', '>', '=', '+', '/', '*', ' ', '"', '\\', ',', ';', '{', '}', '(', ')', '|', '[', '%', 'é', '\t', '\n', '&']
const arbName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 6 })

/** A random DAG-shaped spec: parents among earlier variables, any finite doubles as entries. */
const arbSpec: fc.Arbitrary<NetworkSpec> = fc
  .record({
    name: arbName,
    names: fc.uniqueArray(arbName, { minLength: 1, maxLength: 5 }),
    states: fc.array(fc.uniqueArray(arbName, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 5 }),
    parentPicks: fc.array(fc.uniqueArray(fc.nat(3), { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
    seedValues: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 16 }),
  })
  .map(({ name, names, states, parentPicks, seedValues }) => {
    let cursor = 0
    const variables = names.map((n, i) => {
      const parents = [...new Set(parentPicks[i]!.filter((p) => p < i))].map((p) => names[p]!)
      const size = parents.reduce((acc, p) => acc * states[names.indexOf(p)]!.length, states[i]!.length)
      const table = new Float64Array(size)
      for (let k = 0; k < size; k++) table[k] = seedValues[cursor++ % seedValues.length]!
      return { name: n, states: states[i]!, parents, table }
    })
    return { name, variables }
  })

/** Same names, states, parents; tables equal bit for bit (so -0 and 0 differ). */
const expectSameSpec = (got: NetworkSpec, want: NetworkSpec): void => {
  expect(got.name).toBe(want.name)
  expect(got.variables.map((v) => [v.name, v.states, v.parents])).toEqual(want.variables.map((v) => [v.name, v.states, v.parents]))
  got.variables.forEach((v, i) => {
    const w = want.variables[i]!.table
    expect(v.table.length).toBe(w.length)
    for (let k = 0; k < w.length; k++) expect(Object.is(v.table[k], w[k])).toBe(true)
  })
}

const valueOf = (r: E.Either<IoError, NetworkSpec>): NetworkSpec => {
  if (E.isLeft(r)) throw new Error(describeError(r.left))
  return r.right
}

describe('round trips on random networks', () => {
  it('writeBif then readBif gives the same spec', () =>
    fc.assert(fc.property(arbSpec, (spec) => expectSameSpec(valueOf(readBif(writeBif(spec))), spec)), { numRuns: 300 }))

  it('writeJson then readJson gives the same spec', () =>
    fc.assert(fc.property(arbSpec, (spec) => expectSameSpec(valueOf(readJson(writeJson(spec))), spec)), { numRuns: 300 }))

  it('BIF -> JSON -> BIF text is stable', () =>
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const bif = writeBif(spec)
        expect(writeBif(valueOf(readJson(writeJson(valueOf(readBif(bif))))))).toBe(bif)
      }),
      { numRuns: 100 },
    ))
})

/**
 * Independent structural check of a reader's output (what `assemble` promises),
 * for a Bayesian network's spec or a Markov network's (UAI files may be either).
 */
const expectValid = (spec: ModelSpec): void => {
  const cards = new Map<string, number>()
  for (const v of spec.variables) {
    expect(cards.has(v.name)).toBe(false)
    expect(v.states.length).toBeGreaterThan(0)
    expect(new Set(v.states).size).toBe(v.states.length)
    cards.set(v.name, v.states.length)
  }
  if (isMarkovSpec(spec)) {
    for (const f of spec.factors) {
      expect(new Set(f.scope).size).toBe(f.scope.length)
      let size = 1
      for (const u of f.scope) {
        expect(cards.has(u)).toBe(true)
        size *= cards.get(u)!
      }
      expect(f.values.length).toBe(size)
      for (let k = 0; k < f.values.length; k++) expect(Number.isFinite(f.values[k]!)).toBe(true)
    }
    return
  }
  for (const v of spec.variables) {
    expect(new Set([v.name, ...v.parents]).size).toBe(v.parents.length + 1)
    let size = v.states.length
    for (const p of v.parents) {
      expect(cards.has(p)).toBe(true)
      size *= cards.get(p)!
    }
    expect(v.table.length).toBe(size)
    for (let k = 0; k < v.table.length; k++) expect(Number.isFinite(v.table[k]!)).toBe(true)
  }
}

const TAGS: readonly IoError['_tag'][] = [
  'UnexpectedInput', 'NonFiniteNumber', 'DuplicateVariable', 'DuplicateState', 'StateCountMismatch', 'UnknownVariable',
  'UnknownState', 'DuplicateParent', 'DuplicateTable', 'MissingTable', 'TableSizeMismatch', 'DuplicateRow', 'MissingRow',
  'TableTooLarge', 'Unsupported', 'FileUnreadable', 'UnknownFormat',
]

/** A typed error that points into the text, or a valid spec. */
const expectTotal = (text: string, result: E.Either<IoError, ModelSpec>): void => {
  if (E.isRight(result)) return expectValid(result.right)
  const e = result.left
  expect(TAGS).toContain(e._tag)
  expect('line' in e && 'column' in e).toBe(true)
  if ('line' in e) {
    const lines = text.split('\n')
    expect(e.line).toBeGreaterThanOrEqual(1)
    expect(e.line).toBeLessThanOrEqual(lines.length)
    expect(e.column).toBeGreaterThanOrEqual(1)
    expect(e.column).toBeLessThanOrEqual(lines[e.line - 1]!.length + 1)
  }
  const line = describeError(e)
  expect(line).not.toContain('undefined')
  expect(line).toMatch(/^fuzz:\d+:\d+: /)
}

// Tokens that make mutations reach deeper than random characters would.
const TOKENS = [
  '{', '}', '(', ')', '[', ']', ',', ';', '|', '"', '//', '/*', '*/', '%', '=', '<', '>', '</', '/>', '&', '&amp;',
  '<!--', '-->', '<![CDATA[', 'variable', 'probability', 'network', 'table', 'default', 'property', 'type discrete',
  'node', 'potential', 'data', 'states', 'BAYES', 'MARKOV', '"format"', '"variables"', '<TABLE>', '</TABLE>', '<GIVEN>',
  '1e999', '-0.5', '0.5', '1', '0', '12345678901234567890', '.', 'e', 'x', 'yes', '\n', ' ', '\\', '\\u00', 'NaN',
]

type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly piece: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), to: fc.nat() }),
)

const mutate = (text: string, mutations: readonly Mutation[]): string =>
  mutations.reduce((t, m) => {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1)
    switch (m.kind) {
      case 'truncate':
        return t.slice(0, at)
      case 'delete':
        return t.slice(0, at) + t.slice(at + m.length)
      case 'insert':
        return t.slice(0, at) + m.piece + t.slice(at)
      case 'duplicate': {
        const to = t.length === 0 ? 0 : m.to % (t.length + 1)
        return t.slice(0, to) + t.slice(at, at + m.length) + t.slice(to)
      }
    }
  }, text)

const SMALL: NetworkSpec = {
  name: 'small',
  variables: [
    { name: 'a', states: ['<5', '>=7.5'], parents: [], table: [0.25, 0.75] },
    { name: 'b c', states: ['x', 'y', 'z'], parents: ['a'], table: [0.1, 0.2, 0.7, 0.3, 0.3, 0.4] },
    { name: 'd.e-f', states: ['t', 'f'], parents: ['a', 'b c'], table: [1, 0, 0.5, 0.5, 0.25, 0.75, 0, 1, 0.125, 0.875, 0.5, 0.5] },
  ],
}

const XMLBIF_SEED = `<?xml version="1.0"?>
<!-- seed --><BIF VERSION="0.3"><NETWORK><NAME>n</NAME>
<VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>t</OUTCOME><OUTCOME>f</OUTCOME></VARIABLE>
<VARIABLE TYPE="nature"><NAME>b</NAME><OUTCOME>&lt;5</OUTCOME><OUTCOME>x</OUTCOME><OUTCOME>y</OUTCOME></VARIABLE>
<DEFINITION><FOR>a</FOR><TABLE>0.3 0.7</TABLE></DEFINITION>
<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN><TABLE>0.1 0.2 0.7 0.3 0.3 0.4</TABLE></DEFINITION>
</NETWORK></BIF>
`
const NET_SEED = `net { name = "n"; node_size = (80 40); }
node a { label = "a"; states = ("t" "f"); }
node b { states = ("<5" "x" "y"); position = (1 2); }
potential (a) { data = (0.3 0.7); }
potential (b | a) { data = ((0.1 0.2 0.7) % a=t
  (0.3 0.3 0.4)); }
`
const UAI_SEED = `BAYES
3
2 3 2
3
1 0
2 0 1
3 0 1 2
2 0.3 0.7
6 0.1 0.2 0.7 0.3 0.3 0.4
12 1 0 0.5 0.5 0.25 0.75 0 1 0.125 0.875 0.5 0.5
`
const BIF_SEED = `// comment\n${writeBif(SMALL)}/* block */\n`

const readers: readonly (readonly [string, (text: string, options: ReadOptions) => E.Either<IoError, ModelSpec>, string])[] = [
  ['readBif', readBif, BIF_SEED],
  ['readJson', readJson, writeJson(SMALL)],
  ['readXmlBif', readXmlBif, XMLBIF_SEED],
  ['readHuginNet', readHuginNet, NET_SEED],
  ['readUaiNetwork', readUaiNetwork, UAI_SEED],
  ['readUaiNetwork (MARKOV)', readUaiNetwork, UAI_SEED.replace('BAYES', 'MARKOV')],
]

describe('fuzzing: every reader is total on damaged files', () => {
  for (const [name, read, seed] of readers) {
    it(`${name} reads its undamaged seed`, () => {
      const spec = read(seed, { file: 'fuzz' })
      if (E.isLeft(spec)) throw new Error(describeError(spec.left))
      expectValid(spec.right)
    })

    it(`${name}: every truncation is a typed error or a valid spec`, () => {
      for (let cut = 0; cut <= seed.length; cut++) {
        const text = seed.slice(0, cut)
        expectTotal(text, read(text, { file: 'fuzz' }))
      }
    })

    it(`${name}: random mutations are a typed error or a valid spec`, () =>
      fc.assert(
        fc.property(fc.array(arbMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const text = mutate(seed, mutations)
            expectTotal(text, read(text, { file: 'fuzz' }))
        }),
        { numRuns: 400 },
      ))
  }

  it('readBif and readJson on files written from random networks, then damaged', () =>
    fc.assert(
      fc.property(arbSpec, fc.array(arbMutation, { minLength: 1, maxLength: 3 }), (spec, mutations) => {
        const bif = mutate(writeBif(spec), mutations)
        expectTotal(bif, readBif(bif, { file: 'fuzz' }))
        const json = mutate(writeJson(spec), mutations)
        expectTotal(json, readJson(json, { file: 'fuzz' }))
      }),
      { numRuns: 300 },
    ))

  it('readUai and readUaiEvidence on damaged input give a value or a typed error', () =>
    fc.assert(
      fc.property(fc.array(arbMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutate(UAI_SEED.replace('BAYES', 'MARKOV'), mutations)
        const model = readUai(text, { file: 'fuzz' })
        if (E.isLeft(model)) expect(describeError(model.left)).toMatch(/^fuzz:\d+:\d+: /)
        else for (const f of model.right.factors) expect(f.values.length).toBe(f.scope.reduce((n, v) => n * model.right.cards[v]!, 1))
        const evidence = mutate('3 0 1 1 2 2 0', mutations)
        const read = readUaiEvidence(evidence, { file: 'fuzz' })
        if (E.isLeft(read)) expect(describeError(read.left)).toMatch(/^fuzz:\d+:\d+: /)
        else for (const [v, s] of read.right) expect(Number.isSafeInteger(v) && Number.isSafeInteger(s)).toBe(true)
      }),
      { numRuns: 400 },
    ))
})
