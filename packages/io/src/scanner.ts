/**
 * A character-level scanner shared by the BIF, Hugin NET, UAI and XMLBIF
 * readers: it skips whitespace and comments, reads words, quoted strings and
 * numbers by scanning char codes (no regular expression per token), and keeps
 * the first error it meets.
 *
 * Totality: no method throws. A failed read records an {@link IoError} in
 * `failure` and returns a neutral value; every loop in a reader tests `ok`, and
 * every iteration either consumes input or fails, so a reader always stops.
 * Line and column are computed from the offset only when an error is built,
 * which keeps the hot path to one integer.
 *
 * Numbers: decimal literals with at most 15 digits and a decimal exponent
 * within 22 are built as `m / 10^k` or `m * 10^k` from exact integers, which is
 * correctly rounded (Clinger's fast path, "How to read floating point numbers
 * accurately", PLDI 1990); anything else goes through `Number()`. Either way
 * the result equals `Number(text)`, so written numbers read back bit for bit.
 */
import type { IoError, Location } from './errors.js'

/** Char classes of a format: 0 = word character, 1 = single-char token, 2 = whitespace. */
export type CharClasses = Uint8Array

const WORD = 0
const PUNCT = 1
const SPACE = 2

/** Build a class table over ASCII: `punctuation` chars are tokens of their own. */
export const charClasses = (punctuation: string): CharClasses => {
  const table = new Uint8Array(128)
  for (let c = 0; c <= 32; c++) table[c] = SPACE
  table[127] = SPACE
  for (let i = 0; i < punctuation.length; i++) table[punctuation.charCodeAt(i)] = PUNCT
  return table
}

/** How a format writes comments. */
export interface CommentSyntax {
  /** `//` line comments and `/* *\/` block comments (BIF). */
  readonly slashes: boolean
  /** `%` line comments (Hugin NET). */
  readonly percent: boolean
}

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

const QUOTE = 34
const BACKSLASH = 92

/** Line and column (1-based) of `offset` in `text`. */
export const locate = (text: string, file: string, offset: number): Location => {
  let line = 1
  let lineStart = 0
  const stop = Math.min(offset, text.length)
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { file, line, column: stop - lineStart + 1 }
}

/** A growable `Float64Array`, so that tables never pass through `number[]`. */
export class NumberBuffer {
  data = new Float64Array(64)
  length = 0
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = x
  }
  /** A copy of entries `[from, to)`. */
  slice(from: number, to: number): Float64Array {
    return this.data.slice(from, to)
  }
}

/** Scanner state over one text; see the file header for its contract. */
export class Scanner {
  pos: number
  failure: IoError | undefined = undefined

  constructor(
    readonly text: string,
    readonly file: string,
    readonly classes: CharClasses,
    readonly comments: CommentSyntax,
    start = 0,
    readonly end = text.length,
  ) {
    this.pos = start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start
  }

  get ok(): boolean {
    return this.failure === undefined
  }

  locate(offset: number): Location {
    return locate(this.text, this.file, offset)
  }

  /** Record `error` unless an earlier one is already recorded. Returns false. */
  fail(error: IoError): false {
    if (this.failure === undefined) this.failure = error
    return false
  }

  /** Record "expected X, found <token at offset>". Returns false. */
  failExpected(expected: string, offset = this.pos): false {
    return this.fail({ _tag: 'UnexpectedInput', ...this.locate(offset), expected, found: this.describeAt(offset) })
  }

  /** A short quotation of the token at `offset`, for error messages. */
  describeAt(offset: number): string {
    if (offset >= this.end) return 'end of input'
    const c = this.text.charCodeAt(offset)
    if (c < 128 && this.classes[c] !== WORD) return `'${this.text[offset]}'`
    let stop = offset
    while (stop < this.end && stop - offset < 24) {
      const d = this.text.charCodeAt(stop)
      if (d < 128 && this.classes[d] !== WORD) break
      stop++
    }
    return `'${this.text.slice(offset, stop)}'`
  }

  /** Skip whitespace and comments. An unterminated block comment fails. */
  skipTrivia(): void {
    const text = this.text
    const end = this.end
    const classes = this.classes
    let p = this.pos
    while (p < end) {
      const c = text.charCodeAt(p)
      if (c < 128 && classes[c] === SPACE) {
        p++
      } else if (c === 0x25 && this.comments.percent) {
        while (p < end && text.charCodeAt(p) !== 10) p++
      } else if (c === 0x2f && this.comments.slashes && p + 1 < end) {
        const d = text.charCodeAt(p + 1)
        if (d === 0x2f) {
          while (p < end && text.charCodeAt(p) !== 10) p++
        } else if (d === 0x2a) {
          const close = text.indexOf('*/', p + 2)
          if (close < 0 || close + 2 > end) {
            this.pos = end
            this.failExpected("'*/' closing the comment", end)
            return
          }
          p = close + 2
        } else {
          break
        }
      } else {
        break
      }
    }
    this.pos = p
  }

  /** The char code at the next token, or -1 at the end (after skipping trivia). */
  peek(): number {
    this.skipTrivia()
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1
  }

  /** Consume `code` if it is the next token. */
  tryChar(code: number): boolean {
    if (this.peek() === code) {
      this.pos++
      return true
    }
    return false
  }

  /** Consume `code` or fail with "expected `expected`". */
  expectChar(code: number, expected: string): boolean {
    return this.tryChar(code) || this.failExpected(expected)
  }

  /** The bare word at the next token without consuming it (undefined if none). */
  peekWord(): string | undefined {
    const start = this.pos
    const word = this.bareWord()
    this.pos = start
    return word
  }

  /** Consume the bare word `word` if it is next (case-sensitive). */
  tryWord(word: string): boolean {
    const start = this.pos
    if (this.bareWord() === word) return true
    this.pos = start
    return false
  }

  private bareWord(): string | undefined {
    this.skipTrivia()
    const text = this.text
    const start = this.pos
    let p = start
    while (p < this.end) {
      const c = text.charCodeAt(p)
      if (c < 128 && this.classes[c] !== WORD) break
      p++
    }
    if (p === start) return undefined
    this.pos = p
    return text.slice(start, p)
  }

  /**
   * A name: a bare word, or a double-quoted string in which a backslash takes
   * the next character literally. Fails with "expected `expected`".
   */
  readName(expected: string): string {
    this.skipTrivia()
    if (this.pos < this.end && this.text.charCodeAt(this.pos) === QUOTE) return this.quoted(expected)
    const word = this.bareWord()
    if (word === undefined) {
      this.failExpected(expected)
      return ''
    }
    return word
  }

  private quoted(expected: string): string {
    const text = this.text
    const start = this.pos
    let p = start + 1
    let out = ''
    let chunk = p
    while (p < this.end) {
      const c = text.charCodeAt(p)
      if (c === QUOTE) {
        this.pos = p + 1
        return out + text.slice(chunk, p)
      }
      if (c === BACKSLASH && p + 1 < this.end) {
        out += text.slice(chunk, p)
        chunk = p + 1
        p += 2
      } else {
        p++
      }
    }
    this.pos = this.end
    this.failExpected(`'"' closing the string opened at ${this.locate(start).line}:${this.locate(start).column} (${expected})`, this.end)
    return ''
  }

  /**
   * A decimal number (`-1`, `0.25`, `.5`, `2.5e-3`) followed by a token
   * boundary. Returns NaN and fails if there is none or it is not finite.
   */
  readNumber(expected: string): number {
    this.skipTrivia()
    const text = this.text
    const end = this.end
    const start = this.pos
    let p = start
    let negative = false
    let c = p < end ? text.charCodeAt(p) : -1
    if (c === 0x2d || c === 0x2b) {
      negative = c === 0x2d
      c = ++p < end ? text.charCodeAt(p) : -1
    }
    let mantissa = 0
    let digits = 0
    let intDigits = 0
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30)
      digits++
      intDigits++
      c = ++p < end ? text.charCodeAt(p) : -1
    }
    let fracDigits = 0
    if (c === 0x2e) {
      c = ++p < end ? text.charCodeAt(p) : -1
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30)
        digits++
        fracDigits++
        c = ++p < end ? text.charCodeAt(p) : -1
      }
    }
    if (intDigits + fracDigits === 0) {
      this.failExpected(expected, start)
      return Number.NaN
    }
    let exponent = 0
    if (c === 0x65 || c === 0x45) {
      c = ++p < end ? text.charCodeAt(p) : -1
      let expNegative = false
      if (c === 0x2d || c === 0x2b) {
        expNegative = c === 0x2d
        c = ++p < end ? text.charCodeAt(p) : -1
      }
      let expDigits = 0
      while (c >= 0x30 && c <= 0x39) {
        if (exponent < 100000) exponent = exponent * 10 + (c - 0x30)
        expDigits++
        c = ++p < end ? text.charCodeAt(p) : -1
      }
      if (expDigits === 0) {
        this.failExpected(expected, start)
        return Number.NaN
      }
      if (expNegative) exponent = -exponent
    }
    if (c >= 0 && (c >= 128 || this.classes[c] === WORD)) {
      this.failExpected(expected, start)
      return Number.NaN
    }
    this.pos = p
    const scale = exponent - fracDigits
    let value: number
    if (digits <= 15 && scale >= -22 && scale <= 22) {
      value = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!
      if (negative) value = -value
    } else {
      value = Number(text.slice(start, p))
    }
    if (!Number.isFinite(value)) {
      this.fail({ _tag: 'NonFiniteNumber', ...this.locate(start), text: text.slice(start, p) })
      return Number.NaN
    }
    return value
  }

  /** A non-negative integer that fits a safe integer; NaN and fails otherwise. */
  readCount(expected: string): number {
    this.skipTrivia()
    const start = this.pos
    const value = this.readNumber(expected)
    if (!this.ok) return Number.NaN
    if (!Number.isSafeInteger(value) || value < 0 || this.text.slice(start, this.pos).includes('.')) {
      this.failExpected(expected, start)
      return Number.NaN
    }
    return value
  }

  /** True once only trivia is left. */
  atEnd(): boolean {
    this.skipTrivia()
    return this.pos >= this.end
  }
}
