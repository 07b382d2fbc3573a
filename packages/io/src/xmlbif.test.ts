import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { flatTable } from './test-support.js'
import { describeError, type IoError } from './errors.js'
import { parseXml } from './xml.js'
import { readXmlBif } from './xmlbif-read.js'

// The dog problem from the XMLBIF 0.3 specification (Cozman), trimmed to three variables.
const DOG = `<?xml version="1.0" encoding="US-ASCII"?>
<!-- a comment -->
<!DOCTYPE BIF [
  <!ELEMENT BIF ( NETWORK )*>
  <!ATTLIST BIF VERSION CDATA #REQUIRED>
]>
<BIF VERSION="0.3">
<NETWORK>
<NAME>Dog-Problem</NAME>
<VARIABLE TYPE="nature">
  <NAME>bowel-problem</NAME>
  <OUTCOME>true</OUTCOME>
  <OUTCOME>false</OUTCOME>
  <PROPERTY>position = (190, 69)</PROPERTY>
</VARIABLE>
<VARIABLE TYPE="nature">
  <NAME>family-out</NAME>
  <OUTCOME>true</OUTCOME>
  <OUTCOME>false</OUTCOME>
</VARIABLE>
<VARIABLE TYPE="nature">
  <NAME>dog-out</NAME>
  <OUTCOME>&lt;5 &amp; &#62;=7.5</OUTCOME>
  <OUTCOME><![CDATA[a<b]]></OUTCOME>
</VARIABLE>
<DEFINITION><FOR>bowel-problem</FOR><TABLE>0.01 0.99 </TABLE></DEFINITION>
<DEFINITION><FOR>family-out</FOR><TABLE>0.15 0.85</TABLE></DEFINITION>
<DEFINITION>
  <FOR>dog-out</FOR>
  <GIVEN>bowel-problem</GIVEN>
  <GIVEN>family-out</GIVEN>
  <TABLE>0.99 0.01 0.97 0.03
         0.9 0.1 0.3 0.7 </TABLE>
</DEFINITION>
</NETWORK>
</BIF>
`

const left = <A>(r: E.Either<IoError, A>): IoError => {
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

describe('readXmlBif', () => {
  it('reads the dog problem: FOR fastest, last GIVEN next (already NetworkSpec layout)', () => {
    const r = readXmlBif(DOG, { file: 'dog.xml' })
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    const spec = r.right
    expect(spec.name).toBe('Dog-Problem')
    expect(spec.variables.map((v) => v.name)).toEqual(['bowel-problem', 'family-out', 'dog-out'])
    expect(spec.variables[2]!.states).toEqual(['<5 & >=7.5', 'a<b'])
    expect(spec.variables[2]!.parents).toEqual(['bowel-problem', 'family-out'])
    // P(dog-out = true | bowel = true, family = false) = 0.97 is row 1 in the spec.
    expect(Array.from(flatTable(spec.variables[2]!.table))).toEqual([0.99, 0.01, 0.97, 0.03, 0.9, 0.1, 0.3, 0.7])
  })

  it('reports malformed XML with line and column', () => {
    const e = left(readXmlBif(DOG.replace('<FOR>dog-out</FOR>', '<FOR>dog-out</FORX>'), { file: 'dog.xml' }))
    expect(e).toMatchObject({ _tag: 'UnexpectedInput', line: 29 })
    const truncated = left(readXmlBif(DOG.slice(0, DOG.indexOf('<PROPERTY>')), { file: 'dog.xml' }))
    expect(describeError(truncated)).toMatch(/^dog\.xml:\d+:\d+: expected '<\/VARIABLE>', found end of input$/)
    expect(left(readXmlBif('<a>&bogus;</a>'))).toMatchObject({ _tag: 'UnexpectedInput', line: 1, column: 4 })
  })

  it('reports a bad number inside TABLE at its own position', () => {
    const e = left(readXmlBif(DOG.replace('0.15 0.85', '0.15 zero'), { file: 'dog.xml' }))
    expect(e).toMatchObject({ _tag: 'UnexpectedInput', line: 27, column: 46, found: "'zero'" })
  })

  it('refuses decision variables, and tables of the wrong size', () => {
    expect(left(readXmlBif(DOG.replace('<VARIABLE TYPE="nature">\n  <NAME>family', '<VARIABLE TYPE="decision">\n  <NAME>family')))).toMatchObject({
      _tag: 'Unsupported',
      line: 16,
    })
    expect(left(readXmlBif(DOG.replace('0.15 0.85', '0.15 0.35 0.5')))).toMatchObject({ _tag: 'TableSizeMismatch', expected: 2, got: 3 })
  })

  it('needs a NETWORK and exactly one FOR and TABLE per definition', () => {
    expect(left(readXmlBif('<BIF></BIF>'))).toMatchObject({ _tag: 'UnexpectedInput', expected: '<BIF> holding a <NETWORK>' })
    expect(left(readXmlBif(DOG.replace('<FOR>family-out</FOR>', '')))).toMatchObject({ _tag: 'UnexpectedInput', line: 27 })
  })
})

describe('parseXml', () => {
  it('keeps text, attributes and nesting; decodes entities and character references', () => {
    const r = parseXml(`<r a='1' b="x &quot;y&quot;"><c>&#x41;&#66;</c><d/></r>`, 'f')
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    expect([...r.right.attributes]).toEqual([['a', '1'], ['b', 'x "y"']])
    expect(r.right.children.map((c) => [c.name, c.text])).toEqual([['c', 'AB'], ['d', '']])
  })
  it('refuses text after the root, a second root, and mismatched end tags', () => {
    expect(left(parseXml('<a/>junk', 'f'))).toMatchObject({ line: 1, column: 5 })
    expect(left(parseXml('<a/><b/>', 'f'))).toMatchObject({ line: 1, column: 5 })
    expect(left(parseXml('<a></b>', 'f'))).toMatchObject({ expected: "'</a>'", column: 4 })
  })
  it('handles deep nesting without recursion', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000)
    expect(E.isRight(parseXml(deep, 'f'))).toBe(true)
  })
})
