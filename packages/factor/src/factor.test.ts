import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  assignmentAt,
  fromFlat,
  fromFunction,
  fromNested,
  indexOf,
  positionOf,
  scalarFactor,
  sizeOf,
  stridesOf,
  varId,
  varIds,
  type VarId,
} from './factor.js'
import { arbitraryFactors } from './factors.fixtures.js'

const [a, b, c] = [0, 1, 2] as VarId[] as [VarId, VarId, VarId]
const tag = <T>(e: E.Either<{ _tag: string }, T>): string => (E.isLeft(e) ? e.left._tag : 'Right')

describe('layout', () => {
  it('strides are row-major with the last variable fastest', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1])
    expect(stridesOf([])).toEqual([])
    expect(sizeOf([2, 3, 4])).toBe(24)
    expect(sizeOf([])).toBe(1)
  })
  it('indexOf and assignmentAt are inverse on every entry', () =>
    fc.assert(
      fc.property(
        arbitraryFactors(1),
        ({ factors: [f] }) => {
          for (let i = 0; i < f!.values.length; i++) expect(indexOf(f!, assignmentAt(f!, i))).toBe(i)
        },
      ),
      { numRuns: 100 },
    ))
  it('positionOf finds scope positions', () => {
    const f = fromFlat([c, a], [2, 1], [1, 2])
    expect(E.isRight(f) && positionOf(f.right, a)).toBe(1)
    expect(E.isRight(f) && positionOf(f.right, b)).toBe(-1)
  })
})

describe('constructors', () => {
  it('fromFlat, fromNested and fromFunction agree', () => {
    const flat = fromFlat([a, b], [2, 3], [1, 2, 3, 4, 5, 6])
    const nested = fromNested([a, b], [
      [1, 2, 3],
      [4, 5, 6],
    ])
    const fn = fromFunction([a, b], [2, 3], ([x, y]) => x! * 3 + y! + 1)
    for (const f of [flat, nested, fn]) {
      expect(E.isRight(f)).toBe(true)
      if (E.isRight(f)) {
        expect([...f.right.values]).toEqual([1, 2, 3, 4, 5, 6])
        expect(f.right.cards).toEqual([2, 3])
        expect(f.right.strides).toEqual([3, 1])
      }
    }
  })
  it('copies its input (factors are values)', () => {
    const input = [1, 2]
    const f = fromFlat([a], [2], input)
    input[0] = 99
    expect(E.isRight(f) && f.right.values[0]).toBe(1)
  })
  it('a scalar factor has one entry and no scope', () => {
    expect(scalarFactor(3)).toMatchObject({ scope: [], cards: [], strides: [] })
    expect([...scalarFactor(3).values]).toEqual([3])
  })
  it('varId accepts non-negative integers only', () => {
    expect(tag(varId(0))).toBe('Right')
    expect(tag(varId(-1))).toBe('InvalidVarId')
    expect(tag(varId(1.5))).toBe('InvalidVarId')
    expect(tag(varIds([0, 1, NaN]))).toBe('InvalidVarId')
    expect(E.isRight(varIds([2, 0])) && varIds([2, 0])).toEqual(E.right([2, 0]))
  })
  it('rejects bad shapes and entries with typed errors', () => {
    expect(tag(fromFlat([a, b], [2, 2], [1, 2, 3]))).toBe('ShapeMismatch')
    expect(tag(fromFlat([a, b], [2], [1, 2]))).toBe('ShapeMismatch')
    expect(tag(fromFlat([a, a], [2, 2], [1, 2, 3, 4]))).toBe('DuplicateVariable')
    expect(tag(fromFlat([a], [0], []))).toBe('InvalidCardinality')
    expect(tag(fromFlat([a], [2.5], [1, 2]))).toBe('InvalidCardinality')
    expect(tag(fromFlat([-1 as VarId], [2], [1, 2]))).toBe('InvalidVarId')
    expect(tag(fromFlat([a], [2], [1, -0.5]))).toBe('InvalidEntry')
    expect(tag(fromFlat([a], [2], [1, NaN]))).toBe('InvalidEntry')
    expect(tag(fromFlat([a], [2], [1, Infinity]))).toBe('InvalidEntry')
    expect(tag(fromNested([a, b], [[1, 2], [3]]))).toBe('ShapeMismatch')
    expect(tag(fromNested([a, b], [1, 2]))).toBe('ShapeMismatch')
    expect(tag(fromNested([a], [[1], [2]]))).toBe('ShapeMismatch')
    expect(tag(fromFunction([a], [2], () => -1))).toBe('InvalidEntry')
  })
})
