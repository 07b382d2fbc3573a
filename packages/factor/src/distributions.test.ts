import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { ROW_TOLERANCE, bernoulli, categorical, conditional, type KeyedRow } from './distributions.js'
import { domain } from './domain.js'
import { describeError } from './errors.js'
import type { VarId } from './factor.js'

const tag = <T>(e: E.Either<{ _tag: string }, T>): string => (E.isLeft(e) ? e.left._tag : 'Right')
const dom = domain([
  { name: 'Rain', states: ['no', 'yes'] },
  { name: 'Sprinkler', states: ['off', 'on'] },
  { name: 'Wet', states: ['dry', 'wet'] },
])
if (E.isLeft(dom)) throw new Error('test domain')
const d = dom.right
const [rain, sprinkler, wet] = d.ids as [VarId, VarId, VarId]
const rows = [1, 0, 0.1, 0.9, 0.2, 0.8, 0.01, 0.99]
const flat = (values: readonly number[]) => ({ kind: 'flat', values }) as const
const byRow = (rows: readonly (readonly number[])[]) => ({ kind: 'rows', rows }) as const
const keyed = (rows: readonly KeyedRow[]) => ({ kind: 'keyed', rows }) as const

describe('bernoulli and categorical', () => {
  it('build one-variable tables', () => {
    const b = bernoulli(rain, 0.25)
    expect(E.isRight(b) && [...b.right.values]).toEqual([0.75, 0.25])
    const c = categorical(wet, [0.3, 0.7])
    expect(E.isRight(c) && c.right.cards).toEqual([2])
  })
  it('reject bad probabilities', () => {
    expect(tag(bernoulli(rain, 1.5))).toBe('InvalidEntry')
    expect(tag(bernoulli(rain, NaN))).toBe('InvalidEntry')
    expect(tag(bernoulli(-1 as VarId, 0.5))).toBe('InvalidVarId')
    expect(tag(categorical(rain, [0.5, -0.1, 0.6]))).toBe('InvalidRowEntry')
    expect(tag(categorical(rain, [0.5, 0.4]))).toBe('RowNotNormalized')
    expect(tag(categorical(rain, []))).toBe('InvalidCardinality')
    expect(tag(categorical(-2 as VarId, [1]))).toBe('InvalidVarId')
  })
  it('renormalise rounded rows only on request and only near 1', () => {
    expect(tag(categorical(rain, [0.333, 0.333, 0.333]))).toBe('RowNotNormalized')
    const r = categorical(rain, [0.333, 0.333, 0.333], { renormalize: { tolerance: 0.01 } })
    expect(E.isRight(r) && [...r.right.values]).toEqual([1 / 3, 1 / 3, 1 / 3])
    expect(tag(categorical(rain, [0.5, 0.4], { renormalize: { tolerance: 0.01 } }))).toBe('RowNotNormalized')
    expect(tag(categorical(rain, [0.5, 0.4], { renormalize: { tolerance: 0.2 } }))).toBe('Right')
  })
  it('accept sums within 1e-9 and reject beyond', () => {
    expect(ROW_TOLERANCE).toBe(1e-9)
    expect(tag(categorical(rain, [0.5, 0.5 + 0.9e-9]))).toBe('Right')
    expect(tag(categorical(rain, [0.5, 0.5 + 1.1e-9]))).toBe('RowNotNormalized')
  })
})

describe('conditional', () => {
  it('lays a table out as [...parents, child], last parent fastest, from all three row forms', () => {
    const fromFlat = conditional(d, wet, [rain, sprinkler], flat(rows))
    const fromRows = conditional(d, wet, [rain, sprinkler], byRow([[1, 0], [0.1, 0.9], [0.2, 0.8], [0.01, 0.99]]))
    const fromKeyed = conditional(d, wet, [rain, sprinkler], keyed([
      { given: ['yes', 'on'], probs: [0.01, 0.99] },
      { given: ['no', 'off'], probs: [1, 0] },
      { given: ['yes', 'off'], probs: [0.2, 0.8] },
      { given: ['no', 'on'], probs: [0.1, 0.9] },
    ]))
    for (const t of [fromFlat, fromRows, fromKeyed]) {
      if (E.isLeft(t)) return expect.unreachable(describeError(t.left))
      expect(t.right.scope).toEqual([rain, sprinkler, wet])
      expect(t.right.strides).toEqual([4, 2, 1])
      expect([...t.right.values]).toEqual(rows)
    }
  })
  it('names the offending row by its parent states', () => {
    const bad = conditional(d, wet, [rain, sprinkler], flat([1, 0, 0.1, 0.9, 0.2, 0.7, 0.01, 0.99]))
    expect(tag(bad)).toBe('RowNotNormalized')
    if (E.isLeft(bad)) {
      expect(bad.left).toMatchObject({ child: 'Wet', given: 'Rain=yes, Sprinkler=off' })
      expect(describeError(bad.left)).toContain('P(Wet | Rain=yes, Sprinkler=off)')
    }
    const neg = conditional(d, wet, [rain], flat([1, 0, -0.2, 1.2]))
    expect(neg).toMatchObject({ left: { _tag: 'InvalidRowEntry', given: 'Rain=yes', state: 'dry', value: -0.2 } })
    const nan = conditional(d, wet, [rain], byRow([[1, 0], [NaN, 1]]))
    expect(nan).toMatchObject({ left: { _tag: 'InvalidRowEntry', given: 'Rain=yes' } })
    const short = conditional(d, wet, [rain], byRow([[1, 0], [1]]))
    expect(short).toMatchObject({ left: { _tag: 'RowLength', given: 'Rain=yes', expected: 2, got: 1 } })
  })
  it('rejects wrong lengths, unknown or duplicate variables, and bad keyed rows', () => {
    expect(tag(conditional(d, wet, [rain], flat([1, 0, 0, 1, 0.5])))).toBe('ShapeMismatch')
    expect(tag(conditional(d, wet, [rain], byRow([[1, 0]])))).toBe('ShapeMismatch')
    expect(tag(conditional(d, wet, [7 as VarId], flat([1, 0])))).toBe('UnknownVariable')
    expect(tag(conditional(d, wet, [wet], flat([1, 0, 0, 1])))).toBe('DuplicateVariable')
    expect(tag(conditional(d, wet, [rain, rain], flat([1, 0, 0, 1, 1, 0, 0, 1])))).toBe('DuplicateVariable')
    const k = (given: string[], probs = [0.5, 0.5]) => ({ given, probs })
    expect(tag(conditional(d, wet, [rain], keyed([k(['no']), k(['maybe'])])))).toBe('UnknownState')
    expect(tag(conditional(d, wet, [rain], keyed([k(['no']), k(['no'])])))).toBe('DuplicateRow')
    expect(conditional(d, wet, [rain], keyed([k(['no'])]))).toMatchObject({ left: { _tag: 'MissingRow', given: 'Rain=yes' } })
    expect(tag(conditional(d, wet, [rain], keyed([k(['no', 'on'])])))).toBe('ShapeMismatch')
    expect(tag(conditional(d, wet, [rain], keyed([k(['no']), k(['yes'], [1])])))).toBe('RowLength')
  })
  it('renormalises rows on request', () => {
    const t = conditional(d, wet, [rain], flat([0.333, 0.667, 0.5, 0.501]), { renormalize: { tolerance: 0.01 } })
    if (E.isLeft(t)) return expect.unreachable()
    expect(t.right.values[0]! + t.right.values[1]!).toBeCloseTo(1, 15)
    expect(t.right.values[3]).toBeCloseTo(0.501 / 1.001, 15)
  })
  it('a table without parents is a categorical with names', () => {
    const t = conditional(d, rain, [], flat([0.8, 0.2]))
    expect(E.isRight(t) && t.right.scope).toEqual([rain])
    expect(conditional(d, rain, [], flat([0.8, 0.3]))).toMatchObject({ left: { _tag: 'RowNotNormalized', given: '' } })
  })
})
