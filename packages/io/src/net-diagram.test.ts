import * as E from 'fp-ts/lib/Either.js'
import { isCompact, type DiagramSpec, type TableSpec } from '@chainrule/models'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeError, type IoError } from './errors.js'
import { readHuginDiagram, readHuginNet } from './net-read.js'
import { readXdsl, readXdslDiagram } from './xdsl-read.js'
import { readDiagramFile } from './diagram-file.js'
import { readDiagramText } from './diagram-text.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { arbMutation, expectLocated, mutate, type Mutation } from './fuzz.fixtures.js'

const OIL = `% Raiffa's oil wildcatter (Raiffa 1968; Shenoy 1992) as a Hugin LIMID:
% test for oil at a cost of 10, read the seismic structure, then drill or not.
net
{
    node_size = (80 40);
    name = "OilWildcatter";
}

node Oil
{
    label = "Amount of oil";
    position = (100 50);
    states = ("dry" "wet" "soaking");
}

decision Test
{
    label = "Test?";
    states = ("yes" "no");
}

node Seismic
{
    states = ("closed" "open" "diffuse" "none");
}

discrete decision Drill
{
    states = ("yes" "no");
}

utility TestCost
{
    label = "Cost of the test";
}

utility Payoff
{
}

potential (Oil) { data = ( 0.5 0.3 0.2 ); }

potential (Test) { }

potential (Seismic | Oil Test)
{
    data = ((( 0.1 0.3 0.6 0 ) ( 0 0 0 1 ))    % dry:  tested, not tested
            (( 0.3 0.4 0.3 0 ) ( 0 0 0 1 ))    % wet
            (( 0.5 0.4 0.1 0 ) ( 0 0 0 1 )));  % soaking
}

potential (Drill | Test Seismic)
{
    % an initial policy (Hugin writes one for LIMIDs): ignored by the solver
    data = ((( 0.5 0.5 ) ( 0.5 0.5 ) ( 0.5 0.5 ) ( 0.5 0.5 ))
            (( 0.5 0.5 ) ( 0.5 0.5 ) ( 0.5 0.5 ) ( 0.5 0.5 )));
}

potential (TestCost | Test) { data = ( -10 0 ); }

potential (Payoff | Drill Oil)
{
    data = (( -70 50 200 )   % drill
            (   0  0   0 )); % do not drill
}
`

/** The same diagram in GeNIe's xdsl (parents listed, the last fastest), with a layout block the diagram does not keep. */
const OIL_XDSL = `<?xml version="1.0" encoding="UTF-8"?>
<smile version="1.0" id="OilWildcatter" numsamples="10000" discsamples="10000">
  <nodes>
    <cpt id="Oil"><state id="dry" /><state id="wet" /><state id="soaking" /><probabilities>0.5 0.3 0.2</probabilities></cpt>
    <decision id="Test"><state id="yes" /><state id="no" /></decision>
    <cpt id="Seismic">
      <state id="closed" /><state id="open" /><state id="diffuse" /><state id="none" />
      <parents>Oil Test</parents>
      <probabilities>0.1 0.3 0.6 0 0 0 0 1 0.3 0.4 0.3 0 0 0 0 1 0.5 0.4 0.1 0 0 0 0 1</probabilities>
    </cpt>
    <decision id="Drill"><state id="yes" /><state id="no" /><parents>Test Seismic</parents></decision>
    <utility id="TestCost"><parents>Test</parents><utilities>-10 0</utilities></utility>
    <utility id="Payoff"><parents>Drill Oil</parents><utilities>-70 50 200 0 0 0</utilities></utility>
  </nodes>
  <extensions><genie version="1.0" name="OilWildcatter" /></extensions>
</smile>
`

/** A table the NET reader produced: always flat numbers (Hugin NET has no compact tables). */
const flat = (table: TableSpec): ArrayLike<number> => {
  if (isCompact(table)) throw new Error('a NET table read as a compact table')
  return table
}

const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

describe('readHuginDiagram', () => {
  it('reads chance, decision and utility nodes: information arcs, tables, utilities in file order', () => {
    const r = readHuginDiagram(OIL, { file: 'oil.net' })
    if (E.isLeft(r)) throw new Error(describeError(r.left))
    const spec = r.right
    expect(spec.name).toBe('OilWildcatter')
    expect(spec.variables.map((v) => [v.kind, v.name, v.states, v.parents])).toEqual([
      ['chance', 'Oil', ['dry', 'wet', 'soaking'], []],
      ['decision', 'Test', ['yes', 'no'], []],
      ['chance', 'Seismic', ['closed', 'open', 'diffuse', 'none'], ['Oil', 'Test']],
      ['decision', 'Drill', ['yes', 'no'], ['Test', 'Seismic']],
    ])
    const seismic = spec.variables[2]!
    // Row (Oil=wet, Test=yes) is row 2.
    expect(seismic.kind === 'chance' && Array.from(flat(seismic.table)).slice(8, 12)).toEqual([0.3, 0.4, 0.3, 0])
    expect(spec.utilities.map((u) => [u.name, u.parents, Array.from(u.table)])).toEqual([
      ['TestCost', ['Test'], [-10, 0]],
      ['Payoff', ['Drill', 'Oil'], [-70, 50, 200, 0, 0, 0]],
    ])
  })

  it('a plain network reads the same as with readHuginNet; readHuginNet still refuses decisions and utilities', () => {
    const plain = 'node A { states = ("a" "b"); } potential (A) { data = (0.5 0.5); }'
    const asDiagram = readHuginDiagram(plain)
    const asNetwork = readHuginNet(plain)
    expect(E.isRight(asDiagram) && E.isRight(asNetwork) && asDiagram.right.variables.map((v) => v.name)).toEqual(['A'])
    expect(left(readHuginNet(OIL))).toMatchObject({ _tag: 'Unsupported', line: 16, column: 1 })
    expect(describeError(left(readHuginNet('utility U { }')))).toContain('readHuginDiagram')
  })

  it('reports utility problems with their location', () => {
    expect(left(readHuginDiagram(OIL.replace('data = ( -10 0 )', 'data = ( -10 0 5 )'), { file: 'oil.net' }))).toMatchObject({ _tag: 'TableSizeMismatch', variable: 'TestCost', expected: 2, got: 3 })
    expect(left(readHuginDiagram(OIL.replace('potential (TestCost | Test) { data = ( -10 0 ); }', '')))).toMatchObject({ _tag: 'MissingTable', variable: 'TestCost' })
    expect(left(readHuginDiagram(OIL.replace('potential (TestCost | Test)', 'potential (TestCost | Gas)')))).toMatchObject({ _tag: 'UnknownVariable', name: 'Gas' })
    expect(left(readHuginDiagram(OIL.replace('potential (TestCost | Test)', 'potential (TestCost | Test Test)')))).toMatchObject({ _tag: 'DuplicateParent' })
    expect(left(readHuginDiagram(OIL.replace('potential (Drill | Test Seismic)', 'potential (Drill | Test Payoff)')))).toMatchObject({ _tag: 'Unsupported', feature: 'utility node Payoff as a parent' })
    expect(left(readHuginDiagram(`${OIL}\npotential (Payoff | Drill Oil) { data = ((1 2 3) (4 5 6)); }`))).toMatchObject({ _tag: 'DuplicateTable', variable: 'Payoff' })
    expect(left(readHuginDiagram(`${OIL}\npotential (Test) { }`))).toMatchObject({ _tag: 'DuplicateTable', variable: 'Test' })
    expect(left(readHuginDiagram(OIL.replace('utility Payoff', 'utility Oil')))).toMatchObject({ _tag: 'DuplicateVariable', name: 'Oil' })
    expect(left(readHuginDiagram(OIL.replace('potential (TestCost | Test) { data = ( -10 0 ); }', 'potential (TestCost | Test) { }')))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readHuginDiagram('discrete utility U { }'))).toMatchObject({ _tag: 'UnexpectedInput' })
    expect(left(readHuginDiagram('decision D { states = (); }'))).toMatchObject({ _tag: 'StateCountMismatch' })
  })
})

/** Independent check of a diagram reader's output: what the reader promises. */
const expectValidDiagram = (spec: DiagramSpec): void => {
  const cards = new Map<string, number>()
  for (const v of spec.variables) {
    expect(cards.has(v.name)).toBe(false)
    expect(v.states.length).toBeGreaterThan(0)
    expect(new Set(v.states).size).toBe(v.states.length)
    cards.set(v.name, v.states.length)
  }
  const rows = (parents: readonly string[]): number => parents.reduce((n, p) => n * cards.get(p)!, 1)
  for (const v of spec.variables) {
    expect(new Set([v.name, ...v.parents]).size).toBe(v.parents.length + 1)
    for (const p of v.parents) expect(cards.has(p)).toBe(true)
    if (v.kind === 'chance') expect(flat(v.table).length).toBe(rows(v.parents) * v.states.length)
  }
  for (const u of spec.utilities) {
    expect(cards.has(u.name)).toBe(false)
    for (const p of u.parents) expect(cards.has(p)).toBe(true)
    expect(new Set(u.parents).size).toBe(u.parents.length)
    expect(u.table.length).toBe(rows(u.parents))
    for (let k = 0; k < u.table.length; k++) expect(Number.isFinite(u.table[k]!)).toBe(true)
  }
}

const expectTotal = (text: string, result: E.Either<IoError, DiagramSpec>): void =>
  E.isRight(result) ? expectValidDiagram(result.right) : expectLocated(text, result.left)

// Mutations that reach into the grammar: NET tokens, node kinds, numbers, cuts and copies.
const TOKENS = ['{', '}', '(', ')', ';', '|', '"', '%', '=', ',', 'node', 'decision', 'utility', 'discrete', 'potential', 'data', 'states', '1e999', '-0.5', '7', 'x', '\n', ' ']
const arbNetMutation = arbMutation(TOKENS, 60)
const XDSL_TOKENS = ['<', '>', '/>', '</', '"', '=', '<parents>', '</parents>', '<utility id="U">', '</utility>', '<decision id="Test">', '<utilities>', '<state id="s" />', 'Oil', 'Test', '1e999', '-0.5', '7', '\n', ' ']
const arbXdslMutation: fc.Arbitrary<Mutation> = fc.oneof(
  arbNetMutation,
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...XDSL_TOKENS) }),
)
describe('readXdslDiagram', () => {
  it('reads the same DiagramSpec from xdsl as from Hugin NET (chance, decision and utility nodes)', () => {
    const fromXdsl = readXdslDiagram(OIL_XDSL, { file: 'oil.xdsl' })
    const fromNet = readHuginDiagram(OIL, { file: 'oil.net' })
    if (E.isLeft(fromXdsl)) throw new Error(describeError(fromXdsl.left))
    if (E.isLeft(fromNet)) throw new Error(describeError(fromNet.left))
    const plain = (spec: DiagramSpec) => ({
      name: spec.name,
      variables: spec.variables.map((v) => ({ ...v, ...(v.kind === 'chance' ? { table: Array.from(flat(v.table)) } : {}) })),
      utilities: spec.utilities.map((u) => ({ ...u, table: Array.from(u.table) })),
    })
    expect(plain(fromXdsl.right)).toEqual(plain(fromNet.right))
  })

  it('readXdsl refuses decision and utility nodes, naming the reader that takes them; a plain network reads the same either way', () => {
    expect(left(readXdsl(OIL_XDSL))).toMatchObject({ _tag: 'Unsupported', line: 5 })
    expect(describeError(left(readXdsl(OIL_XDSL)))).toContain('readXdslDiagram')
    const plain = '<smile id="n"><nodes><cpt id="a"><state id="x" /><state id="y" /><probabilities>0.25 0.75</probabilities></cpt></nodes></smile>'
    const asDiagram = readXdslDiagram(plain)
    const asNetwork = readXdsl(plain)
    expect(E.isRight(asDiagram) && E.isRight(asNetwork) && asDiagram.right.variables.map((v) => v.name)).toEqual(['a'])
    expect(E.isRight(asDiagram) && asDiagram.right.utilities).toEqual([])
  })

  it('reports utility problems with their location', () => {
    const broken = (from: string, to: string) => left(readXdslDiagram(OIL_XDSL.replace(from, to), { file: 'oil.xdsl' }))
    expect(broken('<utilities>-10 0</utilities>', '<utilities>-10 0 5</utilities>')).toMatchObject({ _tag: 'TableSizeMismatch', variable: 'TestCost', expected: 2, got: 3, line: 12 })
    expect(broken('<parents>Test</parents><utilities>', '<parents>Gas</parents><utilities>')).toMatchObject({ _tag: 'UnknownVariable', name: 'Gas' })
    expect(broken('<parents>Test</parents><utilities>-10 0', '<parents>Test Test</parents><utilities>-10 0 1 2')).toMatchObject({ _tag: 'DuplicateParent', variable: 'TestCost' })
    expect(broken('<parents>Test Seismic</parents>', '<parents>Test Payoff</parents>')).toMatchObject({ _tag: 'Unsupported', feature: 'utility node Payoff as a parent' })
    expect(broken('<parents>Drill Oil</parents>', '<parents>Drill TestCost</parents>')).toMatchObject({ _tag: 'Unsupported', feature: 'utility node TestCost as a parent' })
    expect(broken('<utility id="Payoff">', '<utility id="Oil">')).toMatchObject({ _tag: 'DuplicateVariable', name: 'Oil' })
    expect(broken('<utility id="Payoff">', '<utility id="TestCost">')).toMatchObject({ _tag: 'DuplicateVariable', name: 'TestCost' })
    expect(broken('<utilities>-10 0</utilities>', '')).toMatchObject({ _tag: 'UnexpectedInput', expected: '<utilities> in <utility id="TestCost">' })
    expect(broken('<utility id="TestCost">', '<utility id="TestCost"><state id="s" />')).toMatchObject({ _tag: 'UnexpectedInput' })
    expect(broken('<utility id="TestCost">', '<mau id="Total"><parents>TestCost Payoff</parents><weights>1 1</weights></mau><utility id="TestCost">')).toMatchObject({ _tag: 'Unsupported' })
  })
})

describe('diagram files', () => {
  it('read by extension, gzipped or not; other extensions are UnknownFormat, missing files FileUnreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-diagram-'))
    writeFileSync(join(dir, 'oil.net'), OIL)
    writeFileSync(join(dir, 'oil.net.gz'), gzipSync(OIL))
    const plain = readDiagramFile(join(dir, 'oil.net'))
    const zipped = readDiagramFile(join(dir, 'oil.net.gz'))
    expect(E.isRight(plain) && E.isRight(zipped) && zipped.right).toEqual(E.isRight(plain) && plain.right)
    expect(left(readDiagramText(OIL, 'oil.bif'))).toMatchObject({ _tag: 'UnknownFormat', supported: ['.net', '.net.gz', '.xdsl', '.xdsl.gz'] })
    writeFileSync(join(dir, 'oil.xdsl.gz'), gzipSync(OIL_XDSL))
    const xdsl = readDiagramFile(join(dir, 'oil.xdsl.gz'))
    expect(E.isRight(xdsl) && xdsl.right.utilities.map((u) => u.name)).toEqual(['TestCost', 'Payoff'])
    expect(left(readDiagramFile(join(dir, 'none.net')))).toMatchObject({ _tag: 'FileUnreadable' })
    expect(left(readDiagramText('utility', 'bad.net'))).toMatchObject({ _tag: 'UnexpectedInput', file: 'bad.net' })
  })
})

describe('fuzzing: readXdslDiagram is total on damaged files', () => {
  it('every truncation is a typed error with a location, or a valid diagram', () => {
    for (let cut = 0; cut <= OIL_XDSL.length; cut++) {
      const text = OIL_XDSL.slice(0, cut)
      expectTotal(text, readXdslDiagram(text, { file: 'fuzz' }))
    }
  })

  it('random mutations (xdsl tags and numbers among them) are a typed error with a location, or a valid diagram', () =>
    fc.assert(
      fc.property(fc.array(arbXdslMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutate(OIL_XDSL, mutations)
        expectTotal(text, readXdslDiagram(text, { file: 'fuzz' }))
      }),
      { numRuns: 1000 },
    ))
})

describe('fuzzing: readHuginDiagram is total on damaged files', () => {
  it('every truncation is a typed error with a location, or a valid diagram', () => {
    for (let cut = 0; cut <= OIL.length; cut++) {
      const text = OIL.slice(0, cut)
      expectTotal(text, readHuginDiagram(text, { file: 'fuzz' }))
    }
  })

  it('random mutations are a typed error with a location, or a valid diagram', () =>
    fc.assert(
      fc.property(fc.array(arbNetMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = mutate(OIL, mutations)
        expectTotal(text, readHuginDiagram(text, { file: 'fuzz' }))
      }),
      { numRuns: 1000 },
    ))
})
