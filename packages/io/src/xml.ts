/**
 * A small, tolerant XML reader: enough of XML 1.0 for XMLBIF files without a
 * dependency. Elements, attributes (single or double quotes), text, the five
 * predefined entities and character references, CDATA sections, comments,
 * processing instructions and a DOCTYPE (with an internal subset) are read;
 * namespaces and external entities are not interpreted.
 *
 * Iterative (an explicit element stack, no recursion), so deeply nested input
 * cannot overflow the call stack. Never throws: malformed input yields the
 * first error with its location.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IoError } from './errors.js'
import { locate } from './scanner.js'

/** One element: name, attributes, child elements and its decoded text. */
export interface XmlElement {
  readonly name: string
  readonly attributes: ReadonlyMap<string, string>
  readonly children: XmlElement[]
  /** Concatenated character data directly inside this element, decoded. */
  text: string
  /** Offset of `<` of the start tag. */
  readonly at: number
  /** Offsets of the raw content (between the start tag's `>` and the end tag's `<`). */
  readonly contentStart: number
  contentEnd: number
  /** Offset just past the element (past `/>` or the end tag's `>`): `text.slice(at, end)` is the element as written. */
  end: number
}

const isNameChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x3a || c >= 128
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * Parse `text` into its root element (internal to the package: `readXmlBif` is its public face).
 * For instance `parseXml('<a x="1"><b>hi &amp; bye</b></a>', 'f.xml')` is the element `a` with the
 * attribute x = "1" and the child `b`, whose text is 'hi & bye'.
 */
export const parseXml = (text: string, file: string): E.Either<IoError, XmlElement> => {
  const end = text.length
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  const fail = (expected: string, at: number): E.Either<IoError, XmlElement> => {
    const found = at >= end ? 'end of input' : `'${text.slice(at, Math.min(end, at + 20)).split('\n')[0]}'`
    return E.left({ _tag: 'UnexpectedInput', ...locate(text, file, at), expected, found })
  }
  /** Decode entities in text[from, to); undefined if one is malformed (error offset in `badAt`). */
  let badAt = 0
  const decode = (from: number, to: number): string | undefined => {
    let amp = text.indexOf('&', from)
    if (amp < 0 || amp >= to) return text.slice(from, to)
    let out = ''
    let chunk = from
    while (amp >= 0 && amp < to) {
      const semi = text.indexOf(';', amp)
      if (semi < 0 || semi >= to || semi - amp > 12) {
        badAt = amp
        return undefined
      }
      const ref = text.slice(amp + 1, semi)
      let ch: string | undefined = ENTITIES[ref]
      if (ch === undefined && ref.startsWith('#')) {
        const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10)
        if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff && /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref))
          ch = String.fromCodePoint(code)
      }
      if (ch === undefined) {
        badAt = amp
        return undefined
      }
      out += text.slice(chunk, amp) + ch
      chunk = semi + 1
      amp = text.indexOf('&', chunk)
    }
    return out + text.slice(chunk, to)
  }
  const readName = (): string => {
    const start = pos
    while (pos < end && isNameChar(text.charCodeAt(pos))) pos++
    return text.slice(start, pos)
  }
  const skipSpace = (): void => {
    while (pos < end && isSpace(text.charCodeAt(pos))) pos++
  }

  while (pos < end) {
    const lt = text.indexOf('<', pos)
    const textEnd = lt < 0 ? end : lt
    if (textEnd > pos) {
      const top = stack[stack.length - 1]
      if (top === undefined) {
        for (let i = pos; i < textEnd; i++)
          if (!isSpace(text.charCodeAt(i))) return fail(root === undefined ? "'<' starting the root element" : 'end of input after the root element', i)
      } else {
        const chunk = decode(pos, textEnd)
        if (chunk === undefined) return fail("an entity such as '&amp;' or '&#38;'", badAt)
        top.text += chunk
      }
      pos = textEnd
      continue
    }
    // pos is at '<'
    const tagAt = pos
    if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4)
      if (close < 0) return fail("'-->' closing the comment", end)
      pos = close + 3
    } else if (text.startsWith('<?', pos)) {
      const close = text.indexOf('?>', pos + 2)
      if (close < 0) return fail("'?>' closing the processing instruction", end)
      pos = close + 2
    } else if (text.startsWith('<![CDATA[', pos)) {
      const close = text.indexOf(']]>', pos + 9)
      if (close < 0) return fail("']]>' closing the CDATA section", end)
      const top = stack[stack.length - 1]
      if (top === undefined) return fail("'<' starting an element", pos)
      top.text += text.slice(pos + 9, close)
      pos = close + 3
    } else if (text.startsWith('<!', pos)) {
      // DOCTYPE and other declarations: skip to '>' outside an internal subset [...].
      let depth = 0
      pos += 2
      while (pos < end) {
        const c = text.charCodeAt(pos)
        if (c === 0x5b) depth++
        else if (c === 0x5d) depth--
        else if (c === 0x3e && depth <= 0) break
        pos++
      }
      if (pos >= end) return fail("'>' closing the declaration", end)
      pos++
    } else if (text.charCodeAt(pos + 1) === 0x2f) {
      pos += 2
      const name = readName()
      skipSpace()
      if (text.charCodeAt(pos) !== 0x3e) return fail("'>' closing the end tag", pos)
      const top = stack.pop()
      if (top === undefined) return fail('no end tag outside the root element', tagAt)
      if (top.name !== name) return fail(`'</${top.name}>'`, tagAt)
      top.contentEnd = tagAt
      pos++
      top.end = pos
    } else {
      pos++
      const name = readName()
      if (name.length === 0) return fail('an element name', pos)
      if (root !== undefined && stack.length === 0) return fail('end of input after the root element', tagAt)
      const attributes = new Map<string, string>()
      for (;;) {
        const before = pos
        skipSpace()
        const c = text.charCodeAt(pos)
        if (c === 0x3e || c === 0x2f) break
        if (pos === before) return fail("whitespace, '>' or '/>'", pos)
        const attrAt = pos
        const attr = readName()
        if (attr.length === 0) return fail("an attribute name, '>' or '/>'", pos)
        skipSpace()
        if (text.charCodeAt(pos) !== 0x3d) return fail("'=' after the attribute name", pos)
        pos++
        skipSpace()
        const quote = text.charCodeAt(pos)
        if (quote !== 0x22 && quote !== 0x27) return fail('a quoted attribute value', pos)
        const close = text.indexOf(quote === 0x22 ? '"' : "'", pos + 1)
        if (close < 0) return fail('the closing quote of the attribute value', end)
        const value = decode(pos + 1, close)
        if (value === undefined) return fail("an entity such as '&amp;'", badAt)
        if (attributes.has(attr)) return fail(`one attribute ${attr}`, attrAt)
        attributes.set(attr, value)
        pos = close + 1
      }
      const selfClosing = text.charCodeAt(pos) === 0x2f
      if (selfClosing) pos++
      if (text.charCodeAt(pos) !== 0x3e) return fail("'>' closing the start tag", pos)
      pos++
      const element: XmlElement = { name, attributes, children: [], text: '', at: tagAt, contentStart: pos, contentEnd: pos, end: pos }
      const parent = stack[stack.length - 1]
      if (parent !== undefined) parent.children.push(element)
      else root = element
      if (!selfClosing) stack.push(element)
    }
  }
  const open = stack[stack.length - 1]
  if (open !== undefined) return fail(`'</${open.name}>'`, end)
  if (root === undefined) return fail('a root element', end)
  return E.right(root)
}
