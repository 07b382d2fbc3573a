import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { flatTable } from './test-support.js'
import { describeError, type IoError } from './errors.js'
import { readHuginNet } from './net-read.js'

const NET = `% Hugin NET, written by hand
net
{
    node_size = (80 40);
    name = "sprinkler";
    HR_Grid = (1 (2 3) "x");
}

node Rain
{
    label = "Rain";
    position = (100 50);
    states = ("yes" "no");
}

discrete node Sprinkler
{
    states = ("on" "off");
}

node Grass_wet
{
    states = ("<5" ">=7.5" "LOW_NORMAL");
}

potential (Rain) { data = ( 0.2 0.8 ); }

potential (Sprinkler | Rain)
{
    data = (( 0.01 0.99 )	%  Rain=yes
	    ( 0.4 0.6 ));	%  Rain=no
}

potential (Grass_wet | Sprinkler Rain)
{
    experience = ((1 1) (1 1));
    data = ((( 0.9 0.05 0.05 ) ( 0.8 0.1 0.1 ))
            (( 0.7 0.2 0.1 ) ( 0 0 1 )));
}
`

const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

describe('readHuginNet', () => {
  it('reads nodes, states and nested data (first parent outermost, child innermost)', () => {
    const r = readHuginNet(NET, { file: 's.net' })
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    const spec = r.right
    expect(spec.name).toBe('sprinkler')
    expect(spec.variables.map((v) => [v.name, v.states, v.parents])).toEqual([
      ['Rain', ['yes', 'no'], []],
      ['Sprinkler', ['on', 'off'], ['Rain']],
      ['Grass_wet', ['<5', '>=7.5', 'LOW_NORMAL'], ['Sprinkler', 'Rain']],
    ])
    // Row (Sprinkler=on, Rain=no) is row 1: (0.8 0.1 0.1).
    expect(Array.from(flatTable(spec.variables[2]!.table))).toEqual([0.9, 0.05, 0.05, 0.8, 0.1, 0.1, 0.7, 0.2, 0.1, 0, 0, 1])
  })

  it('reports errors with file, line and column', () => {
    const e = left(readHuginNet(NET.replace('states = ("on" "off");', 'states = ("on" "off")'), { file: 's.net' }))
    expect(describeError(e)).toBe("s.net:19:1: expected ';', found '}'")
    expect(left(readHuginNet(NET.replace('( 0.4 0.6 )', '( 0.4 0.6 0.1 )')))).toMatchObject({
      _tag: 'TableSizeMismatch',
      line: 30,
      column: 12,
      expected: 4,
      got: 5,
    })
    expect(left(readHuginNet(NET.replace('0.2 0.8 )', '0.2 0.8 ))')))).toMatchObject({ _tag: 'UnexpectedInput', line: 26, column: 38 })
  })

  it('refuses continuous and decision nodes, classes, joint potentials and potentials without data', () => {
    expect(left(readHuginNet('continuous node X { }'))).toMatchObject({ _tag: 'Unsupported', line: 1, column: 1 })
    expect(left(readHuginNet('decision D { }'))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readHuginNet('discrete decision D { }'))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readHuginNet('class C { }'))).toMatchObject({ _tag: 'Unsupported' })
    expect(left(readHuginNet('node A { states = ("a"); } node B { states = ("b"); } potential (A B) { data = (1); }'))).toMatchObject({
      _tag: 'Unsupported',
      feature: 'joint potentials over several nodes',
    })
    expect(left(readHuginNet('node A { states = ("a"); } potential (A) { }'))).toMatchObject({ _tag: 'Unsupported' })
  })
})
