import { jointTable, networkFromSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readDne } from './dne-read.js'
import { describeError, type IoError } from './errors.js'
import { flatTable } from './test-support.js'

const CHEST = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'chest-clinic.dne'), 'utf8')

const right = <A>(r: E.Either<IoError, A>): A => {
  if (E.isLeft(r)) throw new Error(describeError(r.left))
  return r.right
}
const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

const net = (nodes: string): string => `// ~->[DNET-1]->~\nbnet T {\n${nodes}\n};\n`
const RAIN = 'node Rain { kind = NATURE; discrete = TRUE; states = (yes, no); parents = (); probs = (0.2, 0.8); };'

describe('readDne on the chest clinic as Netica writes it', () => {
  const spec = right(readDne(CHEST, { file: 'chest-clinic.dne' }))
  const byName = (name: string) => spec.variables.find((v) => v.name === name)!

  it('reads nodes, states and parents, skipping visual, user and other fields, and the title box', () => {
    expect(spec.name).toBe('ChestClinic')
    expect(spec.variables.map((v) => v.name)).toEqual(['VisitAsia', 'Tuberculosis', 'Smoking', 'Cancer', 'TbOrCa', 'XRay', 'Bronchitis', 'Dyspnea'])
    expect(byName('Dyspnea').parents).toEqual(['TbOrCa', 'Bronchitis'])
    expect(byName('XRay').states).toEqual(['abnormal', 'normal'])
  })

  it('flattens nested probs: first parent outermost, states innermost', () => {
    expect(Array.from(flatTable(byName('Dyspnea').table))).toEqual([0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.1, 0.9])
  })

  it('reads a function table as a deterministic table', () => {
    expect(byName('TbOrCa').table).toEqual({ kind: 'deterministic', states: [0, 0, 0, 1] })
  })

  it("answers the chest clinic's known prior: P(tuberculosis or cancer) = 0.064828", () => {
    const bn = E.getOrElseW(() => undefined)(networkFromSpec(spec))
    if (bn === undefined) throw new Error('invalid network')
    const joint = jointTable(bn.network)
    if (E.isLeft(joint)) throw new Error('joint')
    // Sum the joint over every assignment with TbOrCa (id 4) = true (state 0); ids are in declaration order.
    const { values, strides } = joint.right
    let p = 0
    for (let i = 0; i < values.length; i++) if (Math.floor(i / strides[4]!) % 2 === 0) p += values[i]!
    expect(p).toBeCloseTo(1 - (1 - 0.0104) * (1 - 0.055), 14)
  })
})

describe('readDne: what Netica files hold beyond discrete nature nodes', () => {
  it('names discretised continuous states by their levels, or by numstates', () => {
    const spec = right(
      readDne(net(`${RAIN}
        node Temp { kind = NATURE; discrete = FALSE; levels = (-INFINITY, 0, 10.5, INFINITY); parents = (Rain); probs = ((0.1, 0.6, 0.3), (0.3, 0.6, 0.1)); };
        node Count { numstates = 2; parents = (); probs = (0.5, 0.5); };`)),
    )
    expect(spec.variables[1]!.states).toEqual(['< 0', '0 to 10.5', '>= 10.5'])
    expect(spec.variables[2]!.states).toEqual(['state0', 'state1'])
  })

  it('refuses decision networks, disconnected and equation-only nodes, templates and @imposs, naming them', () => {
    const decision = left(readDne(net(`${RAIN}\nnode Act { kind = DECISION; discrete = TRUE; states = (go, stay); parents = (Rain); };`), { file: 'd.dne' }))
    expect(describeError(decision)).toBe('d.dne:4:6: unsupported: decision nodes (decision networks): node Act')
    expect(left(readDne(net(`${RAIN}\nnode U { kind = UTILITY; discrete = FALSE; parents = (Rain); utilities = (1, 0); };`)))).toMatchObject({
      _tag: 'Unsupported',
      feature: 'utility nodes (decision networks): node U',
    })
    expect(left(readDne(net('node D { kind = DISCONNECTED; };')))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readDne(net('node C { kind = NATURE; discrete = FALSE; parents = (); equation = "C = 3"; };')))).toMatchObject({
      feature: 'continuous nodes without levels (discretisation): node C',
    })
    expect(left(readDne(net('node C { kind = NATURE; discrete = TRUE; states = (a, b); parents = (); equation = "P (C) = 0.5"; };')))).toMatchObject({
      feature: 'nodes defined only by an equation: node C',
    })
    expect(left(readDne(net(`node K { kind = CONSTANT; discrete = FALSE; parents = (); };\n${RAIN.replace('parents = ()', 'parents = (K)')}`)))).toMatchObject({
      feature: 'constant nodes used as parents: node K',
    })
    expect(left(readDne('define node Template { kind = NATURE; };'))).toMatchObject({ _tag: 'Unsupported', feature: 'Netica node templates (define)' })
    expect(left(readDne(net('node A : Template { };')))).toMatchObject({ _tag: 'Unsupported', line: 3 })
    expect(left(readDne(net(RAIN.replace('(0.2, 0.8)', '(@imposs, @imposs)'))))).toMatchObject({ _tag: 'Unsupported', line: 3, column: 88 })
  })

  it('checks counts and names with line and column', () => {
    expect(left(readDne(net(RAIN.replace('(0.2, 0.8)', '(0.2, 0.8, 0.1)')), { file: 't.dne' }))).toMatchObject({
      _tag: 'TableSizeMismatch',
      file: 't.dne',
      line: 3,
      column: 87,
      expected: 2,
      got: 3,
    })
    const det = 'node Wet { states = (wet, dry); parents = (Rain); functable = (wet, damp); };'
    expect(left(readDne(net(`${RAIN}\n${det}`)))).toMatchObject({ _tag: 'UnknownState', line: 4, variable: 'Wet', state: 'damp' })
    expect(left(readDne(net(`${RAIN}\nnode Wet { states = (wet, dry); parents = (Snow); probs = (1, 0); };`)))).toMatchObject({ _tag: 'UnknownVariable', name: 'Snow' })
    expect(left(readDne(net('node Wet { states = (wet, dry); parents = (); };')))).toMatchObject({ _tag: 'MissingTable', variable: 'Wet' })
    expect(left(readDne(net('node W { numstates = 3; states = (a, b); parents = (); probs = (0.5, 0.5); };')))).toMatchObject({ _tag: 'StateCountMismatch', declared: 3, listed: 2 })
    expect(left(readDne('bnet T { node A { states = (a) }; };'))).toMatchObject({ _tag: 'UnexpectedInput', expected: "';'" })
    expect(left(readDne(`${net(RAIN)} extra`))).toMatchObject({ _tag: 'UnexpectedInput', expected: 'end of input after the bnet block' })
    expect(left(readDne('network T { }'))).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 1, expected: "'bnet'" })
  })
})
