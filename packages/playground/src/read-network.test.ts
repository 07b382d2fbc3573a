import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { describeError } from './errors.js'
import { formatOfName, MAX_VARIABLES, openNetworkText } from './read-network.js'

const coinBif = 'network coin { }\nvariable side { type discrete [ 2 ] { heads, tails }; }\nprobability ( side ) { table 0.5, 0.5; }\n'

describe('formatOfName', () => {
  it('reads the extension, ignoring case and a trailing .gz', () => {
    expect(formatOfName('alarm.bif.gz')).toBe('bif')
    expect(formatOfName('ALARM.BIF')).toBe('bif')
    expect(formatOfName('dog.xml')).toBe('xmlbif')
    expect(formatOfName('dog.xmlbif.gz')).toBe('xmlbif')
    expect(formatOfName('model.uai')).toBe('uai')
    expect(formatOfName('hugin.net')).toBe('net')
    expect(formatOfName('saved.json')).toBe('json')
    expect(formatOfName('notes.txt')).toBeUndefined()
    expect(formatOfName('bif')).toBeUndefined()
  })
})

describe('openNetworkText', () => {
  it('opens a BIF network and names it after the file when the file has no name', () => {
    const opened = openNetworkText(coinBif, 'coin.bif')
    expect(E.isRight(opened) && opened.right.title).toBe('coin')
    expect(E.isRight(opened) && opened.right.network.domain.variables.map((v) => v.name)).toEqual(['side'])
    const unnamed = openNetworkText(coinBif.replace('network coin', 'network unknown'), 'dir/flip.bif.gz')
    expect(E.isRight(unnamed) && unnamed.right.title).toBe('flip')
  })

  it('opens every other format by its extension', () => {
    const xml = `<BIF VERSION="0.3"><NETWORK><NAME>n</NAME>
      <VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>x</OUTCOME><OUTCOME>y</OUTCOME></VARIABLE>
      <DEFINITION><FOR>a</FOR><TABLE>0.25 0.75</TABLE></DEFINITION></NETWORK></BIF>`
    const net = 'net { }\nnode a { states = ("x" "y"); }\npotential (a) { data = (0.25 0.75); }\n'
    const uai = 'BAYES\n1\n2\n1\n1 0\n2\n0.25 0.75\n'
    const json = JSON.stringify({ format: 'chainrule-network', version: 1, variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.25, 0.75] }] })
    for (const [text, file] of [[xml, 'a.xml'], [net, 'a.net'], [uai, 'a.uai'], [json, 'a.json']] as const) {
      const opened = openNetworkText(text, file)
      expect(E.isRight(opened), file).toBe(true)
      if (E.isRight(opened)) expect(Array.from(opened.right.network.cpts[0]!.values)).toEqual([0.25, 0.75])
    }
  })

  it('reports a syntax error with the file, line and column', () => {
    const broken = 'network x { }\nvariable a {\n  type discrete [ 2 ] { yes, no };\n}\nprobability ( a ) {\n  table 0.5 0.5 oops;\n}\n'
    const opened = openNetworkText(broken, 'broken.bif')
    expect(E.isLeft(opened)).toBe(true)
    if (E.isRight(opened)) return
    expect(opened.left).toMatchObject({ _tag: 'Unreadable', error: { file: 'broken.bif', line: 6 } })
    expect(describeError(opened.left)).toMatch(/^broken\.bif:6:\d+: /)
  })

  it('refuses an unknown extension', () => {
    const opened = openNetworkText(coinBif, 'coin.txt')
    expect(E.isLeft(opened) && opened.left).toMatchObject({ _tag: 'Unreadable', error: { _tag: 'UnknownFormat', file: 'coin.txt' } })
  })

  it('reports every problem of a well-formed but invalid network', () => {
    const opened = openNetworkText(coinBif.replace('0.5, 0.5', '0.7, 0.7'), 'coin.bif')
    expect(opened).toMatchObject(E.left({ _tag: 'InvalidNetwork', file: 'coin.bif', errors: [{ _tag: 'RowNotNormalized', variable: 'side' }] }))
  })

  it('rescales rows printed rounded and says which', () => {
    const opened = openNetworkText(coinBif.replace('0.5, 0.5', '0.333, 0.666'), 'coin.bif')
    expect(opened).toMatchObject(E.right({ renormalized: [{ variable: 'side', rows: 1 }] }))
    if (E.isRight(opened)) {
      const [p, q] = opened.right.network.cpts[0]!.values
      expect(Math.abs(p! + q! - 1)).toBeLessThan(1e-12)
      expect(Math.abs(q! / p! - 2)).toBeLessThan(1e-12)
    }
  })

  it(`refuses networks of more than ${MAX_VARIABLES} variables before building them`, () => {
    const n = MAX_VARIABLES + 1
    const text = Array.from({ length: n }, (_, i) => `variable v${i} { type discrete [ 2 ] { a, b }; }\nprobability ( v${i} ) { table 0.5, 0.5; }`).join('\n')
    expect(openNetworkText(text, 'big.bif')).toEqual(E.left({ _tag: 'TooManyVariables', file: 'big.bif', count: n, limit: MAX_VARIABLES }))
    const fits = Array.from({ length: MAX_VARIABLES }, (_, i) => `variable v${i} { type discrete [ 2 ] { a, b }; }\nprobability ( v${i} ) { table 0.5, 0.5; }`).join('\n')
    expect(E.isRight(openNetworkText(fits, 'fits.bif'))).toBe(true)
  })
})
