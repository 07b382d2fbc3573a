import { expandTable, isCompact, networkFromSpec, noisyOr, type NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { describeError, type IoError } from './errors.js'
import { flatTable } from './test-support.js'
import { readXdsl } from './xdsl-read.js'
import { writeXdsl } from './xdsl-write.js'

const CAR = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'car-starts.xdsl'), 'utf8')

const right = <A>(r: E.Either<IoError, A>): A => {
  if (E.isLeft(r)) throw new Error(describeError(r.left))
  return r.right
}
const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

const node = (body: string): string => `<?xml version="1.0"?>\n<smile version="1.0" id="n">\n<nodes>\n${body}\n</nodes>\n</smile>\n`
const ROOT = '<cpt id="a"><state id="x" /><state id="y" /><probabilities>0.4 0.6</probabilities></cpt>'

describe('readXdsl on a GeNIe model', () => {
  const spec = right(readXdsl(CAR, { file: 'car-starts.xdsl' }))
  const byName = (name: string) => spec.variables.find((v) => v.name === name)!

  it('reads nodes, states, parents and cpt rows in the NetworkSpec layout', () => {
    expect(spec.name).toBe('CarStarts')
    expect(spec.variables.map((v) => v.name)).toEqual(['BatteryAge', 'BatteryState', 'FuelLevel', 'SparkPlugs', 'EngineCranks', 'EngineStarts', 'NeedsService'])
    expect(byName('BatteryState').states).toEqual(['Ok', 'Weak', 'Dead'])
    expect(Array.from(flatTable(byName('BatteryState').table))).toEqual([0.6, 0.3, 0.1, 0.9, 0.08, 0.02])
    expect(byName('EngineStarts').parents).toEqual(['EngineCranks', 'FuelLevel', 'SparkPlugs'])
  })

  it('reads noisy-MAX nodes with SMILE semantics: states listed from the highest, distinguished last; Díez parameters', () => {
    const starts = byName('EngineStarts').table
    expect(starts).toEqual({
      kind: 'noisyMax',
      order: [1, 0],
      parents: [
        { distinguished: 2, probabilities: [1, 0, 0.6, 0.4] },
        { distinguished: 1, probabilities: [0.99, 0.01] },
        { distinguished: 1, probabilities: [0.7, 0.3] },
      ],
      leak: [0.02, 0.98],
    })
    if (!isCompact(starts)) throw new Error('compact')
    const full = expandTable(starts, 2, [3, 2, 2])
    // Cranks slowly, fuel ok, plugs fouled (row 1*4 + 1*2 + 0): starts only if no contribution says No.
    expect(full[2 * 6 + 1]).toBeCloseTo(0.98 * 0.4 * 0.3, 15)
    // Every cause in its distinguished state: only the leak.
    expect(full[2 * 11 + 1]).toBeCloseTo(0.98, 15)
    // Strengths 2 1 0: Dead is the strongest state of BatteryState, Ok (index 0) its distinguished one.
    expect(byName('EngineCranks').table).toEqual({
      kind: 'noisyMax',
      order: [2, 1, 0],
      parents: [{ distinguished: 0, probabilities: [0.2, 0.6, 0.2, 0.9, 0.08, 0.02] }],
      leak: [0.01, 0.02, 0.97],
    })
  })

  it('reads deterministic nodes as a state per parent assignment', () => {
    expect(byName('NeedsService').table).toEqual({ kind: 'deterministic', states: [0, 1, 0, 0, 0, 0] })
  })

  it('keeps what it does not interpret: properties, the GeNIe extension block, node and state attributes, strengths', () => {
    const parts = spec.preserved!.parts
    expect(spec.preserved!.format).toBe('xdsl')
    expect(parts.find((p) => p.key === 'before-nodes')?.text).toMatch(/^<properties>[\s\S]*Author[\s\S]*<\/properties>$/)
    expect(parts.find((p) => p.key === 'after-nodes')?.text).toMatch(/^<extensions>[\s\S]*<position>220 260 300 300<\/position>[\s\S]*<\/extensions>$/)
    expect(parts.filter((p) => p.variable === 'BatteryState')).toEqual([
      { variable: 'BatteryState', key: 'attributes', text: ' diagtype="target" ranked="true"' },
      { variable: 'BatteryState', key: 'state:1', text: ' fault="true"' },
      { variable: 'BatteryState', key: 'state:2', text: ' fault="true"' },
    ])
    expect(parts.find((p) => p.variable === 'EngineStarts' && p.key === 'element')?.text).toBe(
      '<property id="comment">Does the engine start when the key is turned?</property>',
    )
    // Only rankings other than the default (other states in index order, distinguished last) are kept.
    expect(parts.find((p) => p.variable === 'EngineCranks' && p.key === 'strengths')?.text).toBe('2 1 0')
    expect(parts.find((p) => p.variable === 'EngineStarts' && p.key === 'strengths')).toBeUndefined()
  })

  it('is a valid network (rows checked by defineNetwork)', () => {
    const built = networkFromSpec(spec)
    expect(E.isRight(built)).toBe(true)
  })

  it('writes the file back: reading the written text gives the same spec, the kept parts included', () => {
    const text = right(writeXdsl(spec))
    expect(right(readXdsl(text))).toEqual(spec)
    // Byte for byte on what GeNIe cares about: the nodes and the layout block.
    expect(text).toContain('<parameters>1 0 0.6 0.4 0 1 0.99 0.01 0 1 0.7 0.3 0 1 0.02 0.98</parameters>')
    expect(text).toContain('<resultingstates>Yes No Yes Yes Yes Yes</resultingstates>')
    expect(text).toContain('<strengths>2 1 0</strengths>\n\t\t\t<parameters>0.9 0.08 0.02 0.2 0.6 0.2 0 0 1 0.01 0.02 0.97</parameters>')
    expect(text).toContain('<cpt id="BatteryState" diagtype="target" ranked="true">')
    expect(text).toContain('<genie version="1.0" app="GeNIe 4.0.1922.0 ACADEMIC" name="Car starts" faultnameformat="nodestate">')
  })
})

describe('parts chainrule does not interpret travel verbatim', () => {
  it('observation costs, in a node or beside the nodes, come back as they were written', () => {
    const inNode = '<observationcost><parents>a</parents><cost>5 12.5</cost></observationcost>'
    const beside = '<observationcost>\n\t<node id="t"><cost>3</cost></node>\n</observationcost>'
    const text = `<?xml version="1.0"?>\n<smile version="1.0" id="n" numsamples="1000">\n<nodes>\n${ROOT}\n<cpt id="t" diagtype="observation" ranked="true"><state id="pos" /><state id="neg" /><parents>a</parents><probabilities>0.9 0.1 0.2 0.8</probabilities>${inNode}</cpt>\n</nodes>\n${beside}\n</smile>\n`
    const spec = right(readXdsl(text))
    expect(spec.preserved?.parts).toEqual([
      { key: 'attributes', text: ' version="1.0" numsamples="1000"' },
      { key: 'after-nodes', text: beside },
      { variable: 't', key: 'attributes', text: ' diagtype="observation" ranked="true"' },
      { variable: 't', key: 'element', text: inNode },
    ])
    const written = right(writeXdsl(spec))
    expect(written).toContain(`<cpt id="t" diagtype="observation" ranked="true">`)
    expect(written).toContain(`\t\t\t${inNode}\n\t\t</cpt>`)
    expect(written).toContain(`\t</nodes>\n\t${beside}\n</smile>`)
    expect(right(readXdsl(written))).toEqual(spec)
  })
})

describe('writeXdsl', () => {
  const coin: NetworkSpec = {
    variables: [
      { name: 'b', states: ['no', 'yes'], parents: ['a'], table: noisyOr({ leak: 0.25, causes: [0.5] }) },
      { name: 'a', states: ['no', 'yes'], parents: [], table: [0.5, 0.5] },
    ],
  }

  it('writes parents first, and a noisy table ranked otherwise than GeNIe as the cpt it expands to', () => {
    const text = right(writeXdsl(coin))
    expect(text.indexOf('id="a"')).toBeLessThan(text.indexOf('id="b"'))
    expect(text).toContain('<cpt id="b">')
    expect(text).toContain('<probabilities>0.75 0.25 0.375 0.625</probabilities>')
    const back = right(readXdsl(text))
    expect(back.variables.map((v) => v.name)).toEqual(['a', 'b'])
    expect(back.preserved).toBeUndefined()
  })

  it('writes noisy tables in GeNIe order as noisymax, with default strengths when none were kept', () => {
    const spec: NetworkSpec = {
      variables: [
        { name: 'a', states: ['x', 'y', 'z'], parents: [], table: [0.2, 0.3, 0.5] },
        {
          name: 'b',
          states: ['on', 'off'],
          parents: ['a'],
          table: { kind: 'noisyMax', order: [1, 0], leak: [0.1, 0.9], parents: [{ distinguished: 1, probabilities: [0.5, 0.5, 0.2, 0.8] }] },
        },
      ],
    }
    const text = right(writeXdsl(spec))
    // Strengths: the other states in index order, then the distinguished one; its row is 0 1.
    expect(text).toContain('<strengths>0 2 1</strengths>')
    expect(text).toContain('<parameters>0.5 0.5 0.2 0.8 0 1 0.1 0.9</parameters>')
    expect(right(readXdsl(text)).variables[1]!.table).toEqual(spec.variables[1]!.table)
  })

  it('refuses names it cannot write and cycles, as Unwritable', () => {
    const spaced = { variables: [{ name: 'a b', states: ['x'], parents: [], table: [1] }] }
    expect(left(writeXdsl(spaced, 'o.xdsl'))).toEqual({ _tag: 'Unwritable', file: 'o.xdsl', format: 'xdsl', reason: "variable name 'a b' is empty or holds whitespace" })
    expect(left(writeXdsl({ variables: [{ name: 'a', states: ['x y'], parents: [], table: [1] }] }))._tag).toBe('Unwritable')
    const cycle = { variables: [{ name: 'a', states: ['x'], parents: ['b'], table: [1] }, { name: 'b', states: ['x'], parents: ['a'], table: [1] }] }
    expect(describeError(left(writeXdsl(cycle)))).toBe('<output>: cannot write as xdsl: the parents form a cycle')
  })

  it('escapes names for XML and reads them back', () => {
    const odd = { name: 'n&m', variables: [{ name: 'a<b', states: ['"q"', "it's"], parents: [], table: [0.5, 0.5] }] }
    expect(right(readXdsl(right(writeXdsl(odd))))).toEqual({ ...odd, variables: [{ ...odd.variables[0]!, table: Float64Array.from([0.5, 0.5]) }] })
  })
})

describe('readXdsl errors: typed, with line and column', () => {
  it('refuses influence-diagram and temporal parts, naming them', () => {
    const decision = left(readXdsl(node(`${ROOT}\n<decision id="Treat"><state id="yes" /><state id="no" /></decision>`), { file: 'd.xdsl' }))
    expect(decision).toMatchObject({ _tag: 'Unsupported', line: 5, column: 1 })
    expect(describeError(decision)).toBe('d.xdsl:5:1: unsupported: decision nodes (an influence diagram: read it with readXdslDiagram or chainrule decide): <decision id="Treat">')
    expect(describeError(left(readXdsl(node(`${ROOT}\n<utility id="U"><parents>a</parents><utilities>1 2</utilities></utility>`))))).toMatch(/utility nodes \(an influence diagram: read it with readXdslDiagram or chainrule decide\): <utility id="U">$/)
    expect(left(readXdsl(node('<mau id="M"><parents>a</parents><weights>1</weights></mau>')))).toMatchObject({ _tag: 'Unsupported', feature: expect.stringMatching(/^multi-attribute utility/) as string })
    expect(left(readXdsl(node('<equation id="e"><definition>e=1</definition></equation>')))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readXdsl(node('<cast id="c" />')))).toMatchObject({ _tag: 'Unsupported', feature: '<cast> nodes: <cast id="c">' })
    expect(left(readXdsl(node(ROOT.replace('<cpt id="a">', '<cpt id="a" dynamic="plate">'))))).toMatchObject({ _tag: 'Unsupported', line: 4 })
    const dbn = CAR.replace('\t<extensions>', '\t<dynamic numslices="5"><cpt id="BatteryAge" order="1"><parents>BatteryAge</parents><probabilities>1 0 0 1</probabilities></cpt></dynamic>\n\t<extensions>')
    expect(describeError(left(readXdsl(dbn, { file: 'car.xdsl' })))).toBe('car.xdsl:54:2: unsupported: temporal plates (<dynamic>, dynamic Bayesian networks)')
  })

  it('checks the structure and the sizes of every definition', () => {
    expect(left(readXdsl('<BIF/>'))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'a <smile> root element' })
    expect(left(readXdsl('<smile id="n"></smile>'))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'exactly one <nodes> in <smile>' })
    expect(left(readXdsl(node('<cpt><state id="x" /></cpt>')))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'an id attribute on <cpt>' })
    expect(left(readXdsl(node('<cpt id="a"><state id="x" /></cpt>')))).toMatchObject({ _tag: 'UnexpectedInput', expected: '<probabilities> in <cpt id="a">' })
    expect(left(readXdsl(node(ROOT.replace('0.4 0.6', '0.4 0.6 0.1'))))).toMatchObject({ _tag: 'TableSizeMismatch', line: 4, expected: 2, got: 3 })
    expect(left(readXdsl(node(ROOT.replace('0.4 0.6', '0.4 zero'))))).toMatchObject({ _tag: 'UnexpectedInput', line: 4, found: "'zero'" })
    const det = '<deterministic id="d"><state id="p" /><state id="q" /><parents>a</parents><resultingstates>p r</resultingstates></deterministic>'
    expect(left(readXdsl(node(`${ROOT}\n${det}`)))).toMatchObject({ _tag: 'UnknownState', line: 5, variable: 'd', state: 'r' })
    expect(left(readXdsl(node(`${ROOT}\n${det.replace('p r', 'p')}`)))).toMatchObject({ _tag: 'TableSizeMismatch', expected: 2, got: 1 })
    const nm = (strengths: string, parameters: string): string =>
      node(`${ROOT}\n<noisymax id="m"><state id="hi" /><state id="lo" /><parents>a</parents><strengths>${strengths}</strengths><parameters>${parameters}</parameters></noisymax>`)
    expect(E.isRight(readXdsl(nm('1 0', '0.3 0.7 0 1 0.1 0.9')))).toBe(true)
    expect(right(readXdsl(nm('1 0', '0.3 0.7 0 1 0.1 0.9'))).variables[1]!.table).toEqual({ kind: 'noisyMax', order: [1, 0], leak: [0.1, 0.9], parents: [{ distinguished: 0, probabilities: [0.3, 0.7] }] })
    expect(left(readXdsl(nm('1 1', '0.3 0.7 0 1 0.1 0.9')))).toMatchObject({ _tag: 'UnexpectedInput', line: 5 })
    expect(left(readXdsl(nm('1', '0.3 0.7 0 1 0.1 0.9')))).toMatchObject({ _tag: 'TableSizeMismatch', expected: 2, got: 1 })
    expect(left(readXdsl(nm('1 0', '0.3 0.7 0 1 0.1')))).toMatchObject({ _tag: 'TableSizeMismatch', expected: 6, got: 5 })
    expect(left(readXdsl(nm('1 0', '0.3 0.7 0.5 0.5 0.1 0.9')))).toMatchObject({
      _tag: 'UnexpectedInput',
      expected: '0 ... 0 1 as the row of the distinguished state of parent 1 of m',
      found: '0.5 0.5',
    })
    expect(left(readXdsl(node(`${ROOT}\n${ROOT}`)))).toMatchObject({ _tag: 'DuplicateVariable', line: 5 })
  })
})
