/**
 * Damaging files for the readers' fuzz tests: random cuts, deletions,
 * insertions of grammar tokens and copies of a text's own pieces, and the
 * check that a reader's failure is a typed error pointing into the text.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { describeError, type IoError } from './errors.js'

/** One change to a text. */
export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly piece: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }

/** Random mutations; insertions draw from `tokens` (so that they reach into the grammar) or are a few random characters. */
export const arbMutation = (tokens: readonly string[], longestCopy: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 3 })) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: longestCopy }), to: fc.nat() }),
  )

/** The text after the mutations, in order (positions taken modulo the text's length). */
export const mutate = (text: string, mutations: readonly Mutation[]): string =>
  mutations.reduce((t, m) => {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1)
    switch (m.kind) {
      case 'truncate':
        return t.slice(0, at)
      case 'delete':
        return t.slice(0, at) + t.slice(at + m.length)
      case 'insert':
        return t.slice(0, at) + m.piece + t.slice(at)
      case 'duplicate': {
        const to = t.length === 0 ? 0 : m.to % (t.length + 1)
        return t.slice(0, to) + t.slice(at, at + m.length) + t.slice(to)
      }
    }
  }, text)

/** A reader's error on `text` read as file `fuzz`: a line and column inside the text, and one line that names them. */
export const expectLocated = (text: string, e: IoError): void => {
  expect('line' in e && 'column' in e).toBe(true)
  if ('line' in e) {
    const lines = text.split('\n')
    expect(e.line).toBeGreaterThanOrEqual(1)
    expect(e.line).toBeLessThanOrEqual(lines.length)
    expect(e.column).toBeGreaterThanOrEqual(1)
    expect(e.column).toBeLessThanOrEqual(lines[e.line - 1]!.length + 1)
  }
  const line = describeError(e)
  expect(line).not.toContain('undefined')
  expect(line).toMatch(/^fuzz:\d+:\d+: /)
}
