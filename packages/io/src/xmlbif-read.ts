/**
 * Reader for XMLBIF 0.3 (Cozman's XML BIF, as written by JavaBayes, Weka and
 * pgmpy):
 *
 * ```xml
 * <BIF VERSION="0.3"><NETWORK><NAME>dog</NAME>
 *   <VARIABLE TYPE="nature"><NAME>light-on</NAME><OUTCOME>true</OUTCOME><OUTCOME>false</OUTCOME></VARIABLE>
 *   <DEFINITION><FOR>light-on</FOR><GIVEN>family-out</GIVEN><TABLE>0.6 0.4 0.05 0.95</TABLE></DEFINITION>
 * </NETWORK></BIF>
 * ```
 * Row order: TABLE lists, for each assignment of the GIVEN variables (the last
 * GIVEN varying fastest), the FOR variable's states: P(light-on | family-out =
 * true) = (0.6, 0.4). That is the NetworkSpec layout, so values are kept as
 * read. Element names are matched case-insensitively; PROPERTY elements and
 * unknown elements are ignored; `<PROBABILITY>` is accepted for DEFINITION
 * (XMLBIF 0.2). Names and outcomes are trimmed of surrounding whitespace.
 */
import type { NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft, type VariableDraft } from './assemble.js'
import type { IoError } from './errors.js'
import { charClasses, locate, NumberBuffer, Scanner } from './scanner.js'
import { parseXml, type XmlElement } from './xml.js'

const TABLE_CLASSES = charClasses('<>&,;')
const NO_COMMENTS = { slashes: false, percent: false }

const is = (e: XmlElement, name: string): boolean => e.name.toUpperCase() === name
const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => is(c, name))

/**
 * Read an XMLBIF text into a `NetworkSpec`, or the first error with its location.
 *
 * @example
 * ```ts
 * import { readXmlBif } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readXmlBif(`<BIF VERSION="0.3"><NETWORK><NAME>n</NAME>
 *   <VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>on</OUTCOME><OUTCOME>off</OUTCOME></VARIABLE>
 *   <DEFINITION><FOR>a</FOR><TABLE>0.3 0.7</TABLE></DEFINITION></NETWORK></BIF>`)
 * spec // => E.right({ name: 'n', variables: [{ name: 'a', states: ['on', 'off'], parents: [], table: Float64Array.of(0.3, 0.7) }] })
 * ```
 */
export const readXmlBif = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec> => {
  const file = options.file ?? '<input>'
  const parsed = parseXml(text, file)
  if (E.isLeft(parsed)) return parsed
  const where = (offset: number) => locate(text, file, offset)
  const expected = (what: string, element: XmlElement): E.Either<IoError, never> =>
    E.left({ _tag: 'UnexpectedInput', ...where(element.at), expected: what, found: `<${element.name}>` })
  const root = parsed.right
  const network = is(root, 'NETWORK') ? root : childrenNamed(root, 'NETWORK')[0]
  if (network === undefined) return expected('<BIF> holding a <NETWORK>', root)
  const single = (e: XmlElement, name: string): E.Either<IoError, string> => {
    const found = childrenNamed(e, name)
    if (found.length !== 1) return expected(`exactly one <${name}> in <${e.name}>`, found[1] ?? e)
    return E.right(found[0]!.text.trim())
  }
  const nameElements = childrenNamed(network, 'NAME')
  const name = nameElements.length > 0 ? nameElements[0]!.text.trim() : undefined
  const variables: VariableDraft[] = []
  const tables: TableDraft[] = []
  const numbers = new NumberBuffer()
  for (const element of network.children) {
    if (is(element, 'VARIABLE')) {
      const type = element.attributes.get('TYPE') ?? element.attributes.get('type') ?? 'nature'
      if (type !== 'nature')
        return E.left({ _tag: 'Unsupported', ...where(element.at), feature: `variable of type ${type} (only nature)` })
      const v = single(element, 'NAME')
      if (E.isLeft(v)) return v
      const states = childrenNamed(element, 'OUTCOME').map((o) => o.text.trim())
      variables.push({ name: v.right, states, at: element.at })
    } else if (is(element, 'DEFINITION') || is(element, 'PROBABILITY')) {
      const child = single(element, 'FOR')
      if (E.isLeft(child)) return child
      const given = childrenNamed(element, 'GIVEN')
      const tableElements = childrenNamed(element, 'TABLE')
      if (tableElements.length !== 1) return expected(`exactly one <TABLE> in <${element.name}>`, tableElements[1] ?? element)
      const table = tableElements[0]!
      // Numbers are scanned in place in the source, so positions stay exact.
      const s = new Scanner(text, file, TABLE_CLASSES, NO_COMMENTS, table.contentStart, table.contentEnd)
      const start = numbers.length
      while (s.ok && !s.atEnd()) numbers.push(s.readNumber('a number or </TABLE>'))
      if (s.failure !== undefined) return E.left(s.failure)
      const values = numbers.slice(start, numbers.length)
      tables.push({
        child: child.right,
        childAt: element.at,
        parents: given.map((g) => g.text.trim()),
        parentsAt: given.map((g) => g.at),
        build: fixedTable(values, child.right, table.at),
      })
    }
  }
  return assemble(name, variables, tables, where, options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
}
