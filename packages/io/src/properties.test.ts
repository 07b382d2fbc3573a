/**
 * Properties over random networks and random damage:
 * - round trips: random NetworkSpec -> writeBif / writeJson -> read -> the same spec, bit for bit;
 * - every pair of writable formats (BIF, JSON, xdsl, UAI): write in A, read
 *   back, write in B, read back: the same network, up to what A and B
 *   cannot carry (`survives` states it format by format);
 * - fuzzing: every reader, on mutated and truncated files of its format, returns
 *   either a typed error or a structurally valid spec, and never throws. The
 *   readers are called directly, with no try/catch: a throw fails the test.
 */
import { expandTable, isCompact, type CompactTable, type NetworkSpec, type TableSpec } from '@chainrule/models'
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
import { readDne } from './dne-read.js'
import { readNetworkText, writeNetworkText, type NetworkFormat } from './formats.js'
import { writeUai } from './uai-write.js'
import { readXdsl } from './xdsl-read.js'
import { writeXdsl } from './xdsl-write.js'
import { arbMutation, expectLocated, mutate } from './fuzz.fixtures.js'

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

/** A table as plain data: flat rows as an array, compact tables with arrays for their numbers. */
const plainTable = (t: TableSpec): unknown => {
  if (!isCompact(t)) return Array.from(t)
  if (t.kind === 'deterministic') return { kind: t.kind, states: Array.from(t.states) }
  return {
    kind: t.kind,
    ...(t.order === undefined ? {} : { order: Array.from(t.order) }),
    leak: Array.from(t.leak),
    parents: t.parents.map((p) => ({ distinguished: p.distinguished, probabilities: Array.from(p.probabilities) })),
  }
}

/** Same names, states, parents, kept parts; tables equal bit for bit (so -0 and 0 differ), compact ones as compact. */
const expectSameSpec = (got: NetworkSpec, want: NetworkSpec): void => {
  expect(got.name).toBe(want.name)
  expect(got.variables.map((v) => [v.name, v.states, v.parents])).toEqual(want.variables.map((v) => [v.name, v.states, v.parents]))
  got.variables.forEach((v, i) => {
    const w = want.variables[i]!.table
    expect(isCompact(v.table)).toBe(isCompact(w))
    if (isCompact(v.table) || isCompact(w)) return void expect(plainTable(v.table)).toEqual(plainTable(w))
    expect(v.table.length).toBe(w.length)
    for (let k = 0; k < w.length; k++) expect(Object.is(v.table[k], w[k])).toBe(true)
  })
  expect(got.preserved).toEqual(want.preserved)
}

const valueOf = <A>(r: E.Either<IoError, A>): A => {
  if (E.isLeft(r)) throw new Error(describeError(r.left))
  return r.right
}

describe('round trips on random networks', () => {
  it('writeBif then readBif gives the same spec', () =>
    fc.assert(fc.property(arbSpec, (spec) => expectSameSpec(valueOf(readBif(writeBif(spec))), spec)), { numRuns: 300 }))

  it('writeJson then readJson gives the same spec', () =>
    fc.assert(fc.property(arbSpec, (spec) => expectSameSpec(valueOf(readJson(writeJson(spec))), spec)), { numRuns: 300 }))

  it('writeXdsl then readXdsl gives the same spec (names without whitespace)', () =>
    fc.assert(fc.property(arbPairSpec, (spec) => expectSameSpec(valueOf(readXdsl(valueOf(writeXdsl(spec)))), survives(spec, 'xdsl'))), { numRuns: 300 }))

  it('BIF -> JSON -> BIF text is stable', () =>
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const bif = writeBif(spec)
        expect(writeBif(valueOf(readJson(writeJson(valueOf(readBif(bif))))))).toBe(bif)
      }),
      { numRuns: 100 },
    ))
})

// Names for every writable format: any character but whitespace (which xdsl cannot hold in its lists).
const PAIR_CHARS = NAME_CHARS.filter((c) => !/\s/.test(c))
const arbPairName = fc.string({ unit: fc.constantFrom(...PAIR_CHARS), minLength: 1, maxLength: 6 })
const arbProbability = fc.double({ min: 0, max: 1, noNaN: true })

/** A compact table for a child with `card` states and parents of `parentCards` states (numbers in [0, 1], shapes valid). */
const arbCompact = (card: number, parentCards: readonly number[]): fc.Arbitrary<CompactTable> =>
  fc.oneof(
    fc
      .record({
        genieOrder: fc.boolean(),
        order: fc.shuffledSubarray(Array.from({ length: card }, (_, s) => s), { minLength: card, maxLength: card }),
        leak: fc.array(arbProbability, { minLength: card, maxLength: card }),
        parents: fc.tuple(
          ...parentCards.map((k) =>
            fc.record({ distinguished: fc.integer({ min: 0, max: k - 1 }), probabilities: fc.array(arbProbability, { minLength: (k - 1) * card, maxLength: (k - 1) * card }) }),
          ),
        ),
      })
      .map(({ genieOrder, order, leak, parents }): CompactTable => ({
        kind: 'noisyMax',
        order: genieOrder ? Array.from({ length: card }, (_, r) => card - 1 - r) : order,
        leak,
        parents,
      })),
    fc
      .array(fc.integer({ min: 0, max: card - 1 }), { minLength: parentCards.reduce((a, k) => a * k, 1), maxLength: parentCards.reduce((a, k) => a * k, 1) })
      .map((states): CompactTable => ({ kind: 'deterministic', states })),
  )

/** A random spec for every format pair: parents among earlier variables, full or compact tables. */
const arbPairSpec: fc.Arbitrary<NetworkSpec> = fc
  .record({
    name: arbPairName,
    names: fc.uniqueArray(arbPairName, { minLength: 1, maxLength: 5 }),
    states: fc.array(fc.uniqueArray(arbPairName, { minLength: 1, maxLength: 3 }), { minLength: 5, maxLength: 5 }),
    parentPicks: fc.array(fc.uniqueArray(fc.nat(3), { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
  })
  .chain(({ name, names, states, parentPicks }) => {
    const parents = names.map((_, i) => [...new Set(parentPicks[i]!.filter((p) => p < i))])
    return fc
      .tuple(
        ...names.map((_, i) => {
          const card = states[i]!.length
          const parentCards = parents[i]!.map((p) => states[p]!.length)
          const size = parentCards.reduce((a, k) => a * k, card)
          const full = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: size, maxLength: size }).map((t): TableSpec => t)
          return parentCards.length === 0 ? full : fc.oneof(full, arbCompact(card, parentCards))
        }),
      )
      .map((tables): NetworkSpec => ({
        name,
        variables: names.map((n, i) => ({ name: n, states: states[i]!, parents: parents[i]!.map((p) => names[p]!), table: tables[i]! })),
      }))
  })

const WRITABLE_FORMATS: readonly NetworkFormat[] = ['bif', 'json', 'xdsl', 'uai']

/**
 * What of `spec` survives a trip through `format`:
 * - BIF: everything but compact tables (written as their full tables) and kept parts; an unnamed network is `unknown`;
 * - JSON: everything;
 * - xdsl: everything but noisy tables ranked otherwise than GeNIe (full tables) and parts kept from other formats; an unnamed network is `Network`;
 * - UAI: the order of variables, state counts, parents and full tables; names become x0, x1, ... and '0', '1', ...; no network name.
 */
const survives = (spec: NetworkSpec, format: NetworkFormat): NetworkSpec => {
  const cards = new Map(spec.variables.map((v) => [v.name, v.states.length]))
  const full = (v: NetworkSpec['variables'][number]): TableSpec =>
    isCompact(v.table) ? expandTable(v.table, v.states.length, v.parents.map((p) => cards.get(p)!)) : v.table
  const genie = (t: CompactTable, m: number): boolean => t.kind === 'deterministic' || (t.order ?? []).every((s, r) => s === m - 1 - r)
  const { preserved: _dropped, ...plain } = spec
  switch (format) {
    case 'json':
      return spec
    case 'bif':
      return { ...plain, name: spec.name ?? 'unknown', variables: spec.variables.map((v) => ({ ...v, table: full(v) })) }
    case 'xdsl':
      return {
        ...(spec.preserved?.format === 'xdsl' ? spec : plain),
        name: spec.name ?? 'Network',
        variables: spec.variables.map((v) => ({ ...v, table: isCompact(v.table) && genie(v.table, v.states.length) ? v.table : full(v) })),
      }
    default: {
      const index = new Map(spec.variables.map((v, i) => [v.name, i]))
      return {
        variables: spec.variables.map((v, i) => ({
          name: `x${i}`,
          states: v.states.map((_, k) => String(k)),
          parents: v.parents.map((p) => `x${index.get(p)}`),
          table: full(v),
        })),
      }
    }
  }
}

/** A spec read back must be a Bayesian network's (every writer writes one; UAI as BAYES). */
const bayesian = (spec: ModelSpec): NetworkSpec => {
  if (isMarkovSpec(spec)) throw new Error('read back as a Markov network')
  return spec
}

const through = (spec: NetworkSpec, format: NetworkFormat): NetworkSpec =>
  bayesian(valueOf(readNetworkText(valueOf(writeNetworkText(spec, format)), format)))

describe('every pair of writable formats', () => {
  for (const a of WRITABLE_FORMATS)
    for (const b of WRITABLE_FORMATS)
      it(`${a} then ${b}: the network comes back, less what the formats cannot carry`, () =>
        fc.assert(
          fc.property(arbPairSpec, (spec) => expectSameSpec(through(through(spec, a), b), survives(survives(spec, a), b))),
          { numRuns: 60 },
        ))

  it('UAI is written from the full tables, and reads back as the same numbers', () => {
    const spec: NetworkSpec = {
      variables: [
        { name: 'rain', states: ['no', 'yes'], parents: [], table: [0.8, 0.2] },
        { name: 'wet', states: ['no', 'yes'], parents: ['rain'], table: { kind: 'deterministic', states: [0, 1] } },
      ],
    }
    expect(writeUai(spec)).toBe('BAYES\n2\n2 2\n2\n1 0\n2 0 1\n\n2\n0.8 0.2\n\n4\n1 0 0 1\n')
  })
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
    const m = v.states.length
    const finite = (xs: ArrayLike<number>): void => {
      for (let k = 0; k < xs.length; k++) expect(Number.isFinite(xs[k]!)).toBe(true)
    }
    const table = v.table
    if (!isCompact(table)) {
      expect(table.length).toBe(size)
      finite(table)
    } else if (table.kind === 'deterministic') {
      expect(table.states.length).toBe(size / m)
      for (let r = 0; r < table.states.length; r++) expect(table.states[r]! >= 0 && table.states[r]! < m).toBe(true)
    } else {
      expect(table.parents.length).toBe(v.parents.length)
      expect(table.leak.length).toBe(m)
      finite(table.leak)
      table.parents.forEach((parent, j) => {
        const k = cards.get(v.parents[j]!)!
        expect(Number.isInteger(parent.distinguished) && parent.distinguished >= 0 && parent.distinguished < k).toBe(true)
        expect(parent.probabilities.length).toBe((k - 1) * m)
        finite(parent.probabilities)
      })
    }
  }
}

const TAGS: readonly IoError['_tag'][] = [
  'UnexpectedInput', 'NonFiniteNumber', 'DuplicateVariable', 'DuplicateState', 'StateCountMismatch', 'UnknownVariable',
  'UnknownState', 'DuplicateParent', 'DuplicateTable', 'MissingTable', 'TableSizeMismatch', 'DuplicateRow', 'MissingRow',
  'TableTooLarge', 'Unsupported', 'FileUnreadable', 'UnknownFormat', 'Unwritable',
]

/** A typed error that points into the text, or a valid spec. */
const expectTotal = (text: string, result: E.Either<IoError, ModelSpec>): void => {
  if (E.isRight(result)) return expectValid(result.right)
  expect(TAGS).toContain(result.left._tag)
  expectLocated(text, result.left)
}

// Tokens that make mutations reach deeper than random characters would.
const TOKENS = [
  '{', '}', '(', ')', '[', ']', ',', ';', '|', '"', '//', '/*', '*/', '%', '=', '<', '>', '</', '/>', '&', '&amp;',
  '<!--', '-->', '<![CDATA[', 'variable', 'probability', 'network', 'table', 'default', 'property', 'type discrete',
  'node', 'potential', 'data', 'states', 'BAYES', 'MARKOV', '"format"', '"variables"', '<TABLE>', '</TABLE>', '<GIVEN>',
  '1e999', '-0.5', '0.5', '1', '0', '12345678901234567890', '.', 'e', 'x', 'yes', '\n', ' ', '\\', '\\u00', 'NaN',
]

const arbTokenMutation = arbMutation(TOKENS, 40)

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
const XDSL_SEED = `<?xml version="1.0" encoding="ISO-8859-1"?>
<smile version="1.0" id="n" numsamples="1000">
<nodes>
<cpt id="a" diagtype="target"><state id="t" fault="true" /><state id="f" /><probabilities>0.3 0.7</probabilities></cpt>
<noisymax id="b"><state id="hi" /><state id="mid" /><state id="lo" /><parents>a</parents><strengths>0 1</strengths>
<parameters>0.2 0.3 0.5 0 0 1 0.1 0.1 0.8</parameters></noisymax>
<deterministic id="c"><state id="x" /><state id="y" /><parents>a b</parents><resultingstates>x y y x y x</resultingstates>
<property id="note">a &amp; b</property></deterministic>
</nodes>
<extensions><genie version="1.0" name="n"><node id="a"><name>A</name><position>1 2 3 4</position></node></genie></extensions>
</smile>
`
const DNE_SEED = `// ~->[DNET-1]->~
bnet n {
autoupdate = TRUE;
visual V1 { defdispform = BELIEFBARS; nodefont = font {shape= "Arial"; size= 9;}; };
node a { kind = NATURE; discrete = TRUE; chance = CHANCE; states = (t, f); parents = ();
	probs = (0.3, 0.7); title = "A"; visual V1 { center = (10, 20); }; };
node b { kind = NATURE; discrete = FALSE; levels = (-INFINITY, 0, INFINITY); parents = (a);
	probs = ((0.1, 0.9), (0.5, 0.5)); };
node c { kind = NATURE; chance = DETERMIN; states = (x, y); parents = (a, b);
	functable = ((x, y), (y, x)); };
node L { kind = CONSTANT; discrete = FALSE; parents = (); title = "label"; };
ElimOrder = (a, b, c);
};
`
const COMPACT_SMALL: NetworkSpec = {
  ...SMALL,
  variables: [
    SMALL.variables[0]!,
    { ...SMALL.variables[1]!, table: { kind: 'noisyMax', order: [2, 1, 0], leak: [0.1, 0.2, 0.7], parents: [{ distinguished: 0, probabilities: [0.3, 0.3, 0.4] }] } },
    { ...SMALL.variables[2]!, table: { kind: 'deterministic', states: [0, 1, 1, 0, 1, 0] } },
  ],
  preserved: { format: 'xdsl', parts: [{ key: 'after-nodes', text: '<extensions />' }, { variable: 'a', key: 'attributes', text: ' diagtype="target"' }] },
}

const readers: readonly (readonly [string, (text: string, options: ReadOptions) => E.Either<IoError, ModelSpec>, string])[] = [
  ['readBif', readBif, BIF_SEED],
  ['readJson', readJson, writeJson(SMALL)],
  ['readXmlBif', readXmlBif, XMLBIF_SEED],
  ['readHuginNet', readHuginNet, NET_SEED],
  ['readUaiNetwork', readUaiNetwork, UAI_SEED],
  ['readUaiNetwork (MARKOV)', readUaiNetwork, UAI_SEED.replace('BAYES', 'MARKOV')],
  ['readXdsl', readXdsl, XDSL_SEED],
  ['readDne', readDne, DNE_SEED],
  ['readJson (compact tables)', readJson, writeJson(COMPACT_SMALL)],
]

describe('fuzzing: every reader is total on damaged files', () => {
  for (const [name, read, seed] of readers) {
    it(`${name} reads its undamaged seed`, () => expectValid(valueOf(read(seed, { file: 'fuzz' }))))

    it(`${name}: every truncation is a typed error or a valid spec`, () => {
      for (let cut = 0; cut <= seed.length; cut++) {
        const text = seed.slice(0, cut)
        expectTotal(text, read(text, { file: 'fuzz' }))
      }
    })

    it(`${name}: random mutations are a typed error or a valid spec`, () =>
      fc.assert(
        fc.property(fc.array(arbTokenMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const text = mutate(seed, mutations)
            expectTotal(text, read(text, { file: 'fuzz' }))
        }),
        { numRuns: 400 },
      ))
  }

  it('readBif and readJson on files written from random networks, then damaged', () =>
    fc.assert(
      fc.property(arbSpec, fc.array(arbTokenMutation, { minLength: 1, maxLength: 3 }), (spec, mutations) => {
        const bif = mutate(writeBif(spec), mutations)
        expectTotal(bif, readBif(bif, { file: 'fuzz' }))
        const json = mutate(writeJson(spec), mutations)
        expectTotal(json, readJson(json, { file: 'fuzz' }))
      }),
      { numRuns: 300 },
    ))

  it('readXdsl, readJson and readUaiNetwork on files written from random networks with compact tables, then damaged', () =>
    fc.assert(
      fc.property(arbPairSpec, fc.array(arbTokenMutation, { minLength: 1, maxLength: 3 }), (spec, mutations) => {
        const xdsl = mutate(valueOf(writeXdsl(spec)), mutations)
        expectTotal(xdsl, readXdsl(xdsl, { file: 'fuzz' }))
        const json = mutate(writeJson(spec), mutations)
        expectTotal(json, readJson(json, { file: 'fuzz' }))
        const uai = mutate(writeUai(spec), mutations)
        expectTotal(uai, readUaiNetwork(uai, { file: 'fuzz' }))
      }),
      { numRuns: 300 },
    ))

  it('readUai and readUaiEvidence on damaged input give a value or a typed error', () =>
    fc.assert(
      fc.property(fc.array(arbTokenMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
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
